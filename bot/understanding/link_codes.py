"""One-time link codes in a message ("link K7WQ-3MPA")."""

from __future__ import annotations

import re
from typing import Optional

_LINK_CODE = re.compile(r"\b([A-Za-z2-9]{4})-?([A-Za-z2-9]{4})\b")
_CODE_ATTEMPT = re.compile(r"^/?(link|code)\s+\S{4,}", re.IGNORECASE)


def link_code_in(text: str) -> Optional[str]:
    """The one code in the text (8 characters, no dash), None when there is none, "" when it is unclear.

    A code always contains a digit, so an eight-letter word is never taken for one; a word of code length
    after "link"/"code" that is no valid code counts as unclear, so the user is told instead of getting a new code.
    """
    text = text or ""
    found = [match for match in _LINK_CODE.finditer(text) if any(character.isdigit() for character in match.group(0))]
    if len(found) == 1:
        return found[0].group(1) + found[0].group(2)
    if found or _CODE_ATTEMPT.match(text.strip()):
        return ""
    return None


def shown_link_code(code: str) -> str:
    """A code as the user sees it: K7WQ-3MPA."""
    return f"{code[:4]}-{code[4:]}"
