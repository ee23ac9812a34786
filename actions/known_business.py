"""What the coach knows of the user's business: the stored profile, or before it is complete what was said in passing."""

from __future__ import annotations

from typing import Optional

from rasa_sdk import Tracker

from bot.coaching.profile import KnownBusiness
from bot.coaching.service import Coaching


def known_business(tracker: Tracker, coaching: Coaching) -> Optional[KnownBusiness]:
    """The profile's facts, or the slots „bin Klempner, mach alles allein“ filled; None when nothing is known.
    Reads the store: call it off the event loop."""
    profile = coaching.store.profile(tracker.sender_id)
    if profile:
        return KnownBusiness.of(profile)
    return KnownBusiness.from_answers(tracker.get_slot("business_type"), tracker.get_slot("team_size"), tracker.get_slot("reach"))
