"""The coach's responses as a script compares them: a message passes for a response when it is one of the
response's variations in the language played, its {placeholders} filled with anything."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence


from bot.domain_responses import read_domain, variation_language

_MARKDOWN = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
# Every quotation mark, straight or typographic, single or double, compares as one: „Trust Gap“, ‚Trust Gap‘ and
# "Trust Gap" are the same words.
_QUOTES = str.maketrans({mark: '"' for mark in "„“”«»‚‘’‹›'"})
_PLACEHOLDER = re.compile(r"(?:\\ )?\\\{\w+\\\}")


def normalised(text: Optional[str]) -> str:
    """Text as a script compares it: case, whitespace, Markdown emphasis and links, and typographic quotes aside."""
    text = unicodedata.normalize("NFC", text or "")
    text = _LINK.sub(r"\1", text)
    text = _MARKDOWN.sub("", text).translate(_QUOTES)
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Variation:
    language: str
    text: str
    pattern: "re.Pattern[str]"


class Responses:
    """The responses of the domain (a `domain.yml` or a `domain/` folder of files)."""

    def __init__(self, responses: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
        self._variations: Dict[str, List[Variation]] = {
            name: [_variation(variation) for variation in variations or [] if (variation or {}).get("text")]
            for name, variations in responses.items()
        }

    @classmethod
    def from_project(cls, project_dir: Path) -> "Responses":
        return cls(read_domain(project_dir)["responses"])

    def __contains__(self, name: str) -> bool:
        return name in self._variations

    def names(self) -> List[str]:
        return sorted(self._variations)

    def texts(self, name: str, language: str) -> List[str]:
        return [variation.text for variation in self._variations.get(name, ()) if variation.language == language]

    def matches(self, name: str, message: Optional[str], language: str) -> bool:
        """Whether the message is one of the response's variations in `language`."""
        text = normalised(message)
        return any(
            variation.pattern.fullmatch(text)
            for variation in self._variations.get(name, ()) if variation.language == language
        )

    def named(self, message: Optional[str], language: str) -> Optional[str]:
        """The response the message is a variation of (the most specific when several fit), if any."""
        fitting = [
            (len(variation.text), name) for name, variations in self._variations.items()
            for variation in variations if variation.language == language and variation.pattern.fullmatch(normalised(message))
        ]
        return max(fitting)[1] if fitting else None


def _variation(variation: Mapping[str, Any]) -> Variation:
    text = str(variation["text"])
    # A placeholder may be filled with nothing (a tip that does not apply): the space before it goes too.
    body = _PLACEHOLDER.sub(".*?", re.escape(normalised(text)))
    return Variation(variation_language(variation), text, re.compile(body, re.DOTALL))
