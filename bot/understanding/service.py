"""The understanding of the project's content, loaded once per process."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Dict, Optional, Sequence, Tuple

from bot.coaching.wording import PlanWording, load_wording
from bot.understanding.durations import DurationReading, read_days
from bot.understanding.language_requests import requested_language
from bot.understanding.meaning import MeaningMatcher
from bot.understanding.options import OptionReader, Reading
from bot.understanding.plan_items import ItemReading, read_item
from bot.understanding.profile_facts import profile_facts
from bot.understanding.questions import after_greeting, looks_like_question, opens_with_greeting
from bot.understanding.ratings import RatingReading, read_rating
from bot.understanding.text import Tokens
from bot.understanding.vocabulary import QUESTION_GROUPS, Vocabulary, load_vocabulary



# Profile questions that take several answers.
SEVERAL_ANSWERS = ("touchpoints", "practices")


@dataclass
class Understanding:
    vocabulary: Vocabulary
    options: OptionReader

    def means_stop(self, text: str) -> bool:
        return self.options.means_stop(text)

    def profile_answer(self, question: str, text: str) -> Reading:
        """The answer to a profile question (a form slot: business_type, reach, team_size, touchpoints, ...)."""
        return self.options.read(
            QUESTION_GROUPS[question], text, several=question in SEVERAL_ANSWERS, default=self.vocabulary.defaults[question]
        )

    def yes_or_no(self, text: str) -> Optional[bool]:
        """True for yes ("ja, stimmt"), False for no ("nein, falsch"), None when it is neither or both."""
        tokens = Tokens(text or "")
        yes, no = self.vocabulary.yes.spans(tokens), self.vocabulary.no.spans(tokens)
        # A word inside a longer phrase of the other side does not count ("stimmt" in „stimmt nicht“).
        yes_kept = [span for span in yes if not _inside_longer(span, no)]
        no_kept = [span for span in no if not _inside_longer(span, yes)]
        return None if bool(yes_kept) == bool(no_kept) else bool(yes_kept)

    def profile_facts(self, text: str) -> Dict[str, str]:
        return profile_facts(text, self.options)

    def problems_named(self, text: str) -> Tuple[str, ...]:
        """The profile's problems a message names by word ("3 schlechte Bewertungen" -> few_bad_reviews), about
        any business: what a question is about, not a fact about the user's own."""
        return tuple(value for value in self.options.named("problem", Tokens(text or ""), several=True) if value != "other")

    def rating(self, text: str) -> RatingReading:
        return read_rating(text, self.vocabulary)

    def check_in_days(self, text: str, now: datetime, language: str) -> DurationReading:
        return read_days(text, now, language, self.vocabulary.colloquial, self.vocabulary.date_hedges)

    def plan_item(self, text: str, titles: Sequence[Sequence[str]]) -> ItemReading:
        return read_item(text, titles, self.vocabulary, self.options)

    def language_request(self, text: str, written_in: Optional[str]) -> Optional[str]:
        return requested_language(text, written_in, self.vocabulary)

    def is_question(self, text: str) -> bool:
        return looks_like_question(text, self.vocabulary)

    def after_greeting(self, text: str) -> str:
        return after_greeting(text, self.vocabulary)

    def opens_with_greeting(self, text: str) -> bool:
        return opens_with_greeting(text, self.vocabulary)


def load_understanding(content_dir: Path, wording: PlanWording, embedder=None) -> Understanding:
    """The vocabulary of `content_dir`; with an embedder, answers no word fits are also compared by meaning."""
    vocabulary = load_vocabulary(content_dir, wording)
    meaning = MeaningMatcher(embedder) if embedder is not None else None
    return Understanding(vocabulary, OptionReader(vocabulary, meaning))


@functools.cache
def get_understanding() -> Understanding:
    """The process-wide understanding of the project's content, with the configured sentence embedding."""
    from bot.config import Settings
    from bot.knowledge.embedders import make_embedder

    settings = Settings.from_env()
    content = settings.project_dir / "data" / "coaching"
    return load_understanding(content, load_wording(content / "wording.yml"), make_embedder(settings.embedder))


def _inside_longer(span, others) -> bool:
    start, end = span
    return any(other_start <= start and end <= other_end and other_end - other_start > end - start
               for other_start, other_end in others)
