"""action_set_language: the slot that picks German or English responses."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.language import ActionSetLanguage
from bot.typed_commands import UNOFFERED_COMMAND
from tests.helpers import make_tracker


async def run(tracker):
    return await ActionSetLanguage().run(CollectingDispatcher(), tracker, {})


def slots(events):
    """The answer language's slots (the latest message's own language is checked on its own)."""
    return {event["name"]: event["value"] for event in events if event["event"] == "slot" and event["name"] != "message_language"}


async def test_english_question_switches_a_new_user_to_english(isolated_env):
    events = await run(make_tracker("How can I get new customers to trust my bakery?", intent="ask_trust_gap"))
    assert slots(events) == {"language": "en", "language_source": "detected"}


async def test_browser_language_is_used_when_the_text_says_nothing(isolated_env):
    events = await run(make_tracker("hi", intent="greet", metadata={"language": "en-GB"}))
    assert slots(events) == {"language": "en", "language_source": "metadata"}


async def test_explicit_switch_from_entity(isolated_env):
    tracker = make_tracker(
        "/lang en", intent="switch_language", entities=[{"entity": "language", "value": "en"}],
        slots={"language": "de", "language_source": "detected"},
    )
    assert slots(await run(tracker)) == {"language": "en", "language_source": "explicit"}


async def test_button_payload_does_not_count_as_german_or_english_text(isolated_env):
    tracker = make_tracker("/ask_trust_gap", intent="ask_trust_gap", slots={"language": "en", "language_source": "detected"})
    assert slots(await run(tracker)) == {}


async def test_a_command_the_coach_never_offers_says_nothing_about_the_language(isolated_env):
    # The input guard hands it on without its slash ("request_plan{...}" reads like English to a detector).
    tracker = make_tracker('request_plan{"business_type": "x"}', intent="nlu_fallback",
                           metadata={UNOFFERED_COMMAND: True}, slots={"language": "de", "language_source": "default"})
    assert slots(await run(tracker)) == {}


async def test_explicit_choice_survives_a_message_in_the_other_language(isolated_env):
    tracker = make_tracker(
        "Wie baue ich Vertrauen bei neuen Kunden auf?", intent="ask_trust_gap",
        slots={"language": "en", "language_source": "explicit"},
    )
    assert slots(await run(tracker)) == {}


async def test_default_language_comes_from_settings(isolated_env, monkeypatch):
    from actions import language

    monkeypatch.setenv("TRUSTCOACH_DEFAULT_LANGUAGE", "en")
    language._default_language.cache_clear()
    try:
        assert slots(await run(make_tracker("ok", intent="affirm"))) == {"language": "en", "language_source": "default"}
    finally:
        language._default_language.cache_clear()


@pytest.mark.parametrize("metadata", [None, "not a dict", {"language": 7}, {"language": "xx-YY"}])
async def test_broken_metadata_is_ignored(isolated_env, metadata):
    tracker = make_tracker("hallo", intent="greet")
    tracker.latest_message["metadata"] = metadata
    assert slots(await run(tracker)) == {"language": "de", "language_source": "default"}


DOMAIN = {"responses": {"utter_ask_reach": [{"text": "2/6", "buttons": [
    {"title": "Online und vor Ort", "payload": "both"}, {"title": "Persönlich vor Ort", "payload": "in_person"}]}]}}


@pytest.mark.parametrize("text", ["both", "customer_survey", "new_customers_hesitate"])
async def test_a_pressed_answer_button_never_switches_a_german_user_to_english(isolated_env, text):
    domain = {"responses": {"utter_ask": [{"text": "?", "buttons": [{"title": "x", "payload": text}]}]}}
    tracker = make_tracker(text, intent="nlu_fallback", slots={"language": "de", "language_source": "detected"})
    assert slots(await ActionSetLanguage().run(CollectingDispatcher(), tracker, domain)) == {}


@pytest.mark.parametrize("text", ["thanks", "ok cool", "Trust Gap?", "great, thank you"])
async def test_a_few_words_in_the_other_language_keep_the_conversation_language(isolated_env, text):
    tracker = make_tracker(text, intent="thank", slots={"language": "de", "language_source": "detected"})
    assert slots(await run(tracker)) == {}


async def test_a_clear_sentence_in_the_other_language_switches(isolated_env):
    tracker = make_tracker("How do I get new customers to trust my bakery?", intent="ask_trust_question",
                           slots={"language": "de", "language_source": "detected"})
    assert slots(await run(tracker)) == {"language": "en"}


@pytest.mark.parametrize("text, current, wanted", [
    ("warum redest du jetzt englisch?", "en", "de"),
    ("lieber auf Deutsch bitte", "en", "de"),
    ("can we do English?", "de", "en"),
])
async def test_a_language_request_in_words_is_explicit_and_a_complaint_keeps_the_writers_language(
        isolated_env, text, current, wanted):
    tracker = make_tracker(text, intent="switch_language", entities=[], slots={"language": current, "language_source": "detected"})
    assert slots(await run(tracker)) == {"language": wanted, "language_source": "explicit"}


async def test_the_messages_own_language_is_kept_for_the_turn(isolated_env):
    events = await run(make_tracker("Wie gewinne ich das Vertrauen neuer Kunden?", intent="ask_trust_question"))
    assert {"event": "slot", "name": "message_language", "value": "de"}.items() <= next(
        event for event in events if event["name"] == "message_language").items()

