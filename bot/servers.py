"""Starts and stops the coach's processes as one unit, for `trustcoach serve` and the tests: the action server,
the Rasa server, the web page with the chat widget and, with TELEGRAM_BOT_TOKEN, the Telegram bridge."""

from __future__ import annotations

import dataclasses
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterable, List, Optional

import httpx

from bot.config import Settings

logger = logging.getLogger(__name__)


class ServerStartError(RuntimeError):
    """A server did not come up; the message names it, why, and where its log is."""


def latest_model(model_dir: Path) -> Path:
    """The newest trained model, or a clear error telling the operator to train one."""
    models = sorted(model_dir.glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)
    if not models:
        raise ServerStartError(f"No trained model in {model_dir}. Run `make train` (or `make run`, which trains).")
    return models[-1]


def rasa_python(rasa_bin: Path) -> Path:
    """The Python interpreter of Rasa's environment: the one its `rasa` script starts with."""
    try:
        first_line = rasa_bin.read_text(errors="replace").splitlines()[0]
    except (OSError, IndexError):
        first_line = ""
    if first_line.startswith("#!") and Path(first_line[2:].strip()).exists():
        return Path(first_line[2:].strip())
    return rasa_bin.parent / "python"


def write_token_file(path: Path, token: str) -> None:
    """Leave the internal token for the terminal chat, readable by this user only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as token_file:
        token_file.write(token + "\n")


def remove_token_file(path: Path, token: str) -> None:
    """Remove the token file if it is still this coach's (another start may have replaced it)."""
    try:
        if path.read_text().strip() == token:
            path.unlink()
    except OSError:
        pass


def local_token(settings: Settings) -> str:
    """The internal token as a client on this machine finds it: the environment, else the running coach's file."""
    if settings.rasa_token:
        return settings.rasa_token
    try:
        return settings.token_file.read_text().strip()
    except OSError:
        return ""


def free_port() -> int:
    """A port nothing on this machine listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def isolated_settings(var_dir: Path, web_origins: Iterable[str] = ()) -> Settings:
    """The coach on loopback and free ports, with its data, index and logs in `var_dir`, away from the developer's
    var/: for the end-to-end tests and the benchmarks that talk to the real servers."""
    settings = Settings.from_env()
    return dataclasses.replace(
        settings,
        var_dir=var_dir,
        tracker_db=var_dir / "tracker.db",
        index_dir=var_dir / "index",  # built by the action server at start
        database_url=f"sqlite:///{var_dir / 'coaching.db'}",
        host="127.0.0.1",
        rasa_port=free_port(),
        action_port=free_port(),
        web_port=free_port(),
        web_origins=tuple(web_origins) or settings.web_origins,
    )


def _tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log written)"


@dataclass
class _Server:
    name: str
    command: List[str]
    health_url: Optional[str]  # None: ready when it is still running after a moment (the Telegram bridge)
    log_path: Path
    process: Optional[subprocess.Popen] = None
    log_file: Optional[IO[bytes]] = None


class CoachServers:
    """The coach's servers, started together and stopped together."""

    def __init__(self, settings: Settings, log_dir: Optional[Path] = None) -> None:
        self.settings = settings
        self.log_dir = log_dir or settings.var_dir / "logs"
        # Guards Rasa's HTTP API (used to trigger check-ins) and the channels of the Telegram bridge and the
        # terminal chat; random per start unless the operator sets one.
        self.rasa_token = settings.rasa_token or secrets.token_urlsafe(32)
        self._servers = [
            _Server(
                name="action server",
                command=[sys.executable, "-m", "actions", "--actions", "actions", "--port", str(settings.action_port)],
                health_url=f"http://{settings.host}:{settings.action_port}/health",
                log_path=self.log_dir / "actions.log",
            ),
            _Server(
                name="Rasa server",
                command=self._rasa_command(),
                health_url=f"{settings.rasa_url}/webhooks/rest/",
                log_path=self.log_dir / "rasa.log",
            ),
            _Server(
                name="web page",
                command=[sys.executable, "-m", "bot.cli", "web", "--port", str(settings.web_port)],
                health_url=f"{settings.web_url}/health",
                log_path=self.log_dir / "web.log",
            ),
        ]
        if os.environ.get("TELEGRAM_BOT_TOKEN"):
            self._servers.append(_Server(
                name="Telegram bridge",
                command=[sys.executable, "-m", "bot.cli", "telegram", "--url", settings.rasa_url],
                health_url=None,
                log_path=self.log_dir / "telegram.log",
            ))

    def _rasa_command(self) -> List[str]:
        settings = self.settings
        # `rasa run`, with the API token added inside the process (rasa_plugins/rasa_server.py), off the command line.
        return [
            str(rasa_python(settings.rasa_bin)), "-m", "rasa_plugins.rasa_server", "run",
            "--model", str(latest_model(settings.model_dir)),
            "--endpoints", str(settings.project_dir / "endpoints.yml"),
            "--credentials", str(settings.project_dir / "credentials.yml"),
            "--interface", settings.host,
            "--port", str(settings.rasa_port),
            "--enable-api",
            # Browsers on other origins may not use the HTTP endpoints; the web channel checks sockets itself.
            "--cors", *settings.allowed_web_origins,
        ]

    def _environment(self) -> dict:
        settings = self.settings
        env = dict(os.environ)
        env.update(
            TRUSTCOACH_ACTION_URL=settings.action_url,
            TRUSTCOACH_TRACKER_DB=str(settings.tracker_db),
            TRUSTCOACH_VAR_DIR=str(settings.var_dir),
            TRUSTCOACH_ARTICLES_DIR=str(settings.articles_dir),
            TRUSTCOACH_INDEX_DIR=str(settings.index_dir),
            TRUSTCOACH_DATABASE_URL=settings.database_url,
            TRUSTCOACH_PUBLIC_URL=settings.downloads_url.removesuffix("/downloads"),
            TRUSTCOACH_RASA_TOKEN=self.rasa_token,
            TRUSTCOACH_REST_TOKEN=settings.rest_token,
            TRUSTCOACH_RATE_LIMIT=str(settings.rate_limit),
            TRUSTCOACH_HOST=settings.host,
            TRUSTCOACH_RASA_PORT=str(settings.rasa_port),
            TRUSTCOACH_ACTION_PORT=str(settings.action_port),
            TRUSTCOACH_PROJECT_DIR=str(settings.project_dir),
            TRUSTCOACH_WEB_PORT=str(settings.web_port),
            TRUSTCOACH_WEB_ORIGINS=",".join(settings.allowed_web_origins),
            TRUSTCOACH_SOCKET_URL=settings.socket_url,
            SANIC_HOST=settings.host,
            # No access log: request lines would show the API token of Rasa's query-string authentication.
            SANIC_ACCESS_LOG="False",
            RASA_TELEMETRY_ENABLED="false",
            SQLALCHEMY_SILENCE_UBER_WARNING="1",
            TF_CPP_MIN_LOG_LEVEL="2",
        )
        return env

    def start(self, timeout: float = 240.0) -> None:
        """Start both servers and wait until both answer; on failure stop everything and raise."""
        if not self.settings.rasa_bin.exists():
            raise ServerStartError(f"Rasa is not installed at {self.settings.rasa_bin}. Run `make setup`.")
        self.settings.tracker_db.parent.mkdir(parents=True, exist_ok=True)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        write_token_file(self.settings.token_file, self.rasa_token)
        env = self._environment()
        for server in self._servers:
            server.log_file = open(server.log_path, "ab")
            # A session of their own: Ctrl-C reaches only us, and we stop them in order.
            server.process = subprocess.Popen(
                server.command, cwd=self.settings.project_dir, env=env,
                stdout=server.log_file, stderr=subprocess.STDOUT, start_new_session=True,
            )
        try:
            for server in self._servers:
                self._wait_until_healthy(server, deadline=time.monotonic() + timeout)
        except BaseException:
            self.stop()
            raise

    def _wait_until_healthy(self, server: _Server, deadline: float) -> None:
        if server.health_url is None:
            time.sleep(3.0)
            if server.process.poll() is not None:
                raise ServerStartError(
                    f"The {server.name} exited with code {server.process.returncode} while starting. "
                    f"Last lines of {server.log_path}:\n{_tail(server.log_path)}"
                )
            return
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise ServerStartError(
                    f"The {server.name} exited with code {server.process.returncode} while starting. "
                    f"Last lines of {server.log_path}:\n{_tail(server.log_path)}"
                )
            try:
                if httpx.get(server.health_url, timeout=2.0).status_code == 200:
                    logger.info("%s is ready at %s", server.name, server.health_url)
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        raise ServerStartError(
            f"The {server.name} did not answer at {server.health_url} in time. "
            f"Last lines of {server.log_path}:\n{_tail(server.log_path)}"
        )

    @property
    def has_telegram(self) -> bool:
        return any(server.name == "Telegram bridge" for server in self._servers)

    def exited_server(self) -> Optional[str]:
        """Name and exit code of a server that stopped on its own, if any."""
        for server in self._servers:
            if server.process is not None and server.process.poll() is not None:
                return f"{server.name} (exit code {server.process.returncode}, log: {server.log_path})"
        return None

    def stop(self, timeout: float = 20.0) -> None:
        """Stop in reverse order: the Telegram bridge, then Rasa (it finishes open conversations), then the actions."""
        for server in reversed(self._servers):
            process = server.process
            if process is not None and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    logger.warning("%s did not stop within %.0f s; killing it", server.name, timeout)
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
            if server.log_file is not None:
                server.log_file.close()
            server.process = server.log_file = None
        remove_token_file(self.settings.token_file, self.rasa_token)

    def __enter__(self) -> "CoachServers":
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
