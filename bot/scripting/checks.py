"""What a script step expects of the latest turn, and whether the turn has it: each check returns None when it
passes, else what was expected and what came instead."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from bot.channels.rasa_client import BotMessage
from bot.scripting.responses import Responses, normalised

# A slot named without a value (`slot_was_set: [business_type]`): any value passes.
_NOT_SET = object()


@dataclass(frozen=True)
class Failure:
    expected: str
    got: str


@dataclass
class Turn:
    """What the user sent and everything the coach answered until it was quiet."""

    sent: str
    shown: str  # what a reader of the report sees the user do ("Hallo", or "[Mein Vertrauensplan]")
    messages: List[BotMessage] = field(default_factory=list)
    tracker: Optional[Dict[str, Any]] = None  # read when a step asks about the conversation's state
    checked: int = 0  # with `ordered`, messages before this one are used up


@dataclass
class Context:
    """What the checks compare with: the coach's responses and sources, and the conversation's state."""

    responses: Responses
    language: str
    article_titles: Mapping[str, Sequence[str]]  # article id -> the titles a source line may give
    catalog_titles: Mapping[str, Sequence[str]]  # catalog action id -> its titles
    read_tracker: Callable[[], Dict[str, Any]]
    read_plan: Callable[[], Optional[List[str]]]  # the catalog action ids of the user's plan
    detect_language: Callable[[str], Optional[str]]
    ordered: bool = False


def check(kind: str, value: Any, turn: Turn, context: Context) -> Optional[Failure]:
    return _CHECKS[kind](value, turn, context)


def texts(turn: Turn) -> List[str]:
    return [message.text or "" for message in turn.messages]


def _first_matching(turn: Turn, context: Context, fits: Callable[[str], bool]) -> bool:
    """Whether a message of the turn fits – or several in a row: the web channel sends each paragraph of a
    response as a message of its own."""
    all_texts = texts(turn)
    start = turn.checked if context.ordered else 0
    for first in range(start, len(all_texts)):
        for last in range(first, len(all_texts)):
            if fits("\n\n".join(all_texts[first:last + 1])):
                if context.ordered:
                    turn.checked = last + 1
                return True
    return False


def _transcript(turn: Turn) -> str:
    return "\n".join(text for text in texts(turn) if text) or "(no text)"


def _bot(value: Any, turn: Turn, context: Context) -> Optional[Failure]:
    wanted = normalised(str(value))
    if _first_matching(turn, context, lambda text: normalised(text) == wanted):
        return None
    return Failure(f"a message saying exactly: {value}", _transcript(turn))


def _utter(value: Any, turn: Turn, context: Context) -> Optional[Failure]:
    """A response by name, or one of several (`utter: [utter_a, utter_b]`), in the language the case is played in
    or, after the user switched, in the conversation's language now."""
    names = [str(name) for name in (value if isinstance(value, list) else [value])]
    unknown = [name for name in names if name not in context.responses]
    if unknown:
        return Failure(f"the response {unknown[0]} (the domain has no response of that name)", _transcript(turn))

    def spoken(language: str) -> bool:
        return _first_matching(turn, context, lambda text: any(context.responses.matches(name, text, language) for name in names))

    if spoken(context.language):
        return None
    current = (_tracker(turn, context).get("slots") or {}).get("language")
    if current and current != context.language and spoken(current):
        return None
    variations = context.responses.texts(names[0], context.language)
    example = f" – e.g. “{variations[0][:120]}”" if variations else ""
    return Failure(f"the response {' or '.join(names)} in {current or context.language}{example}", _transcript(turn))


def _says(value: Any, turn: Turn, context: Context) -> Optional[Failure]:
    wanted = [normalised(str(item)) for item in (value if isinstance(value, list) else [value])]
    whole = normalised("\n".join(texts(turn)))
    missing = [item for item, folded in zip(value if isinstance(value, list) else [value], wanted) if folded not in whole]
    if not missing:
        return None
    return Failure(f"the words “{missing[0]}”", _transcript(turn))


def _matches(value: Any, turn: Turn, context: Context) -> Optional[Failure]:
    try:
        pattern = re.compile(str(value), re.IGNORECASE | re.DOTALL)
    except re.error as error:
        return Failure(f"text matching /{value}/ (but that pattern is invalid: {error})", _transcript(turn))
    whole = "\n".join(texts(turn))
    if pattern.search(whole) or pattern.search(normalised(whole)):
        return None
    return Failure(f"text matching /{value}/", _transcript(turn))


def _buttons(value: Any, turn: Turn, context: Context) -> Optional[Failure]:
    offered = [button for message in turn.messages for button in message.buttons]
    titles = {normalised(button.title) for button in offered} | {normalised(button.payload) for button in offered}
    wanted = value if isinstance(value, list) else [value]
    missing = [str(item) for item in wanted if normalised(str(item)) not in titles]
    if not missing:
        return None
    shown = ", ".join(f"[{button.title}]" for button in offered) or "no buttons"
    return Failure(f"the button{'s' if len(missing) > 1 else ''} " + ", ".join(f"[{item}]" for item in missing), shown)


def _image(value: Any, turn: Turn, context: Context) -> Optional[Failure]:
    sent = any(message.image for message in turn.messages)
    if sent == bool(value):
        return None
    return Failure("an image" if value else "no image", "an image" if sent else "no image")


def _document(value: Any, turn: Turn, context: Context) -> Optional[Failure]:
    documents = [message.custom["document"] for message in turn.messages if isinstance(message.custom, dict) and message.custom.get("document")]
    if bool(documents) == bool(value) and (not isinstance(value, str) or any(
        str(document.get("filename", "")).lower().endswith(value.lower()) for document in documents
    )):
        return None
    names = ", ".join(str(document.get("filename")) for document in documents) or "no document"
    return Failure(f"a document{f' ending in {value}' if isinstance(value, str) else ''}" if value else "no document", names)


def _cites(value: Any, turn: Turn, context: Context) -> Optional[Failure]:
    whole = normalised("\n".join(texts(turn)))
    for article in value if isinstance(value, list) else [value]:
        titles = context.article_titles.get(str(article))
        if titles is None:
            return Failure(f"a citation of {article} (no article has that id: {', '.join(sorted(context.article_titles))})", "")
        if not any(normalised(title) in whole for title in titles):
            return Failure(f"a citation of {article} (“{titles[0]}”)", _transcript(turn))
    return None


# Quotes from the sources and source lines are in the source's language, whatever language the coach speaks.
_QUOTED = re.compile(r"[„“\"][^„“”\"]{30,}[“”\"]")
_SOURCE_LINE = re.compile(r"^\s*📖.*$", re.MULTILINE)


def own_words(text: str) -> str:
    """The coach's own words in a reply: without quoted passages and source lines."""
    return _SOURCE_LINE.sub("", _QUOTED.sub("", text))


def _language(value: Any, turn: Turn, context: Context) -> Optional[Failure]:
    wanted = context.language if value in ("active", True) else str(value)
    detected = context.detect_language(own_words("\n".join(texts(turn))))
    if detected == wanted:
        return None
    return Failure(f"a reply in {wanted}", f"a reply in {detected or 'no language I could tell'}:\n{_transcript(turn)}")


def _tracker(turn: Turn, context: Context) -> Dict[str, Any]:
    if turn.tracker is None:
        turn.tracker = context.read_tracker()
    return turn.tracker


def _slot_pairs(value: Any) -> List[Tuple[str, Any]]:
    """Rasa's forms: a list of names or {name: value}; also one name or one mapping."""
    items = value if isinstance(value, list) else [value]
    pairs: List[Tuple[str, Any]] = []
    for item in items:
        if isinstance(item, Mapping):
            pairs += list(item.items())
        else:
            pairs.append((str(item), _NOT_SET))
    return pairs


def _same(actual: Any, wanted: Any) -> bool:
    """Slot values a script writes as YAML (true, 3) compare with the tracker's by their text; lists in any order."""
    if isinstance(wanted, list) and isinstance(actual, list):
        return sorted(map(str, actual)) == sorted(map(str, wanted))
    return actual == wanted or str(actual).casefold() == str(wanted).casefold()


def _slot_was_set(value: Any, turn: Turn, context: Context) -> Optional[Failure]:
    slots = _tracker(turn, context).get("slots") or {}
    for name, wanted in _slot_pairs(value):
        actual = slots.get(name)
        if wanted is _NOT_SET and actual is None:
            return Failure(f"the slot {name} set", f"{name} is not set")
        if wanted is not _NOT_SET and not _same(actual, wanted):
            return Failure(f"the slot {name} = {wanted!r}", f"{name} = {actual!r}")
    return None


def _slot_was_not_set(value: Any, turn: Turn, context: Context) -> Optional[Failure]:
    slots = _tracker(turn, context).get("slots") or {}
    for name, wanted in _slot_pairs(value):
        actual = slots.get(name)
        if wanted is _NOT_SET and actual is not None:
            return Failure(f"the slot {name} not set", f"{name} = {actual!r}")
        if wanted is not _NOT_SET and _same(actual, wanted):
            return Failure(f"the slot {name} not {wanted!r}", f"{name} = {actual!r}")
    return None


def _turn_events(tracker: Mapping[str, Any]) -> List[Mapping[str, Any]]:
    """The events since the latest user message."""
    events = list(tracker.get("events") or [])
    last_user = max((i for i, event in enumerate(events) if event.get("event") == "user"), default=-1)
    return events[last_user + 1:]


def _intent(value: Any, turn: Turn, context: Context) -> Optional[Failure]:
    latest = (_tracker(turn, context).get("latest_message") or {}).get("intent") or {}
    if latest.get("name") == str(value):
        return None
    return Failure(f"the intent {value}", f"the intent {latest.get('name')} ({latest.get('confidence', 0):.2f})")


def _action(value: Any, turn: Turn, context: Context) -> Optional[Failure]:
    ran = [event.get("name") for event in _turn_events(_tracker(turn, context)) if event.get("event") == "action"]
    if str(value) in ran:
        return None
    shown = [name for name in ran if name != "action_listen"]
    return Failure(f"the action {value} run", "actions run: " + (", ".join(shown) or "none"))


def _active_form(value: Any, turn: Turn, context: Context) -> Optional[Failure]:
    active = (_tracker(turn, context).get("active_loop") or {}).get("name")
    wanted = None if value in (None, False, "none", "null") else str(value)
    if active == wanted:
        return None
    return Failure(f"the form {wanted} active" if wanted else "no form active", f"active: {active or 'none'}")


def _plan_contains(value: Any, turn: Turn, context: Context) -> Optional[Failure]:
    wanted = [str(item) for item in (value if isinstance(value, list) else [value])]
    unknown = [item for item in wanted if item not in context.catalog_titles]
    if unknown:
        return Failure(f"the catalog action {unknown[0]} in the plan (the catalog has no action with that id)", "")
    plan = context.read_plan()
    if plan is None:
        return Failure(f"a plan containing {wanted[0]}", "no plan")
    missing = [item for item in wanted if item not in plan]
    if not missing:
        return None
    return Failure(f"the action {missing[0]} in the plan", "the plan holds: " + ", ".join(plan))


_CHECKS: Dict[str, Callable[[Any, Turn, Context], Optional[Failure]]] = {
    "bot": _bot, "utter": _utter, "says": _says, "matches": _matches, "buttons": _buttons, "image": _image,
    "document": _document, "cites": _cites, "language": _language, "slot_was_set": _slot_was_set,
    "slot_was_not_set": _slot_was_not_set, "intent": _intent, "action": _action, "active_form": _active_form,
    "plan_contains": _plan_contains,
}
