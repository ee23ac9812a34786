"""`trustcoach script …`: play conversation scripts against the running coach."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from bot.config import Settings
from bot.scripting.coach import ConversationState, RestChannel
from bot.scripting.responses import Responses
from bot.scripting.runner import ScriptRunner, project_knowledge

script_app = typer.Typer(help="Conversation scripts: play them against the running coach.", no_args_is_help=True)

CHANNELS = ("rest",)


def make_runner(settings: Settings, channel: str = "rest", url: Optional[str] = None, token: Optional[str] = None) -> ScriptRunner:
    """A runner for the coach at `url` (the local one by default), talking through `channel`."""
    from bot.servers import local_token

    if channel not in CHANNELS:
        raise ValueError(f"Unknown channel {channel!r}; use one of {', '.join(CHANNELS)}.")
    rasa_url = url or settings.rasa_url
    state = ConversationState(rasa_url, token or local_token(settings))
    return ScriptRunner(
        lambda: RestChannel(rasa_url, rest_token=settings.rest_token),
        state, Responses.from_project(settings.project_dir), project_knowledge(settings.project_dir, settings.database_url),
    )


@script_app.command("run")
def run(
    paths: List[Path] = typer.Argument(..., help="Script files or folders of them."),
    channel: str = typer.Option("rest", help=f"The channel to talk through: {', '.join(CHANNELS)}."),
    lang: Optional[List[str]] = typer.Option(None, help="Play only in this language (de or en); default: each case's languages."),
    jobs: int = typer.Option(1, min=1, help="Cases played at the same time."),
    url: Optional[str] = typer.Option(None, help="The Rasa server (default: the local coach)."),
    verbose: bool = typer.Option(False, help="Show every conversation, not only the failed ones."),
) -> None:
    """Play the scripts through a real channel; exit code 0 only when every case passes in every language."""
    from bot.channels.rasa_client import CoachUnavailable
    from bot.cli import _settings
    from bot.scripting.report import console_report
    from bot.scripting.script import ScriptError, load_scripts

    try:
        cases = load_scripts(paths)
        runner = make_runner(_settings(), channel, url)
    except (ScriptError, CoachUnavailable, ValueError) as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2)
    runs = runner.run(cases, languages=lang, jobs=jobs)
    typer.echo(console_report(runs, verbose=verbose))
    raise typer.Exit(0 if runs and all(run.passed for run in runs) else 1)
