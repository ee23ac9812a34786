"""The web chat channel: Rasa's socket.io channel, made safe and dependable for the rasa-webchat widget.

It speaks the protocol of Rasa's `SocketIOInput` (events `session_request`, `session_confirm`,
`user_uttered`, `bot_uttered`) and closes gaps that channel has with this project's versions and needs:

- Session persistence: Rasa calls python-socketio's `enter_room` without awaiting it, which since
  python-socketio 5.10 means the browser never joins its session's room and replies go nowhere.
- Origins: Rasa's `--cors` covers HTTP long-polling only; a websocket from any site was accepted. Here a
  browser whose `Origin` is not in `cors_allowed_origins` is refused at connect, whatever the transport.
- Session ids are issued by the server (`web:` + 128 random bits, bot/identity.py), with or without session
  persistence. An id the browser brings back is kept only when it has that shape; a message is taken only
  under the session id its socket was given.
- Every message passes the shared entry (rasa_plugins/message_entry.py): the per-sender rate limit and the
  rule that only the coach's own payloads are taken as intents.
- Custom JSON (the plan's `document` payload) crashed Rasa's output; it is sent as a message of its own.
- Single line breaks are kept (the widget renders Markdown, where a lone newline is a space).
- Buttons: the last message of a turn carries its buttons as quick replies (they go away once one is
  chosen); buttons of earlier messages of the turn (e.g. under each plan item) stay, as in Telegram.
"""

from __future__ import annotations

import inspect
import json
import logging
from typing import Any, Awaitable, Callable, Dict, FrozenSet, List, Optional, Text

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput, SocketIOOutput
from sanic import Blueprint

from bot.channels.web.socket_rules import origin_allowed, parse_origins, place_buttons, with_line_breaks
from bot.identity import is_web_session_id, new_web_session_id
from rasa_plugins.message_entry import shared_entry

logger = logging.getLogger(__name__)


class WebChatOutput(SocketIOOutput):
    """Sends the bot's messages to a session's room; when buffered, all at once at the end of the turn."""

    @classmethod
    def name(cls) -> Text:
        return WebChatInput.name()

    def __init__(self, sio: Any, bot_message_evt: Text, buffered: bool = False) -> None:
        super().__init__(sio, bot_message_evt)
        self.buffered = buffered
        self._pending: List[tuple] = []

    async def _send_message(self, socket_id: Text, response: Any) -> None:
        if isinstance(response, dict) and isinstance(response.get("text"), str):
            response = {**response, "text": with_line_breaks(response["text"])}
        if self.buffered:
            self._pending.append((socket_id, response))
        else:
            await super()._send_message(socket_id, response)

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        await self._send_message(recipient_id, dict(json_message))

    async def flush(self) -> None:
        pending, self._pending = self._pending, []
        placed = place_buttons([response for _, response in pending])
        for (room, _), response in zip(pending, placed):
            await self.sio.emit(self.bot_message_evt, response, room=room)


class WebChatInput(SocketIOInput):
    """The socket.io endpoint the web page's widget connects to (credentials.yml key: this class's path)."""

    allowed_origins: FrozenSet[str] = frozenset()

    @classmethod
    def name(cls) -> Text:
        return "web"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "WebChatInput":
        credentials = credentials or {}
        channel = super().from_credentials(credentials)
        channel.allowed_origins = parse_origins(credentials.get("cors_allowed_origins"))
        if not channel.session_persistence:
            logger.warning("The web channel runs without session_persistence: a page reload starts a new conversation.")
        return channel

    def get_output_channel(self) -> Optional[OutputChannel]:
        if self.sio is None:
            return None
        return WebChatOutput(self.sio, self.bot_message_evt)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        socket_blueprint: SocketBlueprint = super().blueprint(on_new_message)
        sio = socket_blueprint.ctx.sio
        handlers = sio.handlers[self.namespace or "/"]
        rasa_connect = handlers["connect"]  # keeps Rasa's JWT check, if one is configured
        sessions: Dict[str, str] = {}  # socket id -> the session id this socket was given
        apps: List[Any] = []  # the Sanic app, for the loaded model's domain (set when the server starts)

        @socket_blueprint.listener("before_server_start")
        async def remember_app(app: Any, _loop: Any) -> None:
            apps.append(app)

        async def connect(sid: Text, environ: Dict, auth: Optional[Dict] = None) -> bool:
            origin = environ.get("HTTP_ORIGIN")
            if not origin_allowed(origin, self.allowed_origins):
                logger.warning(
                    "Refused a web chat connection from origin %s: not in cors_allowed_origins of the web "
                    "channel (set TRUSTCOACH_WEB_ORIGINS to allow it).", origin,
                )
                return False
            return await rasa_connect(sid, environ, auth)

        async def disconnect(sid: Text, *_: Any) -> None:
            sessions.pop(sid, None)

        async def session_request(sid: Text, data: Any) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id = requested if self.session_persistence and is_web_session_id(requested) else new_web_session_id()
            sessions[sid] = session_id
            # Replies go to the session's room (without persistence, a fresh session per socket).
            joined = sio.enter_room(sid, session_id, namespace=self.namespace)
            if inspect.isawaitable(joined):
                await joined
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)

        async def user_uttered(sid: Text, data: Any) -> None:
            session_id = sessions.get(sid)
            if not isinstance(data, dict) or session_id is None:
                logger.info("Ignored a web chat message sent before its session was confirmed.")
                return
            if self.session_persistence and data.get("session_id") != session_id:
                logger.info("Ignored a web chat message under a session id its socket was not given.")
                return
            text = data.get("message") if isinstance(data.get("message"), str) else ""
            admission = await shared_entry().admit(
                apps[0] if apps else None, session_id, text, _metadata(data.get(self.metadata_key)), repeat_notice=False,
            )
            if not admission.admitted:
                if admission.notice:
                    await sio.emit(self.bot_message_evt, {"text": admission.notice}, room=session_id,
                                   namespace=self.namespace)
                return
            output = WebChatOutput(sio, self.bot_message_evt, buffered=True)
            message = UserMessage(text, output, session_id, input_channel=self.name(), metadata=admission.metadata)
            try:
                await on_new_message(message)
            finally:
                await output.flush()

        sio.on("connect", connect, namespace=self.namespace)
        sio.on("disconnect", disconnect, namespace=self.namespace)
        sio.on("session_request", session_request, namespace=self.namespace)
        sio.on(self.user_message_evt, user_uttered, namespace=self.namespace)
        return socket_blueprint


def _metadata(value: Any) -> Dict[str, Any]:
    """The widget's customData (a dict, or JSON text from other clients); anything else counts as none."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) else {}
