"""A message that only tells about the business („ich verkauf allein kerzen auf etsy“) is acknowledged, not declined."""

from __future__ import annotations

import logging

from rasa_sdk.executor import CollectingDispatcher

from bot.coaching.service import COACHING_ERRORS, get_coaching
from bot.understanding.service import get_understanding

logger = logging.getLogger(__name__)


def tell_facts_noted(dispatcher: CollectingDispatcher, text: str, language: str) -> bool:
    """Says which profile answers the message gave (action_take_profile_facts keeps them) and offers the plan;
    False, saying nothing, when it gives none or asks something."""
    understanding = get_understanding()
    facts = understanding.profile_facts(text)
    if not facts or understanding.is_question(text):
        return False
    try:
        lines = get_coaching().wording.profile_answers(facts, language)
    except COACHING_ERRORS as error:  # the message gets the usual answer instead
        logger.warning("Cannot word the noted profile answers: %s", error)
        return False
    dispatcher.utter_message(response="utter_profile_facts_noted", answers="\n".join(f"• {line}" for line in lines))
    return True
