"""The business profile: what the coach knows about a business, as plain validated data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Tuple, get_args

from bot.coaching.vocabulary import BusinessType, Practice, Problem, Reach, TeamSize, Touchpoint


class ProfileError(ValueError):
    """A profile value is not one the coach knows; the message names the field and the allowed values."""


def _check(name: str, value: object, allowed_type) -> None:
    allowed = get_args(allowed_type)
    if value not in allowed:
        raise ProfileError(f"{name}={value!r} is not known; use one of {', '.join(allowed)}.")


@dataclass(frozen=True)
class BusinessProfile:
    business_type: BusinessType
    reach: Reach
    team_size: TeamSize
    problem: Problem
    touchpoints: Tuple[Touchpoint, ...] = field(default=())
    practices: Tuple[Practice, ...] = field(default=())

    def __post_init__(self) -> None:
        _check("business_type", self.business_type, BusinessType)
        _check("reach", self.reach, Reach)
        _check("team_size", self.team_size, TeamSize)
        _check("problem", self.problem, Problem)
        for touchpoint in self.touchpoints:
            _check("touchpoints", touchpoint, Touchpoint)
        for practice in self.practices:
            _check("practices", practice, Practice)


@dataclass(frozen=True)
class KnownBusiness:
    """What the coach knows of a business before (or without) a complete profile: each field None until known,
    e.g. „bin Klempner, mach alles allein“ said in passing."""

    business_type: Optional[str] = None
    team_size: Optional[str] = None
    reach: Optional[str] = None

    def may_meet_customers(self, channel: str) -> bool:
        """Whether customers may meet the business this way ("online" or "in_person"); an unknown reach rules
        nothing out."""
        return self.reach in (None, "both", channel)

    @classmethod
    def of(cls, profile: "BusinessProfile") -> "KnownBusiness":
        return cls(profile.business_type, profile.team_size, profile.reach)

    @classmethod
    def from_answers(cls, business_type: object, team_size: object, reach: object) -> Optional["KnownBusiness"]:
        """The known answers (values outside the vocabularies are left unknown); None when nothing is known."""
        known = cls(*(
            value if value in get_args(vocabulary) else None
            for value, vocabulary in ((business_type, BusinessType), (team_size, TeamSize), (reach, Reach))
        ))
        return known if known != cls() else None
