"""Everything a trainer can edit, checked at once (`trustcoach validate`): the articles with their renditions and
owner questions, the coaching content, every response in both languages with its source lines, and every
conversation script against the domain, the articles and the catalog. Each problem names the file and entry
and says what to do."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Sequence, Set

from bot.domain_responses import read_domain, variation_language

LANGUAGES = ("de", "en")
# Actions every Rasa assistant has, which scripts may name without the domain listing them.
RASA_DEFAULT_ACTIONS = {
    "action_listen", "action_restart", "action_session_start", "action_default_fallback", "action_deactivate_loop",
    "action_revert_fallback_events", "action_default_ask_affirmation", "action_default_ask_rephrase",
    "action_back", "action_two_stage_fallback", "action_unlikely_intent", "action_extract_slots",
}
_SOURCE_LINE = re.compile(r"^\s*📖(.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Problem:
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def check_project(project_dir: Path, articles_dir: Path, script_paths: Sequence[Path] = ()) -> List[Problem]:
    """Every problem found; an empty list when all content can be used as it is."""
    from bot.knowledge.articles import ArticleError, load_articles

    try:
        articles = load_articles(articles_dir)
    except (ArticleError, OSError) as error:
        return [Problem(str(articles_dir), str(error))]
    problems = _companions(articles_dir, articles)
    problems += _coaching(project_dir, articles)
    domain = read_domain(project_dir)
    problems += _responses(domain["responses"], articles)
    if script_paths:
        problems += _scripts(script_paths, domain["responses"], domain, articles, project_dir)
    return problems


def _companions(articles_dir: Path, articles: Sequence[Any]) -> List[Problem]:
    """Renditions and owner questions must match their article word for word (at run time a mismatch is only
    logged and the file left out – here it is an error)."""
    from bot.knowledge.questions import QuestionsError, load_article_questions, questions_path
    from bot.knowledge.renditions import RenditionError, load_rendition, rendition_path

    problems: List[Problem] = []
    for article in articles:
        for path, load, error_type in (
            (rendition_path(articles_dir, article.id), load_rendition, RenditionError),
            (questions_path(articles_dir, article.id), load_article_questions, QuestionsError),
        ):
            if path.exists():
                try:
                    load(path, article)
                except error_type as error:
                    problems.append(Problem(str(path), str(error)))
    return problems


def _coaching(project_dir: Path, articles: Sequence[Any]) -> List[Problem]:
    from bot.coaching.catalog import load_catalog
    from bot.coaching.content import ContentError
    from bot.coaching.lessons import load_lessons
    from bot.coaching.self_check import SelfCheckError, load_self_check
    from bot.coaching.wording import load_wording

    content = project_dir / "data" / "coaching"
    loaders: Dict[str, Callable[[], Any]] = {
        "actions": lambda: load_catalog(content / "actions", articles),
        "lessons.yml": lambda: load_lessons(content / "lessons.yml", articles),
        "self_check.yml": lambda: load_self_check(content / "self_check.yml", articles),
        "wording.yml": lambda: load_wording(content / "wording.yml"),
    }
    problems = []
    for name, load in loaders.items():
        try:
            load()
        except (ContentError, SelfCheckError, OSError) as error:
            problems.append(Problem(str(content / name), str(error)))
    return problems


def _responses(responses: Mapping[str, Sequence[Mapping[str, Any]]], articles: Sequence[Any]) -> List[Problem]:
    titles = [title for article in articles for title in (article.title, article.title_en) if title]
    problems = []
    for name, variations in responses.items():
        languages = [variation_language(variation) for variation in variations or []]
        for language in LANGUAGES:
            if languages.count(language) != 1:
                what = "no" if not languages.count(language) else "more than one"
                problems.append(Problem(
                    f"domain: {name}", f"has {what} variation in {language}; every response has one German default "
                    "(no condition) and one English variation (condition: slot language = en).",
                ))
        for variation in variations or []:
            for line in _SOURCE_LINE.findall(str(variation.get("text") or "")):
                if "{" not in line and not any(_folded(title) in _folded(line) for title in titles):
                    problems.append(Problem(
                        f"domain: {name} ({variation_language(variation)})",
                        f"the source line „📖{line.strip()[:80]}“ names no article title; write the title as in the article's front matter.",
                    ))
    return problems


def _folded(text: str) -> str:
    from bot.scripting.responses import normalised

    return normalised(text)


def _scripts(paths: Sequence[Path], responses: Mapping[str, Any], domain: Mapping[str, Any], articles: Sequence[Any], project_dir: Path) -> List[Problem]:
    from bot.coaching.catalog import load_catalog
    from bot.coaching.content import ContentError
    from bot.scripting.script import ScriptError, load_scripts

    try:
        cases = load_scripts(list(paths))
    except ScriptError as error:
        return [Problem("scripts", str(error))]
    try:
        catalog_ids = set(load_catalog(project_dir / "data" / "coaching" / "actions", articles).actions)
    except ContentError:
        catalog_ids = set()  # reported with the coaching content
    known = {
        "utter": set(responses), "intent": set(domain["intents"]), "slot": set(domain["slots"]),
        "active_form": set(domain["forms"]), "cites": {article.id for article in articles}, "plan_contains": catalog_ids,
        "action": set(domain["actions"]) | set(responses) | set(domain["forms"]) | RASA_DEFAULT_ACTIONS,
    }
    titles = _button_titles(responses)
    problems: List[Problem] = []
    for case in cases:
        for step in case.steps:
            for language in case.languages:
                problems += _step_problems(step, step.for_language(language), language, known, titles)
    return sorted(set(problems), key=_script_order)


def _script_order(problem: Problem) -> tuple:
    """By file, then by line number (line 10 after line 6)."""
    file, _, line = problem.where.rpartition(":")
    return (file, int(line)) if line.isdigit() else (problem.where, 0)


def _button_titles(responses: Mapping[str, Sequence[Mapping[str, Any]]]) -> Dict[str, Set[str]]:
    """Per language, the titles and payloads of every button a response offers."""
    from bot.scripting.responses import normalised

    titles: Dict[str, Set[str]] = {language: set() for language in LANGUAGES}
    for variations in responses.values():
        for variation in variations or []:
            for button in variation.get("buttons") or []:
                titles.setdefault(variation_language(variation), set()).update(
                    {normalised(str(button.get("title", ""))), normalised(str(button.get("payload", "")))}
                )
    return titles


def _step_problems(step: Any, value: Any, language: str, known: Mapping[str, Set[str]], titles: Mapping[str, Set[str]]) -> List[Problem]:
    from bot.scripting.responses import normalised

    where = step.source
    names = [str(item) for item in (value if isinstance(value, list) else [value])] if value is not None else []
    if step.kind in ("utter", "intent", "cites", "plan_contains", "action") or (step.kind == "active_form" and value):
        unknown = [name for name in names if name not in known[step.kind] and "${" not in name]
        what = {"utter": "response", "intent": "intent", "cites": "article", "plan_contains": "catalog action",
                "action": "action", "active_form": "form"}[step.kind]
        return [Problem(where, f"there is no {what} {name!r}; check the spelling (or add it first).") for name in unknown]
    if step.kind in ("slot_was_set", "slot_was_not_set"):
        slots = [next(iter(item)) if isinstance(item, Mapping) else str(item) for item in (value if isinstance(value, list) else [value])]
        return [Problem(where, f"there is no slot {slot!r} in the domain.") for slot in slots if slot not in known["slot"]]
    if step.kind == "press" and "${" not in str(value):
        pressed = normalised(str(value))
        if pressed not in titles.get(language, set()) and not (pressed.startswith("/") and pressed[1:].split("{")[0] in known["intent"]):
            return [Problem(where, f"no response offers a button [{value}] in {language}; copy the title from the coach's answer.")]
    return []
