"""A small client for Rasa: send one user message over a channel's webhook and get the replies; trigger an intent.

Channels: `rest` (any client; its users are `rest:…`), and for the coach's own bridges `telegram` and `cli`,
which need the internal token. Tokens go in the Authorization header; error messages never show a URL
(Rasa's API takes its token in the query string).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

import httpx


class CoachUnavailable(RuntimeError):
    """The Rasa server could not be reached or answered with an error."""


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class BotMessage:
    """One reply of the coach; any of text, buttons, image and custom data may be present."""

    text: Optional[str] = None
    buttons: List[Button] = field(default_factory=list)
    image: Optional[str] = None
    custom: Optional[Dict[str, Any]] = None

    @classmethod
    def from_rasa(cls, data: Dict[str, Any]) -> "BotMessage":
        buttons = [
            Button(title=str(button.get("title", "")), payload=str(button.get("payload", "")))
            for button in data.get("buttons") or []
        ]
        return cls(text=data.get("text"), buttons=buttons, image=data.get("image"), custom=data.get("custom"))


def _message_body(sender_id: str, text: str, metadata: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    body: Dict[str, Any] = {"sender": sender_id, "message": text}
    if metadata:
        body["metadata"] = metadata
    return body


def _headers(token: Optional[str]) -> Dict[str, str]:
    return {"Authorization": f"Bearer {token}"} if token else {}


def describe_error(error: Exception) -> str:
    """What went wrong, without the request's URL (it may carry a token)."""
    if isinstance(error, httpx.HTTPStatusError):
        try:
            body = error.response.json()
            reason = body.get("error") or body.get("message") or ""
        except (ValueError, AttributeError):
            reason = ""
        return f"HTTP {error.response.status_code}" + (f": {reason}" if reason else "")
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


class RasaClient:
    """Talks to one Rasa server over a channel's webhook (REST unless told otherwise)."""

    def __init__(
        self, base_url: str, timeout: float = 60.0, http: Optional[httpx.Client] = None,
        channel: str = "rest", token: Optional[str] = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.channel = channel
        self._token = token
        self._http = http or httpx.Client(timeout=timeout)

    def send(self, sender_id: str, text: str, metadata: Optional[Dict[str, Any]] = None) -> List[BotMessage]:
        try:
            response = self._http.post(
                f"{self.base_url}/webhooks/{self.channel}/webhook", json=_message_body(sender_id, text, metadata),
                headers=_headers(self._token),
            )
            response.raise_for_status()
            return [BotMessage.from_rasa(item) for item in response.json()]
        except (httpx.HTTPError, ValueError) as error:
            raise CoachUnavailable(f"The coach at {self.base_url} did not answer: {describe_error(error)}") from error

    def trigger_intent(self, sender_id: str, intent: str, token: str) -> List[BotMessage]:
        """Make the coach act as if the user had sent `intent` (HTTP API, needs the server's auth token); its replies."""
        try:
            response = self._http.post(
                f"{self.base_url}/conversations/{sender_id}/trigger_intent",
                params={"token": token}, json={"name": intent, "entities": {}},
            )
            response.raise_for_status()
            return [BotMessage.from_rasa(item) for item in response.json().get("messages") or []]
        except (httpx.HTTPError, ValueError) as error:
            raise CoachUnavailable(
                f"The coach at {self.base_url} did not take the intent {intent}: {describe_error(error)}"
            ) from error

    def is_ready(self) -> bool:
        try:
            return self._http.get(f"{self.base_url}/webhooks/{self.channel}/", timeout=2.0).status_code == 200
        except httpx.HTTPError:
            return False

    def close(self) -> None:
        self._http.close()


class CoachNotReached(CoachUnavailable):
    """The message never reached the Rasa server (connection refused or failed): safe to send again."""


class AsyncRasaClient:
    """A channel's webhook for asyncio callers (the Telegram bridge)."""

    def __init__(
        self, base_url: str, timeout: float = 60.0, http: Optional[httpx.AsyncClient] = None,
        channel: str = "rest", token: Optional[str] = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.channel = channel
        self._token = token
        self._http = http or httpx.AsyncClient(timeout=timeout)

    async def send(self, sender_id: str, text: str, metadata: Optional[Dict[str, Any]] = None) -> List[BotMessage]:
        try:
            response = await self._http.post(
                f"{self.base_url}/webhooks/{self.channel}/webhook", json=_message_body(sender_id, text, metadata),
                headers=_headers(self._token),
            )
            response.raise_for_status()
            return [BotMessage.from_rasa(item) for item in response.json()]
        except (httpx.ConnectError, httpx.ConnectTimeout) as error:
            raise CoachNotReached(f"The coach at {self.base_url} could not be reached: {describe_error(error)}") from error
        except (httpx.HTTPError, ValueError) as error:
            raise CoachUnavailable(f"The coach at {self.base_url} did not answer: {describe_error(error)}") from error

    async def fetch(self, url: str) -> bytes:
        """A document the coach links to (served by the action server)."""
        response = await self._http.get(url)
        response.raise_for_status()
        return response.content

    async def close(self) -> None:
        await self._http.aclose()
