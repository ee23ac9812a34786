"""Which plan step a message means and what to do with it ("Punkt 2 erledigt", "mark the guarantee one as done")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from bot.understanding.numbers import numbers_in, single_number
from bot.understanding.text import Tokens
from bot.understanding.vocabulary import Vocabulary

# Words this short ("the", "one", "als") say nothing about which step is meant.
_MIN_TITLE_WORD = 4


@dataclass(frozen=True)
class ItemReading:
    number: Optional[int] = None
    status: Optional[str] = None  # done / skipped / open


def read_item(text: str, titles: Sequence[Sequence[str]], vocabulary: Vocabulary, status_reader) -> ItemReading:
    """The step (1-based) and status the text names; `titles[i]` are step i+1's titles (in each language).

    A step is named by its number ("2", "zwei", "the second", "den letzten") or, failing that, by words of
    its title ("the guarantee one"), when exactly one step's title shares the most words with the message.
    """
    reading = status_reader.read("item_status", text)
    status = reading.values[0] if len(reading.values) == 1 else None
    tokens = Tokens(text or "")
    count = len(titles)
    numbers = [number for number in numbers_in(text or "", vocabulary.number_words) if 1 <= number <= count]
    number = single_number(numbers)
    if number is None and not numbers and vocabulary.last_item.found_in(tokens) and count:
        number = count
    if number is None and not numbers:
        number = _by_title(tokens, titles, status_reader.vocabulary.options["item_status"])
    return ItemReading(number, status)


def _by_title(tokens: Tokens, titles: Sequence[Sequence[str]], status_options) -> Optional[int]:
    status_words = [option.words for option in status_options]
    content = [
        stems for position, stems in enumerate(tokens.stems)
        if len(tokens.words[position]) >= _MIN_TITLE_WORD
        and not any(words.found_in(Tokens(tokens.words[position])) for words in status_words)
    ]
    if not content:
        return None
    shared = []
    for item_titles in titles:
        title_stems = [stems for title in item_titles for stems in Tokens(title).stems]
        shared.append(sum(1 for stems in content if any(stems & other for other in title_stems)))
    best = max(shared, default=0)
    if best == 0 or shared.count(best) > 1:
        return None
    return shared.index(best) + 1
