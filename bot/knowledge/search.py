"""Finds the passages that answer a question: dense, BM25, or both fused by reciprocal rank."""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
import os
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np
import threadpoolctl

from bot.config import DEFAULT_RETRIEVER, RETRIEVERS
from bot.knowledge.articles import Article, corpus_fingerprint, load_articles
from bot.knowledge.embedders import Embedder
from bot.knowledge.lexical import Bm25, stemmer
from bot.knowledge.passages import PASSAGES_VERSION, Passage, split_into_passages
from bot.knowledge.questions import OwnerQuestion, load_questions
from bot.knowledge.renditions import Rendition, load_renditions
from bot.knowledge.spelling import Spelling
from bot.knowledge.truecasing import CorpusCasing

logger = logging.getLogger(__name__)

# Reciprocal rank fusion constant (Cormack et al. use 60); small corpora favour a smaller one.
_RRF_K = 20
# An owner's question matched by one of the questions a passage answers (bot/knowledge/questions.py) counts as
# that close to the passage itself, less this handicap: question meets question more easily than question meets
# answer. Tuned on bench/retrieval/dev.yml and bench/answers (see the README's figures).
ASKED_HANDICAP = 0.01


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float

    def as_json(self) -> Dict[str, object]:
        return {"article": self.passage.article, "title": self.passage.title, "text": self.passage.text, "score": round(self.score, 4)}


class SearchIndex:
    """Passages of all articles – German, and English where an article has a rendition – with their embeddings
    and a BM25 index. A German passage and its English rendition share one span and count as one result."""

    def __init__(
        self, articles: Sequence[Article], passages: Sequence[Passage], vectors: np.ndarray, embedder: Embedder,
        renditions: Optional[Mapping[str, Rendition]] = None,
        questions: Sequence[OwnerQuestion] = (), question_vectors: Optional[np.ndarray] = None,
    ):
        self.articles = {article.id: article for article in articles}
        self.passages = list(passages)
        self.embedder = embedder
        self.renditions: Dict[str, Rendition] = dict(renditions or {})
        self.questions = list(questions)
        self._asked = _AskedQuestions(self.questions, question_vectors, self.passages)
        # Plain cosine: centering on the corpus mean and prefixing titles both measured worse
        # (article hit@1 0.38 vs 0.51 on German questions; see the issue notes).
        self._vectors = _unit_rows(vectors)
        # Questions typed in lower case are embedded as the articles write their words (see truecasing):
        # German ones as the articles, English ones as the renditions, and both as the owners' questions written
        # with capitals („meine kundinnen“: a word owners use that the articles do not).
        written = {language: [q.text for q in self.questions if q.language == language and not q.text.islower()] for language in ("de", "en")}
        self._casings = {
            "de": CorpusCasing.from_texts(
                [article.text for article in self.articles.values()] + written["de"], stem=stemmer("de").stemWord,
            ),
            "en": CorpusCasing.from_texts(
                [rendition.title for rendition in self.renditions.values()]
                + [passage.text for passage in self.passages if passage.language == "en"] + written["en"]
            ),
        }
        # Misspelt words are put right with the words of the same texts first (see spelling).
        self._spellings = {
            "de": Spelling.from_texts([article.text for article in self.articles.values()] + written["de"]),
            "en": Spelling.from_texts([passage.text for passage in self.passages if passage.language == "en"] + written["en"]),
        }
        # One BM25 per language, each over the passages in that language (the other passages score 0).
        self._bm25: Dict[str, Tuple[List[int], Bm25]] = {}
        for language in sorted({passage.language for passage in self.passages}):
            positions = [i for i, passage in enumerate(self.passages) if passage.language == language]
            self._bm25[language] = (positions, Bm25([self._lexical_text(self.passages[i]) for i in positions], language))

    @staticmethod
    def _lexical_text(passage: Passage) -> str:
        """BM25 also sees title and heading: they carry the article's key words."""
        return " ".join(part for part in (passage.title, passage.heading, passage.text) if part)

    def english(self, article: str, start: int, end: int) -> Optional[str]:
        """The English rendition of a span of an article, when the article has one."""
        rendition = self.renditions.get(article)
        return rendition.text_for(start, end) if rendition is not None else None

    @classmethod
    def build(
        cls, articles: Sequence[Article], embedder: Embedder, batch_size: int = 32, progress=None,
        renditions: Optional[Mapping[str, Rendition]] = None, questions: Sequence[OwnerQuestion] = (),
    ) -> "SearchIndex":
        renditions = dict(renditions or {})
        passages = [passage for article in articles for passage in split_into_passages(article)]
        passages += [_rendered(passage, renditions[passage.article]) for passage in passages if passage.article in renditions]
        texts = [passage.text for passage in passages]
        asked = [question.text for question in questions]
        total = len(texts) + len(asked)
        chunks, question_chunks = [], []
        for start in range(0, len(texts), batch_size):
            chunks.append(embedder.embed_passages(texts[start:start + batch_size]))
            if progress is not None:
                progress(min(start + batch_size, len(texts)), total)
        # Questions are embedded as questions: they are matched against the user's question.
        for start in range(0, len(asked), batch_size):
            question_chunks.append(embedder.embed_queries(asked[start:start + batch_size]))
            if progress is not None:
                progress(len(texts) + min(start + batch_size, len(asked)), total)
        vectors = np.vstack(chunks) if chunks else np.zeros((0, embedder.dim), dtype=np.float32)
        question_vectors = np.vstack(question_chunks) if question_chunks else np.zeros((0, embedder.dim), dtype=np.float32)
        return cls(articles, passages, vectors, embedder, renditions, questions, question_vectors)

    # --- persistence ---------------------------------------------------------
    def save(self, directory: Path) -> None:
        """Write to a scratch folder and rename it, so a process loading at the same time never sees half an index."""
        directory.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=f"{directory.name}.", dir=directory.parent))
        np.save(scratch / "vectors.npy", self._vectors)
        (scratch / "passages.json").write_text(json.dumps([asdict(p) for p in self.passages], ensure_ascii=False))
        np.save(scratch / "question_vectors.npy", self._asked.vectors)
        (scratch / "questions.json").write_text(json.dumps([asdict(q) for q in self.questions], ensure_ascii=False))
        try:
            os.replace(scratch, directory)
        except OSError:  # another process saved the same index first
            shutil.rmtree(scratch, ignore_errors=True)

    @classmethod
    def load(
        cls, directory: Path, articles: Sequence[Article], embedder: Embedder,
        renditions: Optional[Mapping[str, Rendition]] = None,
    ) -> "SearchIndex":
        passages = [Passage(**data) for data in json.loads((directory / "passages.json").read_text())]
        questions = [OwnerQuestion(**data) for data in json.loads((directory / "questions.json").read_text())]
        return cls(
            articles, passages, np.load(directory / "vectors.npy"), embedder, renditions,
            questions, np.load(directory / "question_vectors.npy"),
        )

    # --- search ---------------------------------------------------------------
    def query_vector(self, query: str, query_language: Optional[str] = None) -> np.ndarray:
        language = query_language if query_language in self._casings else "de"
        written = self._casings[language].restore(self._spellings[language].correct(query))
        return self.embedder.embed_queries([written])[0]

    def dense_scores(self, query: str, query_language: Optional[str] = None, vector: Optional[np.ndarray] = None) -> np.ndarray:
        vector = self.query_vector(query, query_language) if vector is None else vector
        # One BLAS thread for the product: idle BLAS threads otherwise spin against the embedder's
        # OpenMP threads on 2 cores (7,391 passages: query p95 116 ms -> 23 ms, see bench/retrieval_scale.py).
        with _thread_pools().limit(limits=1, user_api="blas"):
            return self._vectors @ _unit(vector)

    def asked_scores(self, vector: np.ndarray, query_language: Optional[str] = None) -> np.ndarray:
        """Per passage, how close the question is to the closest owner question the passage answers."""
        with _thread_pools().limit(limits=1, user_api="blas"):
            return self._asked.scores(_unit(vector), query_language)

    def bm25_scores(self, query: str, query_language: Optional[str] = None) -> np.ndarray:
        """BM25 over the passages in the query's language (German when it is unknown or has no passages)."""
        language = query_language if query_language in self._bm25 else "de"
        scores = np.zeros(len(self.passages), dtype=np.float32)
        if language in self._bm25:
            positions, bm25 = self._bm25[language]
            scores[positions] = bm25.scores(query)
        return scores

    def search(self, query: str, k: int = 5, retriever: str = DEFAULT_RETRIEVER, query_language: Optional[str] = None) -> List[Hit]:
        _check_retriever(retriever)
        if not query.strip() or not self.passages:
            return []
        closeness = None if retriever == "bm25" else self._closeness(self.query_vector(query, query_language), query_language)[2]
        scores = self._scores(query, retriever, query_language, closeness)
        order = self._one_per_span(np.argsort(-scores, kind="stable"))[:k]
        return [Hit(self.passages[i], float(scores[i])) for i in order]

    def rank(self, query: str, retriever: str = DEFAULT_RETRIEVER, query_language: Optional[str] = None) -> "Ranking":
        """Every passage, best first, with its dense similarity: the one score comparable across queries."""
        _check_retriever(retriever)
        if not query.strip() or not self.passages:
            empty = np.zeros(0, dtype=np.float32)
            return Ranking((), empty, np.zeros(self.embedder.dim, dtype=np.float32), empty)
        vector = self.query_vector(query, query_language)
        dense, asked, closeness = self._closeness(vector, query_language)
        scores = self._scores(query, retriever, query_language, closeness)
        order = tuple(self._one_per_span(np.argsort(-scores, kind="stable")))
        return Ranking(order, dense, vector, closeness, float(asked.max()))

    def _one_per_span(self, order: Sequence[int]) -> List[int]:
        """Best first, a passage and its rendition once: whichever of the two ranks higher."""
        seen, kept = set(), []
        for position in order:
            span = self.passages[int(position)].span
            if span not in seen:
                seen.add(span)
                kept.append(int(position))
        return kept

    def _closeness(self, vector: np.ndarray, query_language: Optional[str]) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per passage its own similarity, that of its closest owner question, and its closeness to the question:
        as close as the passage itself or, a little less, as that owner question. Closeness orders passages;
        whether to answer at all is decided on the passages' own similarity (owner questions resemble any
        question more easily)."""
        dense, asked = self.dense_scores("", query_language, vector), self.asked_scores(vector, query_language)
        return dense, asked, np.maximum(dense, asked - ASKED_HANDICAP)

    def _scores(self, query: str, retriever: str, query_language: Optional[str], closeness: Optional[np.ndarray]) -> np.ndarray:
        if retriever == "bm25":
            return self.bm25_scores(query, query_language)
        if retriever == "dense":
            return closeness
        # Reciprocal rank fusion; BM25 joins when there are passages in the query's language to share words with.
        fused = 1.0 / (_RRF_K + _ranks(closeness))
        if query_language != "en" or "en" in self._bm25:
            lexical = self.bm25_scores(query, query_language)
            if lexical.any():
                fused += 1.0 / (_RRF_K + _ranks(lexical))
        return fused


@dataclass(frozen=True)
class Ranking:
    order: Tuple[int, ...]  # passage positions, best first
    similarity: np.ndarray  # dense cosine similarity of each passage to the query
    query_vector: np.ndarray  # the query's embedding
    closeness: np.ndarray  # the similarity or, when closer, that of the passage's owner questions (SearchIndex._closeness)
    closest_asked: float = float("-inf")  # the similarity of the owner question closest to the query


class _AskedQuestions:
    """The owners' questions with their embeddings, and which passages answer each (those containing its `where`)."""

    def __init__(self, questions: Sequence[OwnerQuestion], vectors: Optional[np.ndarray], passages: Sequence[Passage]) -> None:
        self.vectors = np.zeros((0, 1), dtype=np.float32) if vectors is None or not len(questions) else _unit_rows(vectors)
        self._passage_count = len(passages)
        # Per language: (question row, passage position) pairs.
        self._pairs: Dict[str, Tuple[np.ndarray, np.ndarray]] = {}
        # A question points to the passages in its own language (an English one to the rendition's), or to the
        # German ones when the article has no rendition: the twin in the question's language is the one to rank.
        by_article: Dict[Tuple[str, str], List[int]] = {}
        for position, passage in enumerate(passages):
            by_article.setdefault((passage.article, passage.language), []).append(position)
        pairs: Dict[str, List[Tuple[int, int]]] = {}
        for row, question in enumerate(questions):
            positions = by_article.get((question.article, question.language)) or by_article.get((question.article, "de"), ())
            for position in positions:
                passage = passages[position]
                if passage.start < question.end and question.start < passage.end:
                    pairs.setdefault(question.language, []).append((row, position))
        for language, found in pairs.items():
            rows, positions = zip(*found)
            self._pairs[language] = (np.array(rows), np.array(positions))

    def scores(self, unit_query: np.ndarray, language: Optional[str]) -> np.ndarray:
        """Per passage, the similarity of its closest question in the query's language (German when it has none);
        minus infinity for a passage no question points to."""
        best = np.full(self._passage_count, -np.inf, dtype=np.float32)
        pairs = self._pairs.get(language or "de") or self._pairs.get("de")
        if pairs is None:
            return best
        rows, positions = pairs
        np.maximum.at(best, positions, (self.vectors @ unit_query)[rows].astype(np.float32))
        return best


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / max(float(np.linalg.norm(vector)), 1e-9)


def _unit_rows(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)


def _check_retriever(retriever: str) -> None:
    if retriever not in RETRIEVERS:
        raise ValueError(f"Unknown retriever {retriever!r}; use one of {', '.join(RETRIEVERS)}.")


@functools.cache
def _thread_pools() -> threadpoolctl.ThreadpoolController:
    return threadpoolctl.ThreadpoolController()


def _ranks(scores: np.ndarray) -> np.ndarray:
    ranks = np.empty(len(scores), dtype=np.float32)
    ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
    return ranks


def _rendered(passage: Passage, rendition: Rendition) -> Passage:
    """The English twin of a German passage: same span, the rendition's words and title."""
    return dataclasses.replace(
        passage, title=rendition.title, heading=None, text=rendition.text_for(passage.start, passage.end), language="en"
    )


def open_index(articles_dir: Path, index_root: Path, embedder: Embedder, progress=None) -> SearchIndex:
    """Load the index for these articles and this embedder, building (and saving) it first if needed."""
    articles = load_articles(articles_dir)
    renditions = load_renditions(articles_dir, articles)
    questions = load_questions(articles_dir, articles)
    name = embedder.name.replace(':', '_').replace('/', '_')
    directory = index_root / f"{corpus_fingerprint(articles_dir)}-p{PASSAGES_VERSION}-{name}"
    if (directory / "question_vectors.npy").exists():
        return SearchIndex.load(directory, articles, embedder, renditions)
    logger.info("Building the search index in %s", directory)
    index = SearchIndex.build(articles, embedder, progress=progress, renditions=renditions, questions=questions)
    index.save(directory)
    return index
