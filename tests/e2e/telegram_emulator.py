"""The Telegram side of the end-to-end tests: the telegram-test-api emulator (npm) on loopback, a user typing
into it, and a test-only request adapter for the emulator's gaps.

What the emulator cannot verify (answered by `EmulatorRequest` itself, and recorded in `sent_media` /
`answered_locally` for assertions): sendPhoto, sendDocument, sendChatAction and setMyCommands are not
implemented by telegram-test-api 4.2.1; answerCallbackQuery is accepted but not recorded. Its other gaps are
patched in the responses: getMe lacks `is_bot`, sent messages carry `date` in milliseconds, callback queries
lack `chat_instance`. Unit tests (tests/unit/test_telegram_bridge.py) cover those calls against a recorded API.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import subprocess
import time
from pathlib import Path
from typing import List, Optional

import httpx
from telegram.request import HTTPXRequest

EMULATOR_DIR = Path(__file__).resolve().parent / "telegram-test-api"
_ANSWERED_LOCALLY = {"sendChatAction", "setMyCommands", "deleteMyCommands", "setChatMenuButton"}
_MEDIA = {"sendPhoto": "photo", "sendDocument": "document"}


class Emulator:
    """`node server.js PORT` from tests/e2e/telegram-test-api (installed by `make test-e2e`)."""

    def __init__(self, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self._process: Optional[subprocess.Popen] = None
        self.port = port

    def start(self, timeout: float = 30.0) -> None:
        if not (EMULATOR_DIR / "node_modules" / "telegram-test-api").exists():
            raise RuntimeError(f"The Telegram emulator is not installed: run `make test-e2e` (npm ci in {EMULATOR_DIR}).")
        self._process = subprocess.Popen(
            ["node", "server.js", str(self.port), "127.0.0.1"], cwd=EMULATOR_DIR,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self._process.stdout.readline()
            if line.startswith("READY"):
                return
            if self._process.poll() is not None:
                raise RuntimeError(f"The Telegram emulator exited: {line}{self._process.stdout.read()}")
        raise RuntimeError("The Telegram emulator did not start in time.")

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()


def _seconds(value):
    """The emulator stamps bot messages with Date.now() (milliseconds); Telegram uses seconds."""
    if isinstance(value, dict):
        return {key: (item // 1000 if key in ("date", "edit_date") and isinstance(item, int) and item > 10**11
                      else _seconds(item)) for key, item in value.items()}
    if isinstance(value, list):
        return [_seconds(item) for item in value]
    return value


class EmulatorRequest(HTTPXRequest):
    """python-telegram-bot's HTTP layer, with the emulator's gaps filled (test only)."""

    def __init__(self) -> None:
        super().__init__(connection_pool_size=16)
        self.sent_media: List[tuple] = []  # (method, chat_id, file name, content)
        self.answered_locally: List[str] = []
        self._ids = itertools.count(10**6)

    async def do_request(self, url, method, request_data=None, *args, **kwargs):
        api = url.rsplit("/", 1)[-1]
        if api in _ANSWERED_LOCALLY:
            self.answered_locally.append(api)
            return 200, b'{"ok": true, "result": true}'
        if api in _MEDIA:
            params = request_data.parameters
            name, content = next(iter((value[0], value[1]) for value in request_data.multipart_data.values()))
            content = content if isinstance(content, bytes) else content.read()
            self.sent_media.append((api, int(params["chat_id"]), name, content))
            file_id = f"local{next(self._ids)}"
            media = ([{"file_id": file_id, "file_unique_id": file_id, "width": 1, "height": 1}] if api == "sendPhoto"
                     else {"file_id": file_id, "file_unique_id": file_id, "file_name": name})
            result = {"message_id": next(self._ids), "date": int(time.time()),
                      "chat": {"id": int(params["chat_id"]), "type": "private"}, _MEDIA[api]: media}
            return 200, json.dumps({"ok": True, "result": result}).encode()
        code, payload = await super().do_request(url, method, request_data, *args, **kwargs)
        if code != 200:
            return code, payload
        body = json.loads(payload)
        if api == "getMe":
            body["result"].setdefault("is_bot", True)
        elif body.get("result") is None:
            body["result"] = True
        elif api == "getUpdates":
            for update in body["result"]:
                if "callback_query" in update:
                    update["callback_query"].setdefault("chat_instance", str(update["callback_query"]["from"]["id"]))
        return code, json.dumps(_seconds(body)).encode()


class TelegramUser:
    """Someone typing into the emulator, and what the bot sent them."""

    def __init__(self, emulator: Emulator, token: str, user_id: int, language: str) -> None:
        self.emulator, self.token, self.user_id, self.language = emulator, token, user_id, language
        self._http = httpx.AsyncClient(timeout=30)

    def _sender(self) -> dict:
        return {"id": self.user_id, "first_name": "Test", "is_bot": False, "language_code": self.language}

    async def say(self, text: str) -> List[dict]:
        body = {"botToken": self.token, "from": self._sender(), "chat": {"id": self.user_id, "type": "private"},
                "date": int(time.time()), "text": text}
        endpoint = "/sendMessage"
        if text.startswith("/"):
            body["entities"] = [{"offset": 0, "length": len(text.split()[0]), "type": "bot_command"}]
            endpoint = "/sendCommand"
        (await self._http.post(self.emulator.url + endpoint, json=body)).raise_for_status()
        return await self.replies()

    async def press(self, message: dict, title: str) -> List[dict]:
        rows = message["reply_markup"]["inline_keyboard"]
        data = next(button["callback_data"] for row in rows for button in row if button["text"] == title)
        body = {"botToken": self.token, "from": self._sender(), "data": data,
                "message": {"message_id": message["message_id"], "date": int(time.time()),
                            "chat": {"id": self.user_id, "type": "private"}}}
        (await self._http.post(self.emulator.url + "/sendCallback", json=body)).raise_for_status()
        return await self.replies()

    async def replies(self, first_within: float = 90.0, quiet: float = 2.0) -> List[dict]:
        """The bot's messages to this user: waits for the first, then until nothing new comes for `quiet` seconds."""
        got: List[dict] = []
        start = last = time.monotonic()
        while True:
            response = await self._http.post(self.emulator.url + "/getUpdates",
                                             json={"token": self.token, "chatId": self.user_id})
            new = [dict(item["message"], message_id=item["messageId"]) for item in response.json()["result"]]
            if new:
                got += new
                last = time.monotonic()
            now = time.monotonic()
            if (got and now - last >= quiet) or (not got and now - start >= first_within):
                return got
            await asyncio.sleep(0.1)

    async def close(self) -> None:
        await self._http.aclose()


def texts(messages: List[dict]) -> str:
    return "\n".join(message.get("text") or "" for message in messages)


def with_button(messages: List[dict], title: str) -> dict:
    return next(m for m in messages if any(b["text"] == title for row in (m.get("reply_markup") or {}).get(
        "inline_keyboard", []) for b in row))
