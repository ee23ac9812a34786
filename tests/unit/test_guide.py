"""The content's vote on articles: owners' words in the catalog and the lesson phrasings lead to the right article."""

from pathlib import Path

import numpy as np

from bot.coaching.article_guide import guide_entries
from bot.coaching.catalog import load_catalog
from bot.coaching.lessons import load_lessons
from bot.knowledge.answering import ArticleAnswerer
from bot.knowledge.articles import Article, load_articles
from bot.knowledge.guide import ArticleGuide, GuideEntry
from bot.knowledge.search import SearchIndex
from tests.fakes import FakeEmbedder

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = load_articles(ROOT / "data" / "articles")


class CountingEmbedder(FakeEmbedder):
    def __init__(self):
        self.passages_embedded = 0

    def embed_passages(self, texts):
        self.passages_embedded += len(texts)
        return super().embed_passages(texts)


def query(text):
    return FakeEmbedder().embed_queries([text])[0]


def test_the_closest_guide_texts_vote_for_their_articles_in_the_questions_language():
    guide = ArticleGuide([
        GuideEntry("Antworte auf jede Bewertung", "trust-strategy", "de"),
        GuideEntry("Antworte schnell auf jede Mail", "customer-loyalty", "de"),
        GuideEntry("Reply to every review", "trust-gap", "en"),
    ], FakeEmbedder())
    votes = guide.votes(query("Wie antworte ich auf eine Bewertung?"), "de")
    assert max(votes, key=votes.get) == "trust-strategy" and set(votes) == {"trust-strategy", "customer-loyalty"}
    assert guide.votes(query("reply to a review"), "en") == {"trust-gap": 1.0}
    assert set(guide.votes(query("Bewertung"), "fr")) <= {"trust-strategy", "customer-loyalty"}  # German, lacking French


def test_the_guide_is_embedded_once_and_kept_beside_the_index(tmp_path):
    entries = [GuideEntry("Antworte auf jede Bewertung", "trust-strategy", "de")]
    first = CountingEmbedder()
    ArticleGuide(entries, first, tmp_path).votes(query("Bewertung"), "de")
    again = CountingEmbedder()
    assert ArticleGuide(entries, again, tmp_path).votes(query("Bewertung"), "de") == {"trust-strategy": 1.0}
    assert (first.passages_embedded, again.passages_embedded) == (1, 0)


def test_the_article_the_guide_votes_for_leads_the_answer():
    # Two articles saying the same: the passages alone put the first one first.
    text = "Kunden vertrauen dem Unternehmen, das sein Wort hält."
    articles = [Article(name, name.title(), None, None, None, "de", text, ()) for name in ("first", "second")]
    index = SearchIndex.build(articles, FakeEmbedder())
    plain = ArticleAnswerer(index, 0.0).answer(text, "de")
    # The two guide texts closest to the question both point to the second (one alone would only tie).
    guide = ArticleGuide([GuideEntry(text, "second", "de"), GuideEntry(f"{text} Immer.", "second", "de")], FakeEmbedder())
    guided = ArticleAnswerer(index, 0.0, guide=guide).answer(text, "de")
    assert (plain.article, guided.article) == ("first", "second")
    assert guided.articles == ["second", "first"]  # the other article still quoted, after
    assert guided.confidence == plain.confidence  # whether to answer at all is the passages' decision


def test_guide_entries_come_from_the_catalog_and_from_how_owners_ask_for_each_lesson(tmp_path):
    examples = tmp_path / "lessons.yml"
    examples.write_text(
        'version: "3.1"\nnlu:\n- intent: ask_guarantee\n  examples: |\n'
        "    - Lohnt sich eine [Geld-zurück-Garantie](offer)?\n    - refund policy?\n"
        "- intent: greet\n  examples: |\n    - Hallo\n",
        encoding="utf-8",
    )
    catalog = load_catalog(ROOT / "data" / "coaching" / "actions", ARTICLES)
    lessons = load_lessons(ROOT / "data" / "coaching" / "lessons.yml", ARTICLES)
    entries = guide_entries(catalog, lessons, examples, lambda text: "de" if "Lohnt" in text else None)
    assert len([entry for entry in entries if entry.language == "en"]) >= len(catalog)
    asked = {(entry.text, entry.article, entry.language) for entry in entries[2 * len(catalog):]}
    assert asked == {
        ("Lohnt sich eine Geld-zurück-Garantie?", "customer-loyalty", "de"),
        ("Lohnt sich eine Geld-zurück-Garantie?", "give-trust", "de"),
        *{("refund policy?", article, language) for article in ("customer-loyalty", "give-trust") for language in ("de", "en")},
    }
    assert not any(entry.text == "Hallo" for entry in entries)
    assert all(isinstance(entry.text, str) and entry.text for entry in entries)
    assert np.all([entry.article in {a.id for a in ARTICLES} for entry in entries])
