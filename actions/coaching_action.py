"""The shared shape of the actions that use the coaching content and database.

They load the coaching once, do their work off the event loop, and when the content files or the
database fail they log what the operator should check and give the user a friendly answer.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from typing import Any, Dict, List, Optional, Text, Tuple, Type

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.article_answers import answer_new_question
from actions.coaching_errors import log_coaching_unavailable
from actions.lesson_message import send_lesson
from bot.coaching.service import COACHING_ERRORS, Coaching, get_coaching
from bot.suggestions import lesson_response
from bot.typed_commands import is_unoffered_command
from bot.understanding.service import Understanding

REQUESTED_SLOT = "requested_slot"


class CoachingAction(Action, ABC):
    # What the user is told when coaching is unavailable (None: nothing, e.g. for a pushed check-in).
    unavailable_response: Optional[str] = "utter_coaching_unavailable"
    errors: Tuple[Type[Exception], ...] = COACHING_ERRORS

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        try:
            coaching = await asyncio.to_thread(get_coaching)
            return await asyncio.to_thread(self.act, dispatcher, tracker, coaching)
        except self.errors as error:
            log_coaching_unavailable(error)
            if self.unavailable_response:
                dispatcher.utter_message(response=self.unavailable_response)
            return []

    @abstractmethod
    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, coaching: Coaching) -> List[Dict[Text, Any]]:
        """The action's work (runs in a worker thread); returns the events."""


# Requests that are no answer: answered in a word, then the form's question comes again. Checked only after
# the message failed as an answer, so a short answer the classifier misreads is never lost.
FRAME_RESPONSES = {
    "request_help": "utter_help", "switch_language": "utter_language_switched",
    "ask_privacy": "utter_privacy", "bot_challenge": "utter_iamabot",
}
# Intents of questions to the coach besides the lessons (ask_<topic>).
QUESTION_INTENTS = ("ask_trust_question",)
_CONFIDENT = 0.5


def _confident_intent(latest: Dict[Text, Any]) -> Optional[str]:
    intent = latest.get("intent") or {}
    return intent.get("name") if (intent.get("confidence") or 0) >= _CONFIDENT else None


def _is_question_intent(intent: Optional[str], domain: DomainDict) -> bool:
    return intent in QUESTION_INTENTS or lesson_response(intent, domain.get("responses")) is not None


async def answer_question(dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[Dict[Text, Any]]:
    """A question inside a form: the lesson NLU recognised, or an answer from the articles."""
    latest = tracker.latest_message or {}
    intent = (latest.get("intent") or {}).get("name")
    lesson = lesson_response(intent, domain.get("responses"))
    if lesson:
        await send_lesson(dispatcher, tracker, lesson, intent)
        return []
    return await answer_new_question(dispatcher, tracker, domain)


class CoachingFormValidation(FormValidationAction, ABC):
    """Validation of a coaching form's answers. When coaching is unavailable the form ends (clearing
    `requested_slot`) with a friendly answer, instead of asking questions it cannot understand."""

    async def get_validation_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        try:
            coaching = get_coaching()
        except COACHING_ERRORS as error:
            log_coaching_unavailable(error)
            dispatcher.utter_message(response="utter_coaching_unavailable")
            return [SlotSet(REQUESTED_SLOT, None)]
        latest = tracker.latest_message or {}
        asked_again = [SlotSet(slot, None) for slot in tracker.slots_to_validate()]
        if is_unoffered_command(latest.get("metadata")):
            # "/check_in_due" typed at a question is no answer to it: say so, and the form asks again.
            dispatcher.utter_message(response="utter_unknown_command")
            return asked_again
        text = latest.get("text") or ""
        requested = tracker.get_slot(REQUESTED_SLOT)
        intent = _confident_intent(latest)
        asks = coaching.understanding.is_question(text)
        # Only a request or a question can be something else than an answer; an ordinary answer is read once.
        if requested and (intent in FRAME_RESPONSES or asks):
            answered = self.answers(requested, text, coaching.understanding)
            if not answered and intent in FRAME_RESPONSES:  # "help", "English please", "are you a bot?"
                dispatcher.utter_message(response=FRAME_RESPONSES[intent])
                return asked_again
            # „was ist die Vertrauenslücke?“ at question 2; "what are the four traits?" is no rating of 4.
            if asks and (not answered or _is_question_intent(intent, domain)):
                return await answer_question(dispatcher, tracker, domain) + asked_again
        return self.validate_answers(dispatcher, tracker, domain, coaching)

    @abstractmethod
    def answers(self, question: str, text: str, understanding: Understanding) -> bool:
        """Whether `text` answers the form's question `question` (a slot name), however it is worded."""

    @abstractmethod
    def validate_answers(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, coaching: Coaching
    ) -> List[Dict[Text, Any]]:
        """SlotSet events for the answers just given (`tracker.slots_to_validate()`)."""
