"""The `trustcoach` command: start the coach, chat with it."""

from __future__ import annotations

import logging
import signal
import time
from typing import Optional

import typer

from bot.config import Settings, SettingsError

app = typer.Typer(help="Trust Coach: a coaching chatbot on customer trust for small businesses.", no_args_is_help=True)


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as error:
        typer.echo(f"Configuration error: {error}", err=True)
        raise typer.Exit(2)


def _raise_keyboard_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


@app.command()
def serve() -> None:
    """Start the Rasa server and the action server; Ctrl-C stops both."""
    from bot.servers import CoachServers, ServerStartError

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per health probe is noise
    settings = _settings()
    servers = CoachServers(settings)
    # The servers run in sessions of their own, so a plain `kill` of this process
    # must stop them too: turn SIGTERM and SIGHUP into a clean shutdown.
    for stop_signal in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(stop_signal, _raise_keyboard_interrupt)
    typer.echo(f"Starting the coach (logs in {servers.log_dir}) ...")
    try:
        servers.start()
    except ServerStartError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1)
    except KeyboardInterrupt:
        typer.echo("\nStopped while starting.")
        raise typer.Exit(130)
    typer.echo(
        f"\nThe coach is ready at {settings.rasa_url}.\n"
        "Talk to it in another terminal with `make chat` (or `.venv/bin/trustcoach chat`). Ctrl-C stops it.\n"
    )
    try:
        while (exited := servers.exited_server()) is None:
            time.sleep(1)
        typer.echo(f"A server stopped unexpectedly: {exited}. Stopping the coach.", err=True)
        raise typer.Exit(1)
    except KeyboardInterrupt:
        typer.echo("\nStopping the coach ...")
    finally:
        servers.stop()


@app.command()
def chat(
    url: Optional[str] = typer.Option(None, help="Rasa server URL (default: the local coach)."),
    lang: Optional[str] = typer.Option(None, help="Answer language to start with: de or en (default: your locale)."),
    new: bool = typer.Option(False, "--new", help="Start a new conversation instead of continuing the last one."),
) -> None:
    """Chat with the running coach in this terminal (type a number to press a button)."""
    from bot.channels.rasa_client import RasaClient
    from bot.channels.terminal import TerminalChat, language_from_locale, load_or_create_sender_id

    settings = _settings()
    client = RasaClient(url or settings.rasa_url)
    if not client.is_ready():
        typer.echo(f"The coach is not reachable at {client.base_url}. Start it with `make run` first.", err=True)
        raise typer.Exit(1)
    if lang is not None and lang not in ("de", "en"):
        typer.echo("--lang must be 'de' or 'en'.", err=True)
        raise typer.Exit(2)
    sender_id, is_new = load_or_create_sender_id(settings.var_dir / "chat_sender_id", new=new)
    TerminalChat(client, sender_id, lang or language_from_locale()).run(greet=is_new)
