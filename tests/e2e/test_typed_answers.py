"""Typed answers understood the first time, over REST with the real servers (issue 13's behaviours)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.e2e.chat import Conversation, all_text, payloads

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

GERMAN_MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
                 "November", "Dezember"]


def test_german_buttons_never_switch_the_language(client):
    chat = Conversation(client)
    assert "**1/6**" in all_text(chat.say("Ich möchte einen Vertrauensplan"))
    for pressed in ("retail_store", "both", "small", "website", "price_transparency"):
        reply = chat.text(pressed)
        assert "Step" not in reply and "What" not in reply, (pressed, reply)
    plan = chat.text("customer_survey")
    assert "Vertrauensplan" in plan and "Warum für dich" in plan
    assert "Gern geschehen" in chat.text("danke")


def test_a_profile_given_entirely_in_own_words(client):
    chat = Conversation(client, metadata={"language": "en"})
    chat.say("I'd like a trust plan")
    assert "**2/6**" in chat.text("plumbing and heating")
    assert "**3/6**" in chat.text("I go out to my customers, never online")
    assert "**4/6**" in chat.text("three of us")
    assert "**5/6**" in chat.text("mostly phone calls and at the customer's home")
    assert "**6/6**" in chat.text("people asking for refunds")
    plan = chat.text("nothing really")
    assert "trust plan" in plan and "Why for you" in plan


def test_a_german_profile_given_entirely_in_own_words(client):
    chat = Conversation(client)
    chat.say("Ich möchte einen Vertrauensplan")
    assert "**2/6**" in chat.text("Sanitär und Heizung")
    assert "**3/6**" in chat.text("ich fahr zu den Kunden raus")
    assert "**4/6**" in chat.text("ich und meine Frau")
    assert "**5/6**" in chat.text("meistens übers Telefon und bei den Leuten zuhause")
    assert "**6/6**" in chat.text("Kunden zögern, uns zum ersten Mal zu beauftragen")
    plan = chat.text("eigentlich nichts davon")
    assert "Vertrauensplan" in plan and "Warum für dich" in plan


def test_facts_in_the_plan_request_are_taken_and_confirmed(client):
    chat = Conversation(client)
    first = chat.say("Ich brauche einen Vertrauensplan für meinen Installateurbetrieb, wir sind zu dritt")
    text = all_text(first)
    assert "Handwerk" in text and "2 bis 10 Personen" in text and "Stimmt das?" in text
    assert "correct" in payloads(first)
    after = chat.text("ja, stimmt")
    assert "**2/6**" in after and "**1/6**" not in after and "**3/6**" not in chat.text("vor Ort")


def test_a_correction_replaces_a_taken_fact(client):
    chat = Conversation(client)
    chat.say("Ich hab ein kleines Café in Leipzig und hätte gern einen Plan")
    assert "**2/6**" in chat.text("nein, wir sind ein Blumenladen")  # the correction stands, question 2 follows
    chat = Conversation(client)
    chat.say("Ich hab ein kleines Café in Leipzig und hätte gern einen Plan")
    assert "**1/6**" in chat.text("nein")  # not right: the question is asked after all


def test_a_typed_self_check_with_dont_know(client):
    chat = Conversation(client)
    chat.say("Selbstcheck starten")
    answers = ["trifft voll zu", "eher ja", "teils, teils", "fünf", "weiß nicht", "eher nicht",
               "4", "absolut", "drei", "selten", "meistens", "zwei"]
    for answer in answers[:-1]:
        reply = chat.text(answer)
        assert "Daraus konnte ich keine Bewertung lesen" not in reply, (answer, reply)
    result = chat.text(answers[-1])
    assert "Dein Ergebnis" in result or "Ergebnis" in result
    assert "1 Aussage(n)" in result and "weiß nicht" in result


def test_in_two_weeks_names_the_right_date(client):
    chat = Conversation(client)
    for pressed in ("/request_plan", "cafe_restaurant", "in_person", "small", "shop_or_premises", "staff_behaviour"):
        chat.say(pressed)
    chat.say("none")
    due = date.today() + timedelta(days=14)
    reply = chat.text("Frag mich in zwei Wochen nochmal nach")
    assert f"{due.day}. {GERMAN_MONTHS[due.month - 1]} {due.year}" in reply
    asked = chat.text("Erinnere mich irgendwann mal")
    assert "Wann soll ich nachfragen?" in asked or f"{due.day}." not in asked



def test_a_question_inside_the_questions_is_answered_and_the_question_comes_again(client):
    chat = Conversation(client)
    chat.say("/request_plan")
    assert "**2/6**" in chat.text("Handwerk")
    answered = chat.text("was ist die Vertrauenslücke?")
    assert "📖" in answered and "**2/6**" in answered
    helped = chat.text("Hilfe, was soll ich hier antworten?")
    assert "**2/6**" in helped and "📖" not in helped
    assert "**3/6**" in chat.text("vor Ort")
    chat = Conversation(client)
    chat.say("Selbstcheck starten")
    answered = chat.text("Was waren nochmal die vier Eigenschaften?")  # no rating of 4
    assert "1/12" in answered and "📖" in answered
    assert "2/12" in chat.text("4")


def test_a_greeting_with_a_question_answers_the_question(client):
    chat = Conversation(client)
    replies = chat.say("Hallo, ich hab ein kleines Café. Wie bekomme ich mehr Stammgäste?")
    text = all_text(replies)
    assert "Datenschutz" not in text  # not the whole welcome
    assert "📖" in text  # the question answered, with its source
    assert "Datenschutz" in chat.text("Hallo!")  # a bare greeting still gets the welcome
    chat = Conversation(client, metadata={"language": "en"})
    text = all_text(chat.say("Hi there, I run a small bakery. How can I get customers to come back?"))
    assert "A word on privacy" not in text and "📖" in text and "translated from the German original" in text
