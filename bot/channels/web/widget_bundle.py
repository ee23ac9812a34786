"""The rasa-webchat bundle from npm, served without its request to Google Fonts.

The bundle's CSS starts with `@import url(https://fonts.googleapis.com/...)`: every visitor's browser would
ask Google for the Inter font. The page promises no third-party request, and sites that embed the widget
should not leak their visitors either, so remote @imports are cut out when the bundle is loaded (the CSS
falls back to the system's sans-serif). The page's Content-Security-Policy blocks any that remain.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

WIDGET_DIR = Path(__file__).resolve().parent / "widget"
BUNDLE = Path("node_modules") / "rasa-webchat" / "lib" / "index.js"
_REMOTE_IMPORT = re.compile(r"@import url\((?:https?:)?//[^)]*\);?")


class WidgetMissing(RuntimeError):
    """The widget is not installed; the message says how to install it."""


@dataclass(frozen=True)
class WidgetBundle:
    script: bytes
    etag: str
    removed_imports: int


def without_remote_imports(script: str) -> tuple[str, int]:
    return _REMOTE_IMPORT.subn("", script)


def load_widget_bundle(widget_dir: Path = WIDGET_DIR) -> WidgetBundle:
    path = widget_dir / BUNDLE
    try:
        source = path.read_text(encoding="utf-8")
    except OSError:
        raise WidgetMissing(
            f"The chat widget is not installed ({path} is missing). Run `make setup` "
            f"(it runs `npm ci` in {widget_dir}; needs Node.js and npm)."
        ) from None
    script, removed = without_remote_imports(source)
    data = script.encode("utf-8")
    return WidgetBundle(script=data, etag=hashlib.sha256(data).hexdigest()[:32], removed_imports=removed)
