"""The lesson topics file: a trainer's mistake is named with the file, the topic and what to do."""

from pathlib import Path

import pytest

from bot.coaching.content import ContentError
from bot.coaching.lessons import load_lessons
from bot.knowledge.articles import load_articles

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = load_articles(ROOT / "data" / "articles")
GOOD = (ROOT / "data" / "coaching" / "lessons.yml").read_text(encoding="utf-8")


def load(tmp_path, text):
    path = tmp_path / "lessons.yml"
    path.write_text(text, encoding="utf-8")
    return load_lessons(path, ARTICLES)


def test_every_lesson_intent_finds_its_lesson_and_other_intents_none(tmp_path):
    lessons = load(tmp_path, GOOD)
    assert lessons.for_intent("ask_guarantee").articles == ("customer-loyalty", "give-trust")
    assert lessons.for_intent("ask_trust_question") is None and lessons.for_intent(None) is None


@pytest.mark.parametrize("change, message", [
    (("articles: [customer-loyalty, give-trust]", "articles: [customer-loyalty, refunds]"), "guarantee: articles .*refunds.* do not exist"),
    (("guarantee:", "guarantees:"), "'guarantees' is not a lesson topic"),
    (("  about:\n    de: Die Vertrauenslücke", "  about:\n    fr: Die Vertrauenslücke"), "trust_gap: about"),
])
def test_mistakes_are_named(tmp_path, change, message):
    with pytest.raises(ContentError, match=message):
        load(tmp_path, GOOD.replace(*change, 1))


def test_a_topic_left_out_is_named(tmp_path):
    text = GOOD.split("trust_strategy:")[0]
    with pytest.raises(ContentError, match="trust_strategy have no entry"):
        load(tmp_path, text)


def test_a_retold_sentence_that_is_not_in_the_articles_is_named(tmp_path):
    text = GOOD.replace("auch keine Videoaufzeichnungen gemacht werden", "auch keine Fotos gemacht werden", 1)
    with pytest.raises(ContentError, match="guarantee: retells 'auch keine Fotos gemacht werden' is not found"):
        load(tmp_path, text)
