"""Advice that fits the business, over REST with the real servers (issue 14's behaviours)."""

from __future__ import annotations

import re

import pytest

from tests.e2e.chat import Conversation, all_text, payloads

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

ITEM_TITLE = re.compile(r"\*\*\d\. (.+?)\*\*")


def plan_titles(text: str) -> list:
    return ITEM_TITLE.findall(text)


def test_a_plumber_and_an_online_shop_with_bad_reviews_get_different_plans_that_both_answer_reviews(client):
    plumber = Conversation(client)
    plumber.say("Ich möchte einen Vertrauensplan")
    for answer in ("Ich bin Installateur", "ich fahr zu den Kunden", "wir sind zu dritt", "Telefon und beim Kunden",
                   "ein paar schlechte Google-Bewertungen"):
        plumber.say(answer)
    plumber_plan = plumber.text("nichts davon")
    shop = Conversation(client)
    shop.say("Ich möchte einen Vertrauensplan")
    for answer in ("Onlineshop für Kerzen auf Etsy", "nur online", "allein", "Etsy und Instagram", "kaum Bewertungen"):
        shop.say(answer)
    shop_plan = shop.text("nichts")
    first, second = plan_titles(plumber_plan), plan_titles(shop_plan)
    assert len(first) >= 5 and len(second) >= 5
    assert len(set(first) & set(second)) <= min(len(first), len(second)) / 2
    for plan in (plumber_plan, shop_plan):
        assert "Bitte zufriedene Kunden um eine Bewertung" in plan or "Antworte öffentlich auf Bewertungen" in plan
        assert "💡 Warum für dich: \n" not in plan and "Warum für dich: 📖" not in plan
    assert "Festpreis" in plumber_plan or "pünktlich" in plumber_plan  # written for a trade
    assert "deinem Team" not in shop_plan and "Mitarbeit" not in shop_plan  # a business of one reads no team wording


def test_an_online_course_seller_is_not_a_consultant(client):
    chat = Conversation(client, metadata={"language": "en"})
    chat.say("I'd like a trust plan")
    assert "**2/6**" in chat.text("I sell online courses")
    for answer in ("only online", "just me", "website and instagram", "people look but don't buy"):
        chat.say(answer)
    plan = chat.text("none")
    assert "Why for you" in plan and "Let buyers of courses and digital products try without risk" in plan


def test_a_cafe_whose_guests_never_return_can_say_so(client):
    chat = Conversation(client)
    chat.say("Ich möchte einen Vertrauensplan")
    for answer in ("ein kleines Café", "vor Ort", "wir sind zu viert", "im Café und auf Instagram"):
        chat.say(answer)
    reply = chat.text("die Gäste kommen einmal und nie wieder")
    assert "**6/6**" in reply
    plan = chat.text("nichts")
    assert "Kunden kommen nicht wieder" in plan
    assert "Stammgäste" in plan or "wiederzukommen" in plan or "Stammkunden" in plan


@pytest.mark.parametrize("language, question, added, joke", [
    ("de", "Ein Kunde hat sich öffentlich beschwert, weil wir zu spät kamen. Wie gehe ich damit um?", "Erledigt:",
     "Erzähl mir einen Witz"),
    ("en", "A customer complained in public that we came late. How should I deal with it?", "Done:", "Tell me a joke"),
])
def test_a_situational_question_gets_a_cited_passage_and_a_next_step_that_goes_into_the_plan(client, language, question, added, joke):
    chat = Conversation(client, metadata={"language": language})
    replies = chat.say(question)
    text = all_text(replies)
    assert "📖" in text and "👉" in text
    add = [payload for payload in payloads(replies) if payload.startswith("/add_to_plan")]
    assert len(add) == 1
    step_title = re.search(r"👉 [^*]*\*\*(.+?)\*\*", text).group(1)
    confirmation = chat.text(add[0])
    assert confirmation.startswith(added) and step_title in confirmation
    assert step_title in chat.text("/show_plan")
    assert "📖" not in chat.text(joke)  # no quote for a joke


@pytest.mark.parametrize("language, button, asked_again, seen, all_shown", [
    ("de", "/ask_guarantee", "Erzähl mir mehr über Garantien", "kennst du schon", "das Wichtigste"),
    ("en", "/ask_guarantee", "Tell me more about guarantees", "already seen", "what matters most"),
])
def test_a_lesson_asked_again_is_continued_never_repeated_word_for_word(client, language, button, asked_again, seen, all_shown):
    chat = Conversation(client, metadata={"language": language})
    lesson = chat.say(button)
    assert "📖" in all_text(lesson) and any("/add_to_plan" in payload for payload in payloads(lesson))
    replies = [all_text(lesson), all_text(chat.say(asked_again))]
    assert seen in replies[1] and replies[1] != replies[0]
    for _ in range(12):  # pressed again and again, until the topic has nothing left
        replies.append(all_text(chat.say(button)))
        if all_shown in replies[-1]:
            break
    assert all_shown in replies[-1]
    assert len(set(replies)) == len(replies), "no reply repeats another word for word"


@pytest.mark.parametrize("language, about_me, button, team, own", [
    ("de", "ich bin yogalehrerin und mache alles allein", "/ask_employees", "deinem Team", "Ein-Personen-Unternehmen"),
    ("en", "I run a bakery with 6 people", "/ask_employees", "your team", "For you:"),
])
def test_a_lessons_tip_fits_the_business_said_in_passing(client, language, about_me, button, team, own):
    chat = Conversation(client, metadata={"language": language})
    chat.say(about_me)
    lesson = chat.text(button)
    tip = lesson[lesson.index(own):]
    assert (team in tip) == (language == "en"), "a business of one is not told about its team; a bakery of six is"
    assert "{for_you}" not in lesson and "Baustelle" not in lesson and "building site" not in lesson
