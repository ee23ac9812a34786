"""The action catalog: bilingual, concrete trust actions from `data/coaching/actions/*.yml`, each grounded in an article.

Entries are validated when loaded (pydantic for the shape, the articles for the sources); a bad
entry fails with the file, the entry and what is wrong, so a trainer can fix it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Literal, Mapping, Optional, Sequence, Union

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.coaching.vocabulary import BusinessType, Channel, Dimension, Effort, Practice, Problem, TeamSize, Topic
from bot.knowledge.articles import Article

CATALOG_GLOB = "*.yml"
ANY = "any"


class CatalogError(ValueError):
    """The catalog cannot be used; the message names the file, the entry and the problem."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    de: str = Field(min_length=3)
    en: str = Field(min_length=3)

    def __call__(self, language: str) -> str:
        return self.en if language == "en" else self.de


class Steps(_Strict):
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


class Applicability(_Strict):
    """Who the action is for: the first three filter ("any" for everyone), problems raise its priority."""

    business_types: List[Union[BusinessType, Literal["any"]]] = [ANY]
    channels: List[Union[Channel, Literal["any"]]] = [ANY]
    team_sizes: List[Union[TeamSize, Literal["any"]]] = [ANY]
    problems: List[Problem] = []

    @field_validator("business_types", "channels", "team_sizes")
    @classmethod
    def _any_alone(cls, values: list) -> list:
        if not values:
            raise ValueError('list at least one value, or "any"')
        if ANY in values and len(values) > 1:
            raise ValueError('"any" already includes every value; list it alone')
        return values


class Source(_Strict):
    article: str
    passage: str = Field(min_length=20, description="verbatim from the cleaned article text")


class CatalogAction(_Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: Text
    steps: Steps
    effort: Effort
    dimensions: List[Dimension] = Field(min_length=1)
    topics: List[Topic] = Field(min_length=1)
    applies: Applicability = Applicability()
    covered_by: Optional[Practice] = None  # a business that already does this needs the action less
    source: Source


@dataclass(frozen=True)
class Catalog:
    actions: Dict[str, CatalogAction]

    def __len__(self) -> int:
        return len(self.actions)

    def __iter__(self):
        return iter(self.actions.values())


def _normalised(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _describe(error: ValidationError) -> str:
    problems = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "entry"
        problems.append(f"{where}: {item['msg']}")
    return "; ".join(problems)


def _entries(path: Path) -> List[Mapping]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CatalogError(f"{path}: cannot be read as YAML ({error}).") from error
    entries = (data or {}).get("actions") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise CatalogError(f"{path}: expected a top-level `actions:` list of entries.")
    return entries


def parse_catalog_file(path: Path) -> List[CatalogAction]:
    actions = []
    for position, entry in enumerate(_entries(path), 1):
        label = f"entry {position}" + (f" (id {entry.get('id')!r})" if isinstance(entry, dict) and entry.get("id") else "")
        try:
            actions.append(CatalogAction.model_validate(entry))
        except ValidationError as error:
            raise CatalogError(f"{path}: {label}: {_describe(error)}") from None
    return actions


def check_sources(actions: Iterable[CatalogAction], articles: Sequence[Article], origin: Mapping[str, Path]) -> None:
    """Every source names an existing article and quotes it word for word (whitespace aside)."""
    texts = {article.id: _normalised(article.text) for article in articles}
    for action in actions:
        where = f"{origin[action.id]}: entry {action.id!r}"
        if action.source.article not in texts:
            raise CatalogError(
                f"{where}: source.article {action.source.article!r} is not an article; use one of {', '.join(sorted(texts))}."
            )
        if _normalised(action.source.passage) not in texts[action.source.article]:
            raise CatalogError(
                f"{where}: source.passage is not found word for word in article {action.source.article!r}; "
                "copy it from the article text (after cleaning: `trustcoach search` shows passages)."
            )


def load_catalog(directory: Path, articles: Sequence[Article]) -> Catalog:
    paths = sorted(directory.glob(CATALOG_GLOB))
    if not paths:
        raise CatalogError(f"{directory}: no action files ({CATALOG_GLOB}) found.")
    actions: Dict[str, CatalogAction] = {}
    origin: Dict[str, Path] = {}
    for path in paths:
        for action in parse_catalog_file(path):
            if action.id in actions:
                raise CatalogError(f"{path}: entry {action.id!r}: the id is already used in {origin[action.id]}.")
            actions[action.id] = action
            origin[action.id] = path
    check_sources(actions.values(), articles, origin)
    return Catalog(actions)
