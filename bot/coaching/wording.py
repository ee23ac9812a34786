"""Wording of plans from `data/coaching/wording.yml`: labels of profile answers and "why this, for you" sentences."""

from __future__ import annotations

import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from pydantic import ValidationError

from bot.coaching.content import ContentError, Strict, Text, describe, read_yaml
from bot.coaching.plan import Reason
from bot.understanding.numbers import format_number
from bot.coaching.vocabulary import (
    BusinessType, Dimension, Effort, ItemStatus, Practice, Problem, ProfileQuestion, Reach, TeamSize, Touchpoint,
)

LABEL_GROUPS = {
    "business_type": BusinessType, "reach": Reach, "team_size": TeamSize, "problem": Problem,
    "practice": Practice, "touchpoint": Touchpoint, "dimension": Dimension, "effort": Effort,
    "item_status": ItemStatus, "profile_question": ProfileQuestion, "no_answer": typing.Literal["none"],
}
# The label group of each profile question's answers.
PROFILE_ANSWER_LABELS = {
    "business_type": "business_type", "reach": "reach", "team_size": "team_size",
    "touchpoints": "touchpoint", "problem": "problem", "practices": "practice",
}
# Which label group fills each kind of reason.
REASON_LABELS = {
    "core": "problem", "problem": "problem", "weak_dimension": "dimension", "business_type": "business_type",
    "touchpoint": "touchpoint", "team_size": "team_size", "channel": "reach", "already_does": "practice",
    "builds": "business_type", "chosen": "dimension",
}
# Which label group fills a reason's `detail` ({detail} in its template).
REASON_DETAIL_LABELS = {"builds": "dimension"}


# Headings of the plan document (bot/coaching/plan_document.py).
DOCUMENT_HEADINGS = ("title", "created", "progress", "profile", "effort", "status", "steps", "why", "source", "expired_link")


class _WordingFile(Strict):
    reasons: Dict[str, Text]
    labels: Dict[str, Dict[str, Text]]
    document: Dict[str, Text]


@dataclass(frozen=True)
class PlanWording:
    reasons: Dict[str, Text]
    labels: Dict[str, Dict[str, Text]]
    document: Dict[str, Text]

    def heading(self, name: str, language: str, **values: object) -> str:
        return self.document[name](language).format(**values)

    def expired_link(self) -> str:
        """For a browser that opens an expired link: both languages, since the reader's is unknown there."""
        return f"{self.document['expired_link']('de')}\n\n{self.document['expired_link']('en')}"

    def label(self, group: str, value: str, language: str) -> str:
        return self.labels[group][value](language)

    def profile_answers(self, answers: Dict[str, object], language: str) -> List[str]:
        """One line per profile question in `answers`: "Team size: solo"; several answers joined, none as "none of these"."""
        lines = []
        for question, group in PROFILE_ANSWER_LABELS.items():
            if question not in answers:
                continue
            value = answers.get(question)
            values = value if isinstance(value, (list, tuple)) else ([] if value is None else [value])
            shown = ", ".join(self.label(group, item, language) for item in values) or self.label("no_answer", "none", language)
            lines.append(f"{self.label('profile_question', question, language)}: {shown}")
        return lines

    def reason(self, reason: Reason, language: str) -> str:
        value = self.label(REASON_LABELS[reason.kind], reason.value, language)
        detail_group = REASON_DETAIL_LABELS.get(reason.kind)
        detail = self.label(detail_group, reason.detail, language) if detail_group and reason.detail else ""
        return self.reasons[reason.kind](language).format(
            value=value, rating=_number(reason.rating, language), detail=detail
        )

    def why_for_you(self, reasons: Sequence[Reason], language: str) -> List[str]:
        return [self.reason(reason, language) for reason in reasons]


def _number(value: Optional[float], language: str) -> str:
    return "" if value is None else format_number(value, language, fixed=False)


def load_wording(path: Path) -> PlanWording:
    try:
        data = _WordingFile.model_validate(read_yaml(path))
    except ValidationError as error:
        raise ContentError(f"{path}: {describe(error)}") from None
    for kind in REASON_LABELS:
        if kind not in data.reasons:
            raise ContentError(f"{path}: reasons: {kind} is missing (needed for every plan item of that kind).")
    for group, vocabulary in LABEL_GROUPS.items():
        missing = [value for value in typing.get_args(vocabulary) if value not in data.labels.get(group, {})]
        if missing:
            raise ContentError(f"{path}: labels: {group}: no label for {', '.join(missing)}.")
    missing = [name for name in DOCUMENT_HEADINGS if name not in data.document]
    if missing:
        raise ContentError(f"{path}: document: {', '.join(missing)} missing (headings of the plan export).")
    return PlanWording(
        dict(data.reasons), {group: dict(values) for group, values in data.labels.items()}, dict(data.document)
    )
