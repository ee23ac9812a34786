"""Builds a prioritised action plan from the profile, the self-check and the stated problem – deterministically.

Every action that fits the business (type, channels, team size) gets a score from what the user told
the coach; the plan takes the best 5-7, avoiding several actions on the same topic, and keeps for each
item the reasons that raised it, so the coach can say "why this, for you".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, List, Optional, Tuple

from bot.coaching.catalog import ANY, Catalog, CatalogAction
from bot.coaching.profile import BusinessProfile
from bot.coaching.self_check import HIGHEST, LOWEST, SelfCheckResult

MIN_ITEMS, MAX_ITEMS = 5, 7

# Weights of the score; their order of size is the order of what matters most.
STATED_PROBLEM = 3.0  # the user named this problem as the biggest one
WEAKNESS = 2.5  # times how weak the action's weakest dimension is (0 at 5/5 .. 1 at 1/5)
FITS_BUSINESS_TYPE = 1.0  # the action is written for a few kinds of business, this one among them
SPECIFIC = 3  # at most this many business types make an action specific
FITS_TEAM = 0.75
FITS_CHANNEL = 0.5
QUICK_WIN = 0.25  # easy starts keep people going
ALREADY_DONE = -3.0  # the business already has the practice the action builds
SAME_TOPIC = -0.75  # per item already in the plan on one of the action's topics
# Items scoring below this only join to reach the minimum plan size.
RELEVANT = 1.0
# A dimension rated at or below this counts as weak enough to mention.
WEAK_RATING = 3.0


@dataclass(frozen=True)
class Reason:
    """Why an item is in the plan: `kind` names the template (data/coaching/reasons.yml), `value` fills it."""

    kind: str  # problem | weak_dimension | business_type | team_size | channel | already_does
    value: str
    rating: Optional[float] = None  # the self-check rating, for weak_dimension


@dataclass(frozen=True)
class PlanItem:
    action: CatalogAction
    score: float
    reasons: Tuple[Reason, ...]


def fits(action: CatalogAction, profile: BusinessProfile) -> bool:
    """Whether the action is meant for this kind of business at all."""
    applies = action.applies
    return (
        (ANY in applies.business_types or profile.business_type in applies.business_types)
        and (ANY in applies.team_sizes or profile.team_size in applies.team_sizes)
        and (ANY in applies.channels or any(profile.meets_customers(channel) for channel in applies.channels))
    )


def score_action(
    action: CatalogAction, profile: BusinessProfile, self_check: Optional[SelfCheckResult]
) -> Tuple[float, Tuple[Reason, ...]]:
    score, reasons = 0.0, []
    if profile.problem in action.applies.problems:
        score += STATED_PROBLEM
        reasons.append(Reason("problem", profile.problem))
    rated = [dimension for dimension in action.dimensions if self_check is not None and dimension in self_check.rated]
    if rated:
        weakest = min(rated, key=lambda dimension: self_check.scores[dimension])
        rating = self_check.scores[weakest]
        score += WEAKNESS * (HIGHEST - rating) / (HIGHEST - LOWEST)
        if rating <= WEAK_RATING or weakest == self_check.weakest:
            reasons.append(Reason("weak_dimension", weakest, rating))
    if ANY not in action.applies.business_types and len(action.applies.business_types) <= SPECIFIC:
        score += FITS_BUSINESS_TYPE
        reasons.append(Reason("business_type", profile.business_type))
    if ANY not in action.applies.team_sizes:
        score += FITS_TEAM
        reasons.append(Reason("team_size", profile.team_size))
    if ANY not in action.applies.channels:
        score += FITS_CHANNEL
        reasons.append(Reason("channel", profile.reach))
    if action.effort == "quick_win":
        score += QUICK_WIN
    if action.covered_by is not None and action.covered_by in profile.practices:
        score += ALREADY_DONE
        reasons.append(Reason("already_does", action.covered_by))
    return score, tuple(reasons)


def build_plan(
    catalog: Catalog, profile: BusinessProfile, self_check: Optional[SelfCheckResult] = None
) -> List[PlanItem]:
    """5-7 items, best first; the same inputs always give the same plan."""
    candidates: Dict[str, Tuple[float, Tuple[Reason, ...]]] = {
        action.id: score_action(action, profile, self_check) for action in catalog if fits(action, profile)
    }
    plan: List[PlanItem] = []
    topics_in_plan: Dict[str, int] = {}
    while candidates and len(plan) < MAX_ITEMS:
        def adjusted(action_id: str) -> float:
            overlap = sum(topics_in_plan.get(topic, 0) for topic in catalog.actions[action_id].topics)
            return candidates[action_id][0] + SAME_TOPIC * overlap

        best = min(candidates, key=lambda action_id: (-adjusted(action_id), action_id))
        if adjusted(best) < RELEVANT and len(plan) >= MIN_ITEMS:
            break
        action = catalog.actions[best]
        plan.append(PlanItem(action, round(adjusted(best), 3), candidates.pop(best)[1]))
        for topic in action.topics:
            topics_in_plan[topic] = topics_in_plan.get(topic, 0) + 1
    return plan
