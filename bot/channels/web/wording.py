"""What the web page around the chat widget says, from `data/channels/web.yml`."""

from __future__ import annotations

from pathlib import Path
from typing import List

from pydantic import Field, ValidationError

from bot.coaching.content import ContentError, Strict, Text, describe, read_yaml


class Paragraphs(Strict):
    de: List[str] = Field(min_length=1)
    en: List[str] = Field(min_length=1)

    def __call__(self, language: str) -> List[str]:
        return self.en if language == "en" else self.de


class PageWording(Strict):
    page_title: Text
    heading: Text
    tagline: Text
    what_it_does_heading: Text
    what_it_does: Paragraphs
    what_it_stores_heading: Text
    what_it_stores: Paragraphs
    try_heading: Text
    try_it: Text
    language_switch: Text
    needs_javascript: Text
    widget_title: Text
    widget_subtitle: Text
    input_hint: Text
    connecting: Text
    coach_unreachable: Text

    def in_language(self, language: str) -> dict:
        """Every text of the page in one language, for the template."""
        return {name: getattr(self, name)(language) for name in type(self).model_fields}


def load_page_wording(path: Path) -> PageWording:
    try:
        return PageWording.model_validate(read_yaml(path))
    except ValidationError as error:
        raise ContentError(f"{path}: {describe(error)}") from None
