"""Builders for test objects: trackers as Rasa sends them to the action server."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, Dict, Iterable, Optional

from rasa_sdk import Tracker

from bot.coaching.service import Coaching
from bot.config import Settings


def make_tracker(
    text: str,
    intent: Optional[str] = None,
    entities: Iterable[Dict[str, Any]] = (),
    metadata: Optional[Dict[str, Any]] = None,
    slots: Optional[Dict[str, Any]] = None,
    confidence: float = 0.95,
) -> Tracker:
    """A tracker whose latest user message is `text`, as Rasa sends it to the action server."""
    latest_message = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence} if intent else {},
        "entities": list(entities),
        "metadata": metadata or {},
    }
    events = [{"event": "user", "text": text, "parse_data": latest_message, "metadata": metadata or {}}]
    return Tracker(
        sender_id="test-user",
        slots={"language": None, "language_source": None, **(slots or {})},
        latest_message=latest_message,
        events=events,
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def load_coaching(database_dir: Path) -> Coaching:
    """The real coaching content with its own SQLite database in `database_dir` (a temporary folder)."""
    return Coaching.load(dataclasses.replace(Settings.from_env(), database_url=f"sqlite:///{database_dir / 'coaching.db'}"))


def use_coaching(monkeypatch, coaching) -> None:
    """Make every action use `coaching` (content plus a test database) instead of loading the real one."""
    import actions.article_answers
    import actions.check_ins
    import actions.coaching
    import actions.coaching_action
    import actions.downloads
    import actions.lesson_message
    import actions.lessons
    import actions.profile_facts
    import actions.self_check

    modules = (
        actions.article_answers, actions.coaching, actions.coaching_action, actions.self_check, actions.check_ins,
        actions.downloads, actions.lessons, actions.lesson_message, actions.profile_facts,
    )
    for module in modules:
        monkeypatch.setattr(module, "get_coaching", coaching if callable(coaching) else lambda: coaching)
