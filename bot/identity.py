"""Who a message is from: user ids scoped by the channel it came through, the one definition every part uses.

A user id is `<channel>:<id within the channel>`:

- `telegram:<Telegram user id>` – only the Telegram bridge, which holds the coach's internal token, can speak
  for these users (their ids are small numbers anyone could count through);
- `web:<32 hex digits>` – issued by the web channel (128 random bits), never chosen by the browser;
- `cli:<uuid>` – the terminal chat, which also holds the internal token;
- `rest:<the client's own id>` – whatever a REST client calls its user, always inside `rest:`, so a REST
  client can never reach a user of another channel.

Moving a user's data from one channel to another goes only through the one-time link code.
"""

from __future__ import annotations

import enum
import re
import uuid
from dataclasses import dataclass
from typing import Any, Optional

SEPARATOR = ":"
# Long enough for any client's id scheme (uuids, e-mail-like names), short enough to stay an id.
MAX_REST_ID_LENGTH = 128


class Channel(str, enum.Enum):
    TELEGRAM = "telegram"
    WEB = "web"
    TERMINAL = "cli"
    REST = "rest"


_LOCAL_IDS = {
    Channel.TELEGRAM: re.compile(r"[1-9][0-9]{0,19}"),
    Channel.WEB: re.compile(r"[0-9a-f]{32}"),
    Channel.TERMINAL: re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
    # Printable, no whitespace: a REST client's own id, kept as it sent it.
    Channel.REST: re.compile(rf"[!-~]{{1,{MAX_REST_ID_LENGTH}}}"),
}


class InvalidUserId(ValueError):
    """A sender id a channel cannot take; the message says what a valid one looks like."""


@dataclass(frozen=True)
class UserId:
    channel: Channel
    local_id: str

    def __str__(self) -> str:
        return f"{self.channel.value}{SEPARATOR}{self.local_id}"


def user_id(channel: Channel, local_id: Any) -> str:
    """The scoped id of a user of `channel`; raises InvalidUserId when `local_id` is not one that channel issues."""
    local = str(local_id)
    if not _LOCAL_IDS[channel].fullmatch(local):
        raise InvalidUserId(f"{local[:40]!r} is not a valid {channel.value} user id.")
    return str(UserId(channel, local))


def parse(value: Any) -> Optional[UserId]:
    """The channel and local id of a stored user id; None for anything no channel issues."""
    if not isinstance(value, str) or SEPARATOR not in value:
        return None
    prefix, local = value.split(SEPARATOR, 1)
    try:
        channel = Channel(prefix)
    except ValueError:
        return None
    return UserId(channel, local) if _LOCAL_IDS[channel].fullmatch(local) else None


def channel_of(value: Any) -> Optional[Channel]:
    """"telegram:42" -> Channel.TELEGRAM; None for an id no channel issues."""
    parsed = parse(value)
    return parsed.channel if parsed else None


def scoped_user_id(channel: Channel, sender: Any) -> str:
    """The user id of a sender a channel was given, always inside that channel: "anna" and "rest:anna" are the
    same REST user, and "telegram:42" sent over REST is the REST user "rest:telegram:42", never the Telegram user."""
    if isinstance(sender, int) and not isinstance(sender, bool):
        sender = str(sender)
    if not isinstance(sender, str) or not sender:
        raise InvalidUserId(f'Give the {channel.value} user as "sender": a non-empty string.')
    prefix = f"{channel.value}{SEPARATOR}"
    return user_id(channel, sender[len(prefix):] if sender.startswith(prefix) else sender)


def rest_user_id(sender: Any) -> str:
    try:
        return scoped_user_id(Channel.REST, sender)
    except InvalidUserId:
        raise InvalidUserId(
            f'"sender" must be a string of 1-{MAX_REST_ID_LENGTH} printable characters without spaces.'
        ) from None


def telegram_user_id(telegram_id: int) -> str:
    return user_id(Channel.TELEGRAM, telegram_id)


def telegram_chat_id(value: str) -> int:
    """The private chat of a Telegram user (its id is the user's id); raises InvalidUserId for other users."""
    parsed = parse(value)
    if parsed is None or parsed.channel is not Channel.TELEGRAM:
        raise InvalidUserId(f"Not a Telegram user id: {value[:40]!r}.")
    return int(parsed.local_id)


def new_web_session_id() -> str:
    """`web:` and 128 random bits: unguessable, issued by the server."""
    return user_id(Channel.WEB, uuid.uuid4().hex)


def is_web_session_id(value: Any) -> bool:
    """True for an id the web channel could have issued, so a browser cannot pick a short, guessable one."""
    parsed = parse(value)
    return parsed is not None and parsed.channel is Channel.WEB


def new_terminal_user_id() -> str:
    return user_id(Channel.TERMINAL, uuid.uuid4())


def is_terminal_user_id(value: Any) -> bool:
    parsed = parse(value)
    return parsed is not None and parsed.channel is Channel.TERMINAL
