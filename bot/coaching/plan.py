"""Builds a prioritised action plan from the profile, the self-check and the stated problem – deterministically.

A plan has three parts, in this order of importance:
1. the core actions for the stated problem (`core_for` in the catalog): always in, whatever else applies;
2. up to four actions written for this kind of business, the best for this profile first;
3. the best of the rest, scored on the weak spots of the self-check, the channels, touchpoints and team.
Every action that fits the business (type, channels, team size) gets a score from what the user told
the coach; outside the core, several actions on one topic are avoided. Each item keeps the reasons that
raised it – never none – so the coach can say "why this, for you".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Tuple

from bot.coaching.catalog import ANY, Catalog, CatalogAction
from bot.coaching.profile import BusinessProfile, KnownBusiness
from bot.coaching.self_check import HIGHEST, LOWEST, SelfCheckResult

MIN_ITEMS, MAX_ITEMS = 5, 7
MAX_CORE = 3  # core actions for the stated problem
BUSINESS_SLOTS = 4  # places for actions written for this kind of business

# Weights of the score; their order of size is the order of what matters most.
STATED_PROBLEM = 3.0  # the user named this problem as the biggest one
WEAKNESS = 2.5  # times how weak the action's weakest dimension is (0 at 5/5 .. 1 at 1/5)
FITS_BUSINESS_TYPE = 2.0  # the action is written for a few kinds of business, this one among them
FITS_TOUCHPOINT = 0.75  # the action works where this business meets its customers
FITS_TEAM = 0.75
FITS_CHANNEL = 0.5
QUICK_WIN = 0.25  # easy starts keep people going
ALREADY_DONE = -3.0  # the business already has the practice the action builds
SAME_TOPIC = -0.75  # per item already in the plan on one of the action's topics
# Items scoring below this only join to reach the minimum plan size.
RELEVANT = 1.0
# A dimension rated at or below this counts as weak enough to mention.
WEAK_RATING = 3.0


# The reason kind of a step the user added to the plan themselves (a next step after an answer).
CHOSEN = "chosen"


@dataclass(frozen=True)
class Reason:
    """Why an item is in the plan: `kind` names the template (data/coaching/wording.yml), `value` fills it."""

    kind: str  # core | problem | weak_dimension | business_type | touchpoint | team_size | channel | already_does | builds | chosen
    value: str
    rating: Optional[float] = None  # the self-check rating, for weak_dimension
    detail: Optional[str] = None  # a second value: the dimension an action builds, for "builds"


@dataclass(frozen=True)
class PlanItem:
    action: CatalogAction
    score: float
    reasons: Tuple[Reason, ...]


# Reasons that say something for this business; "already_does" alone only says why an item ranks lower.
_SAYS_WHY = frozenset({"core", "problem", "weak_dimension", "business_type", "touchpoint", "team_size", "channel"})


def fits(action: CatalogAction, profile: BusinessProfile) -> bool:
    """Whether the action is meant for this kind of business at all."""
    return may_fit(action, KnownBusiness.of(profile))


def may_fit(action: CatalogAction, known: KnownBusiness) -> bool:
    """Whether the action may be meant for this business, as far as it is known (what is unknown rules nothing out)."""
    applies = action.applies
    return (
        (ANY in applies.business_types or known.business_type in (None, *applies.business_types))
        and (ANY in applies.team_sizes or known.team_size in (None, *applies.team_sizes))
        and (ANY in applies.channels or any(known.may_meet_customers(channel) for channel in applies.channels))
    )


def is_core(action: CatalogAction, profile: BusinessProfile) -> bool:
    """One of the first answers to the problem this business named."""
    return profile.problem in action.applies.core_for


def _weakest_rated(action: CatalogAction, self_check: Optional[SelfCheckResult]) -> Optional[str]:
    """Of the traits the action builds, the one the self-check rated lowest (None before a self-check)."""
    rated = [dimension for dimension in action.dimensions if self_check is not None and dimension in self_check.rated]
    return min(rated, key=lambda dimension: self_check.scores[dimension]) if rated else None


def _weakness(action: CatalogAction, self_check: Optional[SelfCheckResult]) -> Tuple[float, Optional[Reason]]:
    weakest = _weakest_rated(action, self_check)
    if weakest is None:
        return 0.0, None
    rating = self_check.scores[weakest]
    reason = Reason("weak_dimension", weakest, rating) if rating <= WEAK_RATING or weakest == self_check.weakest else None
    return WEAKNESS * (HIGHEST - rating) / (HIGHEST - LOWEST), reason


def score_action(
    action: CatalogAction, profile: BusinessProfile, self_check: Optional[SelfCheckResult]
) -> Tuple[float, Tuple[Reason, ...]]:
    score, reasons = 0.0, []
    applies = action.applies
    if profile.problem in applies.problems:
        score += STATED_PROBLEM
        reasons.append(Reason("core" if is_core(action, profile) else "problem", profile.problem))
    weakness, weak_reason = _weakness(action, self_check)
    score += weakness
    if weak_reason is not None:
        reasons.append(weak_reason)
    if action.business_specific:
        score += FITS_BUSINESS_TYPE
        reasons.append(Reason("business_type", profile.business_type))
    touchpoints = [touchpoint for touchpoint in applies.touchpoints if touchpoint in profile.touchpoints]
    if touchpoints:
        score += FITS_TOUCHPOINT
        reasons.append(Reason("touchpoint", touchpoints[0]))
    if ANY not in applies.team_sizes:
        score += FITS_TEAM
        reasons.append(Reason("team_size", profile.team_size))
    if ANY not in applies.channels:
        score += FITS_CHANNEL
        reasons.append(Reason("channel", profile.reach))
    if action.effort == "quick_win":
        score += QUICK_WIN
    if action.covered_by is not None and action.covered_by in profile.practices:
        score += ALREADY_DONE
        reasons.append(Reason("already_does", action.covered_by))
    if not any(reason.kind in _SAYS_WHY for reason in reasons):
        # Every fitting action suits this business; say which of its traits it builds for it.
        builds = _weakest_rated(action, self_check) or action.dimensions[0]
        reasons.insert(0, Reason("builds", profile.business_type, detail=builds))
    return score, tuple(reasons)


class _Selection:
    """The plan as it grows: what is in, and how much each candidate is worth next to it."""

    def __init__(self, catalog: Catalog, candidates: Dict[str, Tuple[float, Tuple[Reason, ...]]]) -> None:
        self.catalog = catalog
        self.candidates = candidates
        self.items: List[PlanItem] = []
        self.topics: Dict[str, int] = {}

    def adjusted(self, action_id: str) -> float:
        overlap = sum(self.topics.get(topic, 0) for topic in self.catalog.actions[action_id].topics)
        return self.candidates[action_id][0] + SAME_TOPIC * overlap

    def best(self, allowed: Callable[[CatalogAction], bool], diverse: bool = True) -> Optional[str]:
        pool = [action_id for action_id in self.candidates if allowed(self.catalog.actions[action_id])]
        if not pool:
            return None
        value = self.adjusted if diverse else (lambda action_id: self.candidates[action_id][0])
        return min(pool, key=lambda action_id: (-value(action_id), action_id))

    def take(self, action_id: str, score: float) -> None:
        action = self.catalog.actions[action_id]
        self.items.append(PlanItem(action, round(score, 3), self.candidates.pop(action_id)[1]))
        for topic in action.topics:
            self.topics[topic] = self.topics.get(topic, 0) + 1


def build_plan(
    catalog: Catalog, profile: BusinessProfile, self_check: Optional[SelfCheckResult] = None
) -> List[PlanItem]:
    """5-7 items, most important first; the same inputs always give the same plan."""
    selection = _Selection(catalog, {
        action.id: score_action(action, profile, self_check) for action in catalog if fits(action, profile)
    })
    # 1. The core actions for the stated problem, whatever their topics.
    while len(selection.items) < MAX_CORE:
        core = selection.best(lambda action: is_core(action, profile), diverse=False)
        if core is None:
            break
        selection.take(core, selection.candidates[core][0])
    core_count = len(selection.items)
    # 2. What this kind of business needs in particular.
    while len(selection.items) < core_count + BUSINESS_SLOTS:
        specific = selection.best(lambda action: action.business_specific)
        if specific is None or selection.adjusted(specific) < RELEVANT:
            break  # none left, or only ones this business already does
        selection.take(specific, selection.adjusted(specific))
    # 3. The best of the rest, until the plan is full or nothing relevant is left.
    while selection.candidates and len(selection.items) < MAX_ITEMS:
        other = selection.best(lambda action: True)
        score = selection.adjusted(other)
        if score < RELEVANT and len(selection.items) >= MIN_ITEMS:
            break
        selection.take(other, score)
    core_items, rest = selection.items[:core_count], selection.items[core_count:]
    return core_items + sorted(rest, key=lambda item: (-item.score, item.action.id))
