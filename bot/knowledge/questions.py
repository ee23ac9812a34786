"""Questions owners ask that the articles answer, written in owners' words beside the articles they point to.

The articles speak the authors' language („Omnichannel-Ansatz“, „Vertrauensvorschuss“); owners ask in theirs
("I'm on Instagram and on my website, does it matter that each looks different?"). Each article may have a file
`data/articles/questions/<article id>.yml` that lists, for the places of the article that answer something, the
questions an owner would type, in German and English (the "doc2query" idea, written by hand, never generated):

    questions_for: trust-strategy
    answers:
    - where: "einen einheitlichen Omnichannel-Ansatz"     # words of the cleaned German article, found once
      de: ["Ich bin auf Instagram und Facebook – muss das überall gleich aussehen?"]
      en: ["Does it matter that my Instagram and my website look different?"]

A question belongs to every passage that contains its `where`; the search matches a question against these
as well as against the passages themselves (bot/knowledge/search.py). A file that does not match its article
(a `where` no longer found after the article changed) is logged for the operator and left out; the test suite
says which.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import List, Sequence

from bot.knowledge.articles import QUESTIONS_FOLDER, Article, read_companion, verbatim_places

logger = logging.getLogger(__name__)

LANGUAGES = ("de", "en")


class QuestionsError(ValueError):
    """A questions file cannot be used; the message names the file, the entry and what to do."""


@dataclass(frozen=True)
class OwnerQuestion:
    article: str
    start: int  # where the answer is: offsets in the cleaned German article text
    end: int
    language: str
    text: str


def questions_path(articles_dir: Path, article_id: str) -> Path:
    return articles_dir / QUESTIONS_FOLDER / f"{article_id}.yml"


def load_article_questions(path: Path, article: Article) -> List[OwnerQuestion]:
    """The questions in `path`, each `where` located in the article."""
    data = read_companion(
        path, article, "questions_for", "answers",
        "`questions_for` and an `answers:` list of `where` with `de`/`en` questions", QuestionsError,
    )
    questions: List[OwnerQuestion] = []
    for number, entry in enumerate(data["answers"], 1):
        if not isinstance(entry, dict) or not str(entry.get("where") or "").strip():
            raise QuestionsError(f"{path}: answer {number} has no `where` (words of the article that answer its questions).")
        start, end = _locate(str(entry["where"]), article.text, path, number)
        for language in LANGUAGES:
            texts = entry.get(language) or []
            if not isinstance(texts, list) or not all(isinstance(text, str) and text.strip() for text in texts):
                raise QuestionsError(f"{path}: answer {number}: `{language}` must be a list of questions.")
            questions += [OwnerQuestion(article.id, start, end, language, " ".join(text.split())) for text in texts]
    return questions


def _locate(where: str, text: str, path: Path, number: int) -> tuple:
    """The one place of `where` in the article, whitespace aside."""
    found = verbatim_places(where, text)
    if len(found) != 1:
        raise QuestionsError(
            f"{path}: answer {number}: `where` {where[:80]!r} is found {len(found)} times in the article "
            "(it must be found exactly once). Copy the words from the article again (the article or its cleaning changed)."
        )
    return found[0].start(), found[0].end()


def load_questions(articles_dir: Path, articles: Sequence[Article]) -> List[OwnerQuestion]:
    """The usable questions of all articles; a file that does not match its article is logged and left out."""
    questions: List[OwnerQuestion] = []
    for article in articles:
        path = questions_path(articles_dir, article.id)
        if not path.exists():
            continue
        try:
            questions += load_article_questions(path, article)
        except QuestionsError as error:
            logger.warning("Owner questions not used: %s", error)
    return questions


def articles_without_questions(articles_dir: Path, articles: Sequence[Article]) -> List[str]:
    """Ids of the articles the search knows only by their own words."""
    asked = {question.article for question in load_questions(articles_dir, articles)}
    return [article.id for article in articles if article.id not in asked]
