"""The business profile form, and personal plans: created from the profile, shown again, kept in the database."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.coaching_action import COACHING_ERRORS, REQUESTED_SLOT, CoachingAction, CoachingFormValidation
from actions.language import user_language
from bot.coaching.answers import AnswerReader
from bot.coaching.profile import BusinessProfile
from bot.coaching.service import Coaching
from bot.store.coaching_store import StoredPlan


# Form slot -> (answer group in answer_words.yml, several answers allowed)
PROFILE_QUESTIONS = {
    "business_type": ("business_type", False),
    "reach": ("reach", False),
    "team_size": ("team_size", False),
    "touchpoints": ("touchpoint", True),
    "problem": ("problem", False),
    "practices": ("practice", True),
}


def _as_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(part) for part in value)
    return "" if value is None else str(value)


class ValidateBusinessProfileForm(CoachingFormValidation):
    """Turns each answer (button id or own words) into the profile's values, or asks again saying why."""

    def name(self) -> Text:
        return "validate_business_profile_form"

    def validate_answers(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, reader: AnswerReader
    ) -> List[Dict[Text, Any]]:
        """One rule for all six questions, so no `validate_<slot>` method per slot.

        "stop" (or "later") ends the form early by clearing `requested_slot`; the answers so far are kept
        and `action_create_plan`, seeing the profile incomplete, confirms the pause.
        """
        events = []
        for slot, value in tracker.slots_to_validate().items():
            if slot not in PROFILE_QUESTIONS:
                continue
            group, several = PROFILE_QUESTIONS[slot]
            if several and value == []:  # "none of these", kept from an earlier answer or the stored profile
                events.append(SlotSet(slot, []))
                continue
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


def profile_slots(profile: BusinessProfile) -> List[Dict[Text, Any]]:
    """The form's slots filled from a stored profile (after a link code, or to change one answer)."""
    return [SlotSet(slot, list(value) if isinstance(value, tuple) else value)
            for slot, value in vars(profile).items() if slot in PROFILE_QUESTIONS]


def send_plan(dispatcher: CollectingDispatcher, coaching: Coaching, plan: StoredPlan, language: str) -> None:
    """One message per item: title, effort, steps, why it is there for this user, and its source."""
    for entry in coaching.plan_entries(plan, language):
        dispatcher.utter_message(
            response=f"utter_plan_item_{entry.status}",
            position=entry.position,
            title=entry.title,
            effort=entry.effort,
            steps="\n".join(f"• {step}" for step in entry.steps),
            why=" ".join(entry.why),
            source=entry.source,
        )


class ActionCreatePlan(CoachingAction):
    """After the profile form: save the profile and a fresh plan, and show it (or confirm a pause)."""

    errors = COACHING_ERRORS + (ValueError,)  # a profile the plan cannot be built from

    def name(self) -> Text:
        return "action_create_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        if not _profile_complete(tracker):
            dispatcher.utter_message(response="utter_profile_paused")
            return []
        return await super().run(dispatcher, tracker, domain)

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, coaching: Coaching) -> List[Dict[Text, Any]]:
        plan = coaching.make_plan(tracker.sender_id, _profile_from(tracker))
        dispatcher.utter_message(response="utter_plan_intro")
        send_plan(dispatcher, coaching, plan, user_language(tracker))
        dispatcher.utter_message(response="utter_plan_options")
        return []


class ActionShowPlan(CoachingAction):
    def name(self) -> Text:
        return "action_show_plan"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, coaching: Coaching) -> List[Dict[Text, Any]]:
        plan = coaching.store.current_plan(tracker.sender_id)
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


def _item_request(tracker: Tracker, coaching: Coaching) -> tuple:
    """(item number, status) from a button's entities or the typed text ("Punkt 2 erledigt", "skip 3")."""
    number = next(tracker.get_latest_entity_values("item_number"), None)
    status = next(tracker.get_latest_entity_values("item_status"), None)
    text = (tracker.latest_message or {}).get("text") or ""
    if number is None:
        found = _ITEM_NUMBER.findall(text)
        number = found[0] if len(found) == 1 else None
    if status is None:
        understood = coaching.answers.read("item_status", text)
        status = understood.values[0] if len(understood.values) == 1 else None
    return (int(number) if str(number or "").isdigit() else None), status


class ActionUpdatePlanItem(CoachingAction):
    """Marks a plan item done, skipped or open again, and says how far the plan is."""

    def name(self) -> Text:
        return "action_update_plan_item"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, coaching: Coaching) -> List[Dict[Text, Any]]:
        language = user_language(tracker)
        number, status = _item_request(tracker, coaching)
        plan = coaching.store.current_plan(tracker.sender_id)
        if plan is None:
            dispatcher.utter_message(response="utter_no_plan_yet")
            return []
        if number is None or status is None or not 1 <= number <= len(plan.items):
            dispatcher.utter_message(response="utter_plan_item_unclear", total=len(plan.items))
            return []
        plan = coaching.store.set_item_status(tracker.sender_id, number, status)
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


class ActionChangeProfile(CoachingAction):
    """Lists the profile answers to pick one to change; with a pick, asks just that question again and re-plans."""

    def name(self) -> Text:
        return "action_change_profile"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, coaching: Coaching) -> List[Dict[Text, Any]]:
        stored = coaching.store.profile(tracker.sender_id)
        current = profile_slots(stored) if stored is not None else []
        answers = {slot: tracker.get_slot(slot) for slot in PROFILE_QUESTIONS}
        answers.update({event["name"]: event["value"] for event in current})
        if all(value is None for value in answers.values()):
            dispatcher.utter_message(response="utter_no_profile_yet")
            return []
        question = next(tracker.get_latest_entity_values("profile_question"), None)
        if question not in PROFILE_QUESTIONS and question != "all":
            lines = coaching.wording.profile_answers(answers, user_language(tracker))
            dispatcher.utter_message(response="utter_choose_profile_answer", answers="\n".join(f"• {line}" for line in lines))
            return current
        cleared = list(PROFILE_QUESTIONS) if question == "all" else [question]
        return current + [SlotSet(slot, None) for slot in cleared] + [FollowupAction("business_profile_form")]
