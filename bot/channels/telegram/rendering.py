"""Turns the coach's replies into what Telegram can show: text with entities, inline keyboards, photos, documents.

The coach writes Markdown (**bold**, [links](...)); telegramify-markdown turns it into plain text plus
message entities, so no Telegram escaping rules can break a message. Button payloads longer than Telegram's
64-byte callback data are kept under a short key.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import List, Optional, Sequence, Union

import telegramify_markdown
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, MessageEntity

from bot.channels.rasa_client import BotMessage, Button

TELEGRAM_TEXT_LIMIT = 4096  # UTF-16 code units per message
CALLBACK_DATA_LIMIT = 64  # bytes
_SHORT_KEY_PREFIX = "#"
_DATA_IMAGE = re.compile(r"data:image/\w+;base64,(.*)", re.DOTALL)


class ButtonPayloads:
    """Payloads that fit go into callback data as they are; longer ones get a short key (the newest few thousand)."""

    def __init__(self, capacity: int = 5000) -> None:
        self.capacity = capacity
        self._long: "OrderedDict[str, str]" = OrderedDict()

    def callback_data(self, payload: str) -> str:
        if len(payload.encode("utf-8")) <= CALLBACK_DATA_LIMIT and not payload.startswith(_SHORT_KEY_PREFIX):
            return payload
        key = _SHORT_KEY_PREFIX + secrets.token_urlsafe(9)
        self._long[key] = payload
        while len(self._long) > self.capacity:
            self._long.popitem(last=False)
        return key

    def payload(self, callback_data: str) -> Optional[str]:
        """The payload behind a button press; None for a short key this bridge no longer knows (e.g. after a restart)."""
        if not callback_data.startswith(_SHORT_KEY_PREFIX):
            return callback_data
        return self._long.get(callback_data)


@dataclass(frozen=True)
class TextOut:
    text: str
    entities: List[MessageEntity]
    keyboard: Optional[InlineKeyboardMarkup] = None


@dataclass(frozen=True)
class PhotoOut:
    image: Union[bytes, str]  # PNG bytes of an inline image, or a URL
    keyboard: Optional[InlineKeyboardMarkup] = None


@dataclass(frozen=True)
class DocumentOut:
    url: str
    filename: str
    media_type: str = "application/octet-stream"


Outgoing = Union[TextOut, PhotoOut, DocumentOut]


@dataclass
class Renderer:
    payloads: ButtonPayloads = field(default_factory=ButtonPayloads)

    def keyboard(self, buttons: Sequence[Button]) -> Optional[InlineKeyboardMarkup]:
        """One button per row: titles stay readable on a phone."""
        if not buttons:
            return None
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton(button.title, callback_data=self.payloads.callback_data(button.payload))]
             for button in buttons]
        )

    def render(self, messages: Sequence[BotMessage]) -> List[Outgoing]:
        out: List[Outgoing] = []
        for message in messages:
            keyboard = self.keyboard(message.buttons)
            parts: List[Outgoing] = []
            if message.text:
                parts += text_parts(message.text)
            if message.image:
                parts.append(PhotoOut(_image(message.image)))
            document = (message.custom or {}).get("document")
            if isinstance(document, dict) and document.get("url"):
                parts.append(DocumentOut(
                    document["url"], str(document.get("filename") or "document"),
                    str(document.get("media_type") or "application/octet-stream"),
                ))
            if keyboard is not None:
                parts = _with_keyboard(parts, keyboard)
            out += parts
        return out


def text_parts(markdown: str) -> List[TextOut]:
    """The coach's Markdown as Telegram text and entities, split where a message would exceed Telegram's limit."""
    text, entities = telegramify_markdown.convert(markdown)
    if not text.strip():
        return []
    return [
        TextOut(part, [MessageEntity(e.type, e.offset, e.length, url=e.url, language=e.language) for e in part_entities])
        for part, part_entities in telegramify_markdown.split_entities(text, entities, TELEGRAM_TEXT_LIMIT)
    ]


def _image(image: str) -> Union[bytes, str]:
    match = _DATA_IMAGE.match(image)
    if match is None:
        return image
    try:
        return base64.b64decode(match.group(1), validate=False)
    except (binascii.Error, ValueError):
        return image


def _with_keyboard(parts: List[Outgoing], keyboard: InlineKeyboardMarkup) -> List[Outgoing]:
    """Buttons go on the last text or photo of the message (documents cannot carry them here)."""
    for index in range(len(parts) - 1, -1, -1):
        part = parts[index]
        if isinstance(part, TextOut):
            parts[index] = TextOut(part.text, part.entities, keyboard)
            return parts
        if isinstance(part, PhotoOut):
            parts[index] = PhotoOut(part.image, keyboard)
            return parts
    return parts + [TextOut("⬇️", [], keyboard)]
