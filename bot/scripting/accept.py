"""`--accept`: a failed step's expectation rewritten from what the coach says now, in the script file itself
(comments and layout kept), only that step and only for the language that was played."""

from __future__ import annotations

import difflib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, List, Mapping, Optional

from bot.scripting.checks import texts
from bot.scripting.responses import Responses, normalised
from bot.scripting.runner import CaseRun, Knowledge
from bot.scripting.script import LANGUAGES

# Expectations that can be read off what the coach did; the others (`says`, `matches`, …) say what the trainer
# wants, which no answer can tell.
ACCEPTABLE = ("utter", "bot", "buttons", "slot_was_set", "intent", "active_form", "language", "cites")


@dataclass(frozen=True)
class Change:
    path: Path
    line: int
    kind: str
    language: str
    value: Any
    before: str
    after: str

    def diff(self) -> str:
        return "".join(difflib.unified_diff(
            self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
            fromfile=f"{self.path} (now)", tofile=f"{self.path} (accepted)",
        ))

    @property
    def needed(self) -> bool:
        """False when the file already expects this (e.g. accepted for the other language just before)."""
        return self.after != self.before

    def write(self) -> None:
        self.path.write_text(self.after, encoding="utf-8")


def proposed_change(run: CaseRun, responses: Responses, knowledge: Knowledge) -> Optional[Change]:
    """The rewrite of the run's first failed step, or None when that step cannot be read off the answer."""
    failed = run.first_failure
    if failed is None or failed.turn is None or failed.step.kind not in ACCEPTABLE:
        return None
    turn = run.transcript[failed.turn]
    value = _observed(failed.step.kind, failed.step.for_language(run.language), turn, run, responses, knowledge)
    if value is None:
        return None
    path_text, _, line = failed.step.source.rpartition(":")
    path = Path(path_text)
    before = path.read_text(encoding="utf-8")
    after = _rewritten(before, int(line), failed.step.kind, run.language, run.case.languages, value)
    return None if after is None else Change(path, int(line), failed.step.kind, run.language, value, before, after)


def _observed(kind: str, expected: Any, turn: Any, run: CaseRun, responses: Responses, knowledge: Knowledge) -> Any:
    tracker = turn.tracker or {}
    if kind == "utter":
        names = [responses.named(text, run.language) for text in texts(turn)]
        return next((name for name in names if name), None)
    if kind == "bot":
        return next((text for text in texts(turn) if text), None)
    if kind == "buttons":
        return [button.title for message in turn.messages for button in message.buttons] or None
    if kind == "slot_was_set":
        slots = tracker.get("slots") or {}
        names = [next(iter(item)) if isinstance(item, Mapping) else str(item) for item in (expected if isinstance(expected, list) else [expected])]
        return [{name: slots.get(name)} for name in names]
    if kind == "intent":
        return ((tracker.get("latest_message") or {}).get("intent") or {}).get("name")
    if kind == "active_form":
        return (tracker.get("active_loop") or {}).get("name")
    if kind == "language":
        return knowledge.detect_language("\n".join(texts(turn)))
    if kind == "cites":
        whole = normalised("\n".join(texts(turn)))
        cited = [article for article, titles in knowledge.article_titles.items() if any(normalised(t) in whole for t in titles)]
        return (cited[0] if len(cited) == 1 else cited) or None
    return None


def _rewritten(text: str, line: int, kind: str, language: str, languages: tuple, value: Any) -> Optional[str]:
    """The file with the step at `line` expecting `value`; a per-language expectation changes for `language` only,
    and a plain text in a case played in several languages becomes one per language."""
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a line: a trainer reads the file
    data = yaml.load(text)
    step = _step_at(data, line - 1)
    if step is None or kind not in step:
        return None
    current = step[kind]
    per_language = isinstance(current, Mapping) and current and set(current) <= set(LANGUAGES)
    if per_language:
        current[language] = value
    elif len(languages) > 1 and kind in ("bot", "buttons"):
        step[kind] = {other: (value if other == language else current) for other in languages}
    else:
        step[kind] = value
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _step_at(node: Any, line: int) -> Any:
    """The mapping that starts at `line` (0-based), anywhere in the document."""
    if isinstance(node, Mapping):
        if getattr(getattr(node, "lc", None), "line", None) == line:
            return node
        children: List[Any] = list(node.values())
    elif isinstance(node, list):
        children = list(node)
    else:
        return None
    for child in children:
        found = _step_at(child, line)
        if found is not None:
            return found
    return None
