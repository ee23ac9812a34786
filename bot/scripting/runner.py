"""Plays test cases against the running coach, one new user per case and language, and says per step whether
the coach did what the script expects."""

from __future__ import annotations

import logging
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence

from bot.channels.rasa_client import BotMessage, CoachUnavailable
from bot.scripting.checks import Context, Failure, Turn, check
from bot.scripting.coach import ConversationState, ScriptChannel
from bot.scripting.responses import Responses, normalised
from bot.scripting.script import MESSAGE_CHECKS, STATE_CHECKS, ScriptError, Step, TestCase, substitute

logger = logging.getLogger(__name__)

RATE_LIMITED_RESPONSE = "utter_rate_limited"
RATE_LIMIT_PAUSE = 20.0  # seconds to wait before sending again when the coach says it is getting too much
RATE_LIMIT_TRIES = 4


@dataclass(frozen=True)
class StepResult:
    step: Step
    failure: Optional[Failure] = None
    turn: Optional[int] = None  # which turn of the transcript the step was checked against

    @property
    def passed(self) -> bool:
        return self.failure is None


@dataclass
class CaseRun:
    case: TestCase
    language: str
    channel: str
    user_id: str = ""
    results: List[StepResult] = field(default_factory=list)
    transcript: List[Turn] = field(default_factory=list)
    error: Optional[str] = None  # the case could not be played (coach unreachable, a script mistake)
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return self.error is None and all(result.passed for result in self.results)

    @property
    def first_failure(self) -> Optional[StepResult]:
        return next((result for result in self.results if not result.passed), None)


@dataclass(frozen=True)
class Knowledge:
    """What checks compare with beside the responses: the sources' titles, the catalog's actions, the plan store."""

    article_titles: Mapping[str, Sequence[str]]
    catalog_titles: Mapping[str, Sequence[str]]
    read_plan: Callable[[str], Optional[List[str]]]
    detect_language: Callable[[str], Optional[str]]


class ScriptRunner:
    def __init__(
        self, make_channel: Callable[[], ScriptChannel], state: ConversationState, responses: Responses,
        knowledge: Knowledge, pause: float = RATE_LIMIT_PAUSE,
    ) -> None:
        self._make_channel = make_channel
        self._state = state
        self.responses = responses
        self.knowledge = knowledge
        self._pause = pause

    def run(self, cases: Sequence[TestCase], languages: Optional[Sequence[str]] = None, jobs: int = 1) -> List[CaseRun]:
        """Every case in each of its languages (or only in `languages`), `jobs` at a time, in the scripts' order."""
        plays = [(case, language) for case in cases for language in case.languages if not languages or language in languages]
        if jobs <= 1:
            return [self.play(case, language) for case, language in plays]
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            return list(pool.map(lambda play: self.play(*play), plays))

    def play(self, case: TestCase, language: str) -> CaseRun:
        channel = self._make_channel()
        run = CaseRun(case, language, channel.name)
        started = time.perf_counter()
        try:
            self._play(case, language, channel, run)
        except (CoachUnavailable, ScriptError) as error:
            run.error = str(error)
        finally:
            channel.close()
            run.seconds = time.perf_counter() - started
        return run

    def _play(self, case: TestCase, language: str, channel: ScriptChannel, run: CaseRun) -> None:
        sender, run.user_id = channel.new_user()
        self._state.set_slots(run.user_id, case.slots)
        variables: Dict[str, str] = {"language": language}  # ${language}: the language the case is played in
        context = Context(
            self.responses, language, self.knowledge.article_titles, self.knowledge.catalog_titles,
            read_tracker=lambda: self._state.tracker(run.user_id),
            read_plan=lambda: self.knowledge.read_plan(run.user_id),
            detect_language=self.knowledge.detect_language, ordered=case.ordered,
        )
        for step in case.steps:
            value = substitute(step.for_language(language), variables, step.source)
            if step.kind in ("user", "press"):
                turn = self._user_turn(step, value, run, channel, sender, {**case.metadata, "language": language, **(step.metadata or {})})
                if isinstance(turn, Failure):
                    run.results.append(StepResult(step, turn, len(run.transcript) - 1 if run.transcript else None))
                    return
                run.transcript.append(turn)
                run.results.append(StepResult(step, None, len(run.transcript) - 1))
                continue
            if not run.transcript:
                raise ScriptError(f"{step.source}: a `{step.kind}` step comes before anything was said; start with `user:` or `press:`.")
            turn = run.transcript[-1]
            if step.kind == "capture":
                failure = _capture(value, turn, variables)
            elif step.kind in MESSAGE_CHECKS or step.kind in STATE_CHECKS:
                failure = check(step.kind, value, turn, context)
            else:
                raise ScriptError(f"{step.source}: the step kind {step.kind!r} cannot be played.")
            run.results.append(StepResult(step, failure, len(run.transcript) - 1))
            if failure is not None:
                return  # what follows builds on this step

    def _user_turn(
        self, step: Step, value: Any, run: CaseRun, channel: ScriptChannel, sender: str, metadata: Dict[str, Any]
    ) -> Turn | Failure:
        if step.kind == "press":
            previous = run.transcript[-1].messages if run.transcript else []
            button = _button(previous, str(value))
            if button is None:
                offered = ", ".join(f"[{b.title}]" for m in previous for b in m.buttons) or "no buttons"
                return Failure(f"a button [{value}] to press", offered)
            text, shown = button.payload, f"[{button.title}]"
        else:
            text, shown = str(value), str(value)
        return Turn(text, shown, self._send(channel, sender, text, metadata))

    def _send(self, channel: ScriptChannel, sender: str, text: str, metadata: Dict[str, Any]) -> List[BotMessage]:
        """The turn; when the coach says the user sends too fast, waits and sends again (a script is no human)."""
        for attempt in range(RATE_LIMIT_TRIES):
            messages = channel.send(sender, text, metadata)
            if not any(self._rate_limited(message) for message in messages):
                return messages
            logger.info("The coach asks to slow down; waiting %.0f s before sending again.", self._pause)
            time.sleep(self._pause)
        return messages

    def _rate_limited(self, message: BotMessage) -> bool:
        return any(self.responses.matches(RATE_LIMITED_RESPONSE, message.text, language) for language in ("de", "en"))


def _button(messages: Sequence[BotMessage], wanted: str):
    """The button of the turn with this title (or payload), compared as scripts compare text."""
    folded = normalised(wanted)
    buttons = [button for message in messages for button in message.buttons]
    return next((b for b in buttons if normalised(b.title) == folded), None) or next(
        (b for b in buttons if normalised(b.payload) == folded), None
    )


def _capture(value: Any, turn: Turn, variables: Dict[str, str]) -> Optional[Failure]:
    """`capture: {name: pattern}`: the pattern's first group (or whole match) in the turn becomes ${name}."""
    if not isinstance(value, Mapping) or not value:
        return Failure("`capture:` as `{name: pattern}` (e.g. `{code: 'Code: (\\w+)'}`)", repr(value))
    text = "\n".join(message.text or "" for message in turn.messages)
    for name, pattern in value.items():
        try:
            found = re.search(str(pattern), text, re.IGNORECASE)
        except re.error as error:
            return Failure(f"a valid pattern for {name} ({error})", str(pattern))
        if not found:
            return Failure(f"text matching /{pattern}/ to capture {name}", text or "(no text)")
        variables[str(name)] = found.group(1) if found.groups() else found.group(0)
    return None


def project_knowledge(project_dir: Path, database_url: str) -> Knowledge:
    """Sources, catalog and plan store of this project (the plan is read from the coaching database)."""
    from bot.coaching.catalog import load_catalog
    from bot.knowledge.articles import load_articles
    from bot.language import get_language_detector
    from bot.store.coaching_store import CoachingStore

    articles = load_articles(project_dir / "data" / "articles")
    catalog = load_catalog(project_dir / "data" / "coaching" / "actions", articles)
    titles = {article.id: tuple(t for t in (article.title, article.title_en) if t) for article in articles}
    actions = {action.id: (action.title("de"), action.title("en")) for action in catalog.actions.values()}
    store: List[CoachingStore] = []

    def read_plan(user_id: str) -> Optional[List[str]]:
        if not store:
            store.append(CoachingStore.from_url(database_url))
        plan = store[0].current_plan(user_id)
        return [item.action_id for item in plan.items] if plan else None

    detector = get_language_detector()
    return Knowledge(titles, actions, read_plan, detector.detect)
