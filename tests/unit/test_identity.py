"""The sender-id scheme: every channel's users live inside that channel, whatever a client sends."""

from __future__ import annotations

import pytest

from bot.identity import (
    Channel, InvalidUserId, channel_of, is_terminal_user_id, is_web_session_id, new_terminal_user_id,
    new_web_session_id, parse, rest_user_id, scoped_user_id, telegram_chat_id, telegram_user_id,
)


@pytest.mark.parametrize("sent, scoped", [
    ("anna", "rest:anna"),
    ("rest:anna", "rest:anna"),  # the id a client sees in its data export works again
    ("telegram:12345", "rest:telegram:12345"),
    ("web:" + "a" * 32, "rest:web:" + "a" * 32),
    ("cli:0f8fad5b-d9cb-469f-a165-70867728950e", "rest:cli:0f8fad5b-d9cb-469f-a165-70867728950e"),
    ("user@example.com", "rest:user@example.com"),
])
def test_a_rest_sender_is_always_a_rest_user_never_one_of_another_channel(sent, scoped):
    assert rest_user_id(sent) == scoped
    assert channel_of(scoped) is Channel.REST


@pytest.mark.parametrize("sent", ["", None, 42.5, "two words", "x" * 129, "tab\there", "rest:"])
def test_a_rest_sender_that_is_no_id_is_refused_with_a_reason(sent):
    with pytest.raises(InvalidUserId, match="sender"):
        rest_user_id(sent)


def test_telegram_ids_are_numbers_inside_telegram():
    assert telegram_user_id(42) == "telegram:42" and telegram_chat_id("telegram:42") == 42
    assert scoped_user_id(Channel.TELEGRAM, 42) == scoped_user_id(Channel.TELEGRAM, "telegram:42") == "telegram:42"
    for bad in ("abc", "0", "-5", "telegram:abc", "rest:42"):
        with pytest.raises(InvalidUserId):
            scoped_user_id(Channel.TELEGRAM, bad)
    with pytest.raises(InvalidUserId):
        telegram_chat_id("rest:telegram:42")


def test_web_session_ids_are_random_and_issued_by_the_server():
    first, second = new_web_session_id(), new_web_session_id()
    assert first != second and channel_of(first) is Channel.WEB and is_web_session_id(first)
    for chosen in ("1", "web:1", "telegram:42", "web:" + "g" * 32, None, 42, first + "0"):
        assert not is_web_session_id(chosen)


def test_terminal_ids_are_uuids_inside_cli():
    terminal = new_terminal_user_id()
    assert terminal.startswith("cli:") and is_terminal_user_id(terminal)
    assert not is_terminal_user_id("cli:1") and not is_terminal_user_id("rest:" + terminal)


def test_stored_ids_tell_their_channel():
    assert parse("telegram:42").local_id == "42"
    assert channel_of("whatever") is None and channel_of("mail:42") is None and channel_of(None) is None
