"""Why the coach could not understand a message: nothing sent, no words, garbled, far too long, another language,
a command it does not know, or just unclear."""

from __future__ import annotations

import enum
import re
import unicodedata
from typing import Callable, Optional

from bot.language import SUPPORTED_LANGUAGES

# The intent the input guard (rasa_plugins/input_guard.py) gives a message it judges unusable, whatever the
# classifier guessed; a rule answers it with action_respond_to_unclear_message. It has no training examples.
UNCLEAR_INPUT_INTENT = "unclear_input"

# A question with some background fits easily; beyond this the coach asks for the gist.
MAX_USEFUL_MESSAGE_LENGTH = 1500

_ORDINARY_WHITESPACE = "\n\r\t"


class UnclearInput(enum.Enum):
    EMPTY = "empty"
    NO_WORDS = "no_words"
    GARBLED = "garbled"
    TOO_LONG = "too_long"
    OTHER_LANGUAGE = "other_language"
    UNKNOWN_COMMAND = "unknown_command"
    NOT_UNDERSTOOD = "not_understood"


def _is_blank(text: str) -> bool:
    """Only whitespace, control or format characters (zero-width spaces, BOMs, NULs)."""
    return all(char.isspace() or unicodedata.category(char) in ("Cc", "Cf") for char in text)


def _has_letters(text: str) -> bool:
    return any(unicodedata.category(char).startswith("L") for char in text)


def _has_control_characters(text: str) -> bool:
    return any(unicodedata.category(char) == "Cc" and char not in _ORDINARY_WHITESPACE for char in text)


_TAG = re.compile(r"<\s*/?\s*[A-Za-z][^<>]*>")
_CODE = re.compile(r"[(){};=]|javascript:", re.IGNORECASE)


def _is_only_code(text: str) -> bool:
    """Markup carrying code and nothing a person wrote („<script>alert(1)</script>“, "<img src=x onerror=…>");
    a word in tags ("<b>hi</b>") is still a message."""
    if not _TAG.search(text):
        return False
    rest = _TAG.sub(" ", text).strip()
    return not rest or bool(_CODE.search(rest))


def input_problem(text: Optional[str]) -> Optional[UnclearInput]:
    """A problem visible in the text's shape alone, whatever a classifier thinks of it; None if it looks fine."""
    text = text or ""
    if _is_blank(text):
        return UnclearInput.EMPTY
    if len(text) > MAX_USEFUL_MESSAGE_LENGTH:
        return UnclearInput.TOO_LONG
    if _has_control_characters(text) or _is_only_code(text):
        return UnclearInput.GARBLED
    if not _has_letters(text):
        return UnclearInput.NO_WORDS
    return None


def classify_unclear_input(
    text: Optional[str], detect_language: Callable[[str], Optional[str]], unknown_command: bool = False,
) -> UnclearInput:
    """The most helpful explanation for a message the coach did not understand. `unknown_command`: the channel
    found it in intent form ("/name{...}") but not one the coach offers."""
    if unknown_command:
        return UnclearInput.UNKNOWN_COMMAND
    problem = input_problem(text)
    if problem is not None:
        return problem
    detected_language = detect_language(text or "")
    if detected_language and detected_language not in SUPPORTED_LANGUAGES:
        return UnclearInput.OTHER_LANGUAGE
    return UnclearInput.NOT_UNDERSTOOD
