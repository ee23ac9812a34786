"""The process-wide question answerer: loaded once when the action server starts, not at import."""

from __future__ import annotations

import functools
import logging
import threading
import time
from typing import Callable, Optional, Sequence

from bot.config import Settings
from bot.knowledge.answering import ArticleAnswerer, answer_threshold
from bot.knowledge.articles import ArticleError
from bot.knowledge.embedders import make_embedder
from bot.knowledge.guide import ArticleGuide, GuideEntry
from bot.knowledge.search import open_index

logger = logging.getLogger(__name__)


class KnowledgeUnavailable(RuntimeError):
    """The articles could not be loaded; the message says why and what the operator can do."""


class KnowledgeService:
    """Builds or loads the search index for the configured embedder and keeps the answerer."""

    def __init__(self, settings: Settings, guide_entries: Optional[Callable[[], Sequence[GuideEntry]]] = None) -> None:
        self.settings = settings
        self._guide_entries = guide_entries
        self._answerer: Optional[ArticleAnswerer] = None
        self._error: Optional[str] = None
        self._lock = threading.Lock()

    def load(self) -> None:
        """Load (or build) the index now; a failure is logged for the operator and kept, never raised."""
        with self._lock:
            if self._answerer is not None:
                return
            settings = self.settings
            started = time.perf_counter()
            try:
                thresholds = answer_threshold(settings.embedder, settings.answer_threshold)
                embedder = make_embedder(settings.embedder)
                index = open_index(settings.articles_dir, settings.index_dir, embedder)
                # One query loads the model weights, so the first user does not wait for them.
                index.dense_scores("Vertrauen")
            except (ArticleError, ValueError, OSError) as error:
                self._error = (
                    f"The article search is unavailable: {error} "
                    f"(articles: {settings.articles_dir}, index: {settings.index_dir}, embedder: {settings.embedder}). "
                    "Fix the cause and restart the action server; scripted topics keep working meanwhile."
                )
                logger.error(self._error)
                return
            self._answerer = ArticleAnswerer(index, thresholds, settings.retriever, self._guide(index))
            self._error = None
            logger.info(
                "Article search ready in %.1f s: %d passages from %d articles (%s, %s, answer thresholds %s)",
                time.perf_counter() - started, len(index.passages), len(index.articles),
                settings.embedder, settings.retriever, thresholds,
            )

    def _guide(self, index) -> Optional[ArticleGuide]:
        """The content's vote on articles; without it (content unreadable) the passages alone choose."""
        if self._guide_entries is None:
            return None
        try:
            guide = ArticleGuide(self._guide_entries(), index.embedder, self.settings.index_dir)
            for language in ("de", "en"):  # embedded now, so the first user does not wait
                guide.votes(index.embedder.embed_queries(["Vertrauen"])[0], language)
        except (ValueError, OSError) as error:
            logger.warning("Answering without the content's article guide: %s", error)
            return None
        return guide

    @property
    def answerer(self) -> ArticleAnswerer:
        if self._answerer is None:
            self.load()
        if self._answerer is None:
            raise KnowledgeUnavailable(self._error or "The article search is not loaded.")
        return self._answerer


@functools.cache
def get_knowledge_service() -> KnowledgeService:
    from bot.coaching.article_guide import load_guide_entries  # coaching content builds on the articles

    settings = Settings.from_env()
    return KnowledgeService(settings, functools.partial(load_guide_entries, settings))
