"""The script format: YAML test cases as Rasa's e2e test cases write them, plus this coach's extensions.

    test_cases:
    - test_case: greeting_offers_the_plan
      languages: [de, en]                        # extension: played once per language (default: de)
      steps:
      - user: {de: "Hallo", en: "Hello"}         # extension: a line per language; a plain string serves both
      - utter: utter_greet                       # any variation of the response in the language played
      - press: {de: "Mein Vertrauensplan", en: "My trust plan"}   # extension: a button of the last turn
      - slot_was_set:
        - language: de

Rasa's steps (`user`, `bot`, `utter`, `slot_was_set`, `slot_was_not_set`) keep their meaning; `fixtures:` (named
lists of slots set before a case) and `metadata:` (named user metadata) too. Extensions: `press`, `buttons`,
`says` (text contained), `matches` (a regular expression), `image`, `document`, `cites` (an article id),
`plan_contains` (a catalog action id), `language` (of the reply), `intent`, `action`, `active_form`,
`capture` (a variable from the reply, used later as ${name}), `include` (shared steps from another file).
Every error names the file and line and says what to write instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import yaml

LANGUAGES = ("de", "en")
DEFAULT_LANGUAGES = ("de",)
# What the user does: each starts a turn.
USER_STEPS = ("user", "press")
# What is checked in the latest turn: the coach's messages, or the conversation's state (read from the tracker).
MESSAGE_CHECKS = ("bot", "utter", "says", "matches", "buttons", "image", "document", "cites", "language")
STATE_CHECKS = ("slot_was_set", "slot_was_not_set", "intent", "action", "active_form", "plan_contains")
OTHER_STEPS = ("capture", "include")
STEP_KINDS = USER_STEPS + MESSAGE_CHECKS + STATE_CHECKS + OTHER_STEPS
# Keys a step may carry beside its kind.
STEP_OPTIONS = {"user": ("metadata",), "press": ("metadata",)}
CASE_KEYS = ("test_case", "steps", "fixtures", "metadata", "languages", "description", "ordered")
FILE_KEYS = ("test_cases", "fixtures", "metadata", "steps")
_VARIABLE = re.compile(r"\$\{(\w+)\}")


class ScriptError(ValueError):
    """A script cannot be used; the message names the file, the line and what to do."""


@dataclass(frozen=True)
class Step:
    kind: str
    value: Any  # per-language values are kept as a {language: value} mapping (see `for_language`)
    source: str  # "file:line", for reports
    metadata: Optional[Dict[str, Any]] = None

    def for_language(self, language: str) -> Any:
        """The value to use when the case is played in `language`."""
        if isinstance(self.value, Mapping) and set(self.value) <= set(LANGUAGES) and self.value:
            return self.value.get(language)
        return self.value


@dataclass(frozen=True)
class TestCase:
    name: str
    steps: Tuple[Step, ...]
    languages: Tuple[str, ...] = DEFAULT_LANGUAGES
    slots: Tuple[Tuple[str, Any], ...] = ()  # from the fixtures, set before the first step
    metadata: Dict[str, Any] = field(default_factory=dict)  # sent with every user message
    source: str = ""
    description: str = ""
    ordered: bool = False  # messages expected in the order written (otherwise anywhere in the turn)


def load_scripts(paths: Sequence[Path]) -> List[TestCase]:
    """Every test case in the files (folders are searched for *.yml and *.yaml, leaving out `shared/` folders of
    included steps)."""
    cases: List[TestCase] = []
    for path in _script_files(paths):
        cases += load_script(path)
    names = [case.name for case in cases]
    for name in sorted({name for name in names if names.count(name) > 1}):
        sources = ", ".join(case.source for case in cases if case.name == name)
        raise ScriptError(f"Two test cases are called {name!r} ({sources}): give each its own name.")
    return cases


def load_script(path: Path) -> List[TestCase]:
    data = _read(path)
    if not isinstance(data, Mapping) or "test_cases" not in data:
        raise ScriptError(f"{path}: a script starts with `test_cases:`, a list of test cases (see docs/TRAINERS.md).")
    _known_keys(data, FILE_KEYS, path, "the file")
    fixtures = _named_lists(data.get("fixtures"), path, "fixtures")
    metadata = _named_metadata(data.get("metadata"), path)
    cases = data.get("test_cases")
    if not isinstance(cases, list) or not cases:
        raise ScriptError(f"{_where(path, data)}: `test_cases:` must be a list of test cases, each with `test_case:` and `steps:`.")
    return [_test_case(entry, path, fixtures, metadata) for entry in cases]


def substitute(value: Any, variables: Mapping[str, str], source: str) -> Any:
    """`value` with every ${name} replaced by a captured variable."""
    if isinstance(value, str):
        def replaced(match: "re.Match[str]") -> str:
            if match.group(1) not in variables:
                raise ScriptError(
                    f"{source}: ${{{match.group(1)}}} is used before it is captured; add a `capture:` step before it."
                )
            return variables[match.group(1)]

        return _VARIABLE.sub(replaced, value)
    if isinstance(value, list):
        return [substitute(item, variables, source) for item in value]
    if isinstance(value, Mapping):
        return {key: substitute(item, variables, source) for key, item in value.items()}
    return value


# --- reading ----------------------------------------------------------------------------------------------------

class _LineLoader(yaml.SafeLoader):
    """Keeps the line of every mapping, so errors and reports can point at the script line."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> Dict[str, Any]:
    mapping = _LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


class _LineDict(dict):
    line = 0


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def _read(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except OSError as error:
        raise ScriptError(f"{path}: cannot be read ({error.strerror or error}).") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise ScriptError(
            f"{path}{line}: is not valid YAML ({getattr(error, 'problem', error)}). Check the indentation and put "
            "texts containing ': ' or starting with a special character in quotes."
        ) from None


def _where(path: Path, node: Any) -> str:
    line = getattr(node, "line", 0)
    return f"{path}:{line}" if line else str(path)


def _script_files(paths: Sequence[Path]) -> List[Path]:
    files: List[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in (".yml", ".yaml") and "shared" not in p.relative_to(path).parts[:-1])
            files += found
        elif path.exists():
            files.append(path)
        else:
            raise ScriptError(f"{path}: no such script file or folder.")
    return files


def _known_keys(mapping: Mapping[str, Any], allowed: Sequence[str], path: Path, what: str) -> None:
    unknown = [key for key in mapping if key not in allowed]
    if unknown:
        raise ScriptError(
            f"{_where(path, mapping)}: {what} has the unknown key {unknown[0]!r}; allowed here: {', '.join(allowed)}."
        )


def _named_lists(entries: Any, path: Path, what: str) -> Dict[str, List[Tuple[str, Any]]]:
    """Rasa's fixtures: a list of {name: [{slot: value}, ...]}."""
    named: Dict[str, List[Tuple[str, Any]]] = {}
    for entry in entries or []:
        if not isinstance(entry, Mapping) or len(entry) != 1:
            raise ScriptError(f"{_where(path, entry)}: each of `{what}` is a name with a list of slots, e.g. `- cafe: [{{business_type: cafe_restaurant}}]`.")
        (name, slots), = entry.items()
        if not isinstance(slots, list) or not all(isinstance(slot, Mapping) and len(slot) == 1 for slot in slots):
            raise ScriptError(f"{_where(path, entry)}: the fixture {name!r} must list slots as `- slot_name: value`.")
        named[str(name)] = [next(iter(slot.items())) for slot in slots]
    return named


def _named_metadata(entries: Any, path: Path) -> Dict[str, Dict[str, Any]]:
    named: Dict[str, Dict[str, Any]] = {}
    for entry in entries or []:
        if not isinstance(entry, Mapping) or len(entry) != 1 or not isinstance(next(iter(entry.values())), Mapping):
            raise ScriptError(f"{_where(path, entry)}: each of `metadata` is a name with a mapping, e.g. `- browser: {{language: en}}`.")
        (name, values), = entry.items()
        named[str(name)] = dict(values)
    return named


def _test_case(entry: Any, path: Path, fixtures: Mapping[str, list], metadata: Mapping[str, dict]) -> TestCase:
    if not isinstance(entry, Mapping) or not entry.get("test_case"):
        raise ScriptError(f"{_where(path, entry)}: a test case needs a name (`- test_case: my_case`) and `steps:`.")
    _known_keys(entry, CASE_KEYS, path, f"the test case {entry['test_case']!r}")
    source = _where(path, entry)
    languages = entry.get("languages") or list(DEFAULT_LANGUAGES)
    if isinstance(languages, str):
        languages = [languages]
    wrong = [language for language in languages if language not in LANGUAGES]
    if wrong:
        raise ScriptError(f"{source}: the language {wrong[0]!r} is not one of the coach's ({', '.join(LANGUAGES)}).")
    slots: List[Tuple[str, Any]] = []
    for name in entry.get("fixtures") or []:
        if name not in fixtures:
            raise ScriptError(f"{source}: the fixture {name!r} is not defined under `fixtures:` in this file.")
        slots += fixtures[name]
    case_metadata = _case_metadata(entry.get("metadata"), metadata, source)
    steps = tuple(_steps(entry.get("steps"), path, tuple(languages), source, depth=0))
    if not any(step.kind in USER_STEPS for step in steps):
        raise ScriptError(f"{source}: the test case {entry['test_case']!r} has no `user:` or `press:` step.")
    return TestCase(
        name=str(entry["test_case"]), steps=steps, languages=tuple(languages), slots=tuple(slots),
        metadata=case_metadata, source=source, description=str(entry.get("description") or ""),
        ordered=bool(entry.get("ordered")),
    )


def _case_metadata(value: Any, named: Mapping[str, dict], source: str) -> Dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return dict(value)
    if str(value) not in named:
        raise ScriptError(f"{source}: the metadata {value!r} is not defined under `metadata:` in this file.")
    return dict(named[str(value)])


def _steps(entries: Any, path: Path, languages: Tuple[str, ...], source: str, depth: int) -> List[Step]:
    if not isinstance(entries, list) or not entries:
        raise ScriptError(f"{source}: `steps:` must be a list of steps such as `- user: \"Hallo\"`.")
    steps: List[Step] = []
    for entry in entries:
        where = _where(path, entry)
        if not isinstance(entry, Mapping):
            raise ScriptError(f"{where}: a step is written `- kind: value`, e.g. `- user: \"Hallo\"`; found {entry!r}.")
        kinds = [key for key in entry if key in STEP_KINDS]
        if len(kinds) != 1:
            found = ", ".join(map(str, entry)) or "nothing"
            raise ScriptError(f"{where}: a step has exactly one of {', '.join(STEP_KINDS)} (found: {found}).")
        kind = kinds[0]
        _known_keys(entry, (kind, *STEP_OPTIONS.get(kind, ())), path, f"the `{kind}` step")
        if kind == "include":
            steps += _included(entry[kind], path, languages, where, depth)
            continue
        value = entry[kind]
        _check_languages(kind, value, languages, where)
        steps.append(Step(kind, value, where, dict(entry["metadata"]) if entry.get("metadata") else None))
    return steps


def _included(value: Any, path: Path, languages: Tuple[str, ...], where: str, depth: int) -> List[Step]:
    if depth > 5:
        raise ScriptError(f"{where}: includes go more than five files deep (does a file include itself?).")
    target = (path.parent / str(value)).resolve()
    data = _read(target) if target.exists() else None
    if not isinstance(data, Mapping) or "steps" not in data:
        raise ScriptError(f"{where}: the included file {value!r} must exist beside the script and hold a `steps:` list.")
    return _steps(data["steps"], target, languages, where, depth + 1)


def _check_languages(kind: str, value: Any, languages: Tuple[str, ...], where: str) -> None:
    """A per-language value must have every language the case is played in."""
    if isinstance(value, Mapping) and value and set(value) <= set(LANGUAGES):
        missing = [language for language in languages if language not in value]
        if missing:
            raise ScriptError(
                f"{where}: the `{kind}` step has no text for {', '.join(missing)}, a language the case is played in; "
                f"add `{missing[0]}: …` or take the language out of the case's `languages`."
            )
    if kind in USER_STEPS and not isinstance(value, (str, int, float, Mapping)):
        raise ScriptError(f"{where}: `{kind}:` takes a text (or one per language: `{{de: …, en: …}}`).")
