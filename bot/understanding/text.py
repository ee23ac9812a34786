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


# A clause ends at punctuation or at a word like "aber": a negation reaches only its own clause.
_CLAUSE_BREAK = re.compile(r"[,;:.!?()\n]|\b(?:aber|sondern|jedoch|but|however|whereas)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?\n])")


def sentences(text: str) -> List[str]:
    """The text's sentences, each with its end mark; "" gives []."""
    return [part.strip() for part in _SENTENCE_END.split(text or "") if part.strip()]


# Typos: one edit in a word of six or more letters, two in one of ten or more, the first letter right.
_ONE_TYPO_FROM = 6
_TWO_TYPOS_FROM = 10


class Tokens:
    """A message as words, each with its stems and its clause, for matching phrases regardless of inflection."""

    def __init__(self, text: str) -> None:
        raw, clauses = [], []
        for clause, part in enumerate(_CLAUSE_BREAK.split((text or "").casefold())):
            for word in _WORD.findall(part or ""):
                raw.append(word)
                clauses.append(clause)
        self.words: Tuple[str, ...] = tuple(fold(word) for word in raw)
        self.stems: Tuple[FrozenSet[str], ...] = tuple(_stems_with_parts(word) for word in raw)
        self.clauses: Tuple[int, ...] = tuple(clauses)

    def __len__(self) -> int:
        return len(self.words)

    def find(self, phrase: "Phrase", skippable: FrozenSet[str] = frozenset(), typos: bool = False) -> List[Tuple[int, int]]:
        """(start, end) of each occurrence of the phrase; filler words (`skippable`) may sit between its words,
        and with `typos` a longer word may be misspelt."""
        found = []
        for start in range(len(self.words)):
            position, matched = start, 0
            while matched < len(phrase.stems) and position < len(self.words):
                if self._matches(position, phrase, matched, typos):
                    matched, position = matched + 1, position + 1
                elif matched and self.words[position] in skippable:
                    position += 1
                else:
                    break
            if matched == len(phrase.stems):
                found.append((start, position))
        return found

    def _matches(self, position: int, phrase: "Phrase", index: int, typos: bool) -> bool:
        if self.stems[position] & phrase.stems[index]:
            return True
        if not typos:
            return False
        word, wanted = self.words[position], phrase.words[index]
        longest = max(len(word), len(wanted))
        allowed = 2 if longest >= _TWO_TYPOS_FROM else 1 if longest >= _ONE_TYPO_FROM else 0
        if not allowed or word[0] != wanted[0] or not word.isalpha():
            return False
        from rapidfuzz.distance import Levenshtein

        return Levenshtein.distance(word, wanted, score_cutoff=allowed) <= allowed


class Phrase:
    """A phrase of the vocabulary: its folded words and their stems (no compound splitting: phrases are exact)."""

    def __init__(self, text: str) -> None:
        self.words: Tuple[str, ...] = tuple(words(text))
        self.stems: Tuple[FrozenSet[str], ...] = tuple(word_stems(word) for word in self.words)


def _stems_with_parts(word: str) -> FrozenSet[str]:
    stems = set(word_stems(fold(word)))
    for part in compound_parts(word):
        stems |= word_stems(part)
    return frozenset(stems)
