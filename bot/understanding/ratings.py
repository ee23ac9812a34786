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
    """The rating of the longest phrase found. Equally long ones combine: all agreeing ("definitely yes") gives
    the strongest, agreeing and disagreeing ("sometimes yes, sometimes no") the middle. A negation elsewhere in
    the phrase's clause turns a one-word rating around („stimmt leider nicht“ is 2)."""
    matches = _matches(tokens, vocabulary, typos=False) or _matches(tokens, vocabulary, typos=True)
    if not matches:
        return None
    longest = max(end - start for start, end, _rating in matches)
    top = [(start, end, rating) for start, end, rating in matches if end - start == longest]
    ratings = {rating for _start, _end, rating in top}
    if len(ratings) > 1:
        if min(ratings) >= 4:
            return max(ratings)
        if max(ratings) <= 2:
            return min(ratings)
        return 3 if min(ratings) <= 2 and max(ratings) >= 4 else None
    rating = ratings.pop()
    if longest == 1:
        start, end, _rating = top[0]
        clause = tokens.clauses[start]
        negated = any(tokens.clauses[negation] == clause and not start <= negation < end
                      for negation, _end in vocabulary.negation.spans(tokens))
        if negated:
            return _NEGATED[rating]
    return rating


def _matches(tokens: Tokens, vocabulary: Vocabulary, typos: bool):
    return [(start, end, rating) for rating, phrases in vocabulary.ratings.items()
            for start, end in phrases.spans(tokens, typos=typos)]
