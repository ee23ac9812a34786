"""Which language to answer in: German or English, from an explicit choice, the user's text or channel metadata."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Optional

SUPPORTED_LANGUAGES = ("de", "en")

# Where the current language came from, strongest first. An explicit choice by the
# user sticks until they choose again; text detection beats what a channel reports
# (a German browser does not mean the user writes German).
EXPLICIT = "explicit"
DETECTED = "detected"
METADATA = "metadata"
DEFAULT = "default"

# Languages the detector can tell apart. Besides German and English it knows common
# languages of Europe and beyond, so a French or Turkish message is recognised as
# "neither" instead of being forced into German or English.
_OTHER_LANGUAGES = (
    "FRENCH", "SPANISH", "ITALIAN", "PORTUGUESE", "DUTCH", "POLISH", "TURKISH",
    "SWEDISH", "DANISH", "CROATIAN", "RUSSIAN", "GREEK", "ARABIC", "CHINESE", "JAPANESE",
)

# Short chat messages are full of English loan words ("Was ist der Trust Gap?"), so a
# guess only counts when the detector is sure, and surer still for one or two words.
_MIN_WORDS_FOR_CONFIDENT_GUESS = 3
_CONFIDENCE_FOR_SENTENCES = 0.75
_CONFIDENCE_FOR_FEW_WORDS = 0.95
_CONFIDENCE_FOR_OTHER_LANGUAGE = 0.6

# Once the conversation has a language, only text this long and this sure changes it: "danke", "ok" or a
# loan word never switch a German conversation to English.
_MIN_WORDS_TO_SWITCH = 4
_CONFIDENCE_TO_SWITCH = 0.9

# Enough text to tell a language; longer messages are only sampled.
_SAMPLE_LENGTH = 1000

_WORD = re.compile(r"\w+", re.UNICODE)
# Markup, links and link codes ("link BNCT-UPE7": its letters read as English) say nothing about the language.
_MARKUP = re.compile(r"<[^>]*>|https?://\S+|www\.\S+|\b(?=[A-Za-z2-9-]*[2-9])[A-Za-z2-9]{4}-[A-Za-z2-9]{4}\b")


def normalise_language_code(code: object) -> Optional[str]:
    """'de-CH', 'de_AT', 'EN-us' -> 'de'/'en'; other languages -> their base code; junk -> None."""
    if not isinstance(code, str):
        return None
    base = re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0]
    return base if re.fullmatch(r"[a-z]{2,3}", base) else None


@dataclass(frozen=True)
class LanguageChoice:
    language: str
    source: str


@dataclass(frozen=True)
class Detection:
    """The language of one message as the detector sees it (None when too short or mixed to tell)."""

    language: Optional[str] = None
    confidence: float = 0.0
    words: int = 0

    @property
    def can_switch(self) -> bool:
        """Clear and long enough to change a conversation's language."""
        return self.words >= _MIN_WORDS_TO_SWITCH and self.confidence >= _CONFIDENCE_TO_SWITCH


def choose_language(
    *,
    current: Optional[str],
    current_source: Optional[str],
    explicit: Optional[str],
    detected: Optional[Detection],
    metadata: Optional[str],
    default: str,
) -> LanguageChoice:
    """Decide the answer language for this turn from what is known so far.

    An explicit request always wins and sticks. Detected text sets the language when none is established
    (nothing yet, or only the channel's guess); to change an established one it must be clearly and
    confidently in the other language and long enough to tell.
    """
    if explicit in SUPPORTED_LANGUAGES:
        return LanguageChoice(explicit, EXPLICIT)
    if current in SUPPORTED_LANGUAGES and current_source == EXPLICIT:
        return LanguageChoice(current, EXPLICIT)
    language = detected.language if detected is not None else None
    if language in SUPPORTED_LANGUAGES:
        established = current in SUPPORTED_LANGUAGES and current_source == DETECTED
        if not established or language == current or detected.can_switch:
            return LanguageChoice(language, DETECTED)
    if metadata in SUPPORTED_LANGUAGES and current_source in (None, METADATA, DEFAULT):
        return LanguageChoice(metadata, METADATA)
    if current in SUPPORTED_LANGUAGES:
        return LanguageChoice(current, current_source or DEFAULT)
    return LanguageChoice(default, DEFAULT)


class LanguageDetector:
    """Detects the language of a chat message with lingua, answering only when it is sure."""

    def __init__(self) -> None:
        from lingua import Language, LanguageDetectorBuilder

        german_english = (Language.GERMAN, Language.ENGLISH)
        others = tuple(getattr(Language, name) for name in _OTHER_LANGUAGES)
        self._german_or_english = LanguageDetectorBuilder.from_languages(*german_english).build()
        self._any = LanguageDetectorBuilder.from_languages(*german_english, *others).build()

    def detect(self, text: str) -> Optional[str]:
        """ISO 639-1 code of the message's language, or None when the text is too short or mixed to tell."""
        return self.detection(text).language

    def detection(self, text: str) -> Detection:
        """The message's language with the detector's confidence and the number of words it had."""
        # Markup, links and link codes say nothing about the writer's language ("<script>" reads as English).
        text = _MARKUP.sub(" ", (text or "")[:_SAMPLE_LENGTH])
        words = _WORD.findall(text)
        letters = [word for word in words if not word.isdigit()]
        if not letters:
            return Detection()
        many_words = len(letters) >= _MIN_WORDS_FOR_CONFIDENT_GUESS
        best_any = self._any.compute_language_confidence_values(text)[0]
        code = best_any.language.iso_code_639_1.name.lower()
        needed_other = _CONFIDENCE_FOR_OTHER_LANGUAGE if many_words else _CONFIDENCE_FOR_FEW_WORDS
        if code not in SUPPORTED_LANGUAGES and best_any.value >= needed_other:
            return Detection(code, best_any.value, len(letters))
        best = self._german_or_english.compute_language_confidence_values(text)[0]
        needed = _CONFIDENCE_FOR_SENTENCES if many_words else _CONFIDENCE_FOR_FEW_WORDS
        if best.value >= needed:
            return Detection(best.language.iso_code_639_1.name.lower(), best.value, len(letters))
        return Detection(None, best.value, len(letters))


@functools.cache
def get_language_detector() -> LanguageDetector:
    """The process-wide detector, built on first use (loading its models takes about a second)."""
    return LanguageDetector()
