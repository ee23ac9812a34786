"""Self-check ratings 1-5: digits, number words, the scale's own labels and everyday agreement words."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from bot.understanding.numbers import numbers_in
from bot.understanding.text import Tokens
from bot.understanding.vocabulary import Vocabulary

LOWEST, HIGHEST = 1, 5
# "4 von 5", "4 out of 5", "4/5": the scale's top is not a second rating.
_OUT_OF = re.compile(rf"\b(?:von|aus|of|out of)\s+(?:{HIGHEST}|fünf|fuenf|five)\b|/\s*{HIGHEST}\b", re.IGNORECASE)
# A negated rating word turns around: "nicht gut" is 2, "nicht selten" is 4.
_NEGATED = {5: 2, 4: 2, 3: 3, 2: 4, 1: 4}


@dataclass(frozen=True)
class RatingReading:
    rating: Optional[int] = None
    dont_know: bool = False

    @property
    def understood(self) -> bool:
        return self.rating is not None or self.dont_know


def read_rating(text: str, vocabulary: Vocabulary) -> RatingReading:
    """The one rating an answer gives ("4", "vier", "eher ja", "trifft voll zu"), "don't know", or nothing."""
    text = text or ""
    tokens = Tokens(text)
    if not tokens.words:
        return RatingReading()
    numbers = {number for number in numbers_in(_OUT_OF.sub(" ", text), vocabulary.number_words) if LOWEST <= number <= HIGHEST}
    if len(numbers) == 1:
        return RatingReading(numbers.pop())
    if len(numbers) > 1:  # "3 oder 4": ask again rather than guess
        return RatingReading()
    if vocabulary.dont_know.found_in(tokens):
        return RatingReading(dont_know=True)
    return RatingReading(_rating_in_words(tokens, vocabulary))


def _rating_in_words(tokens: Tokens, vocabulary: Vocabulary) -> Optional[int]:
    """The rating of the longest phrase found; a negation right before it turns it around."""
    matches = [(end - start, start, rating) for rating, phrases in vocabulary.ratings.items()
               for start, end in phrases.spans(tokens)]
    if not matches:
        return None
    longest = max(length for length, _start, _rating in matches)
    ratings = {rating for length, _start, rating in matches if length == longest}
    if len(ratings) != 1:
        return None
    rating = ratings.pop()
    start = min(start for length, start, value in matches if length == longest and value == rating)
    negations = [end for _start, end in vocabulary.negation.spans(tokens) if end == start]
    return _NEGATED[rating] if negations and longest == 1 else rating
