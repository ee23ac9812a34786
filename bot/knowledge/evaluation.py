"""Retrieval quality on question sets with gold articles and evidence: hit@k, MRR, passage hit@5."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence

import numpy as np
import yaml

from bot.knowledge.search import Hit, SearchIndex


@dataclass(frozen=True)
class Question:
    id: str
    language: str
    text: str
    article: str
    evidence: str


def load_questions(path: Path) -> List[Question]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Question(q["id"], q["language"], q["question"], q["article"], q["evidence"]) for q in data["questions"]]


def evidence_span(index: SearchIndex, question: Question) -> Optional[tuple]:
    text = index.articles[question.article].text
    start = text.find(question.evidence)
    return None if start < 0 else (start, start + len(question.evidence))


@dataclass
class Scores:
    hit1: float
    hit3: float
    mrr: float
    passage_hit5: float
    count: int


def score_questions(
    index: SearchIndex, questions: Sequence[Question], search: Callable[[Question], List[Hit]]
) -> Dict[str, object]:
    """Scores per language plus latency figures for one way of searching."""
    per_language: Dict[str, List[tuple]] = {}
    latencies = []
    for question in questions:
        started = time.perf_counter()
        hits = search(question)
        latencies.append(time.perf_counter() - started)
        articles = list(dict.fromkeys(hit.passage.article for hit in hits))
        rank = articles.index(question.article) + 1 if question.article in articles else None
        span = evidence_span(index, question)
        passage_hit = span is not None and any(
            hit.passage.article == question.article and hit.passage.start < span[1] and span[0] < hit.passage.end
            for hit in hits[:5]
        )
        per_language.setdefault(question.language, []).append((rank, passage_hit))
    result: Dict[str, object] = {}
    for language, rows in sorted(per_language.items()):
        ranks = [rank for rank, _ in rows]
        result[language] = Scores(
            hit1=float(np.mean([rank == 1 for rank in ranks])),
            hit3=float(np.mean([rank is not None and rank <= 3 for rank in ranks])),
            mrr=float(np.mean([1.0 / rank if rank else 0.0 for rank in ranks])),
            passage_hit5=float(np.mean([hit for _, hit in rows])),
            count=len(rows),
        )
    result["latency_ms"] = (1000 * float(np.percentile(latencies, 50)), 1000 * float(np.percentile(latencies, 95)))
    return result
