"""The business profile form, and personal plans: created from the profile, shown again, kept in the database."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.coaching_action import COACHING_ERRORS, REQUESTED_SLOT, CoachingAction, CoachingFormValidation
from actions.language import user_language
from actions.profile_facts import tell_facts_noted
from bot.coaching.profile import BusinessProfile
from bot.coaching.service import Coaching, get_coaching
from bot.coaching.wording import PROFILE_ANSWER_LABELS
from bot.domain_responses import response_buttons
from bot.store.coaching_store import StoredPlan
from bot.understanding.service import SEVERAL_ANSWERS, Understanding, get_understanding
from bot.understanding.profile_facts import FACT_QUESTIONS

# The form's questions, in the order it asks them.
PROFILE_QUESTIONS = tuple(PROFILE_ANSWER_LABELS)
# The profile answers taken from what the user said before the questions, to confirm when the form starts.
FACTS_TAKEN_SLOT = "profile_facts_taken"
FACTS_CONFIRMED_SLOT = "profile_facts_confirmed"
PROFILE_FORM = "business_profile_form"


def _as_text(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(part) for part in value)
    return "" if value is None else str(value)


class ValidateBusinessProfileForm(CoachingFormValidation):
    """Turns each answer (button id or own words) into the profile's values, or asks again saying why."""

    def name(self) -> Text:
        return "validate_business_profile_form"

    def answers(self, question: str, text: str, understanding: Understanding) -> bool:
        if question == FACTS_CONFIRMED_SLOT:
            return understanding.yes_or_no(text) is not None or bool(understanding.profile_facts(text))
        reading = understanding.profile_answer(question, text)
        return understanding.means_stop(text) or reading.understood or reading.ambiguous

    def validate_answers(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, coaching: Coaching
    ) -> List[Dict[Text, Any]]:
        """One rule for all six questions, so no `validate_<slot>` method per slot.

        "stop" (or "later") ends the form early by clearing `requested_slot`; the answers so far are kept
        and `action_create_plan`, seeing the profile incomplete, confirms the pause. "I don't know" takes the
        question's default and says so; an answer that fits several options shows just those as buttons.
        """
        events = []
        language = user_language(tracker)
        understanding, labels = coaching.understanding, coaching.wording
        for slot, value in tracker.slots_to_validate().items():
            if slot == FACTS_CONFIRMED_SLOT and value is not None:
                return events + self._confirmation(dispatcher, tracker, understanding, _as_text(value))
            if slot not in PROFILE_QUESTIONS:
                continue
            several = slot in SEVERAL_ANSWERS
            if several and value == []:  # "none of these", kept from an earlier answer or the stored profile
                events.append(SlotSet(slot, []))
                continue
            text = _as_text(value)
            if understanding.means_stop(text):
                return events + [SlotSet(slot, None), SlotSet(REQUESTED_SLOT, None)]
            reading = understanding.profile_answer(slot, text)
            parsed = None
            if reading.ambiguous:
                candidates = [button for button in response_buttons(domain.get("responses"), f"utter_ask_{slot}", language)
                              if button.get("payload") in reading.values]
                dispatcher.utter_message(response="utter_profile_answer_ambiguous", buttons=candidates)
            elif reading.understood:
                parsed = list(reading.values) if several else reading.values[0]
                answer = labels.profile_answers({slot: parsed}, language)
                if reading.dont_know:
                    dispatcher.utter_message(response="utter_profile_answer_default", answer=answer[0] if answer else "")
                elif reading.by_meaning:
                    dispatcher.utter_message(response="utter_profile_answer_taken", answer=answer[0] if answer else "")
            else:
                dispatcher.utter_message(response="utter_profile_answer_unclear")
            events.append(SlotSet(slot, parsed))
        return events


    async def next_requested_slot(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ):
        """As rasa_sdk decides it, unless the validation just ended the form ("stop", coaching unavailable):
        then no next question, so the form ends."""
        # (At activation, when Rasa validates pre-filled answers, nothing has been asked yet: ask as usual.)
        if tracker.get_slot(REQUESTED_SLOT) is None and not _started_this_turn(tracker):
            return None
        return await super().next_requested_slot(dispatcher, tracker, domain)

    async def required_slots(
        self, domain_slots: List[Text], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Text]:
        """Facts taken from what the user said come first, to be confirmed or corrected; otherwise that
        question is left out (the domain lists it last only because Rasa wants every form slot there)."""
        questions = [slot for slot in domain_slots if slot != FACTS_CONFIRMED_SLOT]
        if tracker.get_slot(FACTS_TAKEN_SLOT):
            return [FACTS_CONFIRMED_SLOT, *questions]
        return questions

    @staticmethod
    def _confirmation(
        dispatcher: CollectingDispatcher, tracker: Tracker, understanding: Understanding, text: str
    ) -> List[Dict[Text, Any]]:
        """ "Right?" answered: yes keeps the facts, a correction ("nein, ein Café") replaces them, no asks them."""
        taken = [slot for slot in tracker.get_slot(FACTS_TAKEN_SLOT) or [] if slot in PROFILE_QUESTIONS]
        done = [SlotSet(FACTS_TAKEN_SLOT, None), SlotSet(FACTS_CONFIRMED_SLOT, "answered")]
        if understanding.means_stop(text):
            return done + [SlotSet(REQUESTED_SLOT, None)]
        corrected = understanding.profile_facts(text)
        if corrected:
            return [SlotSet(slot, value) for slot, value in corrected.items()] + done
        agrees = understanding.yes_or_no(text)
        if agrees is True:
            return done
        if agrees is False:  # these questions are asked after all
            return [SlotSet(slot, None) for slot in taken] + done
        dispatcher.utter_message(response="utter_profile_answer_unclear")
        return [SlotSet(FACTS_CONFIRMED_SLOT, None)]


class ActionTakeProfileFacts(Action):
    """Custom slot mapping: profile facts said outside the questions ("my plumbing business", „wir sind zu
    dritt“) fill those questions before they are asked; only empty ones, never during a form."""

    def name(self) -> Text:
        return "action_take_profile_facts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        latest = tracker.latest_message or {}
        text = latest.get("text") or ""
        if tracker.active_loop.get("name") or not text or text.startswith("/"):
            return []
        facts = {slot: value for slot, value in get_understanding().profile_facts(text).items()
                 if slot in FACT_QUESTIONS and tracker.get_slot(slot) is None}
        if not facts:
            return []
        taken = list(dict.fromkeys([*(tracker.get_slot(FACTS_TAKEN_SLOT) or []), *facts]))
        return [SlotSet(slot, value) for slot, value in facts.items()] + [
            SlotSet(FACTS_TAKEN_SLOT, taken), SlotSet(FACTS_CONFIRMED_SLOT, None)]


class _AskProfileQuestion(Action, ABC):
    """Asks one profile question; the introduction comes only before the first question of a fresh profile,
    so an answer that is asked again gets just the question."""

    @property
    @abstractmethod
    def slot(self) -> str:
        """The form slot this action asks for (a class attribute in each subclass)."""

    def name(self) -> Text:
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        first_question = _started_this_turn(tracker)
        answered = [slot for slot in PROFILE_QUESTIONS if tracker.get_slot(slot) is not None]
        if first_question and set(answered) <= set(FACT_QUESTIONS):
            dispatcher.utter_message(response="utter_profile_intro")
        if self.slot == FACTS_CONFIRMED_SLOT:
            taken = [slot for slot in tracker.get_slot(FACTS_TAKEN_SLOT) or [] if slot in PROFILE_QUESTIONS]
            lines = get_coaching().wording.profile_answers({slot: tracker.get_slot(slot) for slot in taken}, user_language(tracker))
            dispatcher.utter_message(response="utter_ask_profile_facts_confirmed", answers="\n".join(f"• {line}" for line in lines))
        else:
            dispatcher.utter_message(response=f"utter_ask_{self.slot}")
        return []


def _started_this_turn(tracker: Tracker) -> bool:
    """Whether the profile form was started by the latest message (not a question asked again)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "active_loop" and event.get("name") == PROFILE_FORM:
            return True
    return False


for _slot in (*PROFILE_QUESTIONS, FACTS_CONFIRMED_SLOT):
    _name = "ActionAsk" + "".join(part.title() for part in _slot.split("_"))
    globals()[_name] = type(_name, (_AskProfileQuestion,), {"slot": _slot})


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


class ActionAddToPlan(CoachingAction):
    """The "add to my plan" button of a next step: the catalog action joins the plan (or starts one)."""

    def name(self) -> Text:
        return "action_add_to_plan"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, coaching: Coaching) -> List[Dict[Text, Any]]:
        action_id = next(tracker.get_latest_entity_values("catalog_action"), None)
        added = coaching.add_to_plan(tracker.sender_id, str(action_id or ""))
        if added is None:
            dispatcher.utter_message(response="utter_plan_step_unknown")
            return []
        plan, new, action = added
        language = user_language(tracker)
        position = next(item.position for item in plan.items if item.action_id == action.id)
        dispatcher.utter_message(
            response="utter_plan_step_added" if new else "utter_plan_step_already_in",
            title=action.title(language), position=position, total=len(plan.items),
        )
        return []


def _item_request(tracker: Tracker, coaching: Coaching, plan: StoredPlan) -> tuple:
    """(item number, status) from a button's entities or the typed text ("Punkt 2 erledigt", "the guarantee one")."""
    number = next(tracker.get_latest_entity_values("item_number"), None)
    status = next(tracker.get_latest_entity_values("item_status"), None)
    if number is None or status is None:
        entries = coaching.plan_entries(plan, "de") + coaching.plan_entries(plan, "en")
        titles = [[entry.title for entry in entries if entry.position == item.position] for item in plan.items]
        reading = coaching.understanding.plan_item((tracker.latest_message or {}).get("text") or "", titles)
        number = reading.number if number is None else number
        status = reading.status if status is None else status
    return (int(number) if str(number or "").isdigit() else None), status


class ActionUpdatePlanItem(CoachingAction):
    """Marks a plan item done, skipped or open again, and says how far the plan is."""

    def name(self) -> Text:
        return "action_update_plan_item"

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, coaching: Coaching) -> List[Dict[Text, Any]]:
        language = user_language(tracker)
        plan = coaching.store.current_plan(tracker.sender_id)
        number, status = _item_request(tracker, coaching, plan) if plan is not None else (None, None)
        if plan is None or number is None or status is None or not 1 <= number <= len(plan.items):
            # „ich hab ne bäckerei, 3 leute“ names a number but no plan step: it tells about the business.
            typed = (tracker.latest_message or {}).get("text") or ""
            if not typed.startswith("/") and tell_facts_noted(dispatcher, typed, language):
                return []
            if plan is None:
                dispatcher.utter_message(response="utter_no_plan_yet")
            else:
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
