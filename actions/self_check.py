"""The trust self-check in the chat: one statement at a time rated 1-5, then scores, the weakest trait and the chart."""

from __future__ import annotations

import base64
from abc import ABC, abstractmethod
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.coaching_action import COACHING_ERRORS, REQUESTED_SLOT, CoachingAction, CoachingFormValidation
from actions.language import user_language
from bot.coaching.chart import radar_chart_png
from bot.coaching.self_check import DIMENSIONS, HIGHEST
from bot.coaching.service import Coaching, get_coaching
from bot.understanding.numbers import format_number
from bot.understanding.service import Understanding

# The form's slots check_1 .. check_N follow the statements of data/coaching/self_check.yml in order.
STATEMENT_SLOTS = [f"check_{number}" for number in range(1, 13)]
# The slot value of a statement answered with "don't know" (left out of the score).
DONT_KNOW = "dont_know"


def _dots(score: Optional[float]) -> str:
    if score is None:
        return "–"
    filled = round(score)
    return "●" * filled + "○" * (HIGHEST - filled)


def _rating(value: Optional[str]) -> Optional[int]:
    return None if value in (None, DONT_KNOW) else int(value)


class ValidateSelfCheckForm(CoachingFormValidation):
    def name(self) -> Text:
        return "validate_self_check_form"

    def answers(self, question: str, text: str, understanding: Understanding) -> bool:
        return understanding.means_stop(text) or text == DONT_KNOW or understanding.rating(text).understood

    def validate_answers(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, coaching: Coaching
    ) -> List[Dict[Text, Any]]:
        understanding = coaching.understanding
        events = []
        for slot, value in tracker.slots_to_validate().items():
            if slot not in STATEMENT_SLOTS:
                continue
            text = str(value or "")
            if understanding.means_stop(text):
                return [SlotSet(slot, None), SlotSet(REQUESTED_SLOT, None)]
            if text == DONT_KNOW:  # kept from before a pause
                events.append(SlotSet(slot, DONT_KNOW))
                continue
            reading = understanding.rating(text)
            if not reading.understood:
                dispatcher.utter_message(response="utter_self_check_rating_unclear")
                events.append(SlotSet(slot, None))
            else:
                events.append(SlotSet(slot, DONT_KNOW if reading.dont_know else str(reading.rating)))
        return events


def _team_size(tracker: Tracker, coaching: Coaching) -> Optional[str]:
    """The team size from this conversation's profile answers, else from the stored profile (to word statements)."""
    team_size = tracker.get_slot("team_size")
    if team_size is None:
        try:
            profile = coaching.store.profile(tracker.sender_id)
        except COACHING_ERRORS:  # the store is down: ask in the general wording rather than not at all
            return None
        team_size = profile.team_size if profile is not None else None
    return team_size


class _AskStatement(Action, ABC):
    """Asks one statement of the self-check; the text comes from the content file, the frame from the domain."""

    @property
    @abstractmethod
    def number(self) -> int:
        """The statement's position, 1-based (a class attribute in each subclass)."""

    def name(self) -> Text:
        return f"action_ask_check_{self.number}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        coaching = get_coaching()
        statements = coaching.self_check.statements
        if self.number == 1:
            dispatcher.utter_message(response="utter_self_check_intro", total=len(statements))
        dispatcher.utter_message(
            response="utter_self_check_statement",
            number=self.number, total=len(statements),
            statement=statements[self.number - 1].wording(_team_size(tracker, coaching), user_language(tracker)),
        )
        return []


# One ask action per statement slot (Rasa asks for slot X with `action_ask_X`).
for _position in range(1, len(STATEMENT_SLOTS) + 1):
    globals()[f"ActionAskCheck{_position}"] = type(f"ActionAskCheck{_position}", (_AskStatement,), {"number": _position})


class ActionShowSelfCheckResult(CoachingAction):
    """Scores the answers, stores them, and shows scores, the weakest trait with its source, the change and the chart."""

    errors = COACHING_ERRORS + (ValueError,)  # ratings that cannot be scored

    def name(self) -> Text:
        return "action_show_self_check_result"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        if any(tracker.get_slot(slot) is None for slot in STATEMENT_SLOTS):
            dispatcher.utter_message(response="utter_self_check_paused")
            return []
        return await super().run(dispatcher, tracker, domain)

    def act(self, dispatcher: CollectingDispatcher, tracker: Tracker, coaching: Coaching) -> List[Dict[Text, Any]]:
        language = user_language(tracker)
        check = coaching.self_check
        ratings = [tracker.get_slot(slot) for slot in STATEMENT_SLOTS]
        answers = {statement.id: _rating(rating) for statement, rating in zip(check.statements, ratings)}
        result = check.score(answers)
        left_out = sum(1 for rating in answers.values() if rating is None)
        if result.weakest is None:  # "don't know" to everything: nothing to score or keep
            dispatcher.utter_message(response="utter_self_check_nothing_rated")
            return [SlotSet(slot, None) for slot in STATEMENT_SLOTS]
        coaching.store.add_self_check(tracker.sender_id, answers, result)
        history = coaching.store.self_checks(tracker.sender_id, 2)
        earlier = history[1].result if len(history) > 1 else None
        names = {dimension: check.dimensions[dimension].name(language) for dimension in DIMENSIONS}
        dispatcher.utter_message(
            response="utter_self_check_scores",
            scores="\n".join(
                f"{names[d]}: {_score(result.scores[d], language)} {_dots(result.scores[d])}" for d in DIMENSIONS
            ),
        )
        if left_out:
            dispatcher.utter_message(response="utter_self_check_left_out", count=left_out)
        weakest = check.dimensions[result.weakest]
        quote, translated = coaching.quote(weakest.source, language)
        dispatcher.utter_message(
            response="utter_self_check_weakest_translated" if translated else "utter_self_check_weakest",
            dimension=names[result.weakest],
            explanation=weakest.explanation(language),
            quote=quote,
            source=coaching.article(weakest.source.article).citation(language),
        )
        if earlier is not None:
            changes = result.changes_since(earlier)
            dispatcher.utter_message(
                response="utter_self_check_change",
                changes=", ".join(
                    f"{names[d]} {'+' if changes[d] > 0 else '±' if changes[d] == 0 else '−'}{format_number(abs(changes[d]), language)}"
                    for d in DIMENSIONS if d in changes
                ),
            )
        png = radar_chart_png(
            DIMENSIONS, names, result.scores, earlier.scores if earlier else None,
            [check.legend.now(language), check.legend.before(language)] if earlier else [],
        )
        dispatcher.utter_message(response="utter_self_check_chart", image="data:image/png;base64," + base64.b64encode(png).decode())
        dispatcher.utter_message(response="utter_self_check_next")
        return [SlotSet(slot, None) for slot in STATEMENT_SLOTS]


def _score(score: Optional[float], language: str) -> str:
    return "?" if score is None else format_number(score, language)
