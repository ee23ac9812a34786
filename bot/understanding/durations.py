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


# "in 3 weeks": the date found must be that many days, weeks, months or years ahead, or it is not trusted
# (dateparser reads unknown units oddly: "in 2 wks" once gave 62 days).
_IN_UNITS = re.compile(r"\bin\s+(\d{1,3})\s+\w+", re.IGNORECASE)
_GERMAN_DAY_MONTH = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(?!\d)")


def read_days(text: str, now: datetime, language: str, colloquial: Mapping[str, str] = {}, hedges=None) -> DurationReading:
    """Days from `now` to the date the text names (dateparser, both languages), or nothing when it names none."""
    from dateparser.search import search_dates

    from bot.understanding.numbers import with_digits

    text = with_digits(_written_out(text or "", colloquial))
    if hedges is not None:
        text = _without_hedges(text, hedges)
    text = _GERMAN_DAY_MONTH.sub(lambda match: _with_year(match, now), text)
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
    days = (found[0][1].date() - now.date()).days
    stated = _IN_UNITS.search(text)
    if stated and not _plausible(days, int(stated.group(1))):
        return DurationReading()
    return _checked(days)


def _plausible(days: int, count: int) -> bool:
    """Whether `days` can be `count` days, weeks, months or years."""
    return days in (count, 7 * count) or 28 * count <= days <= 31 * count or 365 * count <= days <= 366 * count


def _with_year(match, now: datetime) -> str:
    """„am 15.12.“ as a full date, this year or, if that day has passed, next year (dateparser reads it as 15:12)."""
    day, month = int(match.group(1)), int(match.group(2))
    try:
        year = now.year if datetime(now.year, month, day) >= now.replace(hour=0, minute=0, second=0, microsecond=0) else now.year + 1
    except ValueError:
        return match.group(0)
    return f"{day}.{month}.{year}"


def _without_hedges(text: str, hedges) -> str:
    """The text without "oder so", "about" and the like, which date parsers misread ("so" as Sonntag)."""
    from bot.understanding.text import Tokens

    tokens = Tokens(text)
    hedge_words = {tokens.words[position] for start, end in hedges.spans(tokens) for position in range(start, end)}
    kept = [word for word in re.split(r"(\s+)", text) if word.strip(",.!?").casefold() not in hedge_words]
    return "".join(kept).strip()


def _checked(days: int) -> DurationReading:
    if not 1 <= days <= MAX_DAYS:
        return DurationReading(out_of_range=True)
    return DurationReading(days)


def _written_out(text: str, colloquial: Mapping[str, str]) -> str:
    """Colloquial short forms spelled out, so the date parser knows them ("in nem Monat" -> "in einem Monat")."""
    for short, written in colloquial.items():
        text = re.sub(rf"(?<!\w){re.escape(short)}(?!\w)", written, text, flags=re.IGNORECASE)
    return text
