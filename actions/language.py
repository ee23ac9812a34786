"""Keeps the `language` slot right on every turn (run by Rasa as a custom slot mapping)."""

from __future__ import annotations

import functools
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from bot.config import Settings
from bot.domain_responses import buttons
from bot.language import Detection, choose_language, get_language_detector, normalise_language_code
from bot.typed_commands import is_unoffered_command
from bot.understanding.service import get_understanding

SWITCH_LANGUAGE_INTENT = "switch_language"


@functools.cache
def _default_language() -> str:
    return Settings.from_env().default_language


def _explicit_choice(latest_message: Dict[Text, Any], text: str, detection: Detection) -> Optional[str]:
    """The language asked for ("lieber auf Deutsch", "can we do English?"); a complaint about the language
    ("warum redest du jetzt englisch?") asks for the one it is written in."""
    if (latest_message.get("intent") or {}).get("name") != SWITCH_LANGUAGE_INTENT:
        return None
    requested = get_understanding().language_request(text, detection.language)
    if requested:
        return requested
    for entity in latest_message.get("entities") or []:
        if entity.get("entity") == "language":
            return normalise_language_code(entity.get("value"))
    return None


def _payloads(domain: DomainDict) -> frozenset:
    return frozenset(str(button.get("payload") or "").strip().casefold() for _variation, button in buttons(domain.get("responses")))


def _typed_text(latest_message: Dict[Text, Any], domain: DomainDict) -> str:
    """The message as language evidence: button payloads ("both", "/ask_trust_gap"), ids and commands are none."""
    text = latest_message.get("text") or ""
    if text.startswith("/") or is_unoffered_command(latest_message.get("metadata")):
        return ""
    return "" if text.strip().casefold() in _payloads(domain) else text


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
        text = _typed_text(latest, domain)
        detection = get_language_detector().detection(text)  # once per message; the turn reads `message_language`
        choice = choose_language(
            current=tracker.get_slot("language"),
            current_source=tracker.get_slot("language_source"),
            explicit=_explicit_choice(latest, text, detection),
            detected=detection,
            metadata=normalise_language_code(metadata.get("language")) if isinstance(metadata, dict) else None,
            default=_default_language(),
        )
        wanted = {"language": choice.language, "language_source": choice.source, "message_language": detection.language}
        return [SlotSet(name, value) for name, value in wanted.items() if tracker.get_slot(name) != value]
