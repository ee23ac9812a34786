"""`trustcoach validate`: the shipped content passes; a mistake a trainer could make is named with its file and
line and what to do."""

from pathlib import Path

from bot.content_check import _responses, check_project
from bot.knowledge.articles import load_articles

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = ROOT / "data" / "articles"


def test_the_shipped_content_and_scripts_pass():
    assert check_project(ROOT, ARTICLES, [ROOT / "tests" / "conversations"]) == []


def test_a_script_naming_what_does_not_exist_is_told_each_mistake_in_line_order(tmp_path):
    script = tmp_path / "broken.yml"
    script.write_text(
        "test_cases:\n- test_case: broken\n  languages: [de, en]\n  steps:\n  - user: Hallo\n  - utter: utter_gret\n"
        "  - press: {de: \"Mein Plan\", en: \"My trust plan\"}\n  - cites: trust-gapp\n  - plan_contains: no-such\n"
        "  - slot_was_set:\n    - busines_type: x\n  - intent: greeet\n",
        encoding="utf-8",
    )
    problems = [str(problem) for problem in check_project(ROOT, ARTICLES, [script])]
    assert [problem.split(": ", 1)[0].rsplit(":", 1)[1] for problem in problems] == ["6", "7", "8", "9", "10", "12"]
    assert "utter_gret" in problems[0] and "[Mein Plan] in de" in problems[1] and "trust-gapp" in problems[2]
    assert "busines_type" in problems[4]


def test_a_response_without_its_english_variation_or_with_an_unknown_source_is_named():
    responses = {
        "utter_only_german": [{"text": "Hallo"}],
        "utter_wrong_source": [
            {"text": "Text\n📖 Quelle: Ein Buch, das es nicht gibt"},
            {"text": "Text\n📖 Source: A book", "condition": [{"type": "slot", "name": "language", "value": "en"}]},
        ],
    }
    problems = [str(problem) for problem in _responses(responses, load_articles(ARTICLES))]
    assert any("utter_only_german" in problem and "no variation in en" in problem for problem in problems)
    assert sum("utter_wrong_source" in problem and "names no article title" in problem for problem in problems) == 2
