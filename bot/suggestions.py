"""Topic suggestions: the lesson topics closest to what the user asked, as buttons worded in the domain."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional

from bot.domain_responses import buttons, variation_language

LESSON_INTENT_PREFIX = "ask_"
LESSON_RESPONSE_PREFIX = "utter_lesson_"
ALL_TOPICS_PAYLOAD = "/request_help"


def lesson_response(intent: Optional[str], responses: Mapping[str, Any]) -> Optional[str]:
    """The lesson response of a lesson intent (ask_<topic> -> utter_lesson_<topic>), None for other intents."""
    name = intent or ""
    response = f"{LESSON_RESPONSE_PREFIX}{name[len(LESSON_INTENT_PREFIX):]}"
    return response if name.startswith(LESSON_INTENT_PREFIX) and response in (responses or {}) else None


def closest_topics(intent_ranking: Iterable[Mapping[str, Any]], responses: Mapping[str, Any], limit: int = 3) -> List[str]:
    """Lesson intents (ask_<topic> with a response utter_lesson_<topic>) in the order NLU ranked them."""
    topics = []
    for entry in intent_ranking or []:
        name = entry.get("name") or ""
        if lesson_response(name, responses) and name not in topics:
            topics.append(name)
        if len(topics) == limit:
            break
    return topics


def trust_confidence(intent_ranking: Iterable[Mapping[str, Any]], responses: Mapping[str, Any], question_intent: str) -> float:
    """How sure the classifier is that a message is about trust at all, whichever topic: the confidences of the
    trust question intent and of every lesson intent, summed. (bench/answers: situational questions reach 0.48
    and more, off-topic ones at most 0.43, where the top intent alone said too little.)"""
    return sum(
        float(entry.get("confidence") or 0.0) for entry in intent_ranking or []
        if entry.get("name") == question_intent or lesson_response(entry.get("name"), responses)
    )


def button_titles(responses: Mapping[str, Any], language: Optional[str]) -> Dict[str, str]:
    """Payload -> button title, from every response variation in the user's language.

    Variations with a `language` slot condition belong to that language; those without one are
    the German defaults. Titles thus stay in the domain, where all wording lives.
    """
    titles: Dict[str, str] = {}
    for variation, button in buttons(responses):
        if variation_language(variation) == (language or "de"):
            titles.setdefault(button.get("payload"), button.get("title"))
    return titles


def suggestion_buttons(intent_ranking, responses, language: Optional[str], limit: int = 3) -> List[Dict[str, str]]:
    """Buttons for the closest lesson topics plus "all topics", titled as elsewhere in the conversation."""
    titles = button_titles(responses, language)
    payloads = [f"/{intent}" for intent in closest_topics(intent_ranking, responses, limit)] + [ALL_TOPICS_PAYLOAD]
    return [{"title": titles[payload], "payload": payload} for payload in payloads if titles.get(payload)]
