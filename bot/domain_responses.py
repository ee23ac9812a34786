"""Reading the domain's responses outside Rasa's response generator: which language a variation is in, its text."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Iterator, Mapping, Optional, Tuple

import yaml

DEFAULT_LANGUAGE = "de"


def variation_language(variation: Mapping[str, Any]) -> str:
    """Variations with a `language` slot condition belong to that language; those without one are the German defaults."""
    for condition in variation.get("condition") or []:
        if condition.get("type") == "slot" and condition.get("name") == "language":
            return condition.get("value")
    return DEFAULT_LANGUAGE


def buttons(responses: Mapping[str, Any]) -> Iterator[Tuple[Mapping[str, Any], Mapping[str, Any]]]:
    """(variation, button) for every button of every variation of every response."""
    for variations in (responses or {}).values():
        for variation in variations or []:
            for button in (variation or {}).get("buttons") or []:
                yield variation, button or {}


def response_buttons(responses: Mapping[str, Any], name: str, language: Optional[str]) -> list:
    """The buttons of response `name` in `language` (the German default's if it has no variation in it)."""
    variations = [variation for variation in (responses or {}).get(name) or []]
    wanted = [variation for variation in variations if variation_language(variation) == (language or DEFAULT_LANGUAGE)]
    chosen = wanted or [variation for variation in variations if variation_language(variation) == DEFAULT_LANGUAGE]
    return [dict(button) for button in (chosen[0].get("buttons") or [])] if chosen else []


def response_text(responses: Mapping[str, Any], name: str, language: Optional[str]) -> Optional[str]:
    """The text of response `name` in `language` (the German default if it has no variation in it); None if unknown."""
    variations = [variation for variation in (responses or {}).get(name) or [] if variation.get("text")]
    wanted = language or DEFAULT_LANGUAGE
    for variation in variations:
        if variation_language(variation) == wanted:
            return variation["text"]
    defaults = [variation for variation in variations if variation_language(variation) == DEFAULT_LANGUAGE]
    return defaults[0]["text"] if defaults else None


def read_domain(project_dir: Path) -> Dict[str, Any]:
    """The project's domain – `domain.yml`, or the files of a `domain/` folder merged as Rasa merges them:
    intents, slots, forms, actions and responses."""
    folder, single = project_dir / "domain", project_dir / "domain.yml"
    merged: Dict[str, Any] = {"intents": [], "slots": {}, "forms": {}, "actions": [], "responses": {}}
    for path in (sorted(folder.rglob("*.yml")) if folder.is_dir() else [single]):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        merged["intents"] += [next(iter(intent)) if isinstance(intent, dict) else intent for intent in data.get("intents") or []]
        for key in ("slots", "forms", "responses"):
            merged[key].update(data.get(key) or {})
        merged["actions"] += data.get("actions") or []
    return merged
