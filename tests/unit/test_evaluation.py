"""Retrieval evaluation: ranks and passage hits computed the way the benchmark reports them."""

from pathlib import Path

import pytest

from bot.knowledge.articles import load_articles
from bot.knowledge.evaluation import Question, evidence_spans, load_questions, score_questions
from bot.knowledge.search import Hit, SearchIndex
from tests.fakes import FakeEmbedder

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def index():
    return SearchIndex.build(load_articles(ROOT / "data" / "articles"), FakeEmbedder())


@pytest.mark.parametrize("name", ["dev.yml", "heldout.yml"])
def test_every_gold_evidence_is_found_in_the_cleaned_articles(index, name):
    questions = load_questions(ROOT / "bench" / "retrieval" / name)
    assert len(questions) >= 30
    assert {q.language for q in questions} == {"de", "en"}
    for question in questions:
        assert len(evidence_spans(index, question)) == len(question.answers), question.id


def test_scores_count_the_first_accepted_article_and_overlapping_passages(index):
    guarantee = next(p for p in index.passages if "Geld-zurück-Garantie" in p.text)
    other = next(p for p in index.passages if p.article == "trust-strategy")
    question = Question("q", "de", "Garantie?", (("customer-loyalty", "Geld-zurück-Garantie"),))
    first = score_questions(index, [question], lambda q: [Hit(guarantee, 1.0), Hit(other, 0.5)])["de"]
    second = score_questions(index, [question], lambda q: [Hit(other, 1.0), Hit(guarantee, 0.5)])["de"]
    missing = score_questions(index, [question], lambda q: [Hit(other, 1.0)])["de"]
    assert (first.hit1, first.mrr, first.passage_hit5) == (1.0, 1.0, 1.0)
    assert (second.hit1, second.hit3, second.mrr, second.passage_hit5) == (0.0, 1.0, 0.5, 1.0)
    assert (missing.hit3, missing.mrr, missing.passage_hit5) == (0.0, 0.0, 0.0)
