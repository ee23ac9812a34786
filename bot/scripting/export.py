"""A stored conversation written as a script: what the user typed or pressed, and what the coach answered, as
expectations by response name where the coach used one (otherwise by its text). The trainer then edits it."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Mapping, Optional, Sequence

import yaml

_CASE_NAME = re.compile(r"[^a-z0-9]+")


def script_from_events(events: Sequence[Mapping[str, Any]], name: str, description: str = "") -> str:
    """The YAML of a one-case script replaying the conversation's user turns and expecting its replies."""
    steps: List[Dict[str, Any]] = []
    buttons: Dict[str, str] = {}  # payload -> title, of the coach's latest turn
    language: Optional[str] = None
    expected: List[Dict[str, Any]] = []  # expectations of the current turn, each once (three quotes: one `utter`)
    for event in events:
        kind = event.get("event")
        if kind == "user":
            text = event.get("text") or ""
            language = language or (event.get("metadata") or {}).get("language")
            steps.append({"press": buttons[text]} if text in buttons else {"user": text})
            buttons, expected = {}, []
        elif kind == "bot" and steps:
            data, metadata = event.get("data") or {}, event.get("metadata") or {}
            buttons.update({str(b.get("payload")): str(b.get("title")) for b in data.get("buttons") or []})
            for step in _expectations(event.get("text"), data, metadata):
                if step not in expected:
                    steps.append(step)
                    expected.append(step)
        elif kind == "slot" and event.get("name") == "language" and event.get("value") and not language:
            language = str(event["value"])
    case: Dict[str, Any] = {"test_case": case_name(name), "languages": [language or "de"]}
    if description:
        case["description"] = description
    case["steps"] = steps
    header = (
        "# Written from a stored conversation (`trustcoach script export`): the coach's replies are expected by the\n"
        "# response it used. Edit freely: shorten, give lines for another language, add checks (docs/TRAINERS.md).\n"
    )
    return header + yaml.safe_dump({"test_cases": [case]}, allow_unicode=True, sort_keys=False, width=120)


def _expectations(text: Optional[str], data: Mapping[str, Any], metadata: Mapping[str, Any]) -> List[Dict[str, Any]]:
    found: List[Dict[str, Any]] = []
    if metadata.get("utter_action"):
        found.append({"utter": metadata["utter_action"]})
    elif text:
        found.append({"bot": text})
    if data.get("image"):
        found.append({"image": True})
    custom = data.get("custom") or {}
    if isinstance(custom, Mapping) and custom.get("document"):
        filename = str(custom["document"].get("filename") or "")
        found.append({"document": filename[filename.rfind("."):] if "." in filename else True})
    return found


def case_name(text: str) -> str:
    return _CASE_NAME.sub("_", text.casefold()).strip("_") or "recorded_conversation"
