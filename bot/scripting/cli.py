"""`trustcoach script …`: play conversation scripts against the running coach."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import List, Optional

import typer

from bot.config import Settings
from bot.scripting.coach import ConversationState, RestChannel, SocketIOChannel
from bot.scripting.responses import Responses, normalised
from bot.scripting.runner import ScriptRunner, project_knowledge

script_app = typer.Typer(help="Conversation scripts: play them against the running coach.", no_args_is_help=True)

CHANNELS = ("rest", "socketio")


def make_runner(settings: Settings, channel: str = "rest", url: Optional[str] = None, token: Optional[str] = None) -> ScriptRunner:
    """A runner for the coach at `url` (the local one by default), talking through `channel`."""
    from bot.servers import local_token

    if channel not in CHANNELS:
        raise ValueError(f"Unknown channel {channel!r}; use one of {', '.join(CHANNELS)}.")
    rasa_url = url or settings.rasa_url
    state = ConversationState(rasa_url, token or local_token(settings))
    if channel == "socketio":  # as the widget on the coach's own page, whose origin the channel admits
        make_channel = functools.partial(SocketIOChannel, rasa_url, settings.web_url)
    else:
        make_channel = functools.partial(RestChannel, rasa_url, rest_token=settings.rest_token)
    return ScriptRunner(
        make_channel,
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
    junit: Optional[Path] = typer.Option(None, help="Also write the results as JUnit XML to this file (for CI)."),
    html: Optional[Path] = typer.Option(None, help="Also write a page with each conversation as chat bubbles."),
    report_language: Optional[str] = typer.Option(None, help="The language of the HTML page (de or en; default: the coach's default)."),
    accept: bool = typer.Option(False, help="For each failed step, show how the script would expect what the coach says now, and rewrite it when you agree."),
    yes: bool = typer.Option(False, help="With --accept: rewrite without asking."),
) -> None:
    """Play the scripts through a real channel; exit code 0 only when every case passes in every language."""
    from bot.channels.rasa_client import CoachUnavailable
    from bot.cli import _settings
    from bot.scripting.report import console_report, html_report, junit_report, report_words
    from bot.scripting.script import ScriptError, load_scripts

    settings = _settings()
    try:
        cases = load_scripts(paths)
        runner = make_runner(settings, channel, url)
    except (ScriptError, CoachUnavailable, ValueError) as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2)
    runs = runner.run(cases, languages=lang, jobs=jobs)
    typer.echo(console_report(runs, verbose=verbose))
    if junit is not None:
        junit.parent.mkdir(parents=True, exist_ok=True)
        junit.write_text(junit_report(runs), encoding="utf-8")
    if html is not None:
        language = report_language or settings.default_language
        html.parent.mkdir(parents=True, exist_ok=True)
        html.write_text(html_report(runs, report_words(settings.project_dir, language), language), encoding="utf-8")
    if accept:
        _accept(runs, runner, yes)
    raise typer.Exit(0 if runs and all(run.passed for run in runs) else 1)


def _accept(runs, runner: ScriptRunner, yes: bool) -> None:
    """Shows each failed step's rewrite as a diff; writes it when confirmed (one step per case at a time)."""
    from bot.scripting.accept import ACCEPTABLE, proposed_change

    for run in runs:
        if run.passed:
            continue
        change = proposed_change(run, runner.responses, runner.knowledge)
        failed = run.first_failure
        if change is None:
            where = failed.step.source if failed else run.case.source
            typer.echo(f"\n{where}: cannot be accepted from the answer (only {', '.join(ACCEPTABLE)} can); edit it by hand.")
            continue
        if not change.needed:
            continue
        typer.echo(f"\n{run.case.name} [{run.language}]:\n{change.diff()}")
        if yes or typer.confirm("Accept this change?", default=False):
            change.write()
            typer.echo(f"Rewritten: {change.path}:{change.line}. Run the scripts again: later steps were not checked yet.")


@script_app.command("export")
def export(
    user_id: str = typer.Argument(..., help="The conversation's user id as the coach stores it (rest:…, telegram:…, web:…)."),
    file: Path = typer.Argument(..., help="The script file to write."),
    name: Optional[str] = typer.Option(None, help="The test case's name (default: from the user id)."),
    url: Optional[str] = typer.Option(None, help="The Rasa server (default: the local coach)."),
) -> None:
    """Write a stored conversation (e.g. one just had on the web page or in Telegram) as a script to edit."""
    from bot.channels.rasa_client import CoachUnavailable
    from bot.cli import _settings
    from bot.scripting.export import script_from_events
    from bot.servers import local_token

    settings = _settings()
    try:
        state = ConversationState(url or settings.rasa_url, local_token(settings))
        events = state.events(user_id)
    except CoachUnavailable as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2)
    _write(file, script_from_events(events, name or f"conversation {user_id}"))


@script_app.command("record")
def record(
    file: Path = typer.Argument(..., help="The script file to write."),
    name: str = typer.Option("recorded conversation", help="The test case's name."),
    language: str = typer.Option("de", help="The language of the chat (de or en), as a browser would send it."),
    url: Optional[str] = typer.Option(None, help="The Rasa server (default: the local coach)."),
) -> None:
    """Chat with the coach in the terminal; when you end with Ctrl-D (or /done) the chat is written as a script."""
    from bot.channels.rasa_client import CoachUnavailable
    from bot.cli import _settings
    from bot.scripting.export import script_from_events
    from bot.servers import local_token

    settings = _settings()
    rasa_url = url or settings.rasa_url
    channel = RestChannel(rasa_url, rest_token=settings.rest_token)
    sender, user_id = channel.new_user()
    typer.echo("Chat as a user would (type a button's title to press it); end with Ctrl-D or /done, and the "
               "conversation is written as a script.")
    offered: list = []
    try:
        while True:
            try:
                text = input("you> ").strip()
            except EOFError:
                break
            if text == "/done":
                break
            if not text:
                continue
            # A button is pressed by typing its title, as it is shown.
            text = next((button.payload for button in offered if normalised(button.title) == normalised(text)), text)
            offered = []
            for message in channel.send(sender, text, {"language": language}):
                offered += message.buttons
                typer.echo(f"coach> {message.text or ''}")
                if message.buttons:
                    typer.echo("       " + " ".join(f"[{button.title}]" for button in message.buttons))
        events = ConversationState(rasa_url, local_token(settings)).events(user_id)
    except CoachUnavailable as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2)
    finally:
        channel.close()
    _write(file, script_from_events(events, name))


def _write(file: Path, script: str) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(script, encoding="utf-8")
    typer.echo(f"Written to {file}; play it with `trustcoach script run {file}`.")


@script_app.command("demo")
def demo(
    file: Path = typer.Argument(..., help="The script to show."),
    case: Optional[str] = typer.Option(None, help="The test case to play (default: the file's first)."),
    lang: str = typer.Option("de", help="The language to play it in (de or en)."),
    seconds_per_line: float = typer.Option(2.5, help="Pause to read the coach's answer before the next line."),
    headless: bool = typer.Option(False, help="No window (to try a demo without a screen)."),
) -> None:
    """Play a script on the coach's web page in a Chromium window, typing at a person's pace: the audience
    watches the real coach answer. Start the coach first (`make run`)."""
    from playwright.sync_api import Error as BrowserError
    from playwright.sync_api import sync_playwright

    from bot.cli import _settings
    from bot.scripting.demo import Pace, WidgetDriver, chromium_path, play_demo
    from bot.scripting.script import ScriptError, load_scripts

    settings = _settings()
    try:
        cases = load_scripts([file])
    except ScriptError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2)
    chosen = next((c for c in cases if case is None or c.name == case), None)
    if chosen is None:
        typer.echo(f"{file} has no test case {case!r}; it has: {', '.join(c.name for c in cases)}.", err=True)
        raise typer.Exit(2)
    executable = chromium_path()
    if not executable:
        typer.echo("Chromium is not installed: run `apt-get install chromium` (or set CHROMIUM to its path).", err=True)
        raise typer.Exit(2)
    typer.echo(f"Playing {chosen.name} [{lang}] on {settings.web_url} …")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, headless=headless)
            page = browser.new_page(viewport={"width": 480, "height": 860})
            play_demo(chosen, lang, WidgetDriver(page), settings.web_url, Pace(reading_seconds=seconds_per_line),
                      tell=lambda line: typer.echo(f"  user: {line}"))
            if not headless:
                typer.echo("Done. Close the browser window (or press Ctrl-C) to end.")
                page.wait_for_event("close", timeout=0)
            browser.close()
    except (BrowserError, TimeoutError) as error:
        typer.echo(f"The demo stopped: {error}. Is the coach running (`make run`) at {settings.web_url}?", err=True)
        raise typer.Exit(1)
