"""A lesson as the user reads it: its text from the domain, its closing tip chosen for the user's business."""

from __future__ import annotations

import asyncio
from typing import Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.coaching_errors import log_coaching_unavailable
from actions.known_business import known_business
from actions.language import user_language
from bot.coaching.service import COACHING_ERRORS, get_coaching

# The response's placeholder for the tip (data/coaching/lessons.yml, `for_you`).
TIP_PLACEHOLDER = "for_you"


async def send_lesson(dispatcher: CollectingDispatcher, tracker: Tracker, response: str, intent: Optional[str]) -> None:
    """The lesson response with the tip that fits the business; without the coaching content, the lesson alone."""
    dispatcher.utter_message(response=response, **{TIP_PLACEHOLDER: await asyncio.to_thread(_tip, tracker, intent)})


def _tip(tracker: Tracker, intent: Optional[str]) -> str:
    try:
        coaching = get_coaching()
        lesson = coaching.lessons.for_intent(intent)
        return lesson.tip(user_language(tracker), known_business(tracker, coaching)) if lesson else ""
    except COACHING_ERRORS as error:
        log_coaching_unavailable(error)
        return ""
