"""Puts right a typed question's misspelt words before it is embedded, with the words the texts use.

Owners type fast: "how do i get peple to come back more often?" scored 0.829 against the loyalty article,
"people" 0.854, and the bar is 0.845. A word the texts (articles, renditions, owners' questions) do not
use is replaced by the one word they use that is a single edit away (a swap of two letters is one; two edits for long words); when no word or
several words are that close, it stays as typed, so names and compounds the texts lack are left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Dict, Iterable

from rapidfuzz import process
from rapidfuzz.distance import OSA

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SHORTEST = 4  # shorter words are too easily another word ("sie" / "die")
_TWO_EDITS_FROM = 8


class Spelling:
    def __init__(self, counts: Dict[str, int]) -> None:
        self._counts = counts
        self._words = list(counts)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> "Spelling":
        counts: Counter = Counter()
        for text in texts:
            counts.update(word.casefold() for word in _WORD.findall(text))
        return cls(dict(counts))

    def correct(self, text: str) -> str:
        return _WORD.sub(lambda match: self._corrected(match.group()), text)

    def _corrected(self, word: str) -> str:
        folded = word.casefold()
        if len(folded) < _SHORTEST or folded in self._counts or not self._words:
            return word
        allowed = 2 if len(folded) >= _TWO_EDITS_FROM else 1
        found = process.extract(folded, self._words, scorer=OSA.distance, score_cutoff=allowed, limit=3)
        if not found:
            return word
        best = min(distance for _, distance, _ in found)
        closest = [candidate for candidate, distance, _ in found if distance == best]
        return _cased_like(word, closest[0]) if len(closest) == 1 else word


def _cased_like(typed: str, word: str) -> str:
    """The replacement written as the user wrote: capitalised if they capitalised."""
    return word[:1].upper() + word[1:] if typed[:1].isupper() else word

