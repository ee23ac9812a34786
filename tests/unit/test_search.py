"""Search over passages: German-aware BM25, dense, hybrid fusion, and an index that is saved and reused."""

from pathlib import Path

import pytest

from bot.knowledge.articles import load_articles
from bot.knowledge.lexical import Bm25, analyze
from bot.knowledge.renditions import load_renditions
from bot.knowledge.search import SearchIndex, open_index
from tests.fakes import FakeEmbedder

ARTICLES_DIR = Path(__file__).resolve().parents[2] / "data" / "articles"


def test_german_terms_meet_across_case_umlauts_inflection_and_compounds():
    assert set(analyze("Vertrauenslücke")) >= set(analyze("Lücke")) | set(analyze("Vertrauen"))
    assert analyze("LÜCKE") == analyze("lucke") == analyze("Luecke")
    assert analyze("Garantien") == analyze("Garantie")


def test_bm25_ranks_the_passage_sharing_the_rare_word_first():
    bm25 = Bm25(["Die Vertrauenslücke klafft.", "Eine Geld-zurück-Garantie hilft.", "Mitarbeiter sind Brücken."])
    scores = bm25.scores("Lohnt sich eine Garantie?")
    assert scores.argmax() == 1
    assert not bm25.scores("Quantenphysik").any()


@pytest.fixture(scope="module")
def index():
    return SearchIndex.build(load_articles(ARTICLES_DIR), FakeEmbedder())


@pytest.mark.parametrize("retriever", ["bm25", "dense", "hybrid"])
def test_each_retriever_finds_the_guarantee_passage(index, retriever):
    hits = index.search("Geld-zurück-Garantie Rückgaberecht Kundenbindung", k=3, retriever=retriever)
    assert hits[0].passage.article == "customer-loyalty"
    assert "Garantie" in hits[0].passage.text
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)


def test_hybrid_leaves_bm25_out_for_english_queries(index):
    english = index.search("Geld-zurück-Garantie", k=5, retriever="hybrid", query_language="en")
    dense = index.search("Geld-zurück-Garantie", k=5, retriever="dense")
    assert [h.passage.id for h in english] == [h.passage.id for h in dense]


def test_empty_query_and_unknown_retriever(index):
    assert index.search("   ") == []
    with pytest.raises(ValueError, match="bm25"):
        index.search("Garantie", retriever="magic")


def test_hits_serialise_as_the_cli_promises(index):
    hit = index.search("Selbstbedienung Badge", k=1)[0]
    assert set(hit.as_json()) == {"article", "title", "text", "score"}


def test_index_is_built_once_and_rebuilt_when_articles_change(tmp_path):
    articles_dir = tmp_path / "articles"
    articles_dir.mkdir()
    (articles_dir / "boilerplate.yml").write_text("lines: []\n")
    (articles_dir / "a.txt").write_text('---\ntitle: "A"\n---\nVertrauen braucht Zeit. Und Geduld.\n')
    built = open_index(articles_dir, tmp_path / "index", FakeEmbedder())
    assert len(list((tmp_path / "index").iterdir())) == 1
    reloaded = open_index(articles_dir, tmp_path / "index", FakeEmbedder())
    assert [p.text for p in reloaded.passages] == [p.text for p in built.passages]
    (articles_dir / "b.txt").write_text('---\ntitle: "B"\n---\nGarantien schaffen Sicherheit.\n')
    rebuilt = open_index(articles_dir, tmp_path / "index", FakeEmbedder())
    assert {p.article for p in rebuilt.passages} == {"a", "b"}
    assert len(list((tmp_path / "index").iterdir())) == 2


def test_english_questions_find_the_english_rendition_and_a_passage_counts_once():
    articles = load_articles(ARTICLES_DIR)
    index = SearchIndex.build(articles, FakeEmbedder(), renditions=load_renditions(ARTICLES_DIR, articles))
    assert {passage.language for passage in index.passages} == {"de", "en"}
    for retriever in ("dense", "bm25", "hybrid"):
        hits = index.search("money-back guarantee extended right of return", k=5, retriever=retriever, query_language="en")
        assert hits[0].passage.article == "customer-loyalty" and hits[0].passage.language == "en", retriever
        spans = [hit.passage.span for hit in hits]
        assert len(spans) == len(set(spans))  # a passage and its rendition are one result
    assert analyze("guarantees", "en") == analyze("guarantee", "en")
