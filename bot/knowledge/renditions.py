"""English renditions of the German articles: the project's own translations, aligned sentence by sentence.

`data/articles/renditions/<article id>.en.yml` lists every sentence (and heading) of the cleaned German
article in order, each with its English rendering:

    translation_of: trust-gap
    title: Have you heard of the "trust gap"?
    sentences:
    - de: Haben Sie schon einmal vom “Trust Gap” gehört?
      en: Have you ever heard of the “Trust Gap”?

Because each `de` must be the German sentence word for word, a rendition is checked against the article
when it is loaded: if the article (or its cleaning) changed, the rendition says which sentence no longer
matches and is not used, so English readers get the German quote with a note rather than a wrong one.
An article without a rendition works the same way.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple


from bot.knowledge.articles import RENDITIONS_FOLDER, Article, read_companion, verbatim_places
from bot.knowledge.passages import article_sentences

logger = logging.getLogger(__name__)

RENDITION_SUFFIX = ".en.yml"


class RenditionError(ValueError):
    """A rendition cannot be used; the message names the file, the sentence and what to do."""


@dataclass(frozen=True)
class Rendition:
    article: str
    title: str
    # The German sentence spans (offsets in the cleaned article text) and their English, in reading order.
    spans: Tuple[Tuple[int, int], ...]
    sentences: Tuple[str, ...]

    def english_of(self, article_text: str, excerpt: str) -> Optional[str]:
        """The English of the sentences a verbatim excerpt of the article (whitespace aside) touches; None when the
        excerpt is not in the article."""
        found = verbatim_places(excerpt, article_text)
        return self.text_for(found[0].start(), found[0].end()) if found else None

    def text_for(self, start: int, end: int) -> str:
        """The English of the German sentences that `start`..`end` of the article text touches (a passage, a
        quote, or a cited part of a sentence)."""
        return " ".join(
            english for (first, last), english in zip(self.spans, self.sentences) if first < end and start < last
        )


def _normal(text: str) -> str:
    return " ".join(text.split())


def rendition_path(articles_dir: Path, article_id: str) -> Path:
    return articles_dir / RENDITIONS_FOLDER / f"{article_id}{RENDITION_SUFFIX}"


def load_rendition(path: Path, article: Article) -> Rendition:
    """The rendition in `path`, checked sentence by sentence against the article."""
    data = read_companion(
        path, article, "translation_of", "sentences",
        "`translation_of`, `title` and a `sentences:` list of `de`/`en` pairs", RenditionError,
    )
    german = article_sentences(article)
    pairs = data["sentences"]
    for number, (sentence, pair) in enumerate(zip(german, pairs), 1):
        expected = article.text[sentence.start:sentence.end]
        if not isinstance(pair, dict) or _normal(str(pair.get("de", ""))) != _normal(expected):
            found = pair.get("de") if isinstance(pair, dict) else pair
            raise RenditionError(
                f"{path}: sentence {number} is {str(found)[:80]!r}, but the article now reads {expected[:80]!r} there. "
                "Update the German sentence and its English rendering (the article or its cleaning changed)."
            )
        if not str(pair.get("en") or "").strip():
            raise RenditionError(f"{path}: sentence {number} ({expected[:60]!r}) has no English rendering (`en`).")
    if len(pairs) != len(german):
        raise RenditionError(
            f"{path}: {len(pairs)} sentences, but the article has {len(german)}; "
            "every German sentence and heading needs exactly one entry, in order."
        )
    title = str(data.get("title") or article.title_en or "").strip()
    if not title:
        raise RenditionError(f"{path}: the English `title` is missing.")
    return Rendition(
        article.id, title,
        tuple((sentence.start, sentence.end) for sentence in german),
        tuple(_normal(str(pair["en"])) for pair in pairs),
    )


def load_renditions(articles_dir: Path, articles: Sequence[Article]) -> Dict[str, Rendition]:
    """The usable renditions by article id; one that does not match its article is logged for the operator and left out."""
    renditions: Dict[str, Rendition] = {}
    for article in articles:
        path = rendition_path(articles_dir, article.id)
        if not path.exists():
            continue
        try:
            renditions[article.id] = load_rendition(path, article)
        except RenditionError as error:
            logger.warning("English rendition not used: %s", error)
    return renditions


def articles_without_rendition(articles_dir: Path, articles: Sequence[Article]) -> List[str]:
    """Ids of the articles English readers get in German only."""
    usable = load_renditions(articles_dir, articles)
    return [article.id for article in articles if article.id not in usable]
