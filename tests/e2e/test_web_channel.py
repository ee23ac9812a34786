"""The web chat's socket.io channel as a browser elsewhere would meet it: origins, session ids, sessions kept apart."""

from __future__ import annotations

import asyncio
import re

import httpx
import pytest
import socketio

from tests.e2e.socket_chat import collect_bot_messages, connected, own_origin, session_of

pytestmark = pytest.mark.e2e

EVIL = "http://evil.example"


async def test_sockets_from_other_sites_are_refused_and_the_own_page_is_let_in(coach):
    with pytest.raises(socketio.exceptions.ConnectionError):
        await connected(coach, EVIL)
    client = await connected(coach, own_origin(coach))
    assert client.connected
    await client.disconnect()


def test_long_polling_grants_cross_origin_reads_to_the_own_page_only(coach):
    url = f"{coach.settings.rasa_url}/socket.io/?EIO=4&transport=polling"
    evil = httpx.get(url, headers={"Origin": EVIL})
    assert "access-control-allow-origin" not in evil.headers
    own = httpx.get(url, headers={"Origin": own_origin(coach)})
    assert own.headers.get("access-control-allow-origin") == own_origin(coach)


async def test_session_ids_are_random_and_issued_by_the_server(coach):
    client = await connected(coach, own_origin(coach))
    chosen = await session_of(client, "1")  # a guessable id of the browser's choosing is not taken
    assert re.fullmatch(r"web:[0-9a-f]{32}", chosen)
    await client.disconnect()

    again = await connected(coach, own_origin(coach))
    assert await session_of(again, chosen) == chosen  # a reload brings its id back and keeps it
    other = await connected(coach, own_origin(coach))
    assert await session_of(other) not in (chosen, None)
    await again.disconnect()
    await other.disconnect()


async def test_a_socket_cannot_write_into_another_session(coach):
    victim = await connected(coach, own_origin(coach))
    victim_session = await session_of(victim)
    victim_inbox = collect_bot_messages(victim)
    intruder = await connected(coach, own_origin(coach))
    intruder_session = await session_of(intruder)
    intruder_inbox = collect_bot_messages(intruder)

    await intruder.emit("user_uttered", {"message": "/greet", "session_id": victim_session})
    await asyncio.sleep(5)
    assert victim_inbox == [] and intruder_inbox == []

    await intruder.emit("user_uttered", {"message": "Hallo", "session_id": intruder_session,
                                         "customData": {"language": "en"}})
    for _ in range(100):
        if intruder_inbox:
            break
        await asyncio.sleep(0.2)
    assert intruder_inbox and victim_inbox == []
    await victim.disconnect()
    await intruder.disconnect()
