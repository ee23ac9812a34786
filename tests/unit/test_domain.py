"""The conversation content: every response in German and English, every lesson cites its source, nothing dangles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.store.coaching_store import ITEM_STATUSES

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text())
RESPONSES = DOMAIN["responses"]
INTENTS = set(DOMAIN["intents"])


def _is_english(variation) -> bool:
    return variation.get("condition") == [{"type": "slot", "name": "language", "value": "en"}]


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_every_response_has_a_german_default_and_an_english_variation(name):
    variations = RESPONSES[name]
    english = [v for v in variations if _is_english(v)]
    german = [v for v in variations if "condition" not in v]
    assert len(english) == 1 and len(german) == 1 and len(variations) == 2, name
    assert english[0]["text"].strip() and german[0]["text"].strip()
    # Same buttons, in the same order, in both languages; only titles are translated
    # (and a language button offers the other language).
    assert _intents_of_buttons(english[0]) == _intents_of_buttons(german[0])


def _intents_of_buttons(variation) -> list:
    """Intents of "/intent" payloads; plain payloads (answers to a form question) are kept as they are."""
    return [
        match.group(1) if (match := re.match(r"/(\w+)", button["payload"])) else button["payload"]
        for button in variation.get("buttons", [])
    ]


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_buttons_trigger_existing_intents(name):
    for variation in RESPONSES[name]:
        intents = {b["payload"][1:].split("{")[0] for b in variation.get("buttons", []) if b["payload"].startswith("/")}
        assert intents <= INTENTS, name


LESSONS = sorted(name for name in RESPONSES if name.startswith("utter_lesson_"))


def test_there_is_a_lesson_for_every_topic_intent():
    # ask_privacy has its own answer; ask_trust_question is answered from the articles.
    topics = {intent[len("ask_"):] for intent in INTENTS if intent.startswith("ask_")} - {"privacy", "trust_question"}
    assert {name[len("utter_lesson_"):] for name in LESSONS} == topics


def test_every_lesson_closes_with_the_tip_chosen_for_the_business_in_both_languages():
    from actions.lesson_message import TIP_PLACEHOLDER

    for name in LESSONS:
        for variation in RESPONSES[name]:
            assert "{" + TIP_PLACEHOLDER + "}" in variation["text"], name
            assert "For you:" not in variation["text"] and "Für dich:" not in variation["text"], name


def test_every_lesson_has_its_articles_and_a_button_title_to_name_it_by_in_both_languages():
    from bot.coaching.lessons import load_lessons
    from bot.knowledge.articles import load_articles
    from bot.suggestions import button_titles

    lessons = load_lessons(ROOT / "data" / "coaching" / "lessons.yml", load_articles(ROOT / "data" / "articles"))
    assert {f"utter_lesson_{lesson.topic}" for lesson in lessons} == set(LESSONS)
    for language in ("de", "en"):
        titles = button_titles(RESPONSES, language)
        assert all(titles.get(f"/{lesson.intent}") for lesson in lessons), language


@pytest.mark.parametrize("name", LESSONS)
def test_every_lesson_names_its_source_article(name):
    for variation in RESPONSES[name]:
        source_line = variation["text"].strip().splitlines()[-1]
        assert source_line.startswith("📖"), f"{name} must end with its source line"
        assert re.search(r"Source|Quelle", source_line)


def _used_response_names() -> set:
    used = set()
    for path in (ROOT / "data").glob("*/*.yml"):
        used |= set(re.findall(r"action: (utter_\w+)", path.read_text()))
    for path in [*(ROOT / "actions").glob("*.py"), *(ROOT / "rasa_plugins").glob("*.py")]:
        used |= set(re.findall(r"\"(utter_\w+)\"", path.read_text()))
    # Forms ask with utter_ask_<slot> (the profile's ask actions send it too); plan items are sent as utter_plan_item_<status>.
    used |= {
        f"utter_ask_{slot}" for form in DOMAIN.get("forms", {}).values() for slot in form["required_slots"]
        if f"action_ask_{slot}" not in DOMAIN["actions"] or form is DOMAIN["forms"]["business_profile_form"]
    }
    used |= {f"utter_plan_item_{status}" for status in ITEM_STATUSES}
    # The lesson action sends a topic's lesson, utter_lesson_<topic>, for its intent ask_<topic>.
    used |= {name for name in RESPONSES if name.startswith("utter_lesson_")}
    return used


def test_every_response_is_used_and_every_used_response_exists():
    used = _used_response_names()
    assert set(RESPONSES) - used == set(), "responses nobody sends"
    assert used - set(RESPONSES) == set(), "responses sent but not defined"


def test_only_the_language_and_profile_fact_actions_run_as_slot_mappings_on_every_message():
    # Rasa runs a custom mapping's action on every user message; the article actions must not be run that way,
    # or a button press such as "/more_from_article" would be searched for and overwrite the remembered question.
    # The profile facts action only reads typed text outside forms and fills empty profile questions.
    mapping_actions = {
        mapping.get("action")
        for slot in DOMAIN["slots"].values()
        for mapping in slot.get("mappings", [])
        if mapping.get("type") == "custom"
    }
    assert mapping_actions <= {"action_set_language", "action_take_profile_facts", None}


def test_the_self_check_form_asks_every_statement_of_the_content_file():
    statements = yaml.safe_load((ROOT / "data" / "coaching" / "self_check.yml").read_text())["statements"]
    slots = DOMAIN["forms"]["self_check_form"]["required_slots"]
    assert slots == [f"check_{number}" for number in range(1, len(statements) + 1)]
    assert all(f"action_ask_{slot}" in DOMAIN["actions"] for slot in slots)


def test_english_source_lines_give_the_english_title_beside_the_german_one():
    from bot.knowledge.articles import load_articles

    articles = [article for article in load_articles(ROOT / "data" / "articles") if article.title_en]
    for name, variations in RESPONSES.items():
        for variation in variations:
            if not _is_english(variation):
                continue
            for line in variation["text"].splitlines():
                if not line.startswith("📖"):
                    continue
                for article in articles:
                    plain = article.title.replace("„", "'").replace("“", "'")
                    if article.title in line or plain in line:
                        assert article.title_en.replace('"', "'") in line, (name, article.id)
