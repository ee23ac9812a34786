"""Answers compared with each option's examples by meaning, with the multilingual sentence embedding."""

from __future__ import annotations

import threading
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np

from bot.understanding.vocabulary import Option

# multilingual-e5 similarities of unrelated short texts sit around 0.75-0.8: an option is taken only when it is
# this close and clearly closer than the next one (chosen on bench/understanding/dev.yml).
MIN_SIMILARITY = 0.84
MIN_MARGIN = 0.02


class MeaningMatcher:
    """Finds the option whose examples (and labels) an answer means, if one is clearly closest."""

    def __init__(self, embedder, min_similarity: float = MIN_SIMILARITY, min_margin: float = MIN_MARGIN) -> None:
        self._embedder = embedder
        self._min_similarity = min_similarity
        self._min_margin = min_margin
        self._groups: Dict[str, Tuple[List[str], np.ndarray]] = {}
        self._lock = threading.Lock()

    def _group(self, group: str, options: Sequence[Option]) -> Tuple[List[str], np.ndarray]:
        with self._lock:
            if group not in self._groups:
                owners, texts = [], []
                for option in options:
                    for text in (*option.examples, *option.words.texts[-2:]):  # the examples and both labels
                        owners.append(option.value)
                        texts.append(text)
                self._groups[group] = (owners, _normalised(self._embedder.embed_queries(texts)))
            return self._groups[group]

    def scores(self, group: str, options: Sequence[Option], text: str) -> Dict[str, float]:
        """Per option, the similarity of its closest example to the text."""
        owners, vectors = self._group(group, options)
        query = _normalised(self._embedder.embed_queries([text]))[0]
        best: Dict[str, float] = {}
        for owner, similarity in zip(owners, vectors @ query):
            best[owner] = max(best.get(owner, -1.0), float(similarity))
        return best

    def closest(self, group: str, options: Sequence[Option], text: str) -> Optional[str]:
        ranked = sorted(self.scores(group, options, text).items(), key=lambda item: -item[1])
        if not ranked or ranked[0][1] < self._min_similarity:
            return None
        if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < self._min_margin:
            return None
        return ranked[0][0]


def _normalised(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
