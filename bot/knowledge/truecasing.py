"""Gives a typed question back the capitals and accents the articles write its words with.

Owners type fast: „wie krieg ich mehr stammkunden in mein cafe??“. The sentence embedding reads
lower-cased German nouns as other words (that question scored 0.835 against the loyalty article, the
properly written one 0.852, and the bar is 0.84), so the dense search sees the question as the articles
would have written it. Only words typed all in lower case change, and only to a form the articles use;
a word's form is the one it has most often inside sentences (the capital at a sentence start says nothing).
A German word the texts do not use is written with a capital when words of its stem are nouns there:
„kundinnen“ becomes „Kundinnen“ because the texts write „Kunden“ (the feminine -in/-innen is a form of the
same noun).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Callable, Dict, Iterable, Optional

_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?:;…“”\"»«]\s*$|^\s*$")


def _key(word: str) -> str:
    """Case and accents dropped: "Café", "cafe" and "CAFE" meet; "für" is both "fur" and (typed) "fuer"."""
    stripped = unicodedata.normalize("NFKD", word.casefold())
    return "".join(character for character in stripped if not unicodedata.combining(character))


def _umlaut_key(word: str) -> str:
    word = word.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return _key(word)


# Endings of the feminine form of a German noun, as the stemmer leaves them („kundinnen“ -> „kundinn“).
_FEMININE_STEM_ENDINGS = ("inn", "in")


class CorpusCasing:
    def __init__(self, forms: Dict[str, str], noun_stems: Iterable[str] = (), stem: Optional[Callable[[str], str]] = None) -> None:
        self._forms = forms
        self._noun_stems = frozenset(noun_stems)
        self._stem = stem

    @classmethod
    def from_texts(cls, texts: Iterable[str], stem: Optional[Callable[[str], str]] = None) -> "CorpusCasing":
        """`stem` (a German stemmer) also capitalises unknown words whose stem is a noun of the texts."""
        counts: Dict[str, Counter] = {}
        for text in texts:
            for match in _WORD.finditer(text):
                word = match.group()
                if word.isdigit() or _SENTENCE_END.search(text[max(0, match.start() - 3):match.start()]):
                    continue
                for key in {_key(word), _umlaut_key(word)}:
                    counts.setdefault(key, Counter())[word] += 1
        forms = {key: forms.most_common(1)[0][0] for key, forms in counts.items()}
        by_stem: Dict[str, Counter] = {}
        if stem is not None:
            for form in set(forms.values()):
                by_stem.setdefault(stem(form.casefold()), Counter())[form[:1].isupper()] += 1
        noun_stems = [word_stem for word_stem, capitals in by_stem.items() if capitals[True] > capitals[False]]
        return cls(forms, noun_stems, stem)

    def restore(self, text: str) -> str:
        """The text with every all-lower-case word the articles know written as they write it."""
        return _WORD.sub(self._restored_word, text)

    def _restored_word(self, match: "re.Match[str]") -> str:
        word = match.group()
        if not word.islower():
            return word
        known = self._forms.get(_key(word))
        if known is not None:
            return known
        return word[:1].upper() + word[1:] if self._is_noun(word) else word

    def _is_noun(self, word: str) -> bool:
        if self._stem is None or len(word) < 4:
            return False
        word_stem = self._stem(word)
        candidates = [word_stem] + [word_stem[: -len(end)] for end in _FEMININE_STEM_ENDINGS if word_stem.endswith(end)]
        return any(candidate in self._noun_stems for candidate in candidates if len(candidate) >= 3)
