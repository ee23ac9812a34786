"""A lesson topic asked for: the lesson and a next step; asked again, what its articles say beyond the lesson."""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.article_answers import (
    MESSAGE_LANGUAGE_SLOT, SHOWN_ARTICLES_SLOT, SHOWN_PASSAGES_SLOT, answer_new_question, next_step_or_none, offered,
    remembered, search_beyond, send_answer,
)
from actions.coaching_errors import log_coaching_unavailable
from actions.language import user_language
from actions.lesson_message import send_lesson
from bot.coaching.lessons import Lesson
from bot.coaching.service import COACHING_ERRORS, get_coaching
from bot.knowledge.service import KnowledgeUnavailable, get_knowledge_service
from bot.suggestions import button_titles, lesson_response

logger = logging.getLogger(__name__)

LESSONS_SHOWN_SLOT = "lessons_shown"
# How often a topic asked again gets further passages before the coach turns to putting it into practice: the
# passages closest to a topic come first; later ones drift to anecdotes that no longer answer it.
ROUNDS_BEYOND_THE_LESSON = 2


def _topic_name(responses: Dict[Text, Any], lesson: Lesson, language: str) -> str:
    """The topic as its button names it in the user's language (every lesson has one, tests/unit/test_domain.py)."""
    return button_titles(responses, language).get(f"/{lesson.intent}") or lesson.about(language)


async def _offer_step(
    dispatcher: CollectingDispatcher, tracker: Tracker, lesson: Lesson, question: str, language: str,
) -> List[Dict[Text, Any]]:
    """A next step on the lesson's topic not offered yet, if there is one; the events that remember it."""
    step = await next_step_or_none(question, language, [], tracker, topic=lesson.topic)
    if step:
        dispatcher.utter_message(response="utter_article_next_step", **step)
    return offered(tracker, step)


def retold(tracker: Tracker, lesson: Lesson) -> List[Dict[Text, Any]]:
    """The passages the lesson tells in its own words count as shown: asked again, the coach quotes others."""
    try:
        passages = get_knowledge_service().answerer.passages_telling(lesson.retells, lesson.articles)
    except KnowledgeUnavailable:  # the lesson stands; a later search is unavailable too
        return []
    return [SlotSet(SHOWN_PASSAGES_SLOT, [*(tracker.get_slot(SHOWN_PASSAGES_SLOT) or []), *passages])] if passages else []


class ActionLesson(Action):
    """The first time a topic is asked for, its lesson (from the domain) and a next step on that topic. Asked again
    – typed in other words or the button pressed once more – the passages of the lesson's articles closest to the
    question that the user has not read yet, with another next step; after two such rounds, or when nothing is
    close enough any more, it says the essentials are known and turns to putting them into practice."""

    def name(self) -> Text:
        return "action_lesson"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        latest = tracker.latest_message or {}
        intent = (latest.get("intent") or {}).get("name")
        responses = domain.get("responses") or {}
        response = lesson_response(intent, responses)
        if response is None:
            logger.warning("action_lesson ran for %r, which is no lesson topic; answering from the articles", intent)
            return await answer_new_question(dispatcher, tracker, domain)
        try:
            lesson = get_coaching().lessons.for_intent(intent)
        except COACHING_ERRORS as error:  # the lesson itself stands; only what follows it needs the content
            log_coaching_unavailable(error)
            lesson = None
        if lesson is None:
            await send_lesson(dispatcher, tracker, response, intent)
            return []
        language = user_language(tracker)
        text = (latest.get("text") or "").strip()
        typed = bool(text) and not text.startswith("/")
        # The typed question (searched in its own language), then what the topic is about (in the user's).
        message_language = tracker.get_slot(MESSAGE_LANGUAGE_SLOT) or language
        questions = ([(text, message_language)] if typed else []) + [(lesson.about(language), language)]
        shown = list(tracker.get_slot(LESSONS_SHOWN_SLOT) or [])
        if lesson.topic not in shown:
            await send_lesson(dispatcher, tracker, response, intent)
            offer = await _offer_step(dispatcher, tracker, lesson, questions[0][0], language)
            return [SlotSet(LESSONS_SHOWN_SLOT, [*shown, lesson.topic]), *retold(tracker, lesson)] + offer
        if shown.count(lesson.topic) > ROUNDS_BEYOND_THE_LESSON:
            return await self._all_shown(dispatcher, tracker, responses, lesson, questions[0][0], language)
        events = await self._beyond_the_lesson(dispatcher, tracker, responses, lesson, questions, language)
        return [SlotSet(LESSONS_SHOWN_SLOT, [*shown, lesson.topic])] + events

    @staticmethod
    async def _all_shown(
        dispatcher: CollectingDispatcher, tracker: Tracker, responses: Dict[Text, Any], lesson: Lesson, question: str,
        language: str,
    ) -> List[Dict[Text, Any]]:
        """The essentials are known: on to practice, with one more step on the topic if there is one not offered yet."""
        dispatcher.utter_message(response="utter_topic_all_shown", topic=_topic_name(responses, lesson, language))
        return await _offer_step(dispatcher, tracker, lesson, question, language)

    @staticmethod
    async def _beyond_the_lesson(
        dispatcher: CollectingDispatcher, tracker: Tracker, responses: Dict[Text, Any], lesson: Lesson,
        questions: List[Tuple[str, str]], language: str,
    ) -> List[Dict[Text, Any]]:
        topic = _topic_name(responses, lesson, language)
        passages = list(tracker.get_slot(SHOWN_PASSAGES_SLOT) or [])
        articles = list(tracker.get_slot(SHOWN_ARTICLES_SLOT) or [])
        try:
            for question, search_language in questions:
                answer = await search_beyond(question, search_language, lesson.articles, passages)
                if answer is not None:
                    break
        except KnowledgeUnavailable:
            dispatcher.utter_message(response="utter_article_search_unavailable")
            return []
        if answer is None:
            return await ActionLesson._all_shown(dispatcher, tracker, responses, lesson, questions[0][0], language)
        step = await next_step_or_none(question, language, [quote.text for quote in answer.quotes], tracker, topic=lesson.topic)
        send_answer(dispatcher, answer, language, "utter_more_on_topic_intro", step, topic=topic)
        return remembered(answer, question, passages, articles) + offered(tracker, step)
