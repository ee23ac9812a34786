"""Gives messages that are empty, symbol-only, garbled or far too long the intent `unclear_input`, whatever the
classifier guessed, and so too messages in intent form that the coach never offers (marked by the channel,
bot/typed_commands.py). A rule answers that intent with action_respond_to_unclear_message, which says why."""

from __future__ import annotations

from typing import Any, Dict, List, Text, Type

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.typed_commands import is_unoffered_command, without_intent_prefix
from bot.unclear_input import UNCLEAR_INPUT_INTENT, input_problem


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class InputGuard(GraphComponent, IntentClassifier):
    """A 20,000-character paste or a row of emojis gets an explanation, not a confident misreading."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [IntentClassifier]

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "InputGuard":
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            unoffered = is_unoffered_command(message.get("metadata"))
            if unoffered:
                # Rasa's RegexMessageHandler runs after NLU and would still read the slash text as an intent.
                message.set(TEXT, without_intent_prefix(message.get(TEXT) or ""))
            elif input_problem(message.get(TEXT)) is None:
                continue
            unclear = {INTENT_NAME_KEY: UNCLEAR_INPUT_INTENT, PREDICTED_CONFIDENCE_KEY: 1.0}
            message.set(INTENT, unclear, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [unclear, *(message.get(INTENT_RANKING_KEY) or [])], add_to_output=True)
        return messages
