"""English renditions: every sentence of every article rendered, aligned, and checked against the German."""

import dataclasses
import re
import warnings
from pathlib import Path

import pytest

from bot.coaching.catalog import load_catalog
from bot.knowledge.articles import load_articles
from bot.knowledge.passages import split_into_passages
from bot.knowledge.renditions import (
    RenditionError, articles_without_rendition, load_rendition, load_renditions, rendition_path,
)

ROOT = Path(__file__).resolve().parents[2]
ARTICLES_DIR = ROOT / "data" / "articles"
ARTICLES = load_articles(ARTICLES_DIR)


def test_the_renditions_there_are_match_their_articles_sentence_by_sentence():
    for article in ARTICLES:
        path = rendition_path(ARTICLES_DIR, article.id)
        if path.exists():
            load_rendition(path, article)  # raises, naming the sentence, when the German changed


def test_which_articles_lack_a_rendition_is_reported():
    missing = articles_without_rendition(ARTICLES_DIR, ARTICLES)
    if missing:
        warnings.warn(f"Articles without an English rendition (English readers get German quotes): {', '.join(missing)}")


def test_every_passage_and_every_cited_passage_has_its_english():
    renditions = load_renditions(ARTICLES_DIR, ARTICLES)
    for article in ARTICLES:
        if article.id not in renditions:
            continue
        for passage in split_into_passages(article):
            assert renditions[article.id].text_for(passage.start, passage.end).strip(), passage.id
    catalog = load_catalog(ROOT / "data" / "coaching" / "actions", ARTICLES)
    texts = {article.id: article.text for article in ARTICLES}
    for action in catalog:
        article = action.source.article
        if article in renditions:
            assert renditions[article].text_for(*_span(texts[article], action.source.passage)), action.id


def _span(text, passage):
    """Where a cited passage sits in the article text (whitespace may differ)."""
    pattern = r"\s+".join(re.escape(word) for word in passage.split())
    match = re.search(pattern, text)
    return match.start(), match.end()


def test_the_english_of_a_passage_is_the_english_of_its_sentences():
    article = next(article for article in ARTICLES if article.id == "trust-gap")
    rendition = load_renditions(ARTICLES_DIR, ARTICLES)["trust-gap"]
    first = split_into_passages(article)[0]
    assert rendition.text_for(first.start, first.end).startswith("Have you ever heard of the")
    assert "Trust Gap" in rendition.title or "trust gap" in rendition.title


def test_a_changed_article_makes_its_rendition_say_which_sentence(tmp_path):
    article = next(article for article in ARTICLES if article.id == "trust-gap")
    changed = dataclasses.replace(article, text=article.text.replace("Hatte ich bis vor kurzem", "Kannte ich bis vor kurzem", 1))
    with pytest.raises(RenditionError, match="sentence 2 is 'Hatte ich bis vor kurzem.*now reads 'Kannte ich"):
        load_rendition(rendition_path(ARTICLES_DIR, "trust-gap"), changed)
    assert "trust-gap" not in load_renditions(ARTICLES_DIR, [changed])


def test_an_article_without_rendition_is_listed(tmp_path):
    (tmp_path / "renditions").mkdir()
    assert articles_without_rendition(tmp_path, ARTICLES) == [article.id for article in ARTICLES]
