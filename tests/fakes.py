"""Test doubles: a deterministic embedder that needs no model, and the Telegram Bot API."""

from __future__ import annotations

import hashlib
import json
import re
import time
from typing import List, Sequence, Tuple

import numpy as np
from telegram.error import NetworkError
from telegram.request import BaseRequest


class FakeEmbedder:
    """Bag of hashed lower-case words: texts sharing words get similar vectors. Fast and deterministic."""

    name = "fake"
    dim = 1024

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                vectors[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-9)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed(texts)


class FakeTelegramApi(BaseRequest):
    """Stands in for the Telegram Bot API: records every call and answers like Telegram would.

    `fail_next` makes the next calls of a method fail: ("sendMessage", 429) answers "Too Many Requests"
    with retry_after 0, ("sendMessage", "network") raises a network error.
    """

    def __init__(self, token_rejected: bool = False) -> None:
        self.calls: List[Tuple[str, dict, dict]] = []
        self.fail_next: List[Tuple[str, object]] = []
        self.token_rejected = token_rejected
        self._message_id = 0

    @property
    def read_timeout(self) -> float:
        return 1.0

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    def sent(self, method: str) -> List[dict]:
        return [params for api, params, _ in self.calls if api == method]

    def files(self, method: str) -> List[dict]:
        return [files for api, _, files in self.calls if api == method]

    async def do_request(self, url, method, request_data=None, *args, **kwargs):
        api = url.rsplit("/", 1)[-1]
        if self.token_rejected:
            return 401, b'{"ok": false, "error_code": 401, "description": "Unauthorized"}'
        for index, (failing, how) in enumerate(self.fail_next):
            if failing == api:
                del self.fail_next[index]
                if how == "network":
                    raise NetworkError("connection reset")
                if how == "bad_request":
                    return 400, b'{"ok": false, "error_code": 400, "description": "Bad Request: wrong HTTP URL"}'
                return 429, json.dumps({"ok": False, "error_code": 429, "description": "Too Many Requests",
                                        "parameters": {"retry_after": 0}}).encode()
        params = json.loads(json.dumps(request_data.parameters)) if request_data else {}
        files = {key: (value[0], value[1] if isinstance(value[1], bytes) else value[1].read())
                 for key, value in ((request_data.multipart_data or {}) if request_data else {}).items()}
        self.calls.append((api, params, files))
        if api == "getMe":
            result = {"id": 666, "is_bot": True, "first_name": "Trust Coach", "username": "TrustCoachTestBot"}
        elif api.startswith("send") and api != "sendChatAction":
            self._message_id += 1
            result = {"message_id": self._message_id, "date": int(time.time()),
                      "chat": {"id": int(params["chat_id"]), "type": "private"}}
            if api == "sendMessage":
                result["text"] = params["text"]
            if api == "sendPhoto":
                result["photo"] = [{"file_id": "p1", "file_unique_id": "p1", "width": 1, "height": 1}]
            if api == "sendDocument":
                result["document"] = {"file_id": "d1", "file_unique_id": "d1"}
        elif api == "getUpdates":
            result = []
        else:
            result = True
        return 200, json.dumps({"ok": True, "result": result}).encode()
