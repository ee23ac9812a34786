"""Retrieval quality on question sets with gold articles and evidence: hit@k, MRR, passage hit@5."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Sequence, Tuple

import numpy as np
import yaml

from bot.knowledge.answering import ANY
from bot.knowledge.search import Hit, SearchIndex


@dataclass(frozen=True)
class Question:
    """A question with the places that answer it: the gold article first, then equally good ones (`also`)."""

    id: str
    language: str
    text: str
    answers: Tuple[Tuple[str, str], ...]  # (article id, verbatim evidence)

    @property
    def articles(self) -> Tuple[str, ...]:
        return tuple(article for article, _ in self.answers)


def load_questions(path: Path) -> List[Question]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Question(
            q["id"], q["language"], q["question"],
            ((q["article"], q["evidence"]), *((alt["article"], alt["evidence"]) for alt in q.get("also", []))),
        )
        for q in data["questions"]
    ]


def evidence_spans(index: SearchIndex, question: Question) -> List[Tuple[str, int, int]]:
    """Where each answer's evidence sits in the cleaned article text; evidence lost in cleaning is left out."""
    spans = []
    for article, evidence in question.answers:
        start = index.articles[article].text.find(evidence)
        if start >= 0:
            spans.append((article, start, start + len(evidence)))
    return spans


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
        ranks = [articles.index(article) + 1 for article in question.articles if article in articles]
        rank = min(ranks) if ranks else None
        spans = evidence_spans(index, question)
        passage_hit = any(
            hit.passage.article == article and hit.passage.start < end and start < hit.passage.end
            for hit in hits[:5]
            for article, start, end in spans
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


# --- answer threshold ---------------------------------------------------------------------------

# The recommended threshold is the lowest one at which at most this share of off-topic questions gets an answer.
OFF_TOPIC_TOLERANCE = 0.10


@dataclass(frozen=True)
class Decision:
    """What the answerer would do with one question at any threshold: its confidence and whether its quotes are right."""

    question_id: str
    language: str
    confidence: float
    right: bool  # the quotes cite a gold article (always False for off-topic questions)
    answerable: bool


def load_off_topic(path: Path) -> List[Question]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Question(q["id"], q["language"], q["question"], ()) for q in data["questions"]]


def decide(answerer, questions: Sequence[Question], languages: Dict[str, str]) -> List[Decision]:
    decisions = []
    for question in questions:
        answer = answerer.answer(question.text, languages.get(question.id), min_similarity=ANY)
        right = answer is not None and any(article in question.articles for article in answer.articles)
        decisions.append(Decision(question.id, question.language, answer.confidence if answer else float("-inf"), right, bool(question.answers)))
    return decisions


@dataclass(frozen=True)
class ThresholdRow:
    threshold: float
    answered: float  # share of answerable questions that get an answer
    right: float  # share of answerable questions answered with a gold article
    off_topic_answered: float  # share of off-topic questions that get an answer
    false_answer_rate: float  # answers citing no gold article (wrong source or off-topic) among all answers


def threshold_rows(decisions: Sequence[Decision], thresholds: Sequence[float]) -> List[ThresholdRow]:
    answerable = [d for d in decisions if d.answerable]
    off_topic = [d for d in decisions if not d.answerable]
    rows = []
    for threshold in thresholds:
        given = [d for d in decisions if d.confidence >= threshold]
        false = [d for d in given if not d.right]
        rows.append(ThresholdRow(
            threshold=float(threshold),
            answered=_share([d.confidence >= threshold for d in answerable]),
            right=_share([d.confidence >= threshold and d.right for d in answerable]),
            off_topic_answered=_share([d.confidence >= threshold for d in off_topic]),
            false_answer_rate=len(false) / len(given) if given else 0.0,
        ))
    return rows


def recommend_threshold(rows: Sequence[ThresholdRow]) -> ThresholdRow:
    """The lowest threshold that answers at most OFF_TOPIC_TOLERANCE of the off-topic questions."""
    acceptable = [row for row in rows if row.off_topic_answered <= OFF_TOPIC_TOLERANCE]
    return min(acceptable, key=lambda row: row.threshold) if acceptable else max(rows, key=lambda row: row.threshold)


def _share(flags: Sequence[bool]) -> float:
    return float(np.mean(flags)) if flags else 0.0
