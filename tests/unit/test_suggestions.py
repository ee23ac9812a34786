"""Suggested topics: the lessons NLU found closest, as buttons worded like everywhere else in the domain."""

from pathlib import Path

import pytest
import yaml

from bot.suggestions import button_titles, closest_topics, suggestion_buttons

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))
RANKING = [
    {"name": "nlu_fallback", "confidence": 0.5},
    {"name": "ask_guarantee", "confidence": 0.3},
    {"name": "ask_privacy", "confidence": 0.1},
    {"name": "ask_trust_question", "confidence": 0.08},
    {"name": "greet", "confidence": 0.05},
    {"name": "ask_reciprocity", "confidence": 0.04},
    {"name": "ask_employees", "confidence": 0.01},
    {"name": "ask_trust_gap", "confidence": 0.01},
]


def test_closest_topics_are_lessons_in_ranking_order():
    assert closest_topics(RANKING, DOMAIN["responses"]) == ["ask_guarantee", "ask_reciprocity", "ask_employees"]
    assert closest_topics(None, DOMAIN["responses"]) == []


@pytest.mark.parametrize("language, titles", [
    ("de", ["Garantien", "Vertrauen schenken", "Mitarbeitende als Brücke", "Alle Themen"]),
    ("en", ["Guarantees", "Giving trust", "Staff as trust bridges", "All topics"]),
])
def test_suggestions_carry_the_domain_titles_in_the_users_language(language, titles):
    buttons = suggestion_buttons(RANKING, DOMAIN["responses"], language)
    assert [button["payload"] for button in buttons] == ["/ask_guarantee", "/ask_reciprocity", "/ask_employees", "/request_help"]
    assert [button["title"] for button in buttons] == titles


def test_every_lesson_has_a_button_title_in_both_languages():
    lessons = [intent for intent in DOMAIN["intents"] if f"utter_lesson_{intent[4:]}" in DOMAIN["responses"]]
    for language in ("de", "en"):
        titles = button_titles(DOMAIN["responses"], language)
        assert all(titles.get(f"/{lesson}") for lesson in lessons), language


def test_the_trust_confidence_adds_up_the_trust_question_and_every_lesson_topic():
    from bot.suggestions import trust_confidence

    ranking = [{"name": "nlu_fallback", "confidence": 0.3}, {"name": "ask_trust_question", "confidence": 0.25},
               {"name": "ask_guarantee", "confidence": 0.2}, {"name": "ask_privacy", "confidence": 0.15},
               {"name": "greet", "confidence": 0.1}]
    assert abs(trust_confidence(ranking, DOMAIN["responses"], "ask_trust_question") - 0.45) < 1e-9
    assert trust_confidence([], DOMAIN["responses"], "ask_trust_question") == 0.0
