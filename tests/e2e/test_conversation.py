"""Whole conversations over HTTP with the real Rasa server and action server on free loopback ports."""

from __future__ import annotations

import base64
import sqlite3

import pytest

from tests.e2e.chat import Conversation, payload_buttons, payloads

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]


def test_german_coaching_conversation(client):
    chat = Conversation(client)
    greeting = chat.say("Hallo!")
    assert "Trust Coach" in greeting[0].text and "Datenschutz" in greeting[0].text
    assert [b.payload for b in greeting[0].buttons][:2] == ["/ask_trust_gap", "/ask_guarantee"]

    lesson = chat.text("Was genau ist eigentlich dieser Trust Gap?")
    assert "Vertrauenslücke" in lesson and "📖 Quelle" in lesson and "Botsman" in lesson

    pressed = chat.text("/ask_trust_signals")  # a button press
    assert "Vertrauenssignale" in pressed and "Aniko Milz" in pressed

    assert "Gern geschehen" in chat.text("Super, vielen Dank!")
    assert "Ja, ich bin ein Bot" in chat.text("Bist du eigentlich ein Mensch?")


def test_english_coaching_conversation(client):
    chat = Conversation(client, metadata={"language": "en-US"})
    assert "I'm the Trust Coach" in chat.text("Hi")
    lesson = chat.text("Should I offer a money-back guarantee for my online course?")
    assert "guarantee" in lesson.lower() and "📖 Source" in lesson and "(German article" in lesson
    assert "not a person" in chat.text("am I talking to a real human?")
    assert "What I store" in chat.text("what do you store about me?")
    assert "All the best" in chat.text("bye")


def test_switching_language_both_ways(client):
    chat = Conversation(client)
    assert "Hallo, ich bin" in chat.text("Hallo")
    assert "in English" in chat.text("English please")
    assert "Source" in chat.text("/ask_employees")
    assert "auf Deutsch" in chat.text("/lang de")
    assert "Quelle" in chat.text("/ask_meeting_again")
    assert "kennst du schon" in chat.text("/ask_employees")  # taught before the switch, continued in German


LOYALTY = "„Kundenbindung durch Vertrauen“"


def sources(replies) -> list:
    """The 📖 lines of the quoted passages: article title (and, for English readers, its translation) and author."""
    return [line for reply in replies for line in (reply.text or "").splitlines() if line.startswith("📖")]


def quotes(replies) -> list:
    return [line for reply in replies for line in (reply.text or "").splitlines() if line.startswith(("„", "“"))]


@pytest.mark.parametrize("question, article_title, author", [
    ("Ich verkaufe Heizungen. Soll ich im Beratungsgespräch offen sagen, wo die Schwächen meines Produkts liegen?",
     "Kundenbindung durch Vertrauen", "Sprenger"),
    ("Warum kaufen Kunden heute bei fünf verschiedenen Anbietern, statt einem treu zu bleiben?",
     "Kundenbindung durch Vertrauen", "Sprenger"),
])
def test_free_german_questions_are_answered_with_cited_quotes(client, question, article_title, author):
    chat = Conversation(client)
    replies = chat.say(question)
    assert "Dazu steht in meinen Artikeln" in replies[0].text
    cited = sources(replies)
    assert 1 <= len(cited) <= 3
    assert article_title in cited[0] and author in cited[0]
    assert {"/more_from_article", "/another_angle"} <= set(payloads(replies))

    more = chat.say("/more_from_article")
    assert "Mehr aus demselben Artikel" in more[0].text
    assert all(article_title in line for line in sources(more))
    assert quotes(more) and not set(quotes(more)) & set(quotes(replies))  # new passages, not the same again

    other = chat.say("Was sagt ein anderer Artikel dazu?")
    other_text = "\n".join(reply.text or "" for reply in other)
    assert "Ein anderer Artikel" in other_text or "Meine anderen Artikel" in other_text
    assert not any(article_title in line for line in sources(other))


@pytest.mark.parametrize("question, article_title, translated_title", [
    ("Does it make sense for a car dealer to highlight the flaws of the cars he sells?",
     "Kundenbindung durch Vertrauen", "Customer loyalty through trust"),
    ("Why do customers nowadays buy from five different suppliers instead of staying loyal to one?",
     "Kundenbindung durch Vertrauen", "Customer loyalty through trust"),
])
def test_free_english_questions_are_quoted_in_english_with_the_german_original_one_tap_away(
    client, question, article_title, translated_title
):
    chat = Conversation(client, metadata={"language": "en"})
    replies = chat.say(question)
    assert "my articles say" in replies[0].text
    cited = sources(replies)
    assert any(article_title in line and translated_title in line and "translated from the German original" in line
               for line in cited)
    english = quotes(replies)
    assert english and not any(word in " ".join(english) for word in (" und ", " der ", " die "))
    assert {"/more_from_article", "/another_angle", "/show_original"} <= set(payloads(replies))
    original = chat.say("/show_original")
    assert "German original" in original[0].text
    german = " ".join(quotes(original))
    assert " und " in german or " die " in german or " der " in german
    assert "More from the same article" in chat.text("tell me more")


@pytest.mark.parametrize("question, language", [
    ("Wie hoch ist die Umsatzsteuer auf Kaffee zum Mitnehmen?", "de"),
    ("Which accounting software should my bakery use for payroll?", "en"),
])
def test_questions_no_article_covers_get_no_invented_answer(client, question, language):
    chat = Conversation(client, metadata={"language": language})
    replies = chat.say(question)
    assert not sources(replies)
    assert replies[0].buttons  # suggestions to go on with


def test_follow_ups_before_any_question_ask_for_one(client):
    chat = Conversation(client)
    assert "Stell mir zuerst eine Frage" in chat.text("/another_angle")


def test_german_profile_gives_a_plan_that_fits_and_is_kept(client):
    chat = Conversation(client)
    first = chat.say("Erstell mir bitte einen Plan für mein Geschäft")
    assert "sechs kurze Fragen" in first[0].text and "**1/6**" in first[-1].text and "cafe_restaurant" in payloads(first)
    again = chat.text("Quantenphysik")  # not an answer: the question again, without the introduction
    assert "**1/6**" in again and "sechs kurze Fragen" not in again
    assert "**2/6**" in chat.text("cafe_restaurant")  # a button
    assert "**3/6**" in chat.text("vor Ort")
    assert "**4/6**" in chat.text("wir sind 5 Leute")
    assert "**5/6**" in chat.text("der Laden und Instagram")
    assert "**6/6**" in chat.text("Meine Mitarbeiter sind manchmal unfreundlich")
    replies = chat.say("nichts davon")
    plan = "\n".join(reply.text or "" for reply in replies)
    assert "Vertrauensplan" in plan and "1. " in plan and "Warum für dich" in plan
    assert "Verhalten von Mitarbeitenden" in plan and "📖" in plan
    shown = chat.text("zeig meinen Plan")
    assert "0 von" in shown and "1. " in shown

    done_button = next(b.payload for b in payload_buttons(replies) if b.title == "✅ Erledigt")
    assert done_button == '/update_plan_item{"item_number": "1", "item_status": "done"}'
    assert "Schritt 1" in chat.text(done_button) and "erledigt" in chat.text("/show_plan")
    ticked = chat.text("Punkt 2 überspringen")
    assert "Schritt 2" in ticked and "1 von" in ticked and "1 übersprungen" in ticked


def test_english_profile_can_be_paused_and_resumed(client):
    chat = Conversation(client, metadata={"language": "en"})
    assert "**1/6**" in chat.text("make me an action plan please")
    assert "**2/6**" in chat.text("I sell online courses as a coach")
    assert "Paused" in chat.text("stop")
    assert "trust gap" in chat.text("what is the trust gap?").lower()  # the coach is free for other things
    resumed = chat.text("continue my plan")
    assert "**2/6**" in resumed  # the first answer was kept
    chat.say("online")
    chat.say("just me")
    chat.say("website and email")
    chat.say("new customers hesitate")
    plan = chat.text("none")
    assert "trust plan" in plan and "Why for you" in plan and "new customers hesitate" in plan
    assert "German article" in plan


def test_self_check_gives_scores_the_weakest_trait_a_chart_and_later_the_change(client):
    chat = Conversation(client)
    first = chat.say("Ich möchte den Selbstcheck machen")
    assert "**1/12**" in "\n".join(reply.text or "" for reply in first)
    assert [b.payload for b in first[-1].buttons] == ["1", "2", "3", "4", "5"]
    assert "Zahl von 1" in chat.text("super")  # not a rating: asked again
    replies = None
    for number in range(1, 13):
        replies = chat.say("2" if number in (5, 6) else "4")  # statements 5 and 6 are about empathy
    text = "\n".join(reply.text or "" for reply in replies)
    assert "Empathie: 2,0" in text and "Am meisten Potenzial: **Empathie**" in text and "📖" in text
    chart = next(reply.image for reply in replies if reply.image)
    assert base64.b64decode(chart.split(",", 1)[1]).startswith(b"\x89PNG")

    chat.say("Selbstcheck")
    for _ in range(12):
        replies = chat.say("5")
    assert "Seit deinem letzten Selbstcheck" in "\n".join(reply.text or "" for reply in replies)


@pytest.mark.parametrize(
    "bad_input, expected",
    [
        ("", "leer"),
        ("   \n  ", "leer"),
        ("Vertrauen ist gut. " * 1100, "sehr lange Nachricht"),  # about 20,000 characters
        ("👍👍🙂", "Emojis"),
        ("ab\x01\x02\x03cd", "nicht verstanden"),
        ("<script>alert(1)</script>", None),
        ("Bonjour, comment puis-je gagner la confiance de mes clients ?", "nur Deutsch und Englisch"),
        ("Merhaba, müşterilerimin güvenini nasıl kazanırım?", "nur Deutsch und Englisch"),
    ],
)
def test_bad_input_gets_a_polite_answer_and_the_conversation_goes_on(client, bad_input, expected):
    chat = Conversation(client)
    chat.say("Hallo")
    answer = chat.text(bad_input)
    assert answer.strip()
    if expected:
        assert expected in answer
    assert "<script>" not in answer
    assert "Vertrauenslücke" in chat.text("Was ist der Trust Gap?")


def test_conversation_continues_after_a_restart(coach, client):
    chat = Conversation(client)
    chat.say("Hello, can we talk in English please?")
    assert "Source" in chat.text("/ask_guarantee")
    chat.say("/request_plan")
    for answer in ("online_shop", "online", "solo", "website", "returns_complaints"):
        chat.say(answer)  # button presses
    plan_before = chat.text("none")

    coach.stop()
    coach.start(timeout=600)

    plan_after = chat.text("/show_plan")
    assert "0 of" in plan_after
    first_title = plan_before.split("**1. ")[1].split("**")[0]
    assert f"**1. {first_title}**" in plan_after

    # No language hint in a button press: only the stored conversation knows it is English.
    assert "(German article" in chat.text("/ask_trust_gap")
    with sqlite3.connect(coach.settings.tracker_db) as db:
        stored = db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (chat.sender,)).fetchone()[0]
    assert stored > 10
