"""Test doubles: a deterministic embedder that needs no model."""

from __future__ import annotations

import hashlib
import re
from typing import Sequence

import numpy as np


class FakeEmbedder:
    """Bag of hashed lower-case words: texts sharing words get similar vectors. Fast and deterministic."""

    name = "fake"
    dim = 1024

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                vectors[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-9)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)
