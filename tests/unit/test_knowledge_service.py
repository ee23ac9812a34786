"""The article search as the action server uses it: real default model, real articles, and a clear error when it cannot load."""

import dataclasses
import logging

import pytest

from bot.config import Settings
from bot.knowledge.service import KnowledgeService, KnowledgeUnavailable


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    settings = dataclasses.replace(Settings.from_env(), index_dir=tmp_path_factory.mktemp("index"))
    service = KnowledgeService(settings)
    service.load()
    return service


@pytest.mark.parametrize("question, language, article", [
    ("Ich verkaufe Heizungen. Soll ich im Beratungsgespräch offen sagen, wo die Schwächen meines Produkts liegen?", "de", "customer-loyalty"),
    ("Warum vertrauen Kunden einer Bewertungsplattform wie Airbnb mehr als einem unbekannten Anbieter?", "de", "trust-expert-tips"),
    ("I run a small café. Should I let guests serve themselves and pay on their honour?", "en", "give-trust"),
    ("Why does one rude employee damage the trust in my whole company?", "en", "customer-loyalty"),
])
def test_trust_questions_are_answered_from_the_right_article(service, question, language, article):
    answer = service.answerer.answer(question, language)
    assert answer is not None, question
    assert article in answer.articles


@pytest.mark.parametrize("question, language", [
    ("Wie hoch ist die Umsatzsteuer auf Kaffee zum Mitnehmen?", "de"),
    ("Can you recommend a good pizza dough recipe?", "en"),
])
def test_questions_no_article_covers_get_no_answer(service, question, language):
    assert service.answerer.answer(question, language) is None


def test_a_missing_articles_folder_is_reported_to_the_operator_and_users_get_no_crash(tmp_path, caplog):
    settings = dataclasses.replace(Settings.from_env(), articles_dir=tmp_path / "nowhere", index_dir=tmp_path / "index")
    service = KnowledgeService(settings)
    with caplog.at_level(logging.ERROR):
        service.load()
    assert "nowhere" in caplog.text and "restart the action server" in caplog.text
    with pytest.raises(KnowledgeUnavailable, match="nowhere"):
        service.answerer
