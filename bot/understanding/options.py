"""Profile answers: which option(s) of a question a typed answer or a pressed button means.

In this order: the exact id or label (a button); "I don't know" (the question's default) and "none of these";
team sizes by counting people ("zu dritt", "12 Leute", "me and my wife"); words of the options by their stems,
leaving out negated ones where several answers are allowed; then meaning (the sentence embedding), taken only
with a clear margin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Tuple

from bot.understanding.meaning import MeaningMatcher
from bot.understanding.numbers import numbers_in
from bot.understanding.text import Tokens, plain
from bot.understanding.vocabulary import Option, Vocabulary

# Questions where a negation turns an option around („kein Onlineshop“, "no guarantee"); problems are often
# said with one ("no reviews", „trauen sich nicht“), so there it is part of the words.
_NEGATABLE = ("business_type", "reach", "touchpoint", "practice")
_LARGEST_SMALL_TEAM = 10
# A bare number is a team size only in a short answer ("zwölf", "about 25"); in longer text it needs a people word.
_SHORT_ANSWER_WORDS = 4
_JOINING_WORDS = {"und", "and", "plus", "mit", "with", "sowie"}


@dataclass(frozen=True)
class Reading:
    values: Tuple[str, ...] = ()
    ambiguous: bool = False  # a question with one answer, and several fit: `values` are the candidates
    dont_know: bool = False  # "I don't know": `values` is the question's default
    by_meaning: bool = False  # found by the sentence embedding, not by a word
    none: bool = False  # "none of these", for a question with several answers

    @property
    def understood(self) -> bool:
        return not self.ambiguous and (bool(self.values) or self.dont_know or self.none)


class OptionReader:
    def __init__(self, vocabulary: Vocabulary, meaning: Optional[MeaningMatcher] = None) -> None:
        self.vocabulary = vocabulary
        self._meaning = meaning

    def means_stop(self, text: str) -> bool:
        """Whether the answer asks to pause the questions ("stopp", "later")."""
        return self.vocabulary.stop.covers(Tokens(text or ""))

    def read(self, group: str, text: str, several: bool = False, default: object = None) -> Reading:
        """The option(s) of `group` the text means; for `several`, an empty tuple with `understood` means "none"."""
        options = self.vocabulary.options[group]
        tokens = Tokens(text or "")
        if not tokens.words:
            return Reading()
        exact = _exact(options, text, several)
        if exact:
            return Reading(exact)
        if text.strip().startswith("/"):  # a command ("/request_help") is no answer in words
            return Reading()
        found = self.named(group, tokens, several)
        if self.vocabulary.dont_know.covers(tokens) or (self.vocabulary.dont_know.found_in(tokens) and not found):
            return Reading(_as_values(default), dont_know=True)
        if several and self.vocabulary.none.covers(tokens):
            return Reading(none=True)
        if group == "team_size":
            counted = self.team_size(text, tokens, short_answer=True)
            if counted:
                return Reading((counted,))
        if group == "reach" and ("both" in found or {"online", "in_person"} <= set(found)):
            return Reading(("both",))
        if several and not found and (self.vocabulary.none.found_in(tokens) or self.named(group, tokens, negation=False)):
            return Reading(none=True)  # "nothing really", or only options said not to be done („weder … noch“)
        if found and not several and len(found) > 1:
            found = _most_named(self.vocabulary.options[group], tokens, found)
        if found:
            return Reading(tuple(found), ambiguous=not several and len(found) > 1)
        if self._meaning is not None and not self._names_other_question(group, tokens):
            value = self._meaning.closest(group, options, text)
            if value is not None:
                return Reading((value,), by_meaning=True)
        return Reading()

    def _names_other_question(self, group: str, tokens: Tokens) -> bool:
        """Whether the text is nothing but options of other questions ("online" or "Café" at the team size): it
        then answers another question, and is not matched by meaning to one of this question's options."""
        covered = {position for other, options in self.vocabulary.options.items() if other != group
                   for option in options for start, end in option.words.spans(tokens) for position in range(start, end)}
        return len(covered) == len(tokens)

    def team_size(self, text: str, tokens: Optional[Tokens] = None, short_answer: bool = False) -> Optional[str]:
        """solo / small / large from the people counted in the text, or None when it names no count."""
        count = self.people_count(text, tokens, short_answer)
        if count is None or count < 1:
            return None
        return "solo" if count == 1 else "small" if count <= _LARGEST_SMALL_TEAM else "large"

    def people_count(self, text: str, tokens: Optional[Tokens] = None, short_answer: bool = False) -> Optional[int]:
        """How many people the text says work in the business ("ich und zwei Mitarbeiter" is 3)."""
        vocabulary = self.vocabulary
        tokens = tokens or Tokens(text)
        with_self = vocabulary.team_self.found_in(tokens) and bool(_JOINING_WORDS & set(tokens.words))
        numbers = numbers_in(text, vocabulary.number_words)
        named_people = vocabulary.team_people.found_in(tokens)
        if numbers and (short_answer and len(tokens) <= _SHORT_ANSWER_WORDS or named_people or _group_word(text, vocabulary)):
            more = 1 if vocabulary.more_than.found_in(tokens) else 0
            return max(numbers) + (1 if with_self and named_people else 0) + more
        partners = len(vocabulary.team_partner.spans(tokens))
        if partners and (with_self or {"wir", "we"} & set(tokens.words)):
            return 1 + partners
        return None

    def named(self, group: str, tokens: Tokens, several: bool = False, negation: bool = True) -> List[str]:
        """Options named by a word, a word inside a longer match of another option not counting."""
        options = self.vocabulary.options[group]
        spans = {option.value: option.words.spans(tokens) for option in options}
        if not any(spans.values()):  # nothing spelt right: perhaps misspelt ("bakry")
            spans = {option.value: option.words.spans(tokens, typos=True) for option in options}
        if group == "business_type":  # "…, unsere Kunden sind Werkstätten": the customers, not the business
            customers = _clientele_positions(self.vocabulary, tokens)
            spans = {value: [span for span in found if span[0] not in customers] for value, found in spans.items()}
            if spans.get(_SOLD_ONLINE) or spans.get(_SOLD_IN_A_SHOP):  # "candles on Etsy": what is made, where it is sold
                goods = {position for start, end in self.vocabulary.goods_made.spans(tokens) for position in range(start, end)}
                spans[_MAKES] = [span for span in spans.get(_MAKES, []) if span[0] not in goods]
        if negation and group in _NEGATABLE:
            negated = negated_positions(self.vocabulary, tokens)
            spans = {value: [span for span in found if span[0] not in negated] for value, found in spans.items()}
        every = [(value, span) for value, found in spans.items() for span in found]
        kept = []
        for value, found in spans.items():
            if any(not _inside(span, value, every) for span in found):
                kept.append(value)
        return kept


# A business that makes goods (trade_craft) and sells them online or in a shop is named by how it sells.
_MAKES, _SOLD_ONLINE, _SOLD_IN_A_SHOP = "trade_craft", "online_shop", "retail_store"


def _as_values(default: object) -> Tuple[str, ...]:
    if default is None:
        return ()
    return tuple(default) if isinstance(default, (list, tuple)) else (str(default),)


def _exact(options: List[Option], text: str, several: bool) -> Tuple[str, ...]:
    whole = plain(text)
    for option in options:
        if whole in option.exact:
            return (option.value,)
    if several:  # "website, phone" typed or pressed one after the other
        parts = [plain(part) for part in text.replace(";", ",").split(",") if plain(part)]
        values = [next((option.value for option in options if part in option.exact), None) for part in parts]
        if len(parts) > 1 and all(values):
            return tuple(dict.fromkeys(values))
    return ()


def _inside(span: Tuple[int, int], value: str, every: List[Tuple[str, Tuple[int, int]]]) -> bool:
    start, end = span
    return any(
        other != value and other_start <= start and end <= other_end and (other_end - other_start) > (end - start)
        for other, (other_start, other_end) in every
    )


def negated_positions(vocabulary: Vocabulary, tokens: Tokens) -> set:
    """Positions of the words in clauses with a negation („Bewertungen sammeln wir nicht“)."""
    exceptions = {position for start, end in vocabulary.not_negating.spans(tokens) for position in range(start, end)}
    negating = {tokens.clauses[start] for start, end in vocabulary.negation.spans(tokens) if start not in exceptions}
    return {position for position, clause in enumerate(tokens.clauses) if clause in negating}


def _clientele_positions(vocabulary: Vocabulary, tokens: Tokens) -> set:
    """Positions after a word that introduces the customers, to the end of its clause."""
    positions = set()
    for _start, end in vocabulary.clientele.spans(tokens):
        clause = tokens.clauses[end - 1]
        positions.update(position for position in range(end, len(tokens)) if tokens.clauses[position] == clause)
    return positions


def _group_word(text: str, vocabulary: Vocabulary) -> bool:
    padded = f" {plain(text)} "
    return any(f" {words} " in padded for words in vocabulary.number_words)


def _most_named(options: List[Option], tokens: Tokens, found: List[str]) -> List[str]:
    """Of several options named, the one whose words cover clearly more of the message ("online courses as a
    coach", "an online store for handmade jewellery"), else all."""
    counts = {
        option.value: len({position for start, end in option.words.spans(tokens) for position in range(start, end)})
        for option in options if option.value in found
    }
    ranked = sorted(counts.values(), reverse=True)
    if len(ranked) > 1 and ranked[0] > ranked[1]:
        return [value for value, count in counts.items() if count == ranked[0]]
    return found
