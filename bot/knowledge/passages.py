"""Cuts cleaned articles into short overlapping passages that remember where they come from."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterator, List, Optional, Tuple

from bot.knowledge.articles import Article

_PARAGRAPH_BREAK = re.compile(r"\n\n+")


@dataclass(frozen=True)
class Passage:
    """A few consecutive sentences of one article; `start`/`end` index the cleaned article text."""

    article: str
    title: str
    heading: Optional[str]
    text: str
    start: int
    end: int

    @property
    def id(self) -> str:
        return f"{self.article}:{self.start}"


@functools.cache
def _segmenter(language: str):
    import pysbd

    return pysbd.Segmenter(language=language, clean=False, char_span=True)


def _paragraphs(text: str) -> Iterator[Tuple[int, str]]:
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        yield start, text[start:match.start()]
        start = match.end()
    yield start, text[start:]


def _sentence_spans(paragraph: str, language: str) -> List[Tuple[int, int]]:
    spans = []
    for span in _segmenter(language).segment(paragraph):
        sentence = span.sent.strip()
        if sentence:
            start = paragraph.index(sentence, span.start)
            spans.append((start, start + len(sentence)))
    return spans or [(0, len(paragraph))]


def split_into_passages(article: Article, window: int = 3, stride: int = 2) -> List[Passage]:
    """Windows of `window` sentences, moving `stride` sentences at a time, never crossing a paragraph."""
    if not 0 < stride <= window:
        raise ValueError(f"stride must be between 1 and window ({window}), not {stride}.")
    headings = set(article.headings)
    heading: Optional[str] = None
    passages: List[Passage] = []
    for offset, paragraph in _paragraphs(article.text):
        if paragraph in headings:
            heading = paragraph
            continue
        sentences = _sentence_spans(paragraph, article.language)
        last_start = max(len(sentences) - window, 0)
        starts = list(range(0, last_start + 1, stride))
        if starts[-1] != last_start:
            starts.append(last_start)  # the paragraph's last sentences always get a window
        for first in starts:
            chosen = sentences[first:first + window]
            start, end = offset + chosen[0][0], offset + chosen[-1][1]
            passages.append(Passage(article.id, article.title, heading, article.text[start:end], start, end))
    return passages
