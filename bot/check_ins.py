"""Delivers due check-ins to channels that can push (Telegram) by triggering the `check_in_due` intent.

Users on other channels (web, REST) are not pushed to: the action server shows their check-in at their
next visit. Each due check-in is claimed in the database before it is sent, so several delivering processes
never send the same one twice; one that cannot be sent is tried again after `RETRY_AFTER`.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Callable, Dict, List

from bot.channels.rasa_client import BotMessage, CoachUnavailable, RasaClient
from bot.identity import channel_of
from bot.store.coaching_store import CoachingStore

logger = logging.getLogger(__name__)

CHECK_IN_INTENT = "check_in_due"
RETRY_AFTER = timedelta(minutes=10)

# Sends the coach's messages to one user of a channel; raises ChannelError when the channel refuses.
Sender = Callable[[str, List[BotMessage]], None]


class ChannelError(RuntimeError):
    """A channel could not deliver a message; the message says why."""


class CheckInDelivery:
    def __init__(self, store: CoachingStore, rasa: RasaClient, rasa_token: str, senders: Dict[str, Sender]) -> None:
        self.store = store
        self.rasa = rasa
        self.rasa_token = rasa_token
        self.senders = senders

    def deliver_due(self) -> int:
        """Send every due check-in of a push channel; returns how many were delivered."""
        delivered = 0
        for user_id in self.store.due_check_ins():
            channel = channel_of(user_id)
            send = self.senders.get(channel.value) if channel is not None else None
            if send is None or not self.store.mark_check_in_delivered(user_id):
                continue  # shown at the next visit, or another process has claimed it
            try:
                send(user_id, self.rasa.trigger_intent(user_id, CHECK_IN_INTENT, self.rasa_token))
                delivered += 1
            except (CoachUnavailable, ChannelError) as error:
                logger.warning("Check-in for a %s user not delivered (%s); trying again in %s.",
                               channel.value, error, RETRY_AFTER)
                self.store.schedule_check_in(user_id, RETRY_AFTER)
        return delivered
