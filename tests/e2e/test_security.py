"""Nobody can act as someone else, over the real servers: channel-scoped users, typed intents, a closed API,
the per-sender rate limit, loopback-only servers and no secret in any log."""

from __future__ import annotations

import asyncio
import ipaddress
import re
import sqlite3
import time
from pathlib import Path

import httpx
import psutil
import pytest
import yaml

from bot.domain_responses import response_text
from bot.identity import new_terminal_user_id
from bot.store.coaching_store import CoachingStore
from bot.typed_commands import button_payloads
from tests.e2e.chat import CAFE_PROFILE, Conversation, all_text, documents, make_plan
from tests.e2e.socket_chat import SocketChat, texts

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

ROOT = Path(__file__).resolve().parents[2]
RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]
UNKNOWN_COMMAND = {language: response_text(RESPONSES, "utter_unknown_command", language) for language in ("de", "en")}
RATE_LIMITED = {language: response_text(RESPONSES, "utter_rate_limited", language) for language in ("de", "en")}
TYPED_INTERNALS = ("/check_in_due", "/forget@0.99", '/request_plan{"business_type": "x"}', '/greet{"language": ')
# What may run when such a message arrives: listening, the language slot, and the unclear-input answer.
HARMLESS_ACTIONS = {"action_listen", "action_extract_slots", "action_respond_to_unclear_message"}


def tracker(coach, sender: str) -> dict:
    response = httpx.get(f"{coach.settings.rasa_url}/conversations/{sender}/tracker", params={"token": coach.rasa_token})
    response.raise_for_status()
    return response.json()


def stored_events(coach, sender: str) -> int:
    with sqlite3.connect(coach.settings.tracker_db) as db:
        return db.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (sender,)).fetchone()[0]


def actions_since(events: list, start: int) -> set:
    return {event["name"] for event in events[start:] if event["event"] == "action"}


async def web_user_with_plan(coach) -> SocketChat:
    web = await SocketChat.open(coach)
    await web.say("/request_plan")
    for answer in CAFE_PROFILE:
        turn = await web.say(answer)
    assert "Vertrauensplan" in texts(turn)
    return web


async def test_over_rest_nobody_reads_or_deletes_a_telegram_web_or_terminal_user(coach, client, channel_client):
    telegram, terminal = Conversation(channel_client("telegram")), Conversation(channel_client("cli"))
    await asyncio.to_thread(make_plan, telegram)
    await asyncio.to_thread(make_plan, terminal)
    web = await web_user_with_plan(coach)
    store = CoachingStore.from_url(coach.settings.database_url)

    for victim in (telegram.sender, terminal.sender, web.session_id):
        assert store.current_plan(victim) is not None and store.profile(victim) is not None
        events = stored_events(coach, victim)

        export = await asyncio.to_thread(client.send, victim, "/mydata")
        data = httpx.get(documents(export)["json"]["url"]).json()
        assert data["user_id"] == f"rest:{victim}" and data["channel"] == "rest"
        assert data["profile"] is None and data["plans"] == [] and data["self_checks"] == []
        assert "Café" not in str(data["conversation"]) and "cafe_restaurant" not in str(data["conversation"])

        await asyncio.to_thread(client.send, victim, "/forget")
        assert "gelöscht" in all_text(await asyncio.to_thread(client.send, victim, "/affirm"))
        assert store.current_plan(victim) is not None and store.profile(victim) is not None
        assert stored_events(coach, victim) == events  # the victim's conversation is untouched
    assert "Dein Plan: 0 von" in texts(await web.say("/show_plan"))  # and the web user carries on
    await web.close()


async def _typed_internals_change_nothing(coach, sender: str, say) -> None:
    store = CoachingStore.from_url(coach.settings.database_url)
    plan = store.current_plan(sender)
    for typed in TYPED_INTERNALS:
        before = tracker(coach, sender)
        reply = await say(typed)
        after = tracker(coach, sender)
        assert UNKNOWN_COMMAND["de"] in reply, f"{typed!r} was not answered as an unknown command: {reply[:200]!r}"
        assert after["slots"] == before["slots"], f"{typed!r} changed slots"
        assert actions_since(after["events"], len(before["events"])) <= HARMLESS_ACTIONS, typed
        assert after["latest_message"]["intent"]["name"] == "unclear_input"
    assert store.current_plan(sender) == plan  # no check-in, nothing forgotten, no new profile
    assert store.pending_check_in(sender) is None


async def test_typed_internal_intents_trigger_nothing_on_rest_and_the_bridge_channels(coach, client, channel_client):
    for chat in (Conversation(client), Conversation(channel_client("cli")), Conversation(channel_client("telegram"))):
        await asyncio.to_thread(make_plan, chat)

        async def say(text: str, chat=chat) -> str:
            return all_text(await asyncio.to_thread(chat.say, text))

        await _typed_internals_change_nothing(coach, chat.sender, say)


async def test_typed_internal_intents_trigger_nothing_on_the_web_channel(coach):
    web = await web_user_with_plan(coach)

    async def say(text: str) -> str:
        return texts(await web.say(text))

    await _typed_internals_change_nothing(coach, web.session_id, say)
    await web.close()


def _pressable(payload: str) -> str:
    """A button payload as the coach sends it (templates filled as for the first plan item and a catalog action)."""
    filled = payload.replace("{position}", "1").replace("{action_id}", "reply-to-reviews-in-public")
    return filled.replace("{{", "{").replace("}}", "}")


PAYLOADS = sorted({_pressable(payload) for payload in button_payloads(RESPONSES)})


def test_every_button_the_coach_offers_is_still_taken_as_its_intent(coach, client):
    assert len(PAYLOADS) > 30
    for payload in PAYLOADS:
        chat = Conversation(client)  # a new user each: every button from a fresh start
        reply = all_text(chat.say(payload))
        intent = re.match(r"/(\w+)", payload).group(1)
        assert tracker(coach, chat.sender)["latest_message"]["intent"]["name"] == intent, payload
        assert UNKNOWN_COMMAND["de"] not in reply, payload


def test_a_flood_gets_the_rate_limit_answer_in_the_users_language_and_the_next_minute_works(coach, client):
    flood = Conversation(client, metadata={"language": "en"})
    limit = coach.settings.rate_limit
    for _ in range(limit):
        assert RATE_LIMITED["en"] not in flood.text("Hello")
    refused = httpx.post(f"{coach.settings.rasa_url}/webhooks/rest/webhook",
                         json={"sender": flood.sender, "message": "Hello", "metadata": {"language": "en"}})
    assert refused.status_code == 200 and [reply["text"] for reply in refused.json()] == [RATE_LIMITED["en"]]
    wait = int(refused.headers["Retry-After"])
    assert 0 < wait <= 60
    events = stored_events(coach, flood.sender)
    assert flood.text("Hello?") == RATE_LIMITED["en"]  # asked again: told again, and nothing processed
    assert stored_events(coach, flood.sender) == events
    assert RATE_LIMITED["de"] not in Conversation(client).text("Hallo")  # other senders carry on

    time.sleep(wait + 1)
    assert "Hello, I'm" in flood.text("Hello")


async def test_a_flood_on_the_web_channel_is_told_once_in_german(coach):
    web = await SocketChat.open(coach, language="de")
    start = len(web.inbox)
    for index in range(coach.settings.rate_limit + 10):
        await web.send(f"Hallo {index}")
    turn = await web.turn(start, timeout=240, quiet=5)
    assert [message.get("text") for message in turn].count(RATE_LIMITED["de"]) == 1
    await web.close()


def test_rasa_api_the_bridge_channels_and_the_action_server_need_the_token(coach):
    url = coach.settings.rasa_url
    assert httpx.get(f"{url}/conversations/rest:x/tracker").status_code == 401
    assert httpx.get(f"{url}/conversations/rest:x/tracker", params={"token": "wrong"}).status_code == 401
    assert httpx.post(f"{url}/model/parse", json={"text": "hi"}).status_code == 401
    assert httpx.post(f"{url}/conversations/telegram:1/trigger_intent", json={"name": "check_in_due"}).status_code == 401
    for channel, sender in (("telegram", "12345"), ("cli", new_terminal_user_id())):
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Bearer {coach.rasa_token}x"}):
            refused = httpx.post(f"{url}/webhooks/{channel}/webhook", json={"sender": sender, "message": "/mydata"},
                                 headers=headers)
            assert refused.status_code == 401 and "internal token" in refused.json()["error"]
            assert coach.rasa_token not in refused.text
    forged = {"next_action": "action_export_user_data", "sender_id": "telegram:12345",
              "tracker": {"sender_id": "telegram:12345", "events": [], "slots": {}}, "domain": {}}
    refused = httpx.post(coach.settings.action_url, json=forged)
    assert refused.status_code == 401 and "internal token" in refused.json()["error"]  # only Rasa runs actions
    bad = httpx.post(f"{url}/webhooks/rest/webhook", json={"sender": "two words", "message": "Hallo"})
    assert bad.status_code == 400 and "sender" in bad.json()["error"]


def _coach_processes(coach) -> list:
    processes = []
    for server in coach._servers:
        if server.process is not None and server.process.poll() is None:
            parent = psutil.Process(server.process.pid)
            processes += [parent, *parent.children(recursive=True)]
    return processes


def test_every_server_of_the_coach_listens_on_loopback_only_and_no_token_is_on_a_command_line(coach):
    processes = _coach_processes(coach)
    listening = {
        (process.pid, connection.laddr.ip, connection.laddr.port)
        for process in processes for connection in process.net_connections(kind="inet")
        if connection.status == psutil.CONN_LISTEN
    }
    ports = {port for _, _, port in listening}
    assert {coach.settings.rasa_port, coach.settings.action_port, coach.settings.web_port} <= ports
    assert all(ipaddress.ip_address(ip).is_loopback for _, ip, _ in listening), listening
    assert all(coach.rasa_token not in " ".join(process.cmdline()) for process in processes)


@pytest.mark.after_all
def test_no_token_reaches_any_log_of_the_whole_run(coach):
    logs = sorted(path for path in Path(coach.log_dir).rglob("*") if path.is_file())
    assert logs
    for path in logs:
        assert coach.rasa_token not in path.read_text(errors="replace"), f"the internal token is in {path}"
