"""Lessons: taught once with a next step; asked again, more from the lesson's articles, never the same words twice."""

import pytest

import actions.lessons as lessons
from actions.lessons import ActionLesson
from bot.coaching.content import ContentError
from bot.coaching.profile import KnownBusiness
from tests.helpers import use_coaching
from tests.unit.test_plan import TEAM_WORDS
from tests.actions.test_article_answer_actions import coaching, index, knowledge, run, tracker_for  # noqa: F401

LESSON_ARTICLES = {"customer-loyalty", "give-trust"}  # the guarantee lesson's sources (data/coaching/lessons.yml)


@pytest.fixture(autouse=True)
def lesson_knowledge(knowledge, monkeypatch):  # noqa: F811
    monkeypatch.setattr(lessons, "get_knowledge_service", lambda: knowledge)


def responses(messages):
    return [message["response"] for message in messages]


async def test_a_lesson_is_taught_with_a_next_step_on_its_topic(coaching):
    messages, slots = await run(ActionLesson(), tracker_for("/ask_guarantee", intent="ask_guarantee"))
    assert responses(messages) == ["utter_lesson_guarantee", "utter_article_next_step"]
    step = coaching.catalog.actions[messages[1]["action_id"]]
    assert "guarantee" in step.topics
    assert slots["lessons_shown"] == ["guarantee"] and slots["next_steps_offered"] == [step.id]


async def test_what_the_lesson_retells_is_not_quoted_when_it_is_asked_again(index, coaching):
    _, first = await run(ActionLesson(), tracker_for("/ask_guarantee", intent="ask_guarantee"))
    retold = coaching.lessons["guarantee"].retells
    assert first["article_passages_shown"], "the passages the lesson tells count as shown"
    messages, _ = await run(ActionLesson(), tracker_for("/ask_guarantee", intent="ask_guarantee", **first))
    quotes = " ".join(" ".join(m["quote"].split()) for m in messages if m["response"].startswith("utter_article_quote"))
    assert not any(" ".join(excerpt.split()) in quotes for excerpt in retold)


async def test_asked_again_the_lesson_is_not_repeated_but_continued_from_its_articles(index):
    _, first = await run(ActionLesson(), tracker_for("/ask_guarantee", intent="ask_guarantee"))
    messages, again = await run(ActionLesson(), tracker_for(
        "Und was mache ich, wenn jemand sein Geld zurück will?", intent="ask_guarantee", **first))
    assert "utter_lesson_guarantee" not in responses(messages)
    assert messages[0] == {**messages[0], "response": "utter_more_on_topic_intro", "topic": "Garantien"}
    quoted = {passage.article for passage in index.passages if passage.id in again["article_passages_shown"]}
    assert quoted and quoted <= LESSON_ARTICLES
    steps = [message["action_id"] for message in messages if message["response"] == "utter_article_next_step"]
    assert all(step not in first["next_steps_offered"] for step in steps), "a follow-up offers another step"


async def test_asking_on_and_on_shows_each_passage_once_and_then_says_everything_was_shown():
    slots = {"lessons_shown": ["guarantee"]}
    quotes = []
    for _ in range(40):
        messages, events = await run(ActionLesson(), tracker_for("/ask_guarantee", intent="ask_guarantee", language="en", **slots))
        if responses(messages)[0] == "utter_topic_all_shown":
            assert messages[0]["topic"] == "Guarantees"
            break
        quotes += [message["quote"] for message in messages if message["response"].startswith("utter_article_quote")]
        slots.update(events)
    else:
        raise AssertionError("the topic never ran out of passages")
    assert quotes and len(quotes) == len(set(quotes)), "no passage is quoted twice"


async def test_after_two_rounds_beyond_the_lesson_the_coach_turns_to_practice():
    slots = {"lessons_shown": ["guarantee", "guarantee", "guarantee"]}
    messages, _ = await run(ActionLesson(), tracker_for("/ask_guarantee", intent="ask_guarantee", **slots))
    assert responses(messages) == ["utter_topic_all_shown", "utter_article_next_step"] and messages[0]["topic"] == "Garantien"


async def test_the_lesson_is_taught_even_when_the_coaching_content_cannot_be_loaded(monkeypatch):
    def broken():
        raise ContentError("data/coaching/lessons.yml: cannot be read")

    use_coaching(monkeypatch, broken)
    messages, _ = await run(ActionLesson(), tracker_for("/ask_guarantee", intent="ask_guarantee"))
    assert responses(messages) == ["utter_lesson_guarantee"] and messages[0]["for_you"] == ""


async def test_the_lesson_closes_with_the_tip_for_the_business_the_user_mentioned(coaching):
    solo = tracker_for("/ask_employees", intent="ask_employees", business_type="consultant_coach", team_size="solo")
    messages, _ = await run(ActionLesson(), solo)
    assert messages[0]["response"] == "utter_lesson_employees"
    assert messages[0]["for_you"] == coaching.lessons["employees"].tip("de", KnownBusiness("consultant_coach", "solo"))
    assert not TEAM_WORDS.search(messages[0]["for_you"])
    messages, _ = await run(ActionLesson(), tracker_for("/ask_employees", intent="ask_employees", language="en"))
    assert messages[0]["for_you"] == coaching.lessons["employees"].tip("en")

