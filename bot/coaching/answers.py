"""Understands profile answers typed in free text or pressed as buttons, using the words in `answer_words.yml`."""

from __future__ import annotations

import re
import typing
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Tuple

from bot.coaching.content import ContentError, read_yaml
from bot.coaching.wording import LABEL_GROUPS, PlanWording

NONE_KEY = "none"
STOP_KEY = "stop"


def _plain(text: str) -> str:
    """Lower case, umlauts spelled out, punctuation as spaces: "Café/Bäckerei" -> "cafe baeckerei"."""
    text = text.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@dataclass(frozen=True)
class Understood:
    values: Tuple[str, ...]
    ambiguous: bool = False  # several values fit a question that takes one


class AnswerReader:
    def __init__(self, words: Dict[str, Dict[str, List[str]]], none_words: List[str], stop_words: List[str] = ()) -> None:
        self._words = {group: {value: [_plain(w) for w in ws] for value, ws in values.items()} for group, values in words.items()}
        self._none = {_plain(word) for word in none_words}
        self._stop = {_plain(word) for word in stop_words}

    def means_stop(self, text: str) -> bool:
        """Whether the answer asks to pause the questions ("stopp", "later")."""
        return _plain(text or "") in self._stop

    def means_none(self, text: str) -> bool:
        """Whether the answer says "none of these" ("nichts davon", "none")."""
        return _plain(text or "") in self._none

    def read(self, group: str, text: str, several: bool = False) -> Understood:
        """The values of `group` the text names; for single questions, exactly one or `ambiguous`."""
        plain = _plain(text or "")
        if not plain:
            return Understood(())
        if several and plain in self._none:
            return Understood(())
        padded = f" {plain} "
        matches = {
            value: [word for word in words if word and f" {word} " in padded]
            for value, words in self._words[group].items()
        }
        found = [value for value, words in matches.items() if words]
        # A word inside a longer match of another value does not count ("online" in "online und vor ort").
        found = [value for value in found if not all(_inside(word, matches, value) for word in matches[value])]
        if several or len(found) <= 1:
            return Understood(tuple(found))
        return Understood(tuple(found), ambiguous=True)


def _inside(word: str, matches: Dict[str, List[str]], own: str) -> bool:
    return any(
        other != own and longer != word and f" {word} " in f" {longer} "
        for other, words in matches.items() for longer in words
    )


def load_answer_reader(path: Path, wording: PlanWording) -> AnswerReader:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ContentError(f"{path}: expected one section per profile question and `{NONE_KEY}:`.")
    words: Dict[str, Dict[str, List[str]]] = {}
    for group, vocabulary in LABEL_GROUPS.items():
        if group in ("dimension", "effort"):  # not asked from the user
            continue
        section = data.get(group) or {}
        unknown = set(section) - set(typing.get_args(vocabulary))
        if unknown:
            raise ContentError(f"{path}: {group}: {', '.join(sorted(unknown))} is not a value; use {', '.join(typing.get_args(vocabulary))}.")
        words[group] = {
            value: [value, value.replace("_", " "), *(str(word) for word in section.get(value) or []),
                    wording.label(group, value, "de"), wording.label(group, value, "en")]
            for value in typing.get_args(vocabulary)
        }
    return AnswerReader(
        words, [str(word) for word in data.get(NONE_KEY) or []], [str(word) for word in data.get(STOP_KEY) or []]
    )
