"""The per-sender rate limit: a flood is refused (and told once), others go on, and the next minute works again."""

from __future__ import annotations

from bot.rate_limit import Decision, RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_flood_is_refused_told_once_and_the_next_minute_works_again():
    clock = Clock()
    limiter = RateLimiter(messages=30, window_seconds=60, clock=clock)
    decisions = []
    for _ in range(40):
        decisions.append(limiter.check("rest:flood"))
        clock.now += 0.5
    assert decisions[:30] == [Decision.ACCEPT] * 30
    assert decisions[30] is Decision.REFUSE_AND_TELL and set(decisions[31:]) == {Decision.REFUSE_QUIETLY}
    assert limiter.check("rest:someone-else") is Decision.ACCEPT
    assert 0 < limiter.retry_after("rest:flood") <= 60
    clock.now += 60
    assert limiter.check("rest:flood") is Decision.ACCEPT
    assert limiter.retry_after("rest:flood") == 0


def test_refused_messages_do_not_count_so_stopping_is_enough():
    clock = Clock()
    limiter = RateLimiter(messages=2, window_seconds=10, clock=clock)
    assert [limiter.check("a") for _ in range(2)] == [Decision.ACCEPT] * 2
    for _ in range(100):
        limiter.check("a")
    clock.now += 10.01
    assert limiter.check("a") is Decision.ACCEPT


def test_the_window_slides_and_the_notice_comes_again_after_a_message_got_through():
    clock = Clock()
    limiter = RateLimiter(messages=2, window_seconds=10, clock=clock)
    limiter.check("a")
    clock.now += 6
    limiter.check("a")
    assert limiter.check("a") is Decision.REFUSE_AND_TELL
    clock.now += 4.5  # the first message left the window, the second has not
    assert limiter.check("a") is Decision.ACCEPT
    assert limiter.check("a") is Decision.REFUSE_AND_TELL
