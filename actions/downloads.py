"""Documents for the user (plan export, data export): kept in the coaching database, fetched by a secret link.

The action server serves them under /downloads/<token>/<filename>, so every action server of a scaled-out
setup can hand out every document. A channel that can send files (Telegram) uses the `document` payload;
others show the link from the message text.
"""

from __future__ import annotations

from urllib.parse import quote

from rasa_sdk.executor import CollectingDispatcher
from sanic import Request, response
from sanic.response import HTTPResponse

from bot.coaching.service import get_coaching
from bot.config import Settings
from bot.store.coaching_store import CoachingStore


def offer_download(
    dispatcher: CollectingDispatcher, store: CoachingStore, user_id: str, filename: str, media_type: str, content: bytes
) -> str:
    """Keep the document, send it as a `document` payload, and return its download link for the message text."""
    token = store.add_download(user_id, filename, media_type, content)
    url = f"{Settings.from_env().downloads_url}/{token}/{quote(filename)}"
    dispatcher.utter_message(json_message={"document": {"url": url, "filename": filename, "media_type": media_type}})
    return url


async def serve_download(request: Request, token: str, filename: str) -> HTTPResponse:
    coaching = get_coaching()
    document = coaching.store.download(token)
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
