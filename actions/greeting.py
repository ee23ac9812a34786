"""The greeting, and a question in the same message („Hallo, ich hab ein Café. Wie bekomme ich Stammgäste?“)."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.article_answers import answer_new_question
from actions.language import user_language
from actions.profile_facts import tell_facts_noted
from bot.understanding.service import get_understanding


class ActionGreet(Action):
    """A bare greeting gets the welcome; a greeting with a question after it gets a short hello and the answer.
    (Facts after a greeting, „Hallo, ich hab ein Café“, are taken by action_take_profile_facts and acknowledged.)"""

    def name(self) -> Text:
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        understanding = get_understanding()
        text = ((tracker.latest_message or {}).get("text") or "").strip()
        rest = understanding.after_greeting(text)
        if not rest and not understanding.opens_with_greeting(text) and not text.startswith("/"):
            rest = text  # taken for a greeting without one („ich bin yogalehrerin …“): the message itself counts
        if not rest or not understanding.is_question(rest):
            dispatcher.utter_message(response="utter_greet")
            if rest:  # „moin, hab nen friseursalon mit 4 leuten“: the welcome, then what was noted
                tell_facts_noted(dispatcher, rest, user_language(tracker))
            return []
        dispatcher.utter_message(response="utter_greet_short")
        return await answer_new_question(dispatcher, tracker, domain, question=rest)
