"""Questions among answers, and what follows a greeting („Hallo, ich hab ein Café. Wie …?“)."""

from __future__ import annotations

import re

from bot.understanding.text import Tokens
from bot.understanding.vocabulary import Vocabulary

# What is left after a greeting must be this long to be a message of its own ("Hallo, wie geht's" is not).
_MIN_WORDS_AFTER_GREETING = 5
_LEADING_PUNCTUATION = re.compile(r"^[\s,.;:!–-]+")


def looks_like_question(text: str, vocabulary: Vocabulary) -> bool:
    """Ends with a question mark, or starts with a question word ("wie gewinne ich", "should I")."""
    text = (text or "").strip()
    if text.endswith("?"):
        return True
    tokens = Tokens(text)
    return any(start == 0 for start, _end in vocabulary.question_words.spans(tokens))


def opens_with_greeting(text: str, vocabulary: Vocabulary) -> bool:
    return any(start == 0 for start, _end in vocabulary.greetings.spans(Tokens((text or "").strip())))


def after_greeting(text: str, vocabulary: Vocabulary) -> str:
    """The message without a greeting at its start, when enough is left to answer; otherwise ""."""
    text = (text or "").strip()
    tokens = Tokens(text)
    leading = [end for start, end in vocabulary.greetings.spans(tokens) if start == 0]
    if not leading:
        return ""
    greeting_words = max(leading)
    if len(tokens) - greeting_words < _MIN_WORDS_AFTER_GREETING:
        return ""
    # Cut the original text after the greeting's words (keeping umlauts and punctuation of the rest).
    rest = text
    for word in tokens.words[:greeting_words]:
        match = re.search(r"[^\W_]+", rest)
        rest = rest[match.end():] if match else rest
    return _LEADING_PUNCTUATION.sub("", rest)
