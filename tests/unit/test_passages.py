"""Passages: short, overlapping, inside one paragraph, and pointing back into the article."""

import re
from pathlib import Path

import pytest

from bot.knowledge.articles import Article, load_articles
from bot.knowledge.passages import article_sentences, split_into_passages

ARTICLES_DIR = Path(__file__).resolve().parents[2] / "data" / "articles"


@pytest.fixture(scope="module")
def articles():
    return load_articles(ARTICLES_DIR)


def test_offsets_point_at_the_passage_text(articles):
    for article in articles:
        for passage in split_into_passages(article):
            assert article.text[passage.start:passage.end] == passage.text
            # A paragraph break inside a passage only where a list or a continuation finishes the sentence.
            for later in passage.text.split("\n\n")[1:]:
                assert later[:1].islower() or later.startswith("- "), (passage.id, later[:40])
            assert (passage.article, passage.title) == (article.id, article.title)


def test_every_sentence_is_in_some_passage(articles):
    """Except headings, advertising and links, and questions standing alone (rhetorical, they answer nothing)."""
    for article in articles:
        covered = set()
        for passage in split_into_passages(article):
            covered.update(range(passage.start, passage.end))
        for sentence in article_sentences(article):
            text = article.text[sentence.start:sentence.end]
            if sentence.quotable and not text.endswith("?"):
                assert sentence.start in covered, (article.id, text)


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


def test_a_list_stays_with_the_sentence_it_finishes():
    article = Article("a", "T", None, None, None, "de", "Im Kern geht es darum, dass zwischen\n\n- uns Menschen\n\n- und Firmen\n\neine Lücke klafft.\n\nNeuer Absatz.", ())
    texts = [" ".join(p.text.split()) for p in split_into_passages(article, window=4, stride=2)]
    assert texts == ["Im Kern geht es darum, dass zwischen - uns Menschen - und Firmen eine Lücke klafft.", "Neuer Absatz."]


def test_advertising_links_and_questions_alone_are_never_a_passage():
    articles = load_articles(ARTICLES_DIR)
    texts = [p.text for article in articles for p in split_into_passages(article)]
    assert not any("http" in text or "Masterclass" in text or "79 Lektionen" in text for text in texts)
    assert not any("(Weka)" in text or "(Salesforce)" in text for text in texts), "other sites' headlines are no advice"
    article = Article("a", "T", None, None, None, "de", "Warum? Wieso? Weshalb?\n\nEine Antwort. Noch eine.", ())
    assert [p.text for p in split_into_passages(article)] == ["Eine Antwort. Noch eine."]


def test_a_passage_never_opens_with_a_sentence_that_leans_on_the_one_before():
    text = "Marken helfen Kunden. Sie reduzieren Komplexität. Sie wirken wie eine Navigationshilfe. Noch ein Satz. Und mehr."
    article = Article("a", "T", None, None, None, "de", text, ())
    texts = [p.text for p in split_into_passages(article, window=2, stride=1)]
    assert texts[0] == "Marken helfen Kunden. Sie reduzieren Komplexität."
    assert not any(text.startswith("Sie ") for text in texts)


def test_a_passage_never_opens_inside_a_sentence_that_a_list_continues():
    text = "Eins. Zwei. Es geht darum, dass zwischen\n\n- uns Menschen\n\n- und Firmen\n\neine Lücke klafft. Vier."
    article = Article("a", "T", None, None, None, "de", text, ())
    for passage in split_into_passages(article, window=2, stride=1):
        assert not passage.text.startswith(("-", "eine")), passage.text
    for article in load_articles(ARTICLES_DIR):
        sentences = {sentence.start: position for position, sentence in enumerate(article_sentences(article))}
        every = article_sentences(article)
        for passage in split_into_passages(article):
            before = every[sentences[passage.start] - 1] if sentences[passage.start] else None
            if before is not None and before.block == every[sentences[passage.start]].block and before.quotable:
                assert re.search(r"[.!?…][\"“”»«'’)\]]*$", article.text[before.start:before.end]), passage.text[:80]


def test_a_passage_never_ends_inside_a_sentence_that_a_list_continues():
    text = "Eins. Zwei. Es geht darum, dass zwischen\n\n- uns Menschen\n\n- und Firmen\n\neine Lücke klafft. Vier."
    article = Article("a", "T", None, None, None, "de", text, ())
    for passage in split_into_passages(article, window=3, stride=1):
        assert passage.text.rstrip().endswith("."), passage.text
    for article in load_articles(ARTICLES_DIR):
        for passage in split_into_passages(article):
            assert re.search(r"[.!?…][\"“”»«'’)\]]*$", passage.text.rstrip()), passage.text[-80:]
