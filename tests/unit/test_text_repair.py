"""Lost spaces of the captured articles are put back – and only those."""

from pathlib import Path

import pytest

from bot.knowledge.articles import load_articles
from bot.knowledge.text_repair import repair_line

ARTICLES = load_articles(Path(__file__).resolve().parents[2] / "data" / "articles")


@pytest.mark.parametrize("captured, repaired", [
    ("An dieser Stelle können wir uns fragen:Wie eignen wir", "An dieser Stelle können wir uns fragen: Wie eignen wir"),
    ("Nutzung vonSocial Media , Annahme", "Nutzung von Social Media, Annahme"),
    ("- Verfolgen Sie einen Omnichannel-Ansatz .Eine zweite Methode", "- Verfolgen Sie einen Omnichannel-Ansatz. Eine zweite Methode"),
    ("bis ich das Buch entdeckte.Rachel Botsman ist", "bis ich das Buch entdeckte. Rachel Botsman ist"),
    ("Ziele (Reifung etc.).Andererseits", "Ziele (Reifung etc.). Andererseits"),
    ("ist eineGeschäftsmethode , die", "ist eine Geschäftsmethode, die"),
])
def test_glued_words_and_spaces_before_punctuation_are_repaired(captured, repaired):
    assert repair_line(captured) == repaired


@pytest.mark.parametrize("text", [
    "Schreib uns über WhatsApp oder schau auf YouTube.", "Die PwC-Umfrage unter 15.000 Personen", "um 12:30 Uhr",
    "bei Amazon.com bestellt", "z. B. so", "ein iPhone von eBay",
])
def test_names_numbers_and_abbreviations_stay_as_written(text):
    assert repair_line(text, joined_words=("WhatsApp", "YouTube", "PwC", "iPhone", "eBay")) == text


def test_the_listed_repairs_apply_and_no_glued_text_is_left_in_the_articles():
    assert repair_line("Omnichannel-Ansatzesund Implementierung", {"Ansatzesund": "Ansatzes und"}) == (
        "Omnichannel-Ansatzes und Implementierung"
    )
    text = "\n".join(article.text for article in ARTICLES)
    for glued in ("fragen:Wie", "vonSocial", "Media ,", "Ansatzesund", "Ansatz .Eine", "zuinterpretieren", "liefernnützliche"):
        assert glued not in text
