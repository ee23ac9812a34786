"""BM25 over passages with language-aware tokens: case folded, Snowball stems; German umlauts folded, compounds split."""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import List, Sequence

import numpy as np

# CharSplit scores above this are confident splits ("Vertrauenslücke" -> Vertrauens + Lücke).
_COMPOUND_CONFIDENCE = 0.5
_MIN_COMPOUND_LENGTH = 8
_WORD = re.compile(r"\w+", re.UNICODE)


_STEMMER_LANGUAGES = {"de": "german", "en": "english"}


@functools.cache
def stemmer(language: str = "de"):
    """The Snowball stemmer for the language (German for any other)."""
    import Stemmer

    return Stemmer.Stemmer(_STEMMER_LANGUAGES.get(language, "german"))


@functools.cache
def _compound_splitter():
    from compound_split import char_split

    return char_split


def _fold(word: str) -> str:
    """Lower case, ß -> ss, umlauts without dots, so "Lücke", "lucke" and "Luecke" meet."""
    word = word.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode() or word


@functools.lru_cache(maxsize=65536)
def _compound_parts(word: str) -> tuple:
    if len(word) < _MIN_COMPOUND_LENGTH or not word.isalpha():
        return ()
    candidates = _compound_splitter().split_compound(word)
    if not candidates or candidates[0][0] < _COMPOUND_CONFIDENCE:
        return ()
    _score, head, tail = candidates[0]
    return (head, tail, *_compound_parts(tail.lower()))


def analyze(text: str, language: str = "de") -> List[str]:
    """Index terms of a text: the stem of every word, plus (in German) the stems of compound parts."""
    stem = stemmer(language).stemWord
    terms: List[str] = []
    for word in _WORD.findall(text):
        lowered = word.lower()
        terms.append(stem(_fold(lowered)))
        if language == "de":
            terms.extend(stem(_fold(part.lower())) for part in _compound_parts(lowered))
    return terms


class Bm25:
    """Okapi BM25 (bm25s) over a fixed list of texts in one language; scores for every text at once."""

    def __init__(self, texts: Sequence[str], language: str = "de") -> None:
        import bm25s

        self.language = language
        self._retriever = bm25s.BM25()
        self._retriever.index([analyze(text, language) or ["_"] for text in texts], show_progress=False)
        self._vocabulary = set(self._retriever.vocab_dict)
        self.size = len(texts)

    def scores(self, query: str) -> np.ndarray:
        terms = [term for term in analyze(query, self.language) if term in self._vocabulary]
        if not terms:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(terms), dtype=np.float32)
