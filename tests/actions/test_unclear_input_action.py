"""action_respond_to_unclear_message: a fitting, friendly explanation for each unusable message."""

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.unclear_input import ActionRespondToUnclearMessage
from bot.typed_commands import UNOFFERED_COMMAND
from tests.helpers import make_tracker


@pytest.mark.parametrize(
    "text, response",
    [
        ("", "utter_empty_message"),
        ("   ", "utter_empty_message"),
        ("😀😀😀", "utter_no_words"),
        ("Vertrauen " * 2000, "utter_message_too_long"),
        ("ab\x01\x02cd", "utter_not_understood"),
        ("Bonjour, comment puis-je gagner la confiance de mes clients ?", "utter_only_german_english"),
        ("Kann man Quark mit Soße backen oder so", "utter_not_understood"),
    ],
)
async def test_each_kind_of_unclear_message_gets_its_explanation(text, response):
    dispatcher = CollectingDispatcher()
    events = await ActionRespondToUnclearMessage().run(dispatcher, make_tracker(text, intent="nlu_fallback"), {})
    assert [message["response"] for message in dispatcher.messages] == [response]
    assert events == []


async def test_a_command_the_coach_never_offers_is_explained_not_executed():
    # The channel marks "/check_in_due" typed by a user; the input guard sends it to the fallback.
    tracker = make_tracker("/check_in_due", intent="nlu_fallback", metadata={UNOFFERED_COMMAND: True})
    dispatcher = CollectingDispatcher()
    events = await ActionRespondToUnclearMessage().run(dispatcher, tracker, {})
    assert [message["response"] for message in dispatcher.messages] == ["utter_unknown_command"] and events == []
