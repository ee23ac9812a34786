"""The self-check in the chat: ratings understood or asked again, statements asked in order, results with chart and change."""

import base64
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.self_check as self_check_actions
from actions.self_check import DONT_KNOW, STATEMENT_SLOTS, ActionShowSelfCheckResult, ValidateSelfCheckForm
from tests.helpers import load_coaching, use_coaching

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


@pytest.fixture
def coaching(tmp_path, monkeypatch):
    loaded = load_coaching(tmp_path)
    use_coaching(monkeypatch, loaded)
    return loaded


def tracker(slots=None, language="de", latest="", requested=None, intent=None):
    return Tracker(
        sender_id="web:checker", slots={"language": language, "requested_slot": requested, **(slots or {})},
        latest_message={"text": latest, "intent": intent or {"name": "nlu_fallback"}},
        events=[{"event": "slot", "name": requested, "value": latest}] if requested else [],
        paused=False, followup_action=None, active_loop={"name": "self_check_form"} if requested else {},
        latest_action_name="action_listen",
    )


async def test_a_lesson_question_inside_the_self_check_is_answered_and_the_statement_asked_again(coaching):
    dispatcher = CollectingDispatcher()
    question = "What are the four traits again?"
    events = await ValidateSelfCheckForm().run(dispatcher, tracker(
        {"check_2": question}, latest=question, requested="check_2", intent={"name": "ask_four_traits", "confidence": 0.6}), DOMAIN)
    assert [m["response"] for m in dispatcher.messages] == ["utter_lesson_four_traits"]
    assert next(e for e in events if e.get("name") == "check_2")["value"] is None


async def test_a_rating_is_kept_and_an_unclear_one_asked_again(coaching):
    dispatcher = CollectingDispatcher()
    events = await ValidateSelfCheckForm().run(dispatcher, tracker({"check_1": "4"}, latest="4", requested="check_1"), DOMAIN)
    assert {"name": "check_1", "value": "4"}.items() <= next(e for e in events if e.get("name") == "check_1").items()
    dispatcher = CollectingDispatcher()
    events = await ValidateSelfCheckForm().run(dispatcher, tracker({"check_1": "super"}, latest="super", requested="check_1"), DOMAIN)
    assert next(e for e in events if e.get("name") == "check_1")["value"] is None
    assert [m["response"] for m in dispatcher.messages] == ["utter_self_check_rating_unclear"]


@pytest.mark.parametrize("text, kept", [("trifft voll zu", "5"), ("eher nicht", "2"), ("weiß nicht", DONT_KNOW), ("not really", "2")])
async def test_ratings_in_words_and_dont_know_are_kept(coaching, text, kept):
    dispatcher = CollectingDispatcher()
    events = await ValidateSelfCheckForm().run(dispatcher, tracker({"check_1": text}, latest=text, requested="check_1"), DOMAIN)
    assert next(e for e in events if e.get("name") == "check_1")["value"] == kept
    assert dispatcher.messages == []


async def test_each_statement_is_asked_with_its_number_in_the_users_language(coaching):
    dispatcher = CollectingDispatcher()
    await self_check_actions.ActionAskCheck1().run(dispatcher, tracker(language="en"), DOMAIN)
    intro, statement = dispatcher.messages
    assert intro["response"] == "utter_self_check_intro" and statement["number"] == 1 and statement["total"] == 12
    assert statement["statement"] == coaching.self_check.statements[0].text("en")
    dispatcher = CollectingDispatcher()
    await self_check_actions.ActionAskCheck12().run(dispatcher, tracker(), DOMAIN)
    assert [m["response"] for m in dispatcher.messages] == ["utter_self_check_statement"]


async def run_result(coaching, ratings, language="de"):
    dispatcher = CollectingDispatcher()
    slots = dict(zip(STATEMENT_SLOTS, ratings))
    events = await ActionShowSelfCheckResult().run(dispatcher, tracker(slots, language), DOMAIN)
    return {m["response"]: m for m in dispatcher.messages}, events


async def test_the_result_names_the_weakest_trait_with_its_source_and_sends_the_chart(coaching):
    ratings = ["4"] * 12
    empathy = [i for i, s in enumerate(coaching.self_check.statements) if s.dimension == "empathy"]
    for index in empathy:
        ratings[index] = "1"
    messages, events = await run_result(coaching, ratings)
    assert "Empathie: 1,0 ●○○○○" in messages["utter_self_check_scores"]["scores"]
    weakest = messages["utter_self_check_weakest"]
    assert weakest["dimension"] == "Empathie" and "Aniko Milz" in weakest["source"] and weakest["quote"]
    image = messages["utter_self_check_chart"]["image"]
    assert base64.b64decode(image.split(",", 1)[1]).startswith(b"\x89PNG")
    assert "utter_self_check_change" not in messages  # the first self-check
    assert all(event["value"] is None for event in events)  # ready for the next time
    assert coaching.store.self_checks("web:checker")[0].result.weakest == "empathy"


async def test_taking_it_again_shows_the_change(coaching):
    await run_result(coaching, ["2"] * 12)
    messages, _ = await run_result(coaching, ["4"] * 12, language="en")
    assert "Competence +2.0" in messages["utter_self_check_change"]["changes"]


async def test_a_paused_self_check_is_not_scored(coaching):
    messages, _ = await run_result(coaching, ["4"] * 5 + [None] * 7)
    assert list(messages) == ["utter_self_check_paused"]
    assert coaching.store.self_checks("web:checker") == []


async def test_an_english_reader_gets_the_weakest_traits_quote_in_english_marked_as_translated(coaching):
    ratings = ["4"] * 12
    for index, statement in enumerate(coaching.self_check.statements):
        if statement.dimension == "empathy":
            ratings[index] = "1"
    messages, _ = await run_result(coaching, ratings, language="en")
    weakest = messages["utter_self_check_weakest_translated"]
    assert "empathy" in weakest["quote"].lower() and " die " not in f" {weakest['quote']} "
    assert "utter_self_check_weakest" not in messages
