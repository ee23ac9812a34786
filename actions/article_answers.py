"""Free questions answered from the source articles, with "more from this article" and "another angle"."""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from typing import Any, Dict, List, Optional, Sequence, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.known_business import known_business
from actions.language import user_language
from actions.profile_facts import tell_facts_noted
from bot.coaching.next_step import get_next_step_finder
from bot.coaching.service import COACHING_ERRORS, get_coaching
from bot.knowledge.answering import ANY, Answer
from bot.knowledge.service import KnowledgeUnavailable, get_knowledge_service
from bot.language import SUPPORTED_LANGUAGES, get_language_detector
from bot.suggestions import suggestion_buttons, trust_confidence

logger = logging.getLogger(__name__)

QUESTION_SLOT = "article_question"
NEXT_STEP_STEPS = 2  # the first steps of the next step; the plan holds them all
MESSAGE_LANGUAGE_SLOT = "message_language"
ARTICLE_SLOT = "article_current"
SHOWN_PASSAGES_SLOT = "article_passages_shown"
SHOWN_ARTICLES_SLOT = "article_articles_shown"
LAST_QUOTES_SLOT = "article_quotes_last"
OFFERED_STEPS_SLOT = "next_steps_offered"
OUT_OF_SCOPE_INTENT = "out_of_scope"
TRUST_QUESTION_INTENT = "ask_trust_question"
# The classifier's confidence (trust question and lesson topics together) from which a message counts as on topic
# for the answer threshold.
TRUST_QUESTION_CONFIDENCE = 0.5


def send_answer(
    dispatcher: CollectingDispatcher, answer: Answer, language: str, intro: str, next_step: Optional[Dict[str, str]] = None,
    **intro_values: str,
) -> None:
    """The quotes grouped by article (English readers get the English rendition where the article has one), then
    the next step, if there is one."""
    dispatcher.utter_message(response=intro, **intro_values)
    any_translated = False
    for article, quotes in answer.by_article():
        translated = language == "en" and all(quote.english for quote in quotes)
        any_translated = any_translated or translated
        dispatcher.utter_message(
            response="utter_article_quote_translated" if translated else "utter_article_quote",
            quote=Answer.quoted(quotes, english=translated), source=article.citation(language),
        )
    if any_translated:
        dispatcher.utter_message(response="utter_article_original_offer")
    if next_step:
        dispatcher.utter_message(response="utter_article_next_step", **next_step)
    best = answer.quotes[0].article
    dispatcher.utter_message(response="utter_article_answer_options", article=best.display_title(language))


def remembered(answer: Answer, question: str, passages: List[str], articles: List[str]) -> List[Dict[Text, Any]]:
    return [
        SlotSet(QUESTION_SLOT, question),
        SlotSet(LAST_QUOTES_SLOT, [[quote.article.id, quote.start, quote.end] for quote in answer.quotes]),
        SlotSet(ARTICLE_SLOT, answer.article),
        SlotSet(SHOWN_PASSAGES_SLOT, [*passages, *answer.passage_ids]),
        SlotSet(SHOWN_ARTICLES_SLOT, list(dict.fromkeys([*articles, *answer.articles]))),
    ]


async def search_answer(question: str, language: Optional[str], **options) -> Optional[Answer]:
    """Searches off the event loop: the first call may still wait for the index to load."""
    service = get_knowledge_service()
    return await asyncio.to_thread(lambda: service.answerer.answer(question, language, **options))


async def search_beyond(question: str, language: str, articles: Sequence[str], skip_passages: List[str]) -> Optional[Answer]:
    """Passages of `articles` not in `skip_passages` that are as close to the question as an answer must be (the
    looser bar of "another angle" let a topic asked again drift to anecdotes far from it)."""
    answerer = get_knowledge_service().answerer
    others = [article for article in answerer.index.articles if article not in articles]
    return await search_answer(
        question, language, skip_articles=others, skip_passages=skip_passages, min_similarity=answerer.threshold(language),
    )


def next_step(
    question: str, language: str, quoted: List[str], tracker: Tracker, topic: Optional[str] = None
) -> Optional[Dict[str, str]]:
    """The catalog action that turns an answer (`quoted`: its German passages) or a lesson (`topic`) into something
    to do, worded for the user's business; None when no action fits. Actions in the plan or offered before in this
    conversation are left out: a follow-up gets another one. Runs in a thread: it embeds the question and reads
    the store."""
    coaching = get_coaching()
    # Before the profile is complete, what the user said in passing („bin Klempner, mach alles allein“).
    known = known_business(tracker, coaching)
    plan = coaching.store.current_plan(tracker.sender_id)
    exclude = {*(item.action_id for item in (plan.items if plan else ())), *(tracker.get_slot(OFFERED_STEPS_SLOT) or [])}
    # Problems the user named in their own words (a pressed button names none).
    typed = (tracker.latest_message or {}).get("text") or ""
    problems = () if typed.startswith("/") else coaching.understanding.problems_named(typed)
    step = get_next_step_finder().find(
        question, language, quoted=quoted, profile=known, exclude=exclude, topic=topic, problems=problems,
    )
    if step is None:
        return None
    steps = step.action.steps_for(
        known.team_size if known else None, language, known.business_type if known else None,
    )[:NEXT_STEP_STEPS]
    return {
        "title": step.action.title(language), "steps": "\n".join(f"• {text}" for text in steps), "action_id": step.action.id,
    }


async def next_step_or_none(
    question: str, language: str, quoted: List[str], tracker: Tracker, topic: Optional[str] = None
) -> Optional[Dict[str, str]]:
    """`next_step` off the event loop; the answer stands without one when the search or the store fails."""
    try:
        return await asyncio.to_thread(next_step, question, language, quoted, tracker, topic)
    except (KnowledgeUnavailable, *COACHING_ERRORS) as error:
        logger.warning("No next step for this answer: %s", error)
        return None


def offered(tracker: Tracker, step: Optional[Dict[str, str]]) -> List[Dict[Text, Any]]:
    """Remembers a next step just offered, so that a follow-up offers another one."""
    if not step:
        return []
    return [SlotSet(OFFERED_STEPS_SLOT, [*(tracker.get_slot(OFFERED_STEPS_SLOT) or []), step["action_id"]])]


async def answer_new_question(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict, question: Optional[str] = None
) -> List[Dict[Text, Any]]:
    """Quotes from the articles when one covers the latest message (or `question`, a part of it), otherwise an
    honest "not covered" with the closest topics.

    Unusable input (empty, no words, garbled, far too long, an unknown command) never gets here: the input
    guard gives it the intent `unclear_input`, which a rule answers."""
    latest = tracker.latest_message or {}
    text = (latest.get("text") or "") if question is None else question
    intent = (latest.get("intent") or {}).get("name")
    language = user_language(tracker)
    # The message's language, detected once per message by action_set_language; a part of it is detected anew.
    detected = tracker.get_slot(MESSAGE_LANGUAGE_SLOT) if question is None else get_language_detector().detect(text)
    if detected and detected not in SUPPORTED_LANGUAGES:  # the articles cannot answer a third language
        dispatcher.utter_message(response="utter_only_german_english")
        return []
    try:
        ranking = latest.get("intent_ranking") or [latest.get("intent") or {}]
        on_topic = question is None and (
            trust_confidence(ranking, domain.get("responses"), TRUST_QUESTION_INTENT) >= TRUST_QUESTION_CONFIDENCE
        )
        # Passages quoted before in this conversation are left out while others are close enough: a new question
        # never gets the same words again (quoted again only when nothing else answers it).
        seen = list(tracker.get_slot(SHOWN_PASSAGES_SLOT) or [])
        answer = await search_answer(text, detected or language, on_topic=on_topic, skip_passages=seen)
        if answer is None and seen:
            answer = await search_answer(text, detected or language, on_topic=on_topic)
    except KnowledgeUnavailable:
        dispatcher.utter_message(response="utter_article_search_unavailable")
        return []
    if answer is not None:
        step = await next_step_or_none(text, language, [quote.text for quote in answer.quotes], tracker)
        send_answer(dispatcher, answer, language, "utter_article_answer_intro", step)
        return remembered(answer, text, seen, []) + offered(tracker, step)
    if question is None and tell_facts_noted(dispatcher, text, language):
        return []  # it told about the business, it asked nothing
    if intent == OUT_OF_SCOPE_INTENT:
        dispatcher.utter_message(response="utter_out_of_scope")
    else:
        dispatcher.utter_message(
            response="utter_no_article_answer",
            buttons=suggestion_buttons(latest.get("intent_ranking"), domain.get("responses"), language),
        )
    return []


class ActionAnswerFromArticles(Action):
    """A free question: quotes from the articles when one covers it, otherwise an honest "not covered"."""

    def name(self) -> Text:
        return "action_answer_from_articles"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        return await answer_new_question(dispatcher, tracker, domain)


class _FollowUp(Action, ABC):
    """Continues the last answered question; what differs is which passages are allowed."""

    intro: str
    nothing_left: str

    @abstractmethod
    def options(self, tracker: Tracker, question_language: Optional[str]) -> Dict[str, Any]:
        """Keyword arguments for `ArticleAnswerer.answer` that pick the allowed passages."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        question = tracker.get_slot(QUESTION_SLOT)
        if not question:
            dispatcher.utter_message(response="utter_ask_question_first")
            return []
        passages = list(tracker.get_slot(SHOWN_PASSAGES_SLOT) or [])
        articles = list(tracker.get_slot(SHOWN_ARTICLES_SLOT) or [])
        question_language = get_language_detector().detect(question)
        try:
            options = self.options(tracker, question_language)
            answer = await search_answer(question, question_language, skip_passages=passages, **options)
        except KnowledgeUnavailable:
            dispatcher.utter_message(response="utter_article_search_unavailable")
            return []
        if answer is None:
            dispatcher.utter_message(response=self.nothing_left)
            return []
        send_answer(dispatcher, answer, user_language(tracker), self.intro)
        return remembered(answer, question, passages, articles)


class ActionMoreFromArticle(_FollowUp):
    intro = "utter_more_from_article_intro"
    nothing_left = "utter_article_exhausted"

    def name(self) -> Text:
        return "action_more_from_article"

    def options(self, tracker: Tracker, question_language: Optional[str]) -> Dict[str, Any]:
        # The user asked for more of this article: its next best passages, however close.
        return {"within_article": tracker.get_slot(ARTICLE_SLOT), "min_similarity": ANY}


class ActionAnotherAngle(_FollowUp):
    intro = "utter_another_angle_intro"
    nothing_left = "utter_no_other_angle"

    def name(self) -> Text:
        return "action_another_angle"

    def options(self, tracker: Tracker, question_language: Optional[str]) -> Dict[str, Any]:
        # Only articles not quoted yet, and only when they, too, are close to the question.
        return {
            "skip_articles": list(tracker.get_slot(SHOWN_ARTICLES_SLOT) or []),
            "min_similarity": get_knowledge_service().answerer.follow_up_threshold(question_language),
        }


class ActionShowOriginal(Action):
    """The German original of the quotes just shown (English readers get them translated)."""

    def name(self) -> Text:
        return "action_show_original"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        spans = tracker.get_slot(LAST_QUOTES_SLOT) or []
        try:
            # Off the event loop: after a restart the first call may still wait for the index to load.
            originals = await asyncio.to_thread(lambda: get_knowledge_service().answerer.originals(spans))
        except KnowledgeUnavailable:
            dispatcher.utter_message(response="utter_article_search_unavailable")
            return []
        if not originals:
            dispatcher.utter_message(response="utter_article_no_original")
            return []
        dispatcher.utter_message(response="utter_article_original_intro")
        for article, texts in originals:
            dispatcher.utter_message(response="utter_article_original", quote=" […] ".join(texts), source=article.citation("de"))
        return []
