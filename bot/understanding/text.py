"""Plain forms of what users type: folded words, and their stems in German and English (Snowball)."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import FrozenSet, List, Sequence, Tuple

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# A compound is split when it is this long and the splitter is this sure ("Installateurbetrieb").
_MIN_COMPOUND_LENGTH = 9
_MIN_STEM = 4
_COMPOUND_CONFIDENCE = -0.6


def fold(text: str) -> str:
    """Lower case, umlauts spelled out, accents dropped: "Café Bäckerei" -> "cafe baeckerei"."""
    text = text.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def plain(text: str) -> str:
    """Folded words separated by single spaces; punctuation and symbols are gone."""
    return " ".join(words(text))


def words(text: str) -> List[str]:
    return _WORD.findall(fold(text or ""))


@functools.cache
def _stemmers():
    import Stemmer

    return Stemmer.Stemmer("german"), Stemmer.Stemmer("english")


@functools.cache
def _splitter():
    from compound_split import char_split

    return char_split


@functools.lru_cache(maxsize=65536)
def word_stems(word: str) -> FrozenSet[str]:
    """The word's German and English stems: "Bewertungen" and "bewertung" share one, so do "refunds" and "refund"."""
    german, english = _stemmers()
    # Stems shorter than this say too little ("anderes" -> "and"): only the word itself counts then.
    return frozenset({word} | {stem for stem in (german.stemWord(word), english.stemWord(word)) if len(stem) >= _MIN_STEM})


@functools.lru_cache(maxsize=65536)
def compound_parts(word: str) -> Tuple[str, ...]:
    """The parts of a long German compound, folded ("Installateurbetrieb" -> installateur, betrieb), or ()."""
    if len(word) < _MIN_COMPOUND_LENGTH or not word.isalpha():
        return ()
    candidates = _splitter().split_compound(word.capitalize())
    if not candidates or candidates[0][0] < _COMPOUND_CONFIDENCE:
        return ()
    return fold(candidates[0][1]), fold(candidates[0][2])


class Tokens:
    """A message as words, each with its stems, for matching phrases regardless of inflection."""

    def __init__(self, text: str) -> None:
        raw = _WORD.findall((text or "").casefold())
        self.words: Tuple[str, ...] = tuple(fold(word) for word in raw)
        self.stems: Tuple[FrozenSet[str], ...] = tuple(_stems_with_parts(word) for word in raw)

    def __len__(self) -> int:
        return len(self.words)

    def find(self, phrase: Sequence[FrozenSet[str]]) -> List[int]:
        """Start positions where the phrase (a sequence of stem sets) occurs."""
        size = len(phrase)
        return [
            start for start in range(len(self.stems) - size + 1)
            if all(self.stems[start + offset] & phrase[offset] for offset in range(size))
        ]


def _stems_with_parts(word: str) -> FrozenSet[str]:
    stems = set(word_stems(fold(word)))
    for part in compound_parts(word):
        stems |= word_stems(part)
    return frozenset(stems)


def phrase_stems(phrase: str) -> Tuple[FrozenSet[str], ...]:
    """A phrase from the vocabulary as stem sets, one per word (no compound splitting: phrases are exact)."""
    return tuple(word_stems(word) for word in words(phrase))
