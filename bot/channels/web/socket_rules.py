"""Rules of the web chat channel that need no Rasa: allowed origins, where buttons go (session ids: bot/identity.py).

`rasa_plugins/web_channel.py` (loaded by the Rasa server) applies them to Rasa's socket.io channel.
"""

from __future__ import annotations

import re
from typing import Any, Dict, FrozenSet, List, Optional



def parse_origins(value: Any) -> FrozenSet[str]:
    """Origins from credentials.yml: a list, or one string separated by commas or spaces ("*" = any)."""
    if value is None:
        return frozenset()
    items = value if isinstance(value, (list, tuple)) else re.split(r"[,\s]+", str(value))
    return frozenset(str(item).strip().rstrip("/") for item in items if item and str(item).strip())


def origin_allowed(origin: Optional[str], allowed: FrozenSet[str]) -> bool:
    """Browsers always send Origin on cross-site sockets; a client without one (a script, a test) is no browser."""
    if not origin:
        return True
    return "*" in allowed or origin.rstrip("/") in allowed


def with_line_breaks(text: str) -> str:
    """Keep the coach's single line breaks: the widget renders Markdown, where a lone newline is a space."""
    return "\n".join(line.rstrip() + "  " if index < text.count("\n") else line
                     for index, line in enumerate(text.split("\n")))


def place_buttons(messages: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The turn's last message keeps its buttons as quick replies (rasa-webchat hides them once one is
    chosen or another message follows); earlier messages get lasting buttons (e.g. under each plan item)."""
    placed = []
    last = len(messages) - 1
    for index, message in enumerate(messages):
        replies = message.get("quick_replies")
        if replies and index < last:
            message = {key: value for key, value in message.items() if key != "quick_replies"}
            message["buttons"] = [
                {"type": "postback", "title": reply["title"], "payload": reply["payload"]} for reply in replies
            ]
        placed.append(message)
    return placed
