"""Documents for the user (plan export, data export): kept in the coaching database, fetched by a secret link.

The action server serves them under /downloads/<token>/<filename>, so every action server of a scaled-out
setup can hand out every document. A channel that can send files (Telegram) uses the `document` payload;
others show the link from the message text.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass
from urllib.parse import quote

from rasa_sdk.executor import CollectingDispatcher
from sanic import Request, response
from sanic.response import HTTPResponse

from bot.coaching.service import get_coaching
from bot.config import Settings
from bot.store.coaching_store import CoachingStore


@dataclass(frozen=True)
class Document:
    url: str
    filename: str
    media_type: str

    def send(self, dispatcher: CollectingDispatcher) -> None:
        """As a `document` payload, for channels that can send files (the message text carries the link)."""
        dispatcher.utter_message(json_message={"document": asdict(self)})


def keep_for_download(store: CoachingStore, user_id: str, filename: str, media_type: str, content: bytes) -> Document:
    """Store the document for download; its link goes into the message, the document itself after it."""
    token = store.add_download(user_id, filename, media_type, content)
    return Document(f"{Settings.from_env().downloads_url}/{token}/{quote(filename)}", filename, media_type)


async def serve_download(request: Request, token: str, filename: str) -> HTTPResponse:
    coaching = await asyncio.to_thread(get_coaching)
    document = await asyncio.to_thread(coaching.store.download, token)  # the database, off the event loop
    if document is None or document.filename != filename:
        return response.text(coaching.wording.expired_link(), status=404)
    return response.raw(
        document.content,
        content_type=document.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{document.filename}"',
            "Cache-Control": "private, no-store",
        },
    )
