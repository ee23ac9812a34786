"""A per-sender rate limit: at most N messages in any window of W seconds, so one client cannot flood the coach.

A sliding log of the accepted messages' times per sender: exact (no burst of 2N at a window's edge, as fixed
windows allow), and refused messages do not count, so a flood stops costing the sender once it stops.
The usual libraries do not fit here: `limits` cannot be installed beside Rasa 3.6 (it needs a newer
`packaging` than Rasa pins), and pyrate-limiter keeps one bucket for all keys unless given a bucket
factory per key with a background leaker thread. Several Rasa servers need no shared state for this: the
load balancer sends each conversation to one server.
"""

from __future__ import annotations

import enum
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable, Deque, Dict

DEFAULT_MESSAGES = 30
DEFAULT_WINDOW_SECONDS = 60.0
# Forget senders that have been quiet for a window once this many are tracked (memory stays bounded).
_PRUNE_ABOVE = 10_000


class Decision(enum.Enum):
    ACCEPT = "accept"
    REFUSE_AND_TELL = "refuse_and_tell"  # the first refusal since the sender was last accepted
    REFUSE_QUIETLY = "refuse_quietly"  # told already: channels that push need not repeat it


@dataclass
class _Sender:
    accepted: Deque[float]
    told: bool = False


class RateLimiter:
    def __init__(
        self, messages: int = DEFAULT_MESSAGES, window_seconds: float = DEFAULT_WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if messages < 1 or window_seconds <= 0:
            raise ValueError("a rate limit needs at least one message per window and a positive window")
        self.messages = messages
        self.window_seconds = window_seconds
        self._clock = clock
        self._senders: Dict[str, _Sender] = {}
        self._lock = threading.Lock()

    def check(self, sender_id: str) -> Decision:
        """Count a message of `sender_id` if the limit allows it, and say what to do with it."""
        now = self._clock()
        with self._lock:
            sender = self._senders.get(sender_id)
            if sender is None:
                if len(self._senders) >= _PRUNE_ABOVE:
                    self._prune(now)
                sender = self._senders[sender_id] = _Sender(deque())
            while sender.accepted and sender.accepted[0] <= now - self.window_seconds:
                sender.accepted.popleft()
            if len(sender.accepted) < self.messages:
                sender.accepted.append(now)
                sender.told = False
                return Decision.ACCEPT
            if sender.told:
                return Decision.REFUSE_QUIETLY
            sender.told = True
            return Decision.REFUSE_AND_TELL

    def retry_after(self, sender_id: str) -> float:
        """Seconds until `sender_id` may send again (0 if now)."""
        with self._lock:
            sender = self._senders.get(sender_id)
            if sender is None or len(sender.accepted) < self.messages:
                return 0.0
            return max(0.0, sender.accepted[0] + self.window_seconds - self._clock())

    def _prune(self, now: float) -> None:
        quiet = [key for key, sender in self._senders.items()
                 if not sender.accepted or sender.accepted[-1] <= now - self.window_seconds]
        for key in quiet:
            del self._senders[key]
