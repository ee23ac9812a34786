"""Which slash messages are taken as intents: only the payloads the coach itself offers.

Rasa reads any message of the form `/intent@confidence{"entity": "value"}` as that intent with those
entities, skipping NLU, and has no setting to turn that off. Typed by a user, that would fire internal
intents (`/check_in_due`), fake confidences (`/forget@0.99`) or fill slots with anything
(`/request_plan{"business_type": "x"}`). So the channels take such a message as an intent only when it is
one of the coach's own payloads: a button of a response in the domain (templated values such as
`{position}` stand for a short word or number) or a documented slash command. Anything else is the user's
text: it goes through NLU marked as a command the coach does not know (`UNOFFERED_COMMAND` in the message
metadata, set by the channel), so the input guard (rasa_plugins/input_guard.py) hands it to the fallback
and the coach says it does not know that command; no intent fires and no slot changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, FrozenSet, Iterable, Mapping, Pattern, Tuple

from bot.domain_responses import buttons

GREETING = "/greet"
# The slash commands the coach documents (README, Telegram's command menu, the web page's first message).
# "/lang de" and "/link CODE" are not intents to Rasa (it finds no intent named "lang de"), so NLU reads them.
CHANNEL_COMMANDS: Tuple[str, ...] = (
    GREETING, "/request_help", "/show_plan", "/start_self_check", "/mydata", "/forget", "/link",
)

INTENT_PREFIX = "/"
# Metadata key the channels set on a message in intent form that the coach never offers.
UNOFFERED_COMMAND = "unoffered_command"
# A value filled into a button payload by the coach ({position} of a plan item, {action_id} of a catalog action):
# a short word, number or id, never a quote or a brace, so nothing can be smuggled into the entities.
_TEMPLATE_VALUE = r"[\w.-]{1,60}"
_PLACEHOLDER = re.compile(r"(?<!{){([A-Za-z_][A-Za-z0-9_]*)}(?!})")


def _unescaped(text: str) -> str:
    """`{{` and `}}` are literal braces in a response template."""
    return text.replace("{{", "{").replace("}}", "}")


def _template_pattern(payload: str) -> Pattern[str]:
    """The payloads a templated button can become, read as Rasa fills response templates: `{name}` is a value."""
    parts = []
    position = 0
    for match in _PLACEHOLDER.finditer(payload):
        parts.append(re.escape(_unescaped(payload[position:match.start()])))
        parts.append(_TEMPLATE_VALUE)
        position = match.end()
    parts.append(re.escape(_unescaped(payload[position:])))
    return re.compile("".join(parts))


def _is_templated(payload: str) -> bool:
    return bool(_PLACEHOLDER.search(payload))


@dataclass(frozen=True)
class OfferedPayloads:
    """The coach's own slash payloads: exact ones and templated ones."""

    exact: FrozenSet[str]
    templates: Tuple[Pattern[str], ...]

    def offers(self, text: str) -> bool:
        text = text.strip()
        return text in self.exact or any(pattern.fullmatch(text) for pattern in self.templates)

    def __len__(self) -> int:
        return len(self.exact) + len(self.templates)


def button_payloads(responses: Mapping[str, Any]) -> Iterable[str]:
    """Every slash payload of a button in any variation of any response."""
    for _, button in buttons(responses):
        payload = str(button.get("payload") or "").strip()
        if payload.startswith(INTENT_PREFIX):
            yield payload


def offered_payloads(responses: Mapping[str, Any], commands: Iterable[str] = CHANNEL_COMMANDS) -> OfferedPayloads:
    """The allow-list: the domain's button payloads plus the channels' documented commands."""
    exact, templates = set(commands), []
    for payload in button_payloads(responses):
        if _is_templated(payload):
            templates.append(_template_pattern(payload))
        else:
            exact.add(_unescaped(payload))
    unique = tuple({pattern.pattern: pattern for pattern in templates}.values())
    return OfferedPayloads(frozenset(exact), unique)


def without_intent_prefix(text: str) -> str:
    """The text without its leading slashes, so Rasa does not read it as an intent: "/check_in_due" -> "check_in_due"."""
    return text.strip().lstrip(INTENT_PREFIX).strip()


def is_unoffered_command(metadata: Any) -> bool:
    return isinstance(metadata, Mapping) and metadata.get(UNOFFERED_COMMAND) is True
