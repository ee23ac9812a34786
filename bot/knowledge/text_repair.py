"""Repairs what web capture did to the article text: words glued together and spaces before punctuation.

The captured articles lost spaces where the page had line breaks or markup ("fragen:Wie",
"vonSocial Media ,", "Ansatz .Eine"). General rules put them back; the few glued words no rule can
tell from a German compound ("Omnichannel-Ansatzesund") are listed in `boilerplate.yml` under
`repairs`, and camel-case names that must stay joined ("WhatsApp") under `joined_words`.
"""

from __future__ import annotations

import re
from typing import Collection, Mapping

_LOWER = "a-zäöüß"
_UPPER = "A-ZÄÖÜ"
# "Ansatz .Eine", "Granularität .Die": a space before a full stop and none after it.
_SPACE_BEFORE_SENTENCE_END = re.compile(rf"(?<=[\w)“\"]) ([.!?:;])(?=[{_UPPER}])")
# "sollte , um", "Media ,": a space before a comma or other mark that needs none.
_SPACE_BEFORE_MARK = re.compile(r"(?<=[\w)“\"]) +([,.;:!?])(?=\s|$)")
# "entdeckte.Rachel", "fragen:Wie", "etc.).Andererseits": sentences glued at their mark.
_GLUED_SENTENCE = re.compile(rf"(?<=[{_LOWER})])([.!?:])(?=[{_UPPER}][{_LOWER}])")
# "vonSocial", "eineGeschäftsmethode": a lower-case word running into a capitalised one.
_GLUED_WORD = re.compile(rf"\b([{_LOWER}{_UPPER}]?[{_LOWER}]{{2,}})([{_UPPER}][{_LOWER}]+)")


def repair_line(line: str, repairs: Mapping[str, str] = {}, joined_words: Collection[str] = ()) -> str:
    """One captured line with its lost spaces put back (and only those)."""
    for glued, repaired in repairs.items():
        line = line.replace(glued, repaired)
    line = _SPACE_BEFORE_SENTENCE_END.sub(r"\1 ", line)
    line = _SPACE_BEFORE_MARK.sub(r"\1", line)
    line = _GLUED_SENTENCE.sub(r"\1 ", line)
    keep = set(joined_words)
    return _GLUED_WORD.sub(lambda match: match.group(0) if match.group(0) in keep else f"{match.group(1)} {match.group(2)}", line)
