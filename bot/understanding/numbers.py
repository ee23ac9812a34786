"""Numbers in what users type, as digits or words in German and English, and one way to write them."""

from __future__ import annotations

import re
from typing import List, Mapping, Optional

from bot.understanding.text import plain

_INTEGER = re.compile(r"(?<![\d.,])(\d{1,6})(?![\d,]|\.\d)")
# Isolated "ein"/"one" is an article or a pronoun far more often than a number ("ein Café", "the guarantee one"):
# they stay words (the vocabulary's number words say where they count, e.g. "one person").
_ISOLATED_THRESHOLD = 1
_ONE = re.compile(r"(?<![\w-])(one|ein|eine|einen|einem|einer|eins)(?![\w-])", re.IGNORECASE)
_KEPT = "zzkeptzz"


def with_digits(text: str) -> str:
    """The text with number words as digits, German and English ("zwölf" -> 12, "twenty five" -> 25)."""
    from text_to_num import alpha2digit

    kept = _ONE.findall(text)
    text = _ONE.sub(_KEPT, text)
    for language in ("de", "en"):
        text = alpha2digit(text, language, threshold=_ISOLATED_THRESHOLD)
    for word in kept:
        text = text.replace(_KEPT, word, 1)
    return text


def numbers_in(text: str, number_words: Mapping[str, int] = {}) -> List[int]:
    """Every whole number in the text, in order: digits, number words, and the vocabulary's words ("zu dritt")."""
    found = [int(match) for match in _INTEGER.findall(with_digits(text or ""))]
    padded = f" {plain(text or '')} "
    found += [value for words, value in number_words.items() if f" {words} " in padded]
    return found


def format_number(value: float, language: str, decimals: int = 1, fixed: bool = True) -> str:
    """A number as readers of the language write it: 3,5 in German, 3.5 in English (CLDR, via Babel).

    `fixed` keeps trailing zeros ("4,0" in a list of scores); otherwise they go ("4" in a sentence)."""
    from babel.numbers import format_decimal

    pattern = "0" if decimals <= 0 else "0." + ("0" if fixed else "#") * decimals
    return format_decimal(round(value, decimals), format=pattern, locale=language)


def single_number(numbers: List[int]) -> Optional[int]:
    """The one number named (repeats count once), or None for none or several."""
    distinct = set(numbers)
    return distinct.pop() if len(distinct) == 1 else None
