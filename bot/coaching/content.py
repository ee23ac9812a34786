"""Building blocks of the coaching content files: bilingual text, article sources, and readable validation errors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, Mapping, Sequence

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.knowledge.articles import Article


class ContentError(ValueError):
    """A content file cannot be used; the message names the file, the entry and the problem."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    de: str = Field(min_length=3)
    en: str = Field(min_length=3)

    def __call__(self, language: str) -> str:
        return self.en if language == "en" else self.de


class Source(Strict):
    article: str
    passage: str = Field(min_length=20, description="verbatim from the cleaned article text")


def describe(error: ValidationError) -> str:
    """Pydantic's errors as "field.path: message; ..." for a trainer to read."""
    return "; ".join(f"{'.'.join(str(part) for part in item['loc']) or 'entry'}: {item['msg']}" for item in error.errors())


def read_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ContentError(f"{path}: cannot be read as YAML ({error}).") from error


def normalised(text: str) -> str:
    """Whitespace runs as one space: how a quoted source passage is compared with the article text."""
    return re.sub(r"\s+", " ", text).strip()


class SourceChecker:
    """Checks that sources name an existing article and quote it word for word (whitespace aside)."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self._texts: Dict[str, str] = {article.id: normalised(article.text) for article in articles}

    def check(self, source: Source, where: str) -> None:
        if source.article not in self._texts:
            raise ContentError(
                f"{where}: source.article {source.article!r} is not an article; use one of {', '.join(sorted(self._texts))}."
            )
        if normalised(source.passage) not in self._texts[source.article]:
            raise ContentError(
                f"{where}: source.passage is not found word for word in article {source.article!r}; "
                "copy it from the article text (after cleaning: `trustcoach search` shows passages)."
            )


def entry_label(position: int, entry: object) -> str:
    identifier = entry.get("id") if isinstance(entry, Mapping) else None
    return f"entry {position}" + (f" (id {identifier!r})" if identifier else "")
