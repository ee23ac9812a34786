"""Keeps the `language` slot right on every turn (run by Rasa as a custom slot mapping)."""

from __future__ import annotations

import functools
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.config import Settings
from bot.language import choose_language, get_language_detector, normalise_language_code
from bot.typed_commands import is_unoffered_command

SWITCH_LANGUAGE_INTENT = "switch_language"


@functools.cache
def _default_language() -> str:
    return Settings.from_env().default_language


def _explicit_choice(latest_message: Dict[Text, Any]) -> Optional[str]:
    if (latest_message.get("intent") or {}).get("name") != SWITCH_LANGUAGE_INTENT:
        return None
    for entity in latest_message.get("entities") or []:
        if entity.get("entity") == "language":
            return normalise_language_code(entity.get("value"))
    return None


def _typed_text(latest_message: Dict[Text, Any]) -> str:
    text = latest_message.get("text") or ""
    # Button payloads ("/ask_trust_gap") and commands typed in their form say nothing about the user's language.
    return "" if text.startswith("/") or is_unoffered_command(latest_message.get("metadata")) else text


def user_language(tracker: Tracker) -> str:
    """The language to answer in, as action_set_language keeps it (German until it is set)."""
    return tracker.get_slot("language") or "de"


class ActionSetLanguage(Action):
    def name(self) -> Text:
        return "action_set_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        latest = tracker.latest_message or {}
        metadata = latest.get("metadata") or {}
        choice = choose_language(
            current=tracker.get_slot("language"),
            current_source=tracker.get_slot("language_source"),
            explicit=_explicit_choice(latest),
            detected=get_language_detector().detect(_typed_text(latest)),
            metadata=normalise_language_code(metadata.get("language")) if isinstance(metadata, dict) else None,
            default=_default_language(),
        )
        if (choice.language, choice.source) == (tracker.get_slot("language"), tracker.get_slot("language_source")):
            return []
        return [SlotSet("language", choice.language), SlotSet("language_source", choice.source)]
