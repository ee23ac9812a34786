"""Cuts cleaned articles into sentences and short overlapping passages that remember where they come from.

The sentences are the unit everything else aligns on: passages are windows of them, and an article's
English rendition translates them one by one (bot/knowledge/renditions.py).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterator, List, Optional, Sequence, Tuple

from bot.knowledge.articles import Article

_PARAGRAPH_BREAK = re.compile(r"\n\n+")
# A paragraph that goes on with a small letter, or a list item that does, finishes the sentence before it.
_CONTINUATION = re.compile(r"(?:- )?[a-zäöüß]")


@dataclass(frozen=True)
class Passage:
    """A few consecutive sentences of one article; `start`/`end` index the cleaned (German) article text.

    An English passage is the rendition of the German one with the same span (bot/knowledge/renditions.py).
    """

    article: str
    title: str
    heading: Optional[str]
    text: str
    start: int
    end: int
    language: str = "de"

    @property
    def id(self) -> str:
        return f"{self.article}:{self.start}" if self.language == "de" else f"{self.article}:{self.start}:{self.language}"

    @property
    def span(self) -> Tuple[str, int, int]:
        """Where it is in the article: the same for a passage and its rendition."""
        return self.article, self.start, self.end


@dataclass(frozen=True)
class Sentence:
    """One sentence (or heading) of an article; `block` numbers the runs of text that belong together."""

    start: int
    end: int
    block: int
    heading: Optional[str]  # the heading it stands under
    is_heading: bool
    quotable: bool


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


@functools.lru_cache(maxsize=256)
def article_sentences(article: Article) -> Tuple[Sentence, ...]:
    """Every sentence and heading of the article in reading order.

    A paragraph continuing the previous one (a list finishing its lead-in sentence, "- uns Menschen, …")
    belongs to its block, so passages keep a sentence and its list together.
    """
    headings = set(article.headings)
    heading: Optional[str] = None
    sentences: List[Sentence] = []
    block = -1
    after_heading = True
    for offset, paragraph in _paragraphs(article.text):
        if paragraph in headings:
            heading = paragraph
            block += 1
            sentences.append(Sentence(offset, offset + len(paragraph), block, heading, True, False))
            after_heading = True
            continue
        if after_heading or not _CONTINUATION.match(paragraph):
            block += 1
        after_heading = False
        for start, end in _sentence_spans(paragraph, article.language):
            text = article.text[offset + start:offset + end]
            sentences.append(Sentence(offset + start, offset + end, block, heading, False, article.is_quotable(text)))
    return tuple(sentences)


def _runs(sentences: Sequence[Sentence]) -> Iterator[List[Sentence]]:
    """Consecutive quotable sentences of one block."""
    run: List[Sentence] = []
    for sentence in sentences:
        if run and (not sentence.quotable or sentence.block != run[-1].block):
            yield run
            run = []
        if sentence.quotable:
            run.append(sentence)
    if run:
        yield run


def window_starts(count: int, window: int, stride: int) -> List[int]:
    """Where windows of `window` sentences begin, `stride` apart; the last sentences always get one."""
    last_start = max(count - window, 0)
    starts = list(range(0, last_start + 1, stride))
    if starts[-1] != last_start:
        starts.append(last_start)
    return starts


# A sentence opening with one of these words leans on the one before it („Sie reduzieren Komplexität.“ – who?),
# and one after a sentence that does not end continues it (a list item: „dass zwischen – uns Menschen – …“):
# a passage that would start there starts a sentence earlier, so that every quote makes sense on its own.
# Bump PASSAGES_VERSION when the splitting changes: it keys the saved index.
_LEANS_BACK = {
    "de": {"Sie", "Er", "Es", "Dies", "Diese", "Dieser", "Dieses", "Dadurch", "Deshalb", "Daher", "Darum", "Dabei",
           "Damit", "Dazu", "Denn", "Doch", "Aber", "Also", "Außerdem", "Zudem", "Trotzdem", "Stattdessen", "Hier"},
    "en": {"They", "It", "This", "These", "That", "Those", "Therefore", "So", "But", "However", "Also", "Here"},
}
PASSAGES_VERSION = 4
_ENDS_SENTENCE = re.compile(r"[.!?…][\"“”»«'’)\]]*\s*$")
_FIRST_WORD = re.compile(r"\W*(\w+)")


def _leans_back(text: str, language: str) -> bool:
    first = _FIRST_WORD.match(text)
    return bool(first) and first.group(1) in _LEANS_BACK.get(language, set())


def _only_questions(text: str) -> bool:
    return all(part.rstrip().endswith("?") for part in re.split(r"(?<=[.!?])\s+", text.strip()) if part)


def passage_windows(article: Article, window: int = 3, stride: int = 2) -> List[List[Sentence]]:
    """The sentences of each passage: windows over runs of quotable sentences, never only questions."""
    if not 0 < stride <= window:
        raise ValueError(f"stride must be between 1 and window ({window}), not {stride}.")
    windows: List[List[Sentence]] = []
    taken = set()

    def text_of(sentence: Sentence) -> str:
        return article.text[sentence.start:sentence.end]

    for run in _runs(article_sentences(article)):
        for start in window_starts(len(run), window, stride):
            first = start
            while first > 0 and (
                _leans_back(text_of(run[first]), article.language) or not _ENDS_SENTENCE.search(text_of(run[first - 1]))
            ):
                first -= 1  # back to the sentence it leans on or continues (a list item): the passage grows by as many
            end = start + window
            while end < len(run) and not _ENDS_SENTENCE.search(text_of(run[end - 1])):
                end += 1  # on to where the sentence ends: a list item or a cut never ends a passage
            chosen = run[first:end]
            span = (chosen[0].start, chosen[-1].end)
            if span not in taken and not _only_questions(article.text[span[0]:span[1]]):
                taken.add(span)  # windows grown back to the same sentences are one passage
                windows.append(chosen)
    return windows


def split_into_passages(article: Article, window: int = 3, stride: int = 2) -> List[Passage]:
    """Windows of `window` sentences, moving `stride` sentences at a time, never crossing a block or a heading.

    Sentences the boilerplate rules mark as not quotable (links, the author's advertising) are never in one.
    """
    passages = []
    for chosen in passage_windows(article, window, stride):
        start, end = chosen[0].start, chosen[-1].end
        passages.append(Passage(article.id, article.title, chosen[0].heading, article.text[start:end], start, end))
    return passages
