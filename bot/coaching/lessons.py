"""The lesson topics: which articles each lesson draws on, what it is about and its tip for the user's business
(data/coaching/lessons.yml).

A lesson is written once, in the domain; its closing tip ("For you: …") is chosen from the content for the
business the coach knows (`for_you`: the first tip whose `when` fits, the last one fits every business). Asked
again, a lesson is not repeated word for word: the coach quotes the lesson's articles where the user has not
read them yet, and says when everything on the topic has been shown.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Optional, Sequence, Tuple

from pydantic import Field, ValidationError

from bot.coaching.content import ContentError, Strict, Text, describe, normalised, read_yaml
from bot.coaching.profile import KnownBusiness
from bot.coaching.vocabulary import BusinessType, TeamSize, Topic
from bot.knowledge.articles import Article
from bot.suggestions import LESSON_INTENT_PREFIX

TOPICS = typing.get_args(Topic)


class TipCondition(Strict):
    """Which businesses a tip is for: each field given must hold what the coach knows (a field left out rules
    nothing out; a fact not known yet fits no field that asks for it)."""

    business_type: Tuple[BusinessType, ...] = ()
    team_size: Tuple[TeamSize, ...] = ()

    def fits(self, known: Optional[KnownBusiness]) -> bool:
        """A tip for plumbers is not given to someone who has not said what they do."""
        known = known or KnownBusiness()
        return all(
            value in wanted
            for wanted, value in ((self.business_type, known.business_type), (self.team_size, known.team_size))
            if wanted
        )


class Tip(Text):
    """A tip's text in both languages, and the businesses it is for (None: every business)."""

    when: Optional[TipCondition] = None


class LessonInfo(Strict):
    articles: Tuple[str, ...] = Field(min_length=1)
    about: Text
    retells: Tuple[str, ...] = ()  # article sentences the lesson tells in its own words
    for_you: Tuple[Tip, ...] = Field(min_length=1)


@dataclass(frozen=True)
class Lesson:
    topic: str
    articles: Tuple[str, ...]
    about: Text
    retells: Tuple[str, ...] = ()
    for_you: Tuple[Tip, ...] = ()

    @property
    def intent(self) -> str:
        return f"{LESSON_INTENT_PREFIX}{self.topic}"

    def tip(self, language: str, known: Optional[KnownBusiness] = None) -> str:
        """The closing tip for this business: the first whose condition fits (the last fits every business)."""
        for tip in self.for_you:
            if tip.when is None or tip.when.fits(known):
                return tip(language)
        return ""


class Lessons:
    def __init__(self, lessons: Dict[str, Lesson]) -> None:
        self._lessons = lessons

    def __getitem__(self, topic: str) -> Lesson:
        return self._lessons[topic]

    def for_intent(self, intent: Optional[str]) -> Optional[Lesson]:
        """The lesson an intent asks for (ask_<topic>), None for any other intent."""
        name = intent or ""
        return self._lessons.get(name[len(LESSON_INTENT_PREFIX):]) if name.startswith(LESSON_INTENT_PREFIX) else None

    def __iter__(self):
        return iter(self._lessons.values())


def load_lessons(path: Path, articles: Sequence[Article]) -> Lessons:
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ContentError(f"{path}: expected one entry per lesson topic ({', '.join(TOPICS)}).")
    known = {article.id for article in articles}
    lessons = {}
    for topic, entry in data.items():
        if topic not in TOPICS:
            raise ContentError(f"{path}: {topic!r} is not a lesson topic; use {', '.join(TOPICS)}.")
        try:
            info = LessonInfo.model_validate(entry)
        except ValidationError as error:
            raise ContentError(f"{path}: {topic}: {describe(error)}") from None
        unknown = [article for article in info.articles if article not in known]
        if unknown:
            raise ContentError(f"{path}: {topic}: articles {unknown} do not exist; use one of {', '.join(sorted(known))}.")
        texts = [normalised(article.text) for article in articles if article.id in info.articles]
        for excerpt in info.retells:
            if not any(normalised(excerpt) in text for text in texts):
                raise ContentError(
                    f"{path}: {topic}: retells {excerpt!r} is not found word for word in {', '.join(info.articles)}; "
                    "copy it from the cleaned article text (`trustcoach search` shows passages)."
                )
        if info.for_you[-1].when is not None or any(tip.when is None for tip in info.for_you[:-1]):
            raise ContentError(
                f"{path}: {topic}: for_you needs exactly one tip without `when`, the last: it is the one for a business "
                "the coach knows nothing of (tips are tried in order and the first that fits is given)."
            )
        lessons[topic] = Lesson(topic, info.articles, info.about, info.retells, info.for_you)
    missing = [topic for topic in TOPICS if topic not in lessons]
    if missing:
        raise ContentError(f"{path}: the topics {', '.join(missing)} have no entry (articles and about).")
    return Lessons(lessons)
