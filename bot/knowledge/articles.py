"""Source articles: load them with their front matter and strip what is not the article (navigation, forms, paywalls)."""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple, Type

import frontmatter
import yaml

from bot.knowledge.text_repair import repair_line

BOILERPLATE_FILE = "boilerplate.yml"
RENDITIONS_FOLDER = "renditions"  # English renditions of the articles (bot/knowledge/renditions.py)
QUESTIONS_FOLDER = "questions"  # owners' questions each article answers (bot/knowledge/questions.py)
ARTICLE_SUFFIX = ".txt"

# A line this short without closing punctuation, followed by text, is a heading.
_MAX_HEADING_LENGTH = 90
_SENTENCE_END = (".", "!", ":", ";", ",", "“", '"', ")")


class ArticleError(ValueError):
    """An article or the boilerplate rules cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    author: Optional[str]
    date: Optional[str]
    credit: Optional[str]
    language: str
    text: str  # cleaned: paragraphs separated by blank lines, headings on lines of their own
    headings: Tuple[str, ...] = field(default=())
    # Optional English framing for citations (`title_en`, `credit_en` in the front matter); the text stays as written.
    title_en: Optional[str] = None
    credit_en: Optional[str] = None
    # Sentences matching one of these are article text (citable) but never quoted: links, advertising.
    unquotable: Tuple[re.Pattern, ...] = field(default=(), compare=False)

    def is_quotable(self, sentence: str) -> bool:
        return not any(pattern.search(sentence) for pattern in self.unquotable)

    def byline(self, language: str = "de") -> str:
        """Who wrote it, for citations: author and/or credit in the reader's language, or an empty string."""
        credit = self.credit_en if language == "en" and self.credit_en else self.credit
        return ", ".join(part for part in (self.author, credit) if part)

    def citation(self, language: str = "de") -> str:
        """Title and, when known, author/credit, as the coach names a source: "Title – Author"."""
        byline = self.byline(language)
        title = self.display_title(language)
        return f"{title} – {byline}" if byline else title

    def display_title(self, language: str = "de") -> str:
        """The title as written, followed by its English translation for English readers when there is one."""
        if language == "en" and self.title_en:
            return f"{self.title} ({self.title_en})"
        return self.title


@dataclass(frozen=True)
class BoilerplateRules:
    lines: Tuple[re.Pattern, ...]
    prefixes: Tuple[re.Pattern, ...]
    unquotable: Tuple[re.Pattern, ...] = ()
    repairs: Dict[str, str] = field(default_factory=dict)  # glued word as captured -> as written
    joined_words: Tuple[str, ...] = ()  # camel-case names that are one word ("WhatsApp")

    @classmethod
    def load(cls, path: Path) -> "BoilerplateRules":
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            return cls(
                lines=tuple(re.compile(rule["pattern"]) for rule in data.get("lines", [])),
                prefixes=tuple(re.compile(rule["pattern"]) for rule in data.get("prefixes", [])),
                unquotable=tuple(re.compile(rule["pattern"]) for rule in data.get("unquotable", [])),
                repairs={str(rule["glued"]): str(rule["repaired"]) for rule in data.get("repairs", [])},
                joined_words=tuple(str(word) for word in data.get("joined_words", [])),
            )
        except (OSError, yaml.YAMLError, KeyError, TypeError, re.error) as error:
            raise ArticleError(
                f"{path}: boilerplate rules cannot be read ({error}); each rule needs a valid `pattern`, "
                "each repair a `glued` and a `repaired` text."
            ) from error

    def is_boilerplate(self, line: str) -> bool:
        return any(pattern.fullmatch(line) for pattern in self.lines)

    def strip_prefixes(self, line: str) -> str:
        for pattern in self.prefixes:
            line = pattern.sub("", line, count=1) if pattern.match(line) else line
        return line.strip()


def _same_text(a: str, b: str) -> bool:
    """Equal up to case, quotes and small typos (captured headlines repeat titles with typos)."""
    def normal(text: str) -> str:
        return re.sub(r"[\W_]+", " ", text).strip().casefold()

    return difflib.SequenceMatcher(None, normal(a), normal(b)).ratio() >= 0.9


def _looks_like_heading(line: str) -> bool:
    return len(line) <= _MAX_HEADING_LENGTH and not line.endswith(_SENTENCE_END) and not line.startswith("- ")


def _is_heading(line: str, next_line: Optional[str]) -> bool:
    return _looks_like_heading(line) and next_line is not None and len(next_line) > len(line)


def clean_article_text(raw: str, title: str, rules: BoilerplateRules) -> Tuple[str, Tuple[str, ...]]:
    """The article's own text (paragraphs separated by blank lines) and its headings."""
    lines: List[str] = []
    for raw_line in raw.splitlines():
        line = rules.strip_prefixes(raw_line.strip())
        if not line or rules.is_boilerplate(line):
            continue
        if lines and _same_text(line, lines[-1]):
            continue  # duplicated headline or slogan
        if not lines and _same_text(line, title):
            continue  # the headline repeats the title, which lives in the front matter
        lines.append(repair_line(line, rules.repairs, rules.joined_words))
    # Short unpunctuated lines at the very end are a signature or a heading whose text sat
    # behind a login wall: no article text follows them.
    while lines and _looks_like_heading(lines[-1]):
        lines.pop()
    headings = tuple(
        line for index, line in enumerate(lines) if _is_heading(line, lines[index + 1] if index + 1 < len(lines) else None)
    )
    return "\n\n".join(lines), headings


def load_article(path: Path, rules: BoilerplateRules) -> Article:
    try:
        post = frontmatter.load(path)
    except Exception as error:  # frontmatter raises YAML and decoding errors of several kinds
        raise ArticleError(f"{path}: cannot read the article ({error}).") from error
    title = post.metadata.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ArticleError(
            f"{path}: the front matter needs a `title` (and may have author, date, credit, language, title_en, credit_en)."
        )
    text, headings = clean_article_text(post.content, title, rules)
    if not text:
        raise ArticleError(f"{path}: nothing is left of the article after removing boilerplate; check {BOILERPLATE_FILE}.")

    def optional(key: str) -> Optional[str]:
        value = post.metadata.get(key)
        return None if value in (None, "") else str(value)

    return Article(
        id=path.stem,
        title=title.strip(),
        author=optional("author"),
        date=optional("date"),
        credit=optional("credit"),
        language=optional("language") or "de",
        text=text,
        headings=headings,
        title_en=optional("title_en"),
        credit_en=optional("credit_en"),
        unquotable=rules.unquotable,
    )


def load_articles(directory: Path) -> List[Article]:
    """Every `*.txt` article in the folder, cleaned, in a stable order."""
    rules = BoilerplateRules.load(directory / BOILERPLATE_FILE)
    paths = sorted(directory.glob(f"*{ARTICLE_SUFFIX}"))
    if not paths:
        raise ArticleError(f"{directory}: no articles (*{ARTICLE_SUFFIX}) found.")
    return [load_article(path, rules) for path in paths]


def verbatim_places(excerpt: str, text: str) -> List["re.Match[str]"]:
    """Where the excerpt stands in the text word for word, whitespace aside (a quote, an owner question's `where`)."""
    if not excerpt.split():
        return []
    return list(re.finditer(r"\s+".join(re.escape(word) for word in excerpt.split()), text))


def corpus_fingerprint(directory: Path) -> str:
    """Changes whenever an article, the boilerplate rules, an English rendition or the owners' questions change;
    keys the search index."""
    digest = hashlib.sha256()
    paths = [
        *directory.glob(f"*{ARTICLE_SUFFIX}"), directory / BOILERPLATE_FILE,
        *(directory / RENDITIONS_FOLDER).glob("*.yml"), *(directory / QUESTIONS_FOLDER).glob("*.yml"),
    ]
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def read_companion(path: Path, article: Article, id_key: str, list_key: str, shape: str, error: Type[ValueError]) -> dict:
    """A file kept beside an article (its English rendition, its owner questions): read, with a `list_key` list,
    and naming the article it belongs to under `id_key`; otherwise `error` says what is wrong with it."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as problem:
        raise error(f"{path}: cannot be read ({problem}).") from problem
    if not isinstance(data, dict) or not isinstance(data.get(list_key), list):
        raise error(f"{path}: expected {shape}.")
    if data.get(id_key) != article.id:
        raise error(f"{path}: {id_key} is {data.get(id_key)!r}, but the file belongs to {article.id!r}.")
    return data
