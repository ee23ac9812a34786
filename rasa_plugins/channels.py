"""The coach's HTTP channels: REST for any client, and the two that speak for users of another channel.

- `rest` (`/webhooks/rest/webhook`, Rasa's REST format): every sender is a `rest:…` user, so a REST client
  can never read or change a Telegram, web or terminal user's conversation. Open to this machine only,
  unless TRUSTCOACH_REST_TOKEN is set, which every request must then present.
- `telegram` (`/webhooks/telegram/webhook`): the Telegram bridge; the sender is the Telegram user id.
- `cli` (`/webhooks/cli/webhook`): the terminal chat; the sender is its `cli:` id.
  Both need the coach's internal token (TRUSTCOACH_RASA_TOKEN), so nobody else can speak for those users.

Every message passes the shared entry (rasa_plugins/message_entry.py): the per-sender rate limit and the
rule that only the coach's own payloads are taken as intents. Tokens travel in the Authorization header.
"""

from __future__ import annotations

import logging
from typing import Any, Awaitable, Callable, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.access import internal_refusal, rest_refusal
from bot.config import Settings
from bot.identity import Channel, InvalidUserId, rest_user_id, scoped_user_id
from rasa_plugins.message_entry import shared_entry

logger = logging.getLogger(__name__)


def _error(message: str, status: int) -> HTTPResponse:
    return response.json({"error": message}, status=status)


class _JsonWebhookInput(InputChannel):
    """POST {"sender": ..., "message": ..., "metadata": {...}} -> the coach's replies as a JSON list."""

    channel: Channel
    refusal_status = 401
    # Request/response: every refused message gets the notice (nothing is pushed to a screen unasked).
    repeat_notice = True

    @classmethod
    def name(cls) -> Text:
        return cls.channel.value

    def refusal(self, request: Request) -> Optional[str]:
        raise NotImplementedError

    def user_id(self, sender: Any) -> str:
        return scoped_user_id(self.channel, sender)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint(f"trustcoach_{self.name()}_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            refusal = self.refusal(request)
            if refusal is not None:
                logger.warning("Refused a request on the %s channel: %s", self.name(), refusal)
                return _error(refusal, self.refusal_status)
            try:
                body = request.json
            except Exception:
                body = None
            if not isinstance(body, dict):
                return _error('Send a JSON object: {"sender": "...", "message": "..."}.', 400)
            try:
                sender_id = self.user_id(body.get("sender"))
            except InvalidUserId as error:
                return _error(str(error), 400)
            text = body.get("message")
            if not isinstance(text, str):
                return _error('"message" must be the text of the message.', 400)
            metadata = body.get("metadata") if isinstance(body.get("metadata"), dict) else None
            entry = shared_entry()
            admission = await entry.admit(request.app, sender_id, text, metadata, self.repeat_notice)
            if not admission.admitted:
                replies = [{"recipient_id": sender_id, "text": admission.notice}] if admission.notice else []
                retry_after = max(1, round(entry.limiter.retry_after(sender_id)))
                return response.json(replies, headers={"Retry-After": str(retry_after)})
            collector = CollectingOutputChannel()
            await on_new_message(UserMessage(
                text, collector, sender_id, input_channel=self.name(), metadata=admission.metadata,
            ))
            return response.json(collector.messages)

        return webhook


class ScopedRestInput(_JsonWebhookInput):
    """Rasa's REST channel, closed to other channels' users and, without a token, to other machines."""

    channel = Channel.REST

    def __init__(self) -> None:
        self.token = Settings.from_env().rest_token

    @property
    def refusal_status(self) -> int:
        return 401 if self.token else 403  # a missing token, or a client from another machine

    def refusal(self, request: Request) -> Optional[str]:
        return rest_refusal(request.ip, request.headers.get("authorization"), self.token)

    def user_id(self, sender: Any) -> str:
        return rest_user_id(sender)


class _BridgeInput(_JsonWebhookInput):
    """A channel of the coach's own that speaks for its users; it must hold the internal token."""

    def __init__(self) -> None:
        self.token = Settings.from_env().rasa_token
        if not self.token:
            logger.warning("TRUSTCOACH_RASA_TOKEN is not set: the %s channel refuses every message.", self.name())

    def refusal(self, request: Request) -> Optional[str]:
        return internal_refusal(request.headers.get("authorization"), self.token)


class TelegramBridgeInput(_BridgeInput):
    """The Telegram bridge (`trustcoach telegram`): sender = the Telegram user id."""

    channel = Channel.TELEGRAM
    # The bridge pushes every answer into the Telegram chat: one notice per flood is enough.
    repeat_notice = False


class TerminalInput(_BridgeInput):
    """The terminal chat (`trustcoach chat`): sender = its `cli:` id, kept in var/chat_sender_id."""

    channel = Channel.TERMINAL
