"""The SQL tracker store, plus real deletion: after `action_forget_user` the stored conversation is gone.

Rasa's own `Restarted` event only hides earlier events from the dialogue; the rows stay in the database.
When the events to save contain `action_forget_user` followed by `Restarted`, this store deletes every
stored event of the user and keeps only what happened after the restart.
"""

from __future__ import annotations

from typing import List, Optional

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, Event, Restarted
from rasa.shared.core.trackers import DialogueStateTracker

FORGET_ACTION = "action_forget_user"


def forget_point(events: List[Event]) -> Optional[int]:
    """Index just after the `Restarted` that follows the latest `action_forget_user`, or None."""
    forgetting = False
    point = None
    for index, event in enumerate(events):
        if isinstance(event, ActionExecuted):
            forgetting = event.action_name == FORGET_ACTION
        elif isinstance(event, Restarted) and forgetting:
            point = index + 1
    return point


class ForgettingSQLTrackerStore(SQLTrackerStore):
    async def save(self, tracker: DialogueStateTracker) -> None:
        events = list(tracker.events)
        point = forget_point(events)
        if point is None:
            await super().save(tracker)
            return
        with self.session_scope() as session:
            session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == tracker.sender_id).delete()
            session.commit()
        remaining = DialogueStateTracker.from_events(
            tracker.sender_id, events[point:], slots=self.domain.slots if self.domain else None
        )
        await super().save(remaining)
