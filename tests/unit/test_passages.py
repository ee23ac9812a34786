"""Passages: short, overlapping, inside one paragraph, and pointing back into the article."""

from pathlib import Path

import pytest

from bot.knowledge.articles import Article, load_articles
from bot.knowledge.passages import split_into_passages

ARTICLES_DIR = Path(__file__).resolve().parents[2] / "data" / "articles"


@pytest.fixture(scope="module")
def articles():
    return load_articles(ARTICLES_DIR)


def test_offsets_point_at_the_passage_text(articles):
    for article in articles:
        for passage in split_into_passages(article):
            assert article.text[passage.start:passage.end] == passage.text
            assert "\n\n" not in passage.text  # never crosses a paragraph
            assert (passage.article, passage.title) == (article.id, article.title)


def test_every_sentence_is_in_some_passage(articles):
    for article in articles:
        covered = set()
        for passage in split_into_passages(article):
            covered.update(range(passage.start, passage.end))
        letters = [i for i, char in enumerate(article.text) if char.isalpha()]
        headings = "".join(article.headings)
        missing = "".join(article.text[i] for i in letters if i not in covered)
        assert len(missing) <= len(headings.replace(" ", "")), article.id


def test_passages_remember_their_heading():
    article = Article("a", "T", None, None, None, "de", "Erster Absatz. Ohne Überschrift.\n\nZwischentitel\n\nSatz eins. Satz zwei. Satz drei. Satz vier.", ("Zwischentitel",))
    passages = split_into_passages(article, window=2, stride=2)
    assert [(p.heading, p.text) for p in passages] == [
        (None, "Erster Absatz. Ohne Überschrift."),
        ("Zwischentitel", "Satz eins. Satz zwei."),
        ("Zwischentitel", "Satz drei. Satz vier."),
    ]


def test_windows_overlap_and_the_last_sentences_are_covered():
    article = Article("a", "T", None, None, None, "de", "Eins. Zwei. Drei. Vier. Fünf.", ())
    assert [p.text for p in split_into_passages(article, window=3, stride=2)] == ["Eins. Zwei. Drei.", "Drei. Vier. Fünf."]


def test_bad_window_settings_are_refused():
    article = Article("a", "T", None, None, None, "de", "Eins.", ())
    with pytest.raises(ValueError, match="stride"):
        split_into_passages(article, window=2, stride=3)
