"""The profile form's answers and the plan actions: understood or re-asked, plans created, stored and shown."""

from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.coaching import ActionAddToPlan, ActionCreatePlan, ActionShowPlan, ActionUpdatePlanItem, ValidateBusinessProfileForm
from bot.typed_commands import UNOFFERED_COMMAND
from tests.helpers import load_coaching, use_coaching

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
PROFILE_SLOTS = {
    "business_type": "cafe_restaurant", "reach": "in_person", "team_size": "small",
    "touchpoints": ["shop_or_premises"], "problem": "staff_behaviour", "practices": [],
}


@pytest.fixture
def coaching(tmp_path, monkeypatch):
    loaded = load_coaching(tmp_path)
    use_coaching(monkeypatch, loaded)
    return loaded


def form_tracker(slot, value, language="de", metadata=None, intent=None, **slots):
    """A tracker right after the user answered `slot` with `value` in the profile form (NLU read `intent`)."""
    return Tracker(
        sender_id="web:test-user",
        slots={"language": language, "requested_slot": slot, **slots, slot: value},
        latest_message={"text": str(value), "intent": intent or {"name": "nlu_fallback"}, "metadata": metadata or {}},
        events=[{"event": "slot", "name": slot, "value": value}],
        paused=False, followup_action=None, active_loop={"name": "business_profile_form"},
        latest_action_name="action_listen",
    )


async def validate(slot, value, metadata=None, intent=None, **slots):
    dispatcher = CollectingDispatcher()
    tracker = form_tracker(slot, value, metadata=metadata, intent=intent, **slots)
    events = await ValidateBusinessProfileForm().run(dispatcher, tracker, DOMAIN)
    values = {event["name"]: event["value"] for event in events if event["event"] == "slot"}
    return values, [message["response"] for message in dispatcher.messages]


async def test_a_lesson_question_inside_the_questions_is_answered_and_the_question_asked_again(coaching):
    values, responses = await validate("reach", "Was ist eigentlich die Vertrauenslücke?",
                                       intent={"name": "ask_trust_gap", "confidence": 0.7})
    assert responses == ["utter_lesson_trust_gap"] and values["reach"] is None


@pytest.mark.parametrize("text, intent, response", [
    ("Hilfe, was soll ich hier antworten?", "request_help", "utter_help"),
    ("Bist du ein Mensch oder ein Bot?", "bot_challenge", "utter_iamabot"),
    ("Können wir auf Englisch weitermachen", "switch_language", "utter_language_switched"),
])
async def test_a_request_inside_the_questions_is_answered_and_the_question_asked_again(coaching, text, intent, response):
    values, responses = await validate("team_size", text, intent={"name": intent, "confidence": 0.9})
    assert responses == [response] and values["team_size"] is None


async def test_a_short_answer_nlu_misreads_as_a_request_is_still_the_answer(coaching):
    values, responses = await validate("team_size", "4", intent={"name": "request_help", "confidence": 0.9})
    assert values["team_size"] == "small" and responses == []


@pytest.mark.parametrize("slot, answer, value", [
    ("business_type", "cafe_restaurant", "cafe_restaurant"),  # a button
    ("business_type", "Wir sind eine kleine Bäckerei", "cafe_restaurant"),
    ("reach", "both", "both"),
    ("team_size", "nur ich", "solo"),
    ("touchpoints", "Instagram und Telefon", ["social_media", "phone"]),
    ("practices", "none", []),
    ("problem", "Unsere Preise sind nicht klar", "price_transparency"),
])
async def test_answers_are_understood(coaching, slot, answer, value):
    values, responses = await validate(slot, answer)
    assert values[slot] == value and responses == []


@pytest.mark.parametrize("slot, answer, response", [
    ("business_type", "Quantenphysik", "utter_profile_answer_unclear"),
    ("business_type", "Café mit Onlineshop", "utter_profile_answer_ambiguous"),
    ("practices", "hmm", "utter_profile_answer_unclear"),
])
async def test_unclear_answers_are_asked_again_with_a_reason(coaching, slot, answer, response):
    values, responses = await validate(slot, answer)
    assert values[slot] is None and responses == [response]


async def test_a_command_the_coach_never_offers_is_no_answer_and_the_question_comes_again(coaching):
    values, responses = await validate("business_type", "check_in_due", metadata={UNOFFERED_COMMAND: True})
    assert values["business_type"] is None and responses == ["utter_unknown_command"]


def plan_tracker(language="de"):
    return Tracker(
        sender_id="web:test-user", slots={"language": language, **PROFILE_SLOTS},
        latest_message={"text": "", "intent": {"name": "request_plan"}}, events=[], paused=False,
        followup_action=None, active_loop={}, latest_action_name="business_profile_form",
    )


async def run(action, tracker):
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker, DOMAIN)
    return dispatcher.messages


async def test_a_plan_is_made_from_the_profile_shown_with_reasons_and_sources_and_kept(coaching):
    messages = await run(ActionCreatePlan(), plan_tracker())
    items = [m for m in messages if m["response"] == "utter_plan_item_open"]
    assert messages[0]["response"] == "utter_plan_intro" and messages[-1]["response"] == "utter_plan_options"
    assert 5 <= len(items) <= 7
    assert items[0]["position"] == 1 and "Team" in items[0]["title"]
    assert "Verhalten von Mitarbeitenden" in items[0]["why"]
    assert all(item["source"] and item["steps"].startswith("• ") for item in items)
    stored = coaching.store.current_plan("web:test-user")
    assert [item.position for item in stored.items] == [item["position"] for item in items]
    assert coaching.store.profile("web:test-user").business_type == "cafe_restaurant"


async def test_the_plan_reads_in_english(coaching):
    messages = await run(ActionCreatePlan(), plan_tracker("en"))
    first = next(m for m in messages if m["response"] == "utter_plan_item_open")
    assert "staff behaviour" in first["why"] and first["effort"] in ("quick win", "project")


async def test_show_plan_shows_progress_or_offers_to_make_one(coaching):
    assert [m["response"] for m in await run(ActionShowPlan(), plan_tracker())] == ["utter_no_plan_yet"]
    await run(ActionCreatePlan(), plan_tracker())
    coaching.store.set_item_status("web:test-user", 1, "done")
    messages = await run(ActionShowPlan(), plan_tracker())
    assert messages[0]["response"] == "utter_plan_progress" and messages[0]["done"] == 1
    assert messages[1]["response"] == "utter_plan_item_done"


async def test_a_broken_database_gives_a_friendly_answer(coaching, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(coaching, "make_plan", broken)
    assert [m["response"] for m in await run(ActionCreatePlan(), plan_tracker())] == ["utter_coaching_unavailable"]


@pytest.mark.parametrize("answer", ["stopp", "later", "Lass uns später weitermachen"])
async def test_stop_ends_the_questions_and_keeps_the_answers(coaching, answer):
    values, responses = await validate("team_size", answer, business_type="cafe_restaurant", reach="both")
    assert values == {"team_size": None, "requested_slot": None} and responses == []


async def test_an_incomplete_profile_confirms_the_pause_instead_of_planning(coaching):
    tracker = plan_tracker()
    tracker.slots["problem"] = None
    assert [m["response"] for m in await run(ActionCreatePlan(), tracker)] == ["utter_profile_paused"]
    assert coaching.store.current_plan("web:test-user") is None


async def test_unreadable_coaching_content_gives_a_friendly_answer_not_a_crash(monkeypatch):
    from bot.coaching.content import ContentError

    def broken():
        raise ContentError("data/coaching/actions/x.yml: entry 1: title.en: Field required")

    use_coaching(monkeypatch, broken)
    values, responses = await validate("business_type", "Café")
    assert values == {"requested_slot": None} and responses == ["utter_coaching_unavailable"]
    assert [m["response"] for m in await run(ActionShowPlan(), plan_tracker())] == ["utter_coaching_unavailable"]


def update_tracker(text, entities=()):
    tracker = plan_tracker()
    tracker.latest_message = {"text": text, "intent": {"name": "update_plan_item"}, "entities": list(entities)}
    return tracker


@pytest.mark.parametrize("text, entities, status", [
    ('/update_plan_item{"item_number": "2", "item_status": "done"}',
     [{"entity": "item_number", "value": "2"}, {"entity": "item_status", "value": "done"}], "done"),
    ("Punkt 2 erledigt", [], "done"),
    ("skip 2", [], "skipped"),
])
async def test_plan_items_are_ticked_by_button_or_in_words(coaching, text, entities, status):
    await run(ActionCreatePlan(), plan_tracker())
    messages = await run(ActionUpdatePlanItem(), update_tracker(text, entities))
    assert messages[0]["response"] == "utter_plan_item_updated" and messages[0]["position"] == 2
    assert coaching.store.current_plan("web:test-user").items[1].status == status
    assert messages[1]["response"] == "utter_plan_progress"


async def test_unclear_ticks_say_how_to_do_it(coaching):
    await run(ActionCreatePlan(), plan_tracker())
    for text in ("Punkt 42 erledigt", "erledigt", "Punkt 2"):
        messages = await run(ActionUpdatePlanItem(), update_tracker(text))
        assert [m["response"] for m in messages] == ["utter_plan_item_unclear"], text


@pytest.mark.parametrize("text", ["i run a small bakery, 3 ppl", "ich hab ne kleine bäckerei mit 3 leuten"])
async def test_a_message_telling_about_the_business_is_not_taken_for_a_plan_step(coaching, text):
    messages = await run(ActionUpdatePlanItem(), update_tracker(text))  # no plan yet
    assert [m["response"] for m in messages] == ["utter_profile_facts_noted"]
    await run(ActionCreatePlan(), plan_tracker())
    messages = await run(ActionUpdatePlanItem(), update_tracker(text))
    assert [m["response"] for m in messages] == ["utter_profile_facts_noted"]


async def test_the_last_tick_celebrates_and_suggests_the_next_round(coaching):
    await run(ActionCreatePlan(), plan_tracker())
    total = len(coaching.store.current_plan("web:test-user").items)
    for number in range(1, total + 1):
        messages = await run(ActionUpdatePlanItem(), update_tracker(f"{number} erledigt"))
    assert messages[-1]["response"] == "utter_plan_finished" and messages[-1]["done"] == total


async def test_an_earlier_none_answer_stays_valid_when_the_form_checks_it_again(coaching):
    values, responses = await validate("practices", [])
    assert values["practices"] == [] and responses == []


def add_tracker(action_id, language="de"):
    payload = f'/add_to_plan{{"catalog_action": "{action_id}"}}'
    return Tracker(
        sender_id="web:test-user", slots={"language": language},
        latest_message={"text": payload, "intent": {"name": "add_to_plan", "confidence": 1.0},
                        "entities": [{"entity": "catalog_action", "value": action_id}]},
        events=[], paused=False, followup_action=None, active_loop={}, latest_action_name="action_listen",
    )


async def add(action_id, language="de"):
    dispatcher = CollectingDispatcher()
    await ActionAddToPlan().run(dispatcher, add_tracker(action_id, language), DOMAIN)
    return dispatcher.messages


async def test_a_next_step_added_from_an_answer_starts_a_plan_or_joins_it_once_with_a_reason(coaching):
    first = await add("reply-to-reviews-in-public")
    assert first[0]["response"] == "utter_plan_step_added" and (first[0]["position"], first[0]["total"]) == (1, 1)
    assert first[0]["title"] == "Antworte öffentlich auf Bewertungen"
    again = await add("reply-to-reviews-in-public", language="en")
    assert again[0]["response"] == "utter_plan_step_already_in" and again[0]["title"] == "Reply to reviews in public"
    second = await add("offer-a-money-back-guarantee")
    assert (second[0]["position"], second[0]["total"]) == (2, 2)
    plan = coaching.store.current_plan("web:test-user")
    entries = coaching.plan_entries(plan, "de")
    assert [entry.position for entry in entries] == [1, 2]
    assert all(entry.why and all(reason.strip() for reason in entry.why) for entry in entries)
    assert "selbst in deinen Plan genommen" in entries[0].why[0]


async def test_a_step_that_left_the_catalog_is_explained_not_added(coaching):
    messages = await add("no-such-step")
    assert [message["response"] for message in messages] == ["utter_plan_step_unknown"]
    assert coaching.store.current_plan("web:test-user") is None


async def test_a_step_added_from_an_answer_stays_when_the_plan_is_made_afterwards(coaching):
    await add("answer-reviews-on-the-product-page")
    profile_slots = {**PROFILE_SLOTS}
    dispatcher = CollectingDispatcher()
    tracker = Tracker(
        sender_id="web:test-user", slots={"language": "de", **profile_slots},
        latest_message={"text": "", "intent": {"name": "request_plan", "confidence": 1.0}},
        events=[], paused=False, followup_action=None, active_loop={}, latest_action_name="action_listen",
    )
    await ActionCreatePlan().run(dispatcher, tracker, DOMAIN)
    plan = coaching.store.current_plan("web:test-user")
    assert len(plan.items) > 1 and plan.items[-1].action_id == "answer-reviews-on-the-product-page"
