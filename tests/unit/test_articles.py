"""Article ingestion: what is not the article goes, the article itself stays intact."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.articles import ArticleError, BoilerplateRules, corpus_fingerprint, load_article, load_articles

ROOT = Path(__file__).resolve().parents[2]
ARTICLES_DIR = ROOT / "data" / "articles"
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="module")
def articles():
    return {article.id: article for article in load_articles(ARTICLES_DIR)}


def test_every_source_article_is_in_the_project_with_its_id(articles):
    expected = {"trust-gap", "trust-expert-tips", "customer-loyalty", "give-trust", "trust-strategy"}
    assert set(articles) == expected
    if SHARED_CORPUS.exists():
        assert {path.stem for path in SHARED_CORPUS.glob("*.txt")} == expected


def test_front_matter_gives_title_author_and_date(articles):
    tips = articles["trust-expert-tips"]
    assert tips.title == "Tipps von der Trust-Expertin: So schaffst du eine starke Vertrauensbasis"
    assert (tips.author, tips.date) == ("Aniko Milz", "2019-09-06")
    assert articles["give-trust"].byline() == "Roger Schmid"
    assert articles["trust-strategy"].date == "2023-02-23"


@pytest.mark.parametrize(
    "article_id, gone",
    [
        ("customer-loyalty", "Lorem ipsum"),  # placeholder
        ("customer-loyalty", "Marketing & Vertrieb"),  # navigation
        ("customer-loyalty", "Kommentar schreiben"),  # comment form
        ("customer-loyalty", "Deine E-Mail-Adresse"),  # comment form
        ("customer-loyalty", "Erhalten Sie jeden Monat"),  # newsletter prompt
        ("trust-expert-tips", "Dein wichtigster Touchpoint"),  # site slogan
        ("trust-expert-tips", "Schreibe einen Kommentar"),  # comment form
        ("trust-expert-tips", "©"),  # photo credits
        ("trust-expert-tips", "Aniko Milz | 06.09.19"),  # byline
        ("trust-gap", "Sie sind derzeit nicht angemeldet"),  # login wall
        ("trust-gap", "Wie baut man eine Vertrauensbrücke auf?"),  # heading of the paywalled part
        ("trust-strategy", "Veröffentlicht:"),  # date glued to the first sentence
    ],
)
def test_boilerplate_is_gone(articles, article_id, gone):
    assert gone not in articles[article_id].text


def test_duplicated_headline_is_gone(articles):
    text = articles["trust-expert-tips"].text
    assert "So schaffst du eine starke Vetrauensbasis" not in text  # the captured headline, twice, with a typo
    assert not text.startswith("Branding")


@pytest.mark.parametrize(
    "article_id, sentence",
    [
        ("trust-gap", "Diese Lücke muss überbrückt werden, wenn beide Seiten Vertrauen zueinander aufbauen sollen."),
        ("trust-expert-tips", "Es muss kontinuierlich verdient werden."),
        ("customer-loyalty", "Eine Marke ist kristallisiertes Vertrauen."),
        ("customer-loyalty", "Jeder Mitarbeiter kann eine Vertrauensbrücke bilden, die Kunden an das Unternehmen bindet."),
        ("give-trust", "Wer Vertrauen von seinen Kunden erhalten will, muss diesen ebenfalls vertrauen."),
        ("trust-strategy", "Vertrauen ist keine endliche Eigenschaft"),
        ("trust-strategy", "dass jeder dritte Kunde eine Marke, die er liebt, nach nur einer schlechten Erfahrung aufgeben würde"),
    ],
)
def test_article_text_is_intact(articles, article_id, sentence):
    assert sentence in articles[article_id].text


def test_every_content_line_of_the_capture_survives(articles):
    """Apart from boilerplate, nothing is lost: every long line of the capture is still there."""
    rules = BoilerplateRules.load(ARTICLES_DIR / "boilerplate.yml")

    def squeezed(text: str) -> str:  # spacing may change (glued sentences get their space back)
        return "".join(text.split())

    for article_id, article in articles.items():
        raw = (ARTICLES_DIR / f"{article_id}.txt").read_text().split("---", 2)[2]
        for line in raw.splitlines():
            line = rules.strip_prefixes(line.strip())
            if len(line) > 120 and not rules.is_boilerplate(line):
                assert squeezed(line) in squeezed(article.text), line[:60]


def test_glued_sentences_get_their_space_back(articles):
    assert "entdeckte. Rachel Botsman ist Dozentin" in articles["trust-gap"].text


def test_headings_are_recognised(articles):
    assert "Erwerb von Wissen" in articles["trust-strategy"].headings
    assert "Selbstbedienung als Vertrauensbeweis" in articles["give-trust"].headings


def test_a_new_article_file_is_all_it_takes(tmp_path):
    (tmp_path / "boilerplate.yml").write_text((ARTICLES_DIR / "boilerplate.yml").read_text())
    (tmp_path / "new-one.txt").write_text('---\ntitle: "Neu"\nauthor: "Ada"\n---\nNeu\nEin Satz über Vertrauen. Noch einer.\nKommentare\n')
    [article] = load_articles(tmp_path)
    assert (article.id, article.title, article.text) == ("new-one", "Neu", "Ein Satz über Vertrauen. Noch einer.")
    before = corpus_fingerprint(tmp_path)
    (tmp_path / "new-one.txt").write_text('---\ntitle: "Neu"\n---\nAnderer Text, ganz anders.\n')
    assert corpus_fingerprint(tmp_path) != before


def test_an_article_without_title_names_the_file_and_the_fix(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_text("---\nauthor: x\n---\nText.\n")
    with pytest.raises(ArticleError, match=r"broken\.txt: the front matter needs a `title`"):
        load_article(path, BoilerplateRules.load(ARTICLES_DIR / "boilerplate.yml"))


def test_bad_boilerplate_rule_names_the_file(tmp_path):
    path = tmp_path / "boilerplate.yml"
    path.write_text("lines:\n- pattern: '([unclosed'\n")
    with pytest.raises(ArticleError, match="boilerplate.yml"):
        BoilerplateRules.load(path)


def test_citations_frame_german_titles_and_credits_for_english_readers():
    articles = {article.id: article for article in load_articles(ARTICLES_DIR)}
    gap = articles["trust-gap"]
    assert gap.display_title("de") == gap.title
    assert gap.display_title("en") == f'{gap.title} (Have you heard of the "trust gap"?)'
    assert gap.byline("de").startswith("Rezension")
    assert gap.byline("en").startswith("review of Rachel Botsman")
    assert articles["give-trust"].byline("en") == "Roger Schmid"
