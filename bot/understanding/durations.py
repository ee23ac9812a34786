"""When to check in: relative dates in German and English ("in zwei Wochen", "in a fortnight", "next Monday")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Mapping, Optional

MAX_DAYS = 90
_SETTINGS = {"PREFER_DATES_FROM": "future", "RETURN_AS_TIMEZONE_AWARE": False}
_BARE_NUMBER = re.compile(r"^\s*(?:in\s+)?(\d{1,3})\s*$", re.IGNORECASE)
_WORDS_OF_A_SHORT_ANSWER = 3


@dataclass(frozen=True)
class DurationReading:
    days: Optional[int] = None
    out_of_range: bool = False  # a date was named, but today, in the past or too far ahead


def read_days(text: str, now: datetime, language: str, colloquial: Mapping[str, str] = {}) -> DurationReading:
    """Days from `now` to the date the text names (dateparser, both languages), or nothing when it names none."""
    from dateparser.search import search_dates

    text = _written_out(text or "", colloquial)
    bare = _BARE_NUMBER.match(text)
    if bare:  # "3" or "in 10" after "in how many days?"
        return _checked(int(bare.group(1)))
    languages = [language, "en" if language == "de" else "de"]
    settings = {**_SETTINGS, "RELATIVE_BASE": now.replace(tzinfo=None)}
    found = search_dates(text, languages=languages, settings=settings)
    if not found and len(text.split()) <= _WORDS_OF_A_SHORT_ANSWER:
        found = search_dates(f"in {text}", languages=languages, settings=settings)  # "eine Woche", "zwei Wochen"
    if not found or len({when.date() for _words, when in found}) != 1:
        return DurationReading()
    return _checked((found[0][1].date() - now.date()).days)


def _checked(days: int) -> DurationReading:
    if not 1 <= days <= MAX_DAYS:
        return DurationReading(out_of_range=True)
    return DurationReading(days)


def _written_out(text: str, colloquial: Mapping[str, str]) -> str:
    """Colloquial short forms spelled out, so the date parser knows them ("in nem Monat" -> "in einem Monat")."""
    for short, written in colloquial.items():
        text = re.sub(rf"(?<!\w){re.escape(short)}(?!\w)", written, text, flags=re.IGNORECASE)
    return text
