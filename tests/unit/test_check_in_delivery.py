"""Check-ins reach push channels by triggering the check-in intent, once, and are retried when a channel fails."""

from datetime import datetime, timedelta, timezone

import pytest

from bot.channels.rasa_client import BotMessage, CoachUnavailable
from bot.check_ins import RETRY_AFTER, ChannelError, CheckInDelivery
from bot.clock import ManualClock
from bot.store.coaching_store import CoachingStore

TELEGRAM_USER, WEB_USER = "telegram:42", "web:7f3c"


class FakeRasa:
    def __init__(self, fail=False):
        self.triggered = []
        self.fail = fail

    def trigger_intent(self, sender_id, intent, token):
        if self.fail:
            raise CoachUnavailable("connection refused")
        self.triggered.append((sender_id, intent, token))
        return [BotMessage(text="Wie läuft dein Plan?")]


@pytest.fixture
def clock():
    return ManualClock(datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc))


@pytest.fixture
def store(tmp_path, clock):
    store = CoachingStore.from_url(f"sqlite:///{tmp_path / 'coaching.db'}", clock)
    for user in (TELEGRAM_USER, WEB_USER):
        store.schedule_check_in(user, timedelta(days=7))
    return store


def test_due_check_ins_are_pushed_once_and_only_to_push_channels(store, clock):
    sent = []
    rasa = FakeRasa()
    delivery = CheckInDelivery(store, rasa, "secret", {"telegram": lambda user, messages: sent.append((user, messages))})
    assert delivery.deliver_due() == 0  # not due yet
    clock.advance(days=7)
    assert delivery.deliver_due() == 1
    assert rasa.triggered == [(TELEGRAM_USER, "check_in_due", "secret")]
    assert sent[0][0] == TELEGRAM_USER and sent[0][1][0].text == "Wie läuft dein Plan?"
    assert delivery.deliver_due() == 0  # delivered once
    assert store.due_check_ins() == [WEB_USER]  # waits for the next visit


def test_two_delivering_processes_do_not_send_twice(store, clock):
    sent = []
    senders = {"telegram": lambda user, messages: sent.append(user)}
    first, second = (CheckInDelivery(store, FakeRasa(), "t", senders) for _ in range(2))
    clock.advance(days=7)
    assert first.deliver_due() + second.deliver_due() == 1 and sent == [TELEGRAM_USER]


@pytest.mark.parametrize("rasa, sender_fails", [(FakeRasa(fail=True), False), (FakeRasa(), True)])
def test_a_failed_delivery_is_tried_again_later(store, clock, rasa, sender_fails):
    def send(user, messages):
        if sender_fails:
            raise ChannelError("Telegram said 429")

    delivery = CheckInDelivery(store, rasa, "t", {"telegram": send})
    clock.advance(days=7)
    assert delivery.deliver_due() == 0
    assert store.pending_check_in(TELEGRAM_USER) == clock.now() + RETRY_AFTER
