"""The guide texts for the article search, from the coaching content (see bot/knowledge/guide.py).

Each catalog action (title and steps, per language) points to the article it cites; each training example of a
lesson intent (data/nlu/lessons.yml: how owners ask for the lesson) points to the lesson's articles.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import List, Optional

from bot.coaching.catalog import Catalog, load_catalog
from bot.coaching.content import read_yaml
from bot.coaching.lessons import Lessons, load_lessons
from bot.config import Settings
from bot.knowledge.articles import load_articles
from bot.knowledge.guide import GuideEntry

LANGUAGES = ("de", "en")
# Rasa's inline entity annotation, "[Café](business_type)" or "[Café]{...}": the guide keeps the words only.
_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def guide_entries(catalog: Catalog, lessons: Lessons, lesson_examples: Path, detect) -> List[GuideEntry]:
    """`detect(text)` gives an example's language (None when it cannot tell: the example serves both)."""
    entries = [
        GuideEntry(action.text(language), action.source.article, language)
        for action in catalog for language in LANGUAGES
    ]
    data = read_yaml(lesson_examples)
    for block in (data or {}).get("nlu", []) if isinstance(data, dict) else []:
        lesson = lessons.for_intent(block.get("intent")) if isinstance(block, dict) else None
        if lesson is None:
            continue
        for line in str(block.get("examples") or "").splitlines():
            text = _ANNOTATION.sub(r"\1", line.strip().removeprefix("- ").strip())
            if not text:
                continue
            language: Optional[str] = detect(text)
            for article in lesson.articles:
                entries += [GuideEntry(text, article, each) for each in LANGUAGES if language in (None, each)]
    return entries


def load_guide_entries(settings: Settings) -> List[GuideEntry]:
    from bot.language import get_language_detector

    content = settings.project_dir / "data" / "coaching"
    articles = load_articles(settings.articles_dir)
    return guide_entries(
        load_catalog(content / "actions", articles),
        load_lessons(content / "lessons.yml", articles),
        settings.project_dir / "data" / "nlu" / "lessons.yml",
        get_language_detector().detect,
    )
