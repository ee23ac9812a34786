"""The words the coach understands, loaded from `data/coaching/understanding.yml` and `answer_words.yml`."""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, FrozenSet, List, Mapping, Sequence, Tuple

from bot.coaching.content import ContentError, read_yaml
from bot.coaching.wording import LABEL_GROUPS, PlanWording
from bot.understanding.text import Phrase, Tokens

# The answer groups of answer_words.yml that users answer (dimension and effort are never asked).
ANSWER_GROUPS = ("business_type", "reach", "team_size", "touchpoint", "problem", "practice", "item_status")
# Profile question (form slot) -> its answer group.
QUESTION_GROUPS = {
    "business_type": "business_type", "reach": "reach", "team_size": "team_size",
    "touchpoints": "touchpoint", "problem": "problem", "practices": "practice",
}


class PhraseList:
    """A list of words and phrases, matched in a message by stems ("Bewertungen" finds "bewertung"), one typo
    allowed in longer words, filler words allowed between the words of a phrase."""

    def __init__(self, phrases: Sequence[str], fillers: FrozenSet[str] = frozenset(), typos: bool = False) -> None:
        unquoted = [phrase for phrase in phrases if isinstance(phrase, bool)]
        if unquoted:  # YAML reads a bare yes / no / true as a boolean
            raise ContentError(f"write yes, no, true and false in quotes in the word lists (found {unquoted}).")
        self.texts = tuple(str(phrase) for phrase in phrases)
        self._phrases: Tuple[Phrase, ...] = tuple(phrase for phrase in map(Phrase, self.texts) if phrase.words)
        self._fillers = fillers
        self._typos = typos

    def spans(self, tokens: Tokens, typos: bool = False) -> List[Tuple[int, int]]:
        """(start, end) of every occurrence of any phrase; with `typos`, misspelt longer words count too (where
        the list allows it; callers try without first, so "Preise" never becomes a misspelt "Presse")."""
        return [span for phrase in self._phrases for span in tokens.find(phrase, self._fillers, typos and self._typos)]

    def found_in(self, tokens: Tokens) -> bool:
        return bool(self.spans(tokens))

    def covers(self, tokens: Tokens) -> bool:
        """Whether the phrases found cover every word of the message ("nichts davon", "no idea")."""
        covered = {position for start, end in self.spans(tokens) for position in range(start, end)}
        return bool(tokens.words) and covered == set(range(len(tokens.words)))


@dataclass(frozen=True)
class Option:
    value: str
    exact: FrozenSet[str]  # the id and labels, folded: a message equal to one of them is this option
    words: PhraseList
    examples: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    options: Dict[str, List[Option]]
    defaults: Dict[str, object]
    stop: PhraseList
    none: PhraseList
    goods_made: PhraseList
    dont_know: PhraseList
    yes: PhraseList
    no: PhraseList
    negation: PhraseList
    not_negating: PhraseList
    number_words: Dict[str, int]
    more_than: PhraseList
    team_self: PhraseList
    team_partner: PhraseList
    team_people: PhraseList
    ratings: Dict[int, PhraseList]
    last_item: PhraseList
    languages: Dict[str, PhraseList]
    language_complaint: PhraseList
    original_text: PhraseList
    date_hedges: PhraseList
    clientele: PhraseList
    question_words: PhraseList
    greetings: PhraseList
    own_business: PhraseList
    problem_cues: PhraseList
    colloquial: Dict[str, str] = field(default_factory=dict)


def _list(data: Mapping, key: str, path: Path) -> List[str]:
    value = data.get(key)
    if not isinstance(value, list) or not value:
        raise ContentError(f"{path}: `{key}:` must be a non-empty list of words.")
    return [str(word) for word in value]


def _mapping(data: Mapping, key: str, path: Path) -> Mapping:
    value = data.get(key)
    if not isinstance(value, dict) or not value:
        raise ContentError(f"{path}: `{key}:` must map names to values.")
    return value


def load_vocabulary(content_dir: Path, wording: PlanWording) -> Vocabulary:
    """Both vocabulary files of `content_dir`; every mistake is reported with the file and the section."""
    from bot.understanding.text import plain

    answers_path = content_dir / "answer_words.yml"
    shared_path = content_dir / "understanding.yml"
    answers = read_yaml(answers_path)
    shared = read_yaml(shared_path)
    if not isinstance(answers, dict) or not isinstance(shared, dict):
        raise ContentError(f"{answers_path} and {shared_path}: expected sections of words (see the comments in the files).")
    # Words that may sit inside a phrase without breaking it ("weiß ich echt nicht").
    fillers = frozenset(plain(str(word)) for word in shared.get("fillers") or [])

    def phrases(words: Sequence[str], typos: bool = False) -> "PhraseList":
        # Typos are forgiven in the words of options and ratings, never in short function words ("keine", "ne").
        return PhraseList(words, fillers, typos)

    examples = answers.get("examples") or {}
    options: Dict[str, List[Option]] = {}
    for group in ANSWER_GROUPS:
        allowed = typing.get_args(LABEL_GROUPS[group])
        section = answers.get(group) or {}
        unknown = set(section) - set(allowed)
        if unknown:
            raise ContentError(f"{answers_path}: {group}: {', '.join(sorted(unknown))} is not a value; use {', '.join(allowed)}.")
        options[group] = [
            Option(
                value=value,
                exact=frozenset(plain(text) for text in (
                    value, value.replace("_", " "), wording.label(group, value, "de"), wording.label(group, value, "en"))),
                words=phrases([value.replace("_", " "), *(section.get(value) or []),
                               wording.label(group, value, "de"), wording.label(group, value, "en")], typos=True),
                examples=tuple(str(example) for example in (examples.get(group) or {}).get(value) or ()),
            )
            for value in allowed
        ]
    defaults = answers.get("defaults") or {}
    missing = set(QUESTION_GROUPS) - set(defaults)
    if missing:
        raise ContentError(f"{answers_path}: defaults: no default for {', '.join(sorted(missing))}.")
    team = _mapping(shared, "team", shared_path)
    ratings = _mapping(shared, "ratings", shared_path)
    if sorted(int(key) for key in ratings) != [1, 2, 3, 4, 5]:
        raise ContentError(f"{shared_path}: ratings: give words for each of 1, 2, 3, 4 and 5.")
    languages = _mapping(shared, "languages", shared_path)

    def shared_words(key: str) -> PhraseList:
        return phrases(_list(shared, key, shared_path))

    return Vocabulary(
        options=options,
        defaults=dict(defaults),
        stop=phrases(_list(answers, "stop", answers_path)),
        none=phrases(_list(answers, "none", answers_path)),
        goods_made=phrases(_list(answers, "goods_made", answers_path)),
        dont_know=shared_words("dont_know"),
        yes=shared_words("yes"),
        no=shared_words("no"),
        negation=shared_words("negation"),
        not_negating=shared_words("not_negating"),
        number_words={plain(str(words)): int(value) for words, value in _mapping(shared, "number_words", shared_path).items()},
        more_than=shared_words("more_than"),
        team_self=phrases(_list(team, "self", shared_path)),
        team_partner=phrases(_list(team, "partner", shared_path)),
        team_people=phrases(_list(team, "people", shared_path)),
        ratings={int(value): phrases([str(word) for word in words], typos=True) for value, words in ratings.items()},
        last_item=shared_words("last_item"),
        languages={code: phrases([str(word) for word in words]) for code, words in languages.items()},
        language_complaint=shared_words("language_complaint"),
        original_text=shared_words("original_text"),
        date_hedges=shared_words("date_hedges"),
        clientele=shared_words("clientele"),
        question_words=shared_words("question_words"),
        greetings=shared_words("greetings"),
        own_business=shared_words("own_business"),
        problem_cues=shared_words("problem_cues"),
        colloquial={str(word): str(written) for word, written in (shared.get("colloquial") or {}).items()},
    )
