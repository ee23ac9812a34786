"""Wording of plans from `data/coaching/wording.yml`: labels of profile answers and "why this, for you" sentences."""

from __future__ import annotations

import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from pydantic import ValidationError

from bot.coaching.content import ContentError, Strict, Text, describe, read_yaml
from bot.coaching.plan import Reason
from bot.coaching.vocabulary import (
    BusinessType, Dimension, Effort, ItemStatus, Practice, Problem, Reach, TeamSize, Touchpoint,
)

LABEL_GROUPS = {
    "business_type": BusinessType, "reach": Reach, "team_size": TeamSize, "problem": Problem,
    "practice": Practice, "touchpoint": Touchpoint, "dimension": Dimension, "effort": Effort,
    "item_status": ItemStatus,
}
# Which label group fills each kind of reason.
REASON_LABELS = {
    "problem": "problem", "weak_dimension": "dimension", "business_type": "business_type",
    "team_size": "team_size", "channel": "reach", "already_does": "practice",
}


class _WordingFile(Strict):
    reasons: Dict[str, Text]
    labels: Dict[str, Dict[str, Text]]


@dataclass(frozen=True)
class PlanWording:
    reasons: Dict[str, Text]
    labels: Dict[str, Dict[str, Text]]

    def label(self, group: str, value: str, language: str) -> str:
        return self.labels[group][value](language)

    def reason(self, reason: Reason, language: str) -> str:
        value = self.label(REASON_LABELS[reason.kind], reason.value, language)
        return self.reasons[reason.kind](language).format(value=value, rating=_number(reason.rating, language))

    def why_for_you(self, reasons: Sequence[Reason], language: str) -> List[str]:
        return [self.reason(reason, language) for reason in reasons]


def _number(value: Optional[float], language: str) -> str:
    if value is None:
        return ""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if language == "de" else text


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
    return PlanWording(dict(data.reasons), {group: dict(values) for group, values in data.labels.items()})
