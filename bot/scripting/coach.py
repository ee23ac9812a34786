"""The running coach as a script reaches it: a channel to talk through, and Rasa's HTTP API (with its token) to
read the conversation's state and to set a test case's fixtures."""

from __future__ import annotations

import uuid
from typing import Any, Dict, Iterable, List, Optional, Protocol, Tuple

import httpx

from bot.channels.rasa_client import BotMessage, CoachUnavailable, RasaClient, describe_error
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
