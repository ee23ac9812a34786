"""A conversation with the coach as a test drives it: one sender id, messages in, replies out."""

from __future__ import annotations

import random
import uuid

from bot.channels.rasa_client import RasaClient
from bot.identity import Channel, new_terminal_user_id, rest_user_id, telegram_user_id


def new_sender(channel: str) -> str:
    """A new user of a channel, with the id that channel stores (what the test then looks up)."""
    if channel == Channel.TELEGRAM.value:
        return telegram_user_id(random.randrange(10**9, 10**10))
    if channel == Channel.TERMINAL.value:
        return new_terminal_user_id()
    return rest_user_id(str(uuid.uuid4()))


class Conversation:
    """A user of the channel `client` talks to (REST unless the client is for the terminal or Telegram channel)."""

    def __init__(self, client: RasaClient, metadata=None):
        self.client = client
        self.sender = new_sender(client.channel)
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


# Button presses that fill the business profile (a café, a small team meeting guests in person) and make a plan.
CAFE_PROFILE = ("cafe_restaurant", "in_person", "small", "shop_or_premises", "staff_behaviour", "none")


def make_plan(chat: Conversation, answers=CAFE_PROFILE[:-1]):
    chat.say("/request_plan")
    for answer in answers:
        chat.say(answer)  # button presses
    return chat.say(CAFE_PROFILE[-1])


def documents(replies) -> dict:
    found = [reply.custom["document"] for reply in replies if reply.custom and "document" in reply.custom]
    return {document["filename"].rsplit(".", 1)[1]: document for document in found}
