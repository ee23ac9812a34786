"""The trust self-check: statements rated 1-5, scored per dimension, the weakest named, and changes since last time."""

from __future__ import annotations

import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence

from pydantic import ValidationError

from bot.coaching.content import ContentError, Source, SourceChecker, Strict, Text, describe, entry_label, read_yaml
from bot.coaching.vocabulary import Dimension
from bot.knowledge.articles import Article

LOWEST, HIGHEST = 1, 5
DIMENSIONS = typing.get_args(Dimension)


class Statement(Strict):
    id: str
    dimension: Dimension
    text: Text
    solo_text: Optional[Text] = None  # worded for a business of one

    def wording(self, team_size: Optional[str], language: str) -> str:
        text = self.solo_text if team_size == "solo" and self.solo_text is not None else self.text
        return text(language)


class DimensionInfo(Strict):
    name: Text
    explanation: Text
    source: Source


class SelfCheckError(ValueError):
    """The answers cannot be scored; the message says which statement and why."""


class ChartLegend(Strict):
    now: Text
    before: Text


@dataclass(frozen=True)
class SelfCheck:
    statements: List[Statement]
    dimensions: Dict[str, DimensionInfo]
    legend: ChartLegend

    def score(self, answers: Mapping[str, Optional[int]]) -> "SelfCheckResult":
        """Mean rating per dimension. Every statement needs an answer: a whole number from 1 to 5, or None for
        "don't know", which is left out (a dimension with no rating at all has no score)."""
        missing = [statement.id for statement in self.statements if statement.id not in answers]
        if missing:
            raise SelfCheckError(f"not rated yet: {', '.join(missing)}")
        unknown = sorted(set(answers) - {statement.id for statement in self.statements})
        if unknown:
            raise SelfCheckError(f"not statements of the self-check: {', '.join(unknown)}")
        ratings: Dict[str, List[int]] = {dimension: [] for dimension in DIMENSIONS}
        for statement in self.statements:
            rating = answers[statement.id]
            if rating is None:
                continue
            if isinstance(rating, bool) or not isinstance(rating, int) or not LOWEST <= rating <= HIGHEST:
                raise SelfCheckError(f"{statement.id}: {rating!r} is not a rating from {LOWEST} to {HIGHEST}")
            ratings[statement.dimension].append(rating)
        return SelfCheckResult({
            dimension: sum(values) / len(values) if values else None for dimension, values in ratings.items()
        })


@dataclass(frozen=True)
class SelfCheckResult:
    scores: Dict[str, Optional[float]]  # dimension -> mean rating 1..5, None when nothing of it was rated

    @property
    def rated(self) -> List[str]:
        """The dimensions with a score, in the order of DIMENSIONS."""
        return [dimension for dimension in DIMENSIONS if self.scores.get(dimension) is not None]

    @property
    def weakest(self) -> Optional[str]:
        """The lowest-rated dimension; ties go to the one listed first (the four traits before the rest)."""
        return min(self.rated, key=lambda dimension: (self.scores[dimension], DIMENSIONS.index(dimension)), default=None)

    def changes_since(self, earlier: Optional["SelfCheckResult"]) -> Dict[str, float]:
        """Per dimension, how much the rating moved since an earlier self-check (empty without one)."""
        if earlier is None:
            return {}
        return {
            dimension: self.scores[dimension] - earlier.scores[dimension]
            for dimension in self.rated if earlier.scores.get(dimension) is not None
        }


def load_self_check(path: Path, articles: Sequence[Article]) -> SelfCheck:
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("statements"), list) or not isinstance(data.get("dimensions"), dict):
        raise ContentError(f"{path}: expected `statements:` (a list) and `dimensions:` (one entry per dimension).")
    statements = []
    for position, entry in enumerate(data["statements"], 1):
        try:
            statements.append(Statement.model_validate(entry))
        except ValidationError as error:
            raise ContentError(f"{path}: statements: {entry_label(position, entry)}: {describe(error)}") from None
    dimensions = {}
    for name, entry in data["dimensions"].items():
        if name not in DIMENSIONS:
            raise ContentError(f"{path}: dimensions: {name!r} is not a dimension; use {', '.join(DIMENSIONS)}.")
        try:
            dimensions[name] = DimensionInfo.model_validate(entry)
        except ValidationError as error:
            raise ContentError(f"{path}: dimensions: {name}: {describe(error)}") from None
    for dimension in DIMENSIONS:
        if dimension not in dimensions:
            raise ContentError(f"{path}: dimensions: {dimension} has no name, explanation and source.")
        if not any(statement.dimension == dimension for statement in statements):
            raise ContentError(f"{path}: statements: no statement measures {dimension}.")
    if len({statement.id for statement in statements}) != len(statements):
        raise ContentError(f"{path}: statements: every id must be unique.")
    try:
        legend = ChartLegend.model_validate(data.get("chart_legend"))
    except ValidationError as error:
        raise ContentError(f"{path}: chart_legend: {describe(error)}") from None
    checker = SourceChecker(articles)
    for name, info in dimensions.items():
        checker.check(info.source, f"{path}: dimensions: {name}")
    return SelfCheck(statements, dimensions, legend)
