"""The web page server: the landing page with the chat widget, the widget's script, and a health check.

The page is rendered in the browser's language (Accept-Language; `?lang=de|en` overrides), tells the
widget where Rasa's web channel is, and is served with a Content-Security-Policy that allows scripts from
this server only, connections only to the coach, images only from here or inline (the self-check chart),
and no frames, fonts or styles from elsewhere.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from bot.channels.web.widget_bundle import WidgetBundle
from bot.channels.web.wording import PageWording

logger = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
LANGUAGES = ("de", "en")
# Rasa's socket.io endpoint, as configured in credentials.yml (the widget appends the rest).
SOCKET_PATH = "/socket.io/"


@dataclass(frozen=True)
class PageConfig:
    rasa_port: int
    default_language: str = "de"
    socket_url: str = ""  # "" = the page's own host name with Rasa's port


def page_language(request: Request, default: str) -> str:
    """`?lang=` if it names a language we speak, else the browser's preference, else the default."""
    chosen = request.query_params.get("lang")
    if chosen in LANGUAGES:
        return chosen
    preferred = parse_accept_header(request.headers.get("accept-language"), LanguageAccept)
    return preferred.best_match(LANGUAGES) or default


def socket_url(request: Request, config: PageConfig) -> str:
    if config.socket_url:
        return config.socket_url
    return f"{request.url.scheme}://{request.url.hostname}:{config.rasa_port}"


def content_security_policy(socket: str) -> str:
    socket_ws = socket.replace("https://", "wss://", 1).replace("http://", "ws://", 1)
    return "; ".join([
        "default-src 'none'",
        "script-src 'self'",
        # The widget injects its CSS as <style> elements.
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        # The widget's icon fonts are inline data: URLs; nothing from other servers.
        "font-src 'self' data:",
        f"connect-src 'self' {socket} {socket_ws}",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ])


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def create_app(config: PageConfig, wording: PageWording, widget: WidgetBundle,
               templates_dir: Optional[Path] = None) -> Starlette:
    templates = Jinja2Templates(directory=str(templates_dir or HERE / "templates"))

    async def index(request: Request) -> Response:
        language = page_language(request, config.default_language)
        socket = socket_url(request, config)
        other = "en" if language == "de" else "de"
        response = templates.TemplateResponse(request, "index.html", {
            "language": language,
            "other_language": other,
            "text": wording.in_language(language),
            "socket_url": socket,
            "socket_path": SOCKET_PATH,
            "widget_version": widget.etag[:12],
        })
        response.headers["Content-Security-Policy"] = content_security_policy(socket)
        response.headers["Content-Language"] = language
        response.headers["Vary"] = "Accept-Language"
        response.headers.update(SECURITY_HEADERS)
        return response

    async def widget_script(request: Request) -> Response:
        if request.headers.get("if-none-match") == f'"{widget.etag}"':
            return Response(status_code=304)
        return Response(widget.script, media_type="text/javascript; charset=utf-8", headers={
            "ETag": f'"{widget.etag}"', "Cache-Control": "public, max-age=3600", **SECURITY_HEADERS,
        })

    async def health(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    return Starlette(routes=[
        Route("/", index),
        Route("/widget.js", widget_script),
        Route("/health", health),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ])
