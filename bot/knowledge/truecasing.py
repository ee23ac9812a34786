"""Gives a typed question back the capitals and accents the articles write its words with.

Owners type fast: „wie krieg ich mehr stammkunden in mein cafe??“. The sentence embedding reads
lower-cased German nouns as other words (that question scored 0.835 against the loyalty article, the
properly written one 0.852, and the bar is 0.84), so the dense search sees the question as the articles
would have written it. Only words typed all in lower case change, and only to a form the articles use;
a word's form is the one it has most often inside sentences (the capital at a sentence start says nothing).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Dict, Iterable

_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?:;…“”\"»«]\s*$|^\s*$")


def _key(word: str) -> str:
    """Case and accents dropped: "Café", "cafe" and "CAFE" meet; "für" is both "fur" and (typed) "fuer"."""
    stripped = unicodedata.normalize("NFKD", word.casefold())
    return "".join(character for character in stripped if not unicodedata.combining(character))


def _umlaut_key(word: str) -> str:
    word = word.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return _key(word)


class CorpusCasing:
    def __init__(self, forms: Dict[str, str]) -> None:
        self._forms = forms

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> "CorpusCasing":
        counts: Dict[str, Counter] = {}
        for text in texts:
            for match in _WORD.finditer(text):
                word = match.group()
                if word.isdigit() or _SENTENCE_END.search(text[max(0, match.start() - 3):match.start()]):
                    continue
                for key in {_key(word), _umlaut_key(word)}:
                    counts.setdefault(key, Counter())[word] += 1
        return cls({key: forms.most_common(1)[0][0] for key, forms in counts.items()})

    def restore(self, text: str) -> str:
        """The text with every all-lower-case word the articles know written as they write it."""
        return _WORD.sub(self._restored_word, text)

    def _restored_word(self, match: "re.Match[str]") -> str:
        word = match.group()
        if not word.islower():
            return word
        return self._forms.get(_key(word), word)
