"""Export, check-ins, changing an answer, /mydata, /forget and link codes, as the action server runs them."""

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.check_ins import ActionCancelCheckIn, ActionCheckIn, ActionScheduleCheckIn, ActionSessionStart
from actions.coaching import ActionChangeProfile
from actions.plan_export import ActionExportPlan
from actions.privacy import ActionExportUserData, ActionForgetUser, ActionLinkChannel
from bot.clock import ManualClock
from bot.coaching.profile import BusinessProfile
from bot.store.coaching_store import CoachingStore
from tests.helpers import load_coaching, use_coaching

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
USER = "web:" + "c" * 32
PROFILE = BusinessProfile("consultant_coach", "online", "solo", "new_customers_hesitate", ("website",), ("reviews",))


@pytest.fixture
def clock():
    return ManualClock(datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc))


@pytest.fixture
def coaching(tmp_path, monkeypatch, clock):
    loaded = load_coaching(tmp_path)
    loaded.store = CoachingStore(loaded.store.engine, clock)
    use_coaching(monkeypatch, loaded)
    return loaded


@pytest.fixture
def with_plan(coaching):
    coaching.make_plan(USER, PROFILE)
    return coaching


def tracker(text="", entities=(), language="de", sender=USER, slots=None, events=()):
    return Tracker(
        sender_id=sender, slots={"language": language, **(slots or {})},
        latest_message={"text": text, "intent": {}, "entities": list(entities)}, events=list(events),
        paused=False, followup_action=None, active_loop={}, latest_action_name="action_listen",
    )


async def run(action, tracked):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracked, DOMAIN)
    return dispatcher.messages, events


def responses(messages):
    return [message.get("response") for message in messages if message.get("response")]


# --- export ------------------------------------------------------------------------------
async def test_the_plan_is_exported_as_pdf_and_markdown_documents_with_links(with_plan):
    messages, _ = await run(ActionExportPlan(), tracker())
    documents = [message["custom"]["document"] for message in messages if message.get("custom")]
    assert [document["media_type"].split(";")[0] for document in documents] == ["application/pdf", "text/markdown"]
    text = messages[0]  # the links first, then the documents for channels that send files
    assert text["response"] == "utter_plan_exported" and text["pdf_url"] == documents[0]["url"]
    token = documents[0]["url"].split("/downloads/")[1].split("/")[0]
    assert with_plan.store.download(token).content.startswith(b"%PDF")


async def test_exporting_without_a_plan_offers_to_make_one(coaching):
    messages, _ = await run(ActionExportPlan(), tracker())
    assert responses(messages) == ["utter_no_plan_yet"]


# --- check-ins ---------------------------------------------------------------------------
@pytest.mark.parametrize("text, entities, days", [
    ("", [{"entity": "check_in_days", "value": "7"}], 7),
    ("Frag in 3 Tagen nach", [], 3),
    ("remind me in 2 weeks", [], 14),
    ("Frag mich in zwei Wochen nochmal", [], 14),
    ("check in with me in a fortnight", [], 14),
])
async def test_a_check_in_is_scheduled_when_asked(with_plan, clock, text, entities, days):
    messages, _ = await run(ActionScheduleCheckIn(), tracker(text, entities))
    assert responses(messages) == ["utter_check_in_scheduled"]
    due = clock.now() + timedelta(days=days)
    assert with_plan.store.pending_check_in(USER).date() == due.date()
    assert messages[0]["date"].endswith(f"{due.day}. {GERMAN_MONTHS[due.month - 1]} {due.year}")


GERMAN_MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
                 "November", "Dezember"]


async def test_without_a_date_the_coach_asks_instead_of_assuming_one(with_plan):
    messages, _ = await run(ActionScheduleCheckIn(), tracker("Erinnere mich an meinen Plan"))
    assert responses(messages) == ["utter_check_in_when"]
    assert with_plan.store.pending_check_in(USER) is None


async def test_no_check_in_without_a_plan_and_cancelling_works(coaching, with_plan):
    messages, _ = await run(ActionScheduleCheckIn(), tracker(sender="web:no-plan"))
    assert responses(messages) == ["utter_no_plan_yet"]
    await run(ActionScheduleCheckIn(), tracker("in einer Woche"))
    assert responses((await run(ActionCancelCheckIn(), tracker()))[0]) == ["utter_check_in_cancelled"]
    assert responses((await run(ActionCancelCheckIn(), tracker()))[0]) == ["utter_no_check_in"]


async def test_a_due_check_in_is_shown_once_at_the_next_visit(with_plan, clock):
    await run(ActionScheduleCheckIn(), tracker("in einer Woche"))
    with_plan.store.set_item_status(USER, 1, "done")
    visit = tracker(slots={"business_type": "consultant_coach"})
    messages, events = await run(ActionSessionStart(), visit)
    assert responses(messages) == [] and events[0]["event"] == "session_started"
    assert {"event": "slot", "name": "business_type", "value": "consultant_coach"} in [
        {key: event[key] for key in ("event", "name", "value")} for event in events if event["event"] == "slot"
    ]
    clock.advance(days=7)
    messages, events = await run(ActionSessionStart(), visit)
    assert responses(messages) == ["utter_check_in", "utter_check_in_next_step", "utter_check_in_options"]
    assert messages[0]["done"] == 1 and messages[1]["position"] == 2
    assert (events[-1]["event"], events[-1]["name"]) == ("action", "action_listen")
    assert responses((await run(ActionSessionStart(), visit))[0]) == []  # only once


async def test_the_triggered_check_in_shows_progress(with_plan):
    messages, _ = await run(ActionCheckIn(), tracker(language="en"))
    assert responses(messages)[0] == "utter_check_in" and messages[0]["total"] >= 5


# --- changing one answer -------------------------------------------------------------------
async def test_changing_an_answer_lists_the_answers_then_asks_only_the_chosen_one(with_plan):
    messages, events = await run(ActionChangeProfile(), tracker("Angaben ändern"))
    assert responses(messages) == ["utter_choose_profile_answer"]
    assert "Teamgröße: allein" in messages[0]["answers"] and "Bewertungen" in messages[0]["answers"]
    _, events = await run(ActionChangeProfile(), tracker(entities=[{"entity": "profile_question", "value": "team_size"}]))
    slots = {event["name"]: event["value"] for event in events if event["event"] == "slot"}
    assert slots["team_size"] is None and slots["business_type"] == "consultant_coach"
    assert events[-1] == {"event": "followup", "name": "business_profile_form", "timestamp": None}


async def test_changing_answers_without_a_profile_starts_one(coaching):
    messages, _ = await run(ActionChangeProfile(), tracker())
    assert responses(messages) == ["utter_no_profile_yet"]


# --- /mydata and /forget ---------------------------------------------------------------------
async def test_my_data_is_a_json_file_with_everything_kept(with_plan):
    conversation = [{"event": "user", "text": "Erstell mir einen Plan", "timestamp": 1_700_000_000.0}]
    messages, _ = await run(ActionExportUserData(), tracker(events=conversation))
    document = next(message["custom"]["document"] for message in messages if message.get("custom"))
    token = document["url"].split("/downloads/")[1].split("/")[0]
    data = json.loads(with_plan.store.download(token).content)
    assert data["user_id"] == USER and data["channel"] == "web" and data["profile"]["business_type"] == "consultant_coach"
    assert data["plans"][0]["items"] and data["conversation"][0]["text"] == "Erstell mir einen Plan"
    assert messages[0]["response"] == "utter_my_data" and messages[0]["plans"] == 1


async def test_forget_deletes_everything_and_restarts_the_conversation(with_plan):
    messages, events = await run(ActionForgetUser(), tracker())
    assert responses(messages) == ["utter_forgotten"] and events[-1]["event"] == "restart"
    # ... and tells channels that keep a copy of the conversation (the web widget) to drop it
    assert {"conversation_deleted": True} in [message.get("custom") for message in messages]
    assert with_plan.store.export_user(USER) == {
        "user_id": USER, "profile": None, "self_checks": [], "plans": [], "check_ins": [], "downloads": [],
    }


async def test_forget_says_so_when_the_database_is_down(with_plan, monkeypatch):
    def broken(user_id):
        raise OSError("disk I/O error")

    monkeypatch.setattr(with_plan.store, "delete_user", broken)
    messages, events = await run(ActionForgetUser(), tracker())
    assert responses(messages) == ["utter_forget_failed"] and events == []  # the conversation is not restarted


# --- link codes ------------------------------------------------------------------------------
async def test_a_link_code_moves_the_plan_and_fills_the_profile(with_plan):
    messages, _ = await run(ActionLinkChannel(), tracker("/link"))
    code = messages[0]["code"]
    assert responses(messages) == ["utter_link_code"] and len(code) == 9 and code[4] == "-"
    messages, events = await run(ActionLinkChannel(), tracker(f"link {code.lower()}", sender="telegram:99"))
    assert responses(messages) == ["utter_link_done"]
    assert {event["name"]: event["value"] for event in events}["business_type"] == "consultant_coach"
    assert with_plan.store.current_plan("telegram:99") is not None and with_plan.store.current_plan(USER) is None
    messages, _ = await run(ActionLinkChannel(), tracker(f"link {code}", sender="web:third"))
    assert responses(messages) == ["utter_link_code_invalid"]  # used once


@pytest.mark.parametrize("text", ["link 2345-ABCD and 2345-6789", "link HALLO-WELT", "code 12AB"])
async def test_a_message_without_one_clear_code_is_answered_kindly(coaching, text):
    messages, _ = await run(ActionLinkChannel(), tracker(text))
    assert responses(messages) == ["utter_link_code_invalid"]
