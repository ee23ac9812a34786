"""The running coach as a script reaches it: a channel to talk through, and Rasa's HTTP API (with its token) to
read the conversation's state and to set a test case's fixtures."""

from __future__ import annotations

import asyncio
import threading
import uuid
from typing import Any, Dict, Iterable, List, Optional, Protocol, Tuple

import httpx

from bot.channels.rasa_client import BotMessage, Button, CoachUnavailable, RasaClient, describe_error
from bot.identity import Channel as UserChannel
from bot.identity import scoped_user_id


class ScriptChannel(Protocol):
    """How a script's user talks to the coach; `send` returns the whole turn."""

    name: str

    def new_user(self) -> Tuple[str, str]:
        """(what the channel is sent as the user, the user id the coach stores)."""

    def send(self, user: str, text: str, metadata: Dict[str, Any]) -> List[BotMessage]: ...

    def close(self) -> None: ...


class RestChannel:
    """Rasa's REST channel, as any client on the machine uses it; a REST turn is the webhook's whole answer."""

    name = "rest"

    def __init__(self, rasa_url: str, timeout: float = 120.0, rest_token: Optional[str] = None) -> None:
        self._client = RasaClient(rasa_url, timeout=timeout, token=rest_token or None)

    def new_user(self) -> Tuple[str, str]:
        sender = f"script-{uuid.uuid4().hex[:16]}"
        return sender, scoped_user_id(UserChannel.REST, sender)

    def send(self, user: str, text: str, metadata: Dict[str, Any]) -> List[BotMessage]:
        return self._client.send(user, text, metadata)

    def close(self) -> None:
        self._client.close()


class SocketIOChannel:
    """The web page's channel as its chat widget speaks it: socket.io with a session, customData carrying the
    language; a turn is every message until the coach has been quiet for `quiet` seconds. The asyncio client
    (the one the widget's protocol is tested with) runs on an event loop of its own, so the runner stays plain."""

    name = "socketio"

    def __init__(self, rasa_url: str, origin: str, timeout: float = 120.0, quiet: float = 1.5) -> None:
        self._url, self._origin, self._timeout, self._quiet = rasa_url, origin, timeout, quiet
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="script-socketio", daemon=True)
        self._thread.start()
        self._inbox: List[Dict[str, Any]] = []
        self._client: Any = None

    def _run(self, coroutine: Any, timeout: float) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout)

    def new_user(self) -> Tuple[str, str]:
        try:
            session = self._run(self._connect(), 30)
        except Exception as error:  # socket.io and asyncio raise their own connection and timeout errors
            raise CoachUnavailable(f"The web channel at {self._url} did not give a session: {error or type(error).__name__}") from error
        return session, session

    async def _connect(self) -> str:
        import socketio

        self._client = socketio.AsyncClient(reconnection=False)
        self._client.on("bot_uttered", lambda message: self._inbox.append(message if isinstance(message, dict) else {"text": str(message)}))
        confirmed = self._loop.create_future()
        self._client.on("session_confirm", lambda session_id: confirmed.done() or confirmed.set_result(str(session_id)))
        await self._client.connect(self._url, transports=["websocket"], headers={"Origin": self._origin},
                                   socketio_path="/socket.io", wait_timeout=10)
        await self._client.emit("session_request", {"session_id": None})
        return await asyncio.wait_for(confirmed, 10)

    def send(self, user: str, text: str, metadata: Dict[str, Any]) -> List[BotMessage]:
        try:
            return [_from_web(message) for message in self._run(self._turn(user, text, metadata), self._timeout + 5)]
        except (TimeoutError, asyncio.TimeoutError) as error:
            raise CoachUnavailable(f"The web channel sent nothing within {self._timeout:.0f} s after {text[:60]!r}.") from error

    async def _turn(self, user: str, text: str, metadata: Dict[str, Any]) -> List[Dict[str, Any]]:
        start = len(self._inbox)
        await self._client.emit("user_uttered", {"message": text, "session_id": user, "customData": metadata})
        deadline, seen, changed = self._loop.time() + self._timeout, start, None
        while self._loop.time() < deadline:
            if len(self._inbox) != seen:
                seen, changed = len(self._inbox), self._loop.time()
            elif changed is not None and self._loop.time() - changed >= self._quiet:
                return self._inbox[start:]
            await asyncio.sleep(0.05)
        raise asyncio.TimeoutError()

    def close(self) -> None:
        try:
            if self._client is not None and self._client.connected:
                self._run(self._client.disconnect(), 10)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)


def _from_web(message: Dict[str, Any]) -> BotMessage:
    """A `bot_uttered` payload as the REST channel gives it: text (the widget's Markdown line breaks undone),
    buttons (quick replies or lasting buttons), the image, or the custom payload."""
    text = message.get("text")
    if isinstance(text, str):
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    buttons = [
        Button(str(button.get("title", "")), str(button.get("payload", "")))
        for button in (message.get("quick_replies") or message.get("buttons") or [])
    ]
    attachment = message.get("attachment") or {}
    image = (attachment.get("payload") or {}).get("src") if attachment.get("type") == "image" else None
    known = {"text", "quick_replies", "buttons", "attachment"}
    custom = {key: value for key, value in message.items() if key not in known} or None
    return BotMessage(text=text if isinstance(text, str) else None, buttons=buttons, image=image, custom=custom)


class ConversationState:
    """Rasa's HTTP API for one server: the tracker of a conversation, and slots set before a case starts."""

    def __init__(self, rasa_url: str, token: str, timeout: float = 30.0) -> None:
        if not token:
            raise CoachUnavailable(
                "The scripts need the Rasa server's token to read conversations: start the coach with `make run` on "
                "this machine (it writes var/rasa-token) or set TRUSTCOACH_RASA_TOKEN."
            )
        self.base_url = rasa_url.rstrip("/")
        self._token = token
        self._http = httpx.Client(timeout=timeout)

    def tracker(self, user_id: str) -> Dict[str, Any]:
        return self._request("GET", f"/conversations/{user_id}/tracker", "read the conversation").json()

    def events(self, user_id: str) -> List[Dict[str, Any]]:
        """The conversation's events; an error when the coach has none stored for this user."""
        events = self.tracker(user_id).get("events") or []
        if not any(event.get("event") == "user" for event in events):
            raise CoachUnavailable(f"The coach has no conversation stored for {user_id!r} (give the id as stored, e.g. rest:anna or telegram:123).")
        return events

    def set_slots(self, user_id: str, slots: Iterable[Tuple[str, Any]]) -> None:
        events = [{"event": "slot", "name": name, "value": value} for name, value in slots]
        if events:
            self._request("POST", f"/conversations/{user_id}/tracker/events", "set the fixtures' slots", json=events)

    def _request(self, method: str, path: str, what: str, **options) -> httpx.Response:
        try:
            response = self._http.request(method, self.base_url + path, params={"token": self._token}, **options)
            response.raise_for_status()
            return response
        except httpx.HTTPError as error:
            hint = " (is the token the running coach's?)" if isinstance(error, httpx.HTTPStatusError) and error.response.status_code in (401, 403) else ""
            raise CoachUnavailable(f"Could not {what} at {self.base_url}: {describe_error(error)}{hint}") from error

    def close(self) -> None:
        self._http.close()
