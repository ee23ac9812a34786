"""Answers a message the coach did not understand with the reason that fits it best."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.language import get_language_detector
from bot.typed_commands import is_unoffered_command
from bot.unclear_input import UnclearInput, classify_unclear_input

RESPONSE_FOR = {
    UnclearInput.EMPTY: "utter_empty_message",
    UnclearInput.NO_WORDS: "utter_no_words",
    UnclearInput.TOO_LONG: "utter_message_too_long",
    UnclearInput.OTHER_LANGUAGE: "utter_only_german_english",
    UnclearInput.GARBLED: "utter_not_understood",
    UnclearInput.UNKNOWN_COMMAND: "utter_unknown_command",
    UnclearInput.NOT_UNDERSTOOD: "utter_not_understood",
}


class ActionRespondToUnclearMessage(Action):
    def name(self) -> Text:
        return "action_respond_to_unclear_message"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        latest = tracker.latest_message or {}
        problem = classify_unclear_input(
            latest.get("text") or "", get_language_detector().detect,
            unknown_command=is_unoffered_command(latest.get("metadata")),
        )
        dispatcher.utter_message(response=RESPONSE_FOR[problem])
        return []
