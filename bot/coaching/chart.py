"""The self-check as a radar chart (PNG bytes), optionally over the previous result."""

from __future__ import annotations

import io
import math
from typing import Mapping, Optional, Sequence

import matplotlib

matplotlib.use("Agg")  # no display on servers

import matplotlib.pyplot as plt  # noqa: E402 (the backend must be chosen first)

from bot.coaching.self_check import HIGHEST, LOWEST  # noqa: E402


def radar_chart_png(
    dimensions: Sequence[str],
    labels: Mapping[str, str],
    scores: Mapping[str, Optional[float]],
    earlier: Optional[Mapping[str, Optional[float]]] = None,
    legend: Sequence[str] = (),
) -> bytes:
    """One axis per dimension from 1 to 5; `legend` names the current and (if given) the earlier result."""
    angles = [2 * math.pi * position / len(dimensions) for position in range(len(dimensions))]
    closed = angles + angles[:1]
    figure, axes = plt.subplots(figsize=(5, 5), dpi=100, subplot_kw={"polar": True})
    try:
        axes.set_theta_offset(math.pi / 2)
        axes.set_theta_direction(-1)
        axes.set_ylim(0, HIGHEST)
        axes.set_yticks(range(LOWEST, HIGHEST + 1))
        axes.set_xticks(angles)
        axes.set_xticklabels([labels[dimension] for dimension in dimensions], fontsize=9)
        names = list(legend) + [None, None]
        series = [(scores, "#1f6f8b", 0.25, names[0])]
        if earlier is not None:
            series.insert(0, (earlier, "#9aa5ab", 0.10, names[1]))
        for values, colour, alpha, name in series:
            # A dimension without a rating ("don't know" throughout) sits at the centre.
            points = [values.get(dimension) or 0 for dimension in dimensions]
            points += points[:1]
            axes.plot(closed, points, color=colour, linewidth=2, label=name)
            axes.fill(closed, points, color=colour, alpha=alpha)
        if legend:
            axes.legend(loc="upper right", bbox_to_anchor=(1.25, 1.12), fontsize=8)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()
    finally:
        plt.close(figure)
