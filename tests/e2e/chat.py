"""A conversation with the coach as a test drives it: one sender id, messages in, replies out."""

from __future__ import annotations

import uuid

from bot.channels.rasa_client import RasaClient


class Conversation:
    def __init__(self, client: RasaClient, metadata=None, channel: str = "test"):
        self.client = client
        self.sender = f"{channel}:{uuid.uuid4()}"  # user ids are scoped by channel, as in production
        self.metadata = metadata

    def say(self, text: str):
        replies = self.client.send(self.sender, text, self.metadata)
        assert replies, f"the coach did not answer {text[:60]!r}"
        return replies

    def text(self, text: str) -> str:
        return all_text(self.say(text))


def all_text(replies) -> str:
    return "\n".join(reply.text or "" for reply in replies)


def payload_buttons(replies) -> list:
    return [button for reply in replies for button in reply.buttons]


def payloads(replies) -> list:
    return [button.payload for reply in replies for button in reply.buttons]
