"""The business profile form, and personal plans: created from the profile, shown again, kept in the database."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.language import user_language
from bot.coaching.content import ContentError
from bot.coaching.plan import Reason
from bot.coaching.profile import BusinessProfile
from bot.coaching.service import Coaching, get_coaching
from bot.store.coaching_store import StoredPlan

logger = logging.getLogger(__name__)

REQUESTED_SLOT = "requested_slot"
# Form slot -> (answer group in answer_words.yml, several answers allowed)
PROFILE_QUESTIONS = {
    "business_type": ("business_type", False),
    "reach": ("reach", False),
    "team_size": ("team_size", False),
    "touchpoints": ("touchpoint", True),
    "problem": ("problem", False),
    "practices": ("practice", True),
}


def log_coaching_unavailable(error: Exception) -> None:
    """Tells the operator what to check when coaching content or its database cannot be used."""
    logger.error(
        "Coaching is unavailable: %s. Check the files in data/coaching/ and TRUSTCOACH_DATABASE_URL, then restart the action server.",
        error,
    )


def _as_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(part) for part in value)
    return "" if value is None else str(value)


class ValidateBusinessProfileForm(FormValidationAction):
    """Turns each answer (button id or own words) into the profile's values, or asks again saying why."""

    def name(self) -> Text:
        return "validate_business_profile_form"

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        """One rule for all six questions, so no `validate_<slot>` method per slot.

        "stop" (or "later") ends the form early by clearing `requested_slot`; the answers so far are kept
        and `action_create_plan`, seeing the profile incomplete, confirms the pause.
        """
        events = []
        try:
            reader = get_coaching().answers
        except (ContentError, OSError, SQLAlchemyError) as error:
            log_coaching_unavailable(error)
            dispatcher.utter_message(response="utter_coaching_unavailable")
            return [SlotSet(REQUESTED_SLOT, None)]
        for slot, value in tracker.slots_to_validate().items():
            if slot not in PROFILE_QUESTIONS:
                continue
            group, several = PROFILE_QUESTIONS[slot]
            text = _as_text(value)
            if reader.means_stop(text):
                return [SlotSet(slot, None), SlotSet(REQUESTED_SLOT, None)]
            understood = reader.read(group, text, several=several)
            if understood.ambiguous:
                dispatcher.utter_message(response="utter_profile_answer_ambiguous")
                parsed = None
            elif several and (understood.values or reader.means_none(text)):
                parsed = list(understood.values)
            elif understood.values and not several:
                parsed = understood.values[0]
            else:
                dispatcher.utter_message(response="utter_profile_answer_unclear")
                parsed = None
            events.append(SlotSet(slot, parsed))
        return events


def _profile_complete(tracker: Tracker) -> bool:
    return all(tracker.get_slot(slot) is not None for slot in PROFILE_QUESTIONS)


def _profile_from(tracker: Tracker) -> BusinessProfile:
    return BusinessProfile(
        business_type=tracker.get_slot("business_type"),
        reach=tracker.get_slot("reach"),
        team_size=tracker.get_slot("team_size"),
        problem=tracker.get_slot("problem"),
        touchpoints=tuple(tracker.get_slot("touchpoints") or ()),
        practices=tuple(tracker.get_slot("practices") or ()),
    )


def send_plan(dispatcher: CollectingDispatcher, coaching: Coaching, plan: StoredPlan, language: str) -> None:
    """One message per item: title, effort, steps, why it is there for this user, and its source."""
    for item in plan.items:
        action = coaching.catalog.actions.get(item.action_id)
        if action is None:  # removed from the catalog since the plan was made
            continue
        reasons = [Reason(**reason) for reason in item.reasons]
        dispatcher.utter_message(
            response=f"utter_plan_item_{item.status}",
            position=item.position,
            title=action.title(language),
            effort=coaching.wording.label("effort", action.effort, language),
            steps="\n".join(f"• {step}" for step in action.steps(language)),
            why=" ".join(coaching.wording.why_for_you(reasons, language)),
            source=coaching.article(action.source.article).citation(language),
        )


class ActionCreatePlan(Action):
    """After the profile form: save the profile and a fresh plan, and show it (or confirm a pause)."""

    def name(self) -> Text:
        return "action_create_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        if not _profile_complete(tracker):
            dispatcher.utter_message(response="utter_profile_paused")
            return []
        try:
            coaching = await asyncio.to_thread(get_coaching)
            plan = await asyncio.to_thread(coaching.make_plan, tracker.sender_id, _profile_from(tracker))
        except (ContentError, ValueError, OSError, SQLAlchemyError) as error:
            log_coaching_unavailable(error)
            dispatcher.utter_message(response="utter_coaching_unavailable")
            return []
        dispatcher.utter_message(response="utter_plan_intro")
        send_plan(dispatcher, coaching, plan, user_language(tracker))
        dispatcher.utter_message(response="utter_plan_options")
        return []


class ActionShowPlan(Action):
    def name(self) -> Text:
        return "action_show_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        try:
            coaching = await asyncio.to_thread(get_coaching)
            plan: Optional[StoredPlan] = await asyncio.to_thread(coaching.store.current_plan, tracker.sender_id)
        except (ContentError, OSError, SQLAlchemyError) as error:
            log_coaching_unavailable(error)
            dispatcher.utter_message(response="utter_coaching_unavailable")
            return []
        if plan is None:
            dispatcher.utter_message(response="utter_no_plan_yet")
            return []
        dispatcher.utter_message(
            response="utter_plan_progress", done=plan.count("done"), skipped=plan.count("skipped"), total=len(plan.items)
        )
        send_plan(dispatcher, coaching, plan, user_language(tracker))
        dispatcher.utter_message(response="utter_plan_options")
        return []


_ITEM_NUMBER = re.compile(r"(?<!\d)(\d{1,2})(?!\d)")


def _item_request(tracker: Tracker) -> tuple:
    """(item number, status) from a button's entities or the typed text ("Punkt 2 erledigt", "skip 3")."""
    latest = tracker.latest_message or {}
    entities = {entity.get("entity"): entity.get("value") for entity in latest.get("entities") or []}
    number, status = entities.get("item_number"), entities.get("item_status")
    text = latest.get("text") or ""
    if number is None:
        found = _ITEM_NUMBER.findall(text)
        number = found[0] if len(found) == 1 else None
    if status is None:
        understood = get_coaching().answers.read("item_status", text)
        status = understood.values[0] if len(understood.values) == 1 else None
    return (int(number) if str(number or "").isdigit() else None), status


class ActionUpdatePlanItem(Action):
    """Marks a plan item done, skipped or open again, and says how far the plan is."""

    def name(self) -> Text:
        return "action_update_plan_item"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        language = user_language(tracker)
        try:
            coaching = await asyncio.to_thread(get_coaching)
            number, status = _item_request(tracker)
            plan = await asyncio.to_thread(coaching.store.current_plan, tracker.sender_id)
            if plan is None:
                dispatcher.utter_message(response="utter_no_plan_yet")
                return []
            if number is None or status is None or not 1 <= number <= len(plan.items):
                dispatcher.utter_message(response="utter_plan_item_unclear", total=len(plan.items))
                return []
            plan = await asyncio.to_thread(coaching.store.set_item_status, tracker.sender_id, number, status)
        except (ContentError, OSError, SQLAlchemyError) as error:
            log_coaching_unavailable(error)
            dispatcher.utter_message(response="utter_coaching_unavailable")
            return []
        item = plan.items[number - 1]
        action = coaching.catalog.actions.get(item.action_id)
        dispatcher.utter_message(
            response="utter_plan_item_updated", position=number,
            title=action.title(language) if action else item.action_id,
            status=coaching.wording.label("item_status", status, language),
        )
        if plan.count("open") == 0:
            dispatcher.utter_message(response="utter_plan_finished", done=plan.count("done"), total=len(plan.items))
        else:
            dispatcher.utter_message(
                response="utter_plan_progress", done=plan.count("done"), skipped=plan.count("skipped"), total=len(plan.items)
            )
        return []
