"""Check-ins: the user opts in ("remind me in a week"); when one is due the coach asks how the plan is going.

Delivery: channels that can push (Telegram) get it through `check_in_due`, an intent the check-in
delivery triggers over Rasa's HTTP API (bot/check_ins.py); everyone else sees it at their next visit,
when a new conversation session starts (`action_session_start` below).
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.coaching_action import COACHING_ERRORS, CoachingAction, log_coaching_unavailable
from actions.language import user_language
from bot.coaching.service import Coaching, get_coaching
from bot.understanding.durations import MAX_DAYS


def requested_days(tracker: Tracker, coaching: Coaching, language: str) -> Optional[int]:
    """Days until the check-in: the button's entity, or a date in the text ("in zwei Wochen", "next Monday");
    None when the text names none (the coach then asks instead of assuming a week)."""
    raw = next(tracker.get_latest_entity_values("check_in_days"), None)
    if str(raw or "").isdigit() and 1 <= int(raw) <= MAX_DAYS:
        return int(raw)
    text = (tracker.latest_message or {}).get("text") or ""
    return coaching.understanding.check_in_days(text, coaching.store.clock.now(), language).days


def _date(when, language: str) -> str:
    """The date as the reader's language writes it: "Dienstag, 15. Dezember 2026" / "Tuesday, December 15, 2026"."""
    from babel.dates import format_date

    return format_date(when.date(), format="full", locale=language)


class ActionScheduleCheckIn(CoachingAction):
    def name(self) -> Text:
        return "action_schedule_check_in"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, coaching: Coaching) -> List[Dict[Text, Any]]:
        if coaching.store.current_plan(tracker.sender_id) is None:
            dispatcher.utter_message(response="utter_no_plan_yet")
            return []
        language = user_language(tracker)
        days = requested_days(tracker, coaching, language)
        if days is None:
            dispatcher.utter_message(response="utter_check_in_when")
            return []
        due = coaching.store.schedule_check_in(tracker.sender_id, timedelta(days=days))
        dispatcher.utter_message(response="utter_check_in_scheduled", date=_date(due, language))
        return []


class ActionCancelCheckIn(CoachingAction):
    def name(self) -> Text:
        return "action_cancel_check_in"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, coaching: Coaching) -> List[Dict[Text, Any]]:
        cancelled = coaching.store.cancel_check_in(tracker.sender_id)
        dispatcher.utter_message(response="utter_check_in_cancelled" if cancelled else "utter_no_check_in")
        return []


def send_check_in(dispatcher: CollectingDispatcher, coaching: Coaching, user_id: str, language: str) -> bool:
    """The check-in messages about the current plan; False when there is no plan to ask about."""
    plan = coaching.store.current_plan(user_id)
    if plan is None:
        return False
    dispatcher.utter_message(
        response="utter_check_in", done=plan.count("done"), skipped=plan.count("skipped"), total=len(plan.items)
    )
    next_entry = next((entry for entry in coaching.plan_entries(plan, language) if entry.status == "open"), None)
    if next_entry is not None:
        dispatcher.utter_message(response="utter_check_in_next_step", position=next_entry.position, title=next_entry.title)
    dispatcher.utter_message(response="utter_check_in_options")
    return True


class ActionCheckIn(CoachingAction):
    """Runs on `check_in_due`, the intent the check-in delivery triggers once it has claimed a due check-in."""

    unavailable_response = None  # nobody asked: stay silent rather than push an error

    def name(self) -> Text:
        return "action_check_in"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, coaching: Coaching) -> List[Dict[Text, Any]]:
        send_check_in(dispatcher, coaching, tracker.sender_id, user_language(tracker))
        return []


class ActionSessionStart(Action):
    """Rasa's session start (slots carried over, as `session_config` says), plus a check-in that fell due meanwhile."""

    def name(self) -> Text:
        return "action_session_start"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        events: List[Dict[Text, Any]] = [SessionStarted()]
        if domain.get("session_config", {}).get("carry_over_slots_to_new_session", True):
            events += [SlotSet(name, value) for name, value in tracker.current_slot_values().items() if value is not None]
        try:
            coaching = await asyncio.to_thread(get_coaching)
            if await asyncio.to_thread(coaching.store.mark_check_in_delivered, tracker.sender_id):
                await asyncio.to_thread(send_check_in, dispatcher, coaching, tracker.sender_id, user_language(tracker))
        except COACHING_ERRORS as error:
            log_coaching_unavailable(error)  # the visit goes on without the check-in
        events.append(ActionExecuted("action_listen"))
        return events
