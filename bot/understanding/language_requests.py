"""Asking for a language in words: „lieber auf Deutsch“, "can we do English?", or a complaint about it."""

from __future__ import annotations

from typing import Optional

from bot.understanding.text import Tokens
from bot.understanding.vocabulary import Vocabulary

# A request names a language in a short message; a long one that mentions "English" is about something else.
_MAX_REQUEST_WORDS = 10


def requested_language(text: str, written_in: Optional[str], vocabulary: Vocabulary) -> Optional[str]:
    """The language the user asks for, or None.

    "warum redest du jetzt englisch?" names English but complains about it: the user wants the language
    the message is written in (`written_in`, as detected), not the one named.
    """
    tokens = Tokens(text or "")
    if not tokens.words or len(tokens) > _MAX_REQUEST_WORDS:
        return None
    named = [code for code, names in vocabulary.languages.items() if names.found_in(tokens)]
    if not named or vocabulary.original_text.found_in(tokens):
        return None  # "show me the German original" is about a quote, not about the conversation's language
    if vocabulary.language_complaint.found_in(tokens):
        return written_in if written_in in vocabulary.languages else None
    return named[0] if len(named) == 1 else None
