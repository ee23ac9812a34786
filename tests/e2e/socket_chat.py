"""The web channel as the rasa-webchat widget speaks it: a socket.io client with a session and customData."""

from __future__ import annotations

import asyncio
from typing import List, Optional

import socketio


def own_origin(coach) -> str:
    return f"http://127.0.0.1:{coach.settings.web_port}"


async def connected(coach, origin: str) -> socketio.AsyncClient:
    client = socketio.AsyncClient(reconnection=False)
    await client.connect(coach.settings.rasa_url, transports=["websocket"], headers={"Origin": origin},
                         socketio_path="/socket.io", wait_timeout=10)
    return client


async def session_of(client: socketio.AsyncClient, requested=None) -> str:
    confirmed = asyncio.get_running_loop().create_future()
    client.on("session_confirm", lambda session_id: confirmed.done() or confirmed.set_result(session_id))
    await client.emit("session_request", {"session_id": requested})
    return await asyncio.wait_for(confirmed, 10)


def collect_bot_messages(client: socketio.AsyncClient) -> list:
    received = []
    client.on("bot_uttered", received.append)
    return received


class SocketChat:
    """One web visitor: `say` sends like the widget and returns the turn (messages until the coach is quiet)."""

    def __init__(self, client: socketio.AsyncClient, session_id: str, language: str) -> None:
        self.client, self.session_id, self.language = client, session_id, language
        self.inbox = collect_bot_messages(client)

    @classmethod
    async def open(cls, coach, language: str = "de") -> "SocketChat":
        client = await connected(coach, own_origin(coach))
        return cls(client, await session_of(client), language)

    async def send(self, text: str) -> None:
        await self.client.emit("user_uttered", {
            "message": text, "session_id": self.session_id, "customData": {"language": self.language},
        })

    async def say(self, text: str, timeout: float = 60.0, quiet: float = 1.5) -> List[dict]:
        start = len(self.inbox)
        await self.send(text)
        return await self.turn(start, timeout, quiet)

    async def turn(self, start: int, timeout: float = 60.0, quiet: float = 1.5) -> List[dict]:
        loop = asyncio.get_running_loop()
        deadline, seen, last_change = loop.time() + timeout, start, None
        while loop.time() < deadline:
            if len(self.inbox) != seen:
                seen, last_change = len(self.inbox), loop.time()
            elif last_change is not None and loop.time() - last_change >= quiet:
                return self.inbox[start:]
            await asyncio.sleep(0.1)
        raise AssertionError(f"The web channel sent nothing within {timeout:.0f} s")

    async def close(self) -> None:
        await self.client.disconnect()


def texts(messages: Optional[List[dict]]) -> str:
    return "\n".join(message.get("text") or "" for message in messages or [])
