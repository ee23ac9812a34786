"""Profile facts stated before the questions ("my plumbing business", „wir sind zu dritt“, "our problem is refunds")."""

from __future__ import annotations

from typing import Dict

from bot.understanding.options import OptionReader
from bot.understanding.text import Tokens, sentences

# Questions a fact can answer up front; where and how customers meet a business is too easily misread in
# passing ("I'm online a lot"), so those questions are always asked.
FACT_QUESTIONS = ("business_type", "team_size", "problem")
# "Something else" is never a fact: it is what the questions are for.
_NOT_A_FACT = "other"


def profile_facts(text: str, reader: OptionReader) -> Dict[str, str]:
    """The profile answers a message states clearly, by word (never by meaning alone): slot -> value.

    Only sentences about the user's own business count ("I need a plan for my plumbing business"), not one
    about customers in general ("why do customers buy from five suppliers?")."""
    own = reader.vocabulary.own_business
    text = " ".join(sentence for sentence in sentences(text) if own.found_in(Tokens(sentence)))
    tokens = Tokens(text)
    if not tokens.words:
        return {}
    facts: Dict[str, str] = {}
    for question in ("business_type", "problem"):
        if question == "problem" and not reader.vocabulary.problem_cues.found_in(tokens):
            continue
        found = reader.named(question, tokens)
        if len(found) == 1 and found[0] != _NOT_A_FACT:
            facts[question] = found[0]
    team = reader.team_size(text, tokens)
    if team is None:
        solo = next(option for option in reader.vocabulary.options["team_size"] if option.value == "solo")
        team = "solo" if solo.words.found_in(tokens) else None
    if team:
        facts["team_size"] = team
    return facts
