"""The action catalog: bilingual, concrete trust actions from `data/coaching/actions/*.yml`, each grounded in an article.

Entries are validated when loaded (pydantic for the shape, the articles for the sources); a bad
entry fails with the file, the entry and what is wrong, so a trainer can fix it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Literal, Mapping, Optional, Sequence, Union

from pydantic import Field, ValidationError, field_validator, model_validator

from bot.coaching.content import ContentError, Source, SourceChecker, Strict, Text, describe, entry_label, read_yaml
from bot.coaching.vocabulary import BusinessType, Channel, Dimension, Effort, Practice, Problem, TeamSize, Topic, Touchpoint
from bot.knowledge.articles import Article

CATALOG_GLOB = "*.yml"
ANY = "any"
SPECIFIC = 3  # an action written for at most this many kinds of business is specific to them


class Steps(Strict):
    de: List[str] = Field(min_length=1, max_length=6)
    en: List[str] = Field(min_length=1, max_length=6)

    @model_validator(mode="after")
    def _same_number_of_steps(self) -> "Steps":
        if len(self.de) != len(self.en):
            raise ValueError(f"de has {len(self.de)} steps but en has {len(self.en)}; both languages need the same steps")
        if any(len(step.strip()) < 3 for step in (*self.de, *self.en)):
            raise ValueError("every step needs some words")
        return self

    def __call__(self, language: str) -> List[str]:
        return self.en if language == "en" else self.de


class Applicability(Strict):
    """Who the action is for: the first three filter ("any" for everyone); problems and touchpoints raise its
    priority; `core_for` names the problems it is one of the first answers to (always in such a plan)."""

    business_types: List[Union[BusinessType, Literal["any"]]] = [ANY]
    channels: List[Union[Channel, Literal["any"]]] = [ANY]
    team_sizes: List[Union[TeamSize, Literal["any"]]] = [ANY]
    problems: List[Problem] = []
    core_for: List[Problem] = []
    touchpoints: List[Touchpoint] = []

    @model_validator(mode="after")
    def _core_problems_are_problems(self) -> "Applicability":
        missing = [problem for problem in self.core_for if problem not in self.problems]
        if missing:
            raise ValueError(f"core_for lists {', '.join(missing)}, which problems does not; list them in problems too")
        return self

    @field_validator("business_types", "channels", "team_sizes")
    @classmethod
    def _any_alone(cls, values: list) -> list:
        if not values:
            raise ValueError('list at least one value, or "any"')
        if ANY in values and len(values) > 1:
            raise ValueError('"any" already includes every value; list it alone')
        return values


# Where a step gives examples, `{examples}` in it takes those for the reader's kind of business.
EXAMPLES_PLACEHOLDER = "{examples}"
DEFAULT_EXAMPLES = "default"


class CatalogAction(Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: Text
    steps: Steps
    # The steps for a business of one, where `steps` speak of a team ("brief your staff").
    solo_steps: Optional[Steps] = None
    # Examples for a step's `{examples}`, per kind of business, and `default` for any other or an unknown one:
    # a café reads "food at the table within 15 minutes", an online shop "shipped the same day".
    examples: Dict[Union[BusinessType, Literal["default"]], Text] = {}
    effort: Effort
    dimensions: List[Dimension] = Field(min_length=1)
    topics: List[Topic] = Field(min_length=1)
    applies: Applicability = Applicability()
    covered_by: Optional[Practice] = None  # a business that already does this needs the action less
    source: Source

    @model_validator(mode="after")
    def _examples_where_a_step_asks_for_them(self) -> "CatalogAction":
        wanted = any(EXAMPLES_PLACEHOLDER in step for steps in (self.steps, self.solo_steps) if steps for step in (*steps.de, *steps.en))
        if wanted and DEFAULT_EXAMPLES not in self.examples:
            raise ValueError(f"a step says {EXAMPLES_PLACEHOLDER}: give `examples` with at least `{DEFAULT_EXAMPLES}` (de/en)")
        if self.examples and not wanted:
            raise ValueError(f"`examples` are given but no step says {EXAMPLES_PLACEHOLDER} where they go")
        return self

    def text(self, language: str) -> str:
        """Title and steps as one text: what the next-step finder and the article guide embed."""
        return ". ".join([self.title(language), *self.steps_for(None, language)])

    def steps_for(self, team_size: Optional[str], language: str, business_type: Optional[str] = None) -> List[str]:
        """The steps in the reader's language, worded for a business of one when it is one, with the examples for
        the reader's kind of business."""
        steps = self.solo_steps if team_size == "solo" and self.solo_steps is not None else self.steps
        if not self.examples:
            return steps(language)
        examples = (self.examples.get(business_type) or self.examples[DEFAULT_EXAMPLES])(language)
        return [step.replace(EXAMPLES_PLACEHOLDER, examples) for step in steps(language)]

    @property
    def business_specific(self) -> bool:
        """Written for a few kinds of business rather than for every business."""
        return ANY not in self.applies.business_types and len(self.applies.business_types) <= SPECIFIC


@dataclass(frozen=True)
class Catalog:
    actions: Dict[str, CatalogAction]

    def __len__(self) -> int:
        return len(self.actions)

    def __iter__(self):
        return iter(self.actions.values())


def _entries(path: Path) -> List[Mapping]:
    data = read_yaml(path)
    entries = data.get("actions") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ContentError(f"{path}: expected a top-level `actions:` list of entries.")
    return entries


def parse_catalog_file(path: Path) -> List[CatalogAction]:
    actions = []
    for position, entry in enumerate(_entries(path), 1):
        try:
            actions.append(CatalogAction.model_validate(entry))
        except ValidationError as error:
            raise ContentError(f"{path}: {entry_label(position, entry)}: {describe(error)}") from None
    return actions


def load_catalog(directory: Path, articles: Sequence[Article]) -> Catalog:
    paths = sorted(directory.glob(CATALOG_GLOB))
    if not paths:
        raise ContentError(f"{directory}: no action files ({CATALOG_GLOB}) found.")
    actions: Dict[str, CatalogAction] = {}
    origin: Dict[str, Path] = {}
    for path in paths:
        for action in parse_catalog_file(path):
            if action.id in actions:
                raise ContentError(f"{path}: entry {action.id!r}: the id is already used in {origin[action.id]}.")
            actions[action.id] = action
            origin[action.id] = path
    checker = SourceChecker(articles)
    for action in actions.values():
        checker.check(action.source, f"{origin[action.id]}: entry {action.id!r}")
    return Catalog(actions)
