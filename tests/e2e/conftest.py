"""The real servers (Rasa, actions, web page) on free loopback ports, started once for all end-to-end tests,
and a headless Chromium for the browser tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bot.channels.rasa_client import RasaClient
from bot.servers import CoachServers, isolated_settings


# A site that embeds the widget (the README's snippet) in the browser tests; the browser serves it itself.
# Named localhost because Chromium lets only secure contexts reach this machine from another site.
EMBEDDING_SITE = "http://localhost:9"


def pytest_collection_modifyitems(items):
    """Tests marked `after_all` (the log check) run once everything else has used the servers."""
    items.sort(key=lambda item: item.get_closest_marker("after_all") is not None)


@pytest.fixture(scope="session")
def coach(tmp_path_factory):
    os.environ.pop("TELEGRAM_BOT_TOKEN", None)  # tests talk to nothing but this machine
    var_dir = tmp_path_factory.mktemp("var")
    settings = isolated_settings(var_dir, web_origins=(EMBEDDING_SITE,))
    servers = CoachServers(settings, log_dir=var_dir / "logs")
    servers.start(timeout=600)
    yield servers
    servers.stop()


@pytest.fixture
def client(coach):
    """Rasa's REST channel, as any client on this machine uses it (its users are `rest:…`)."""
    rasa = RasaClient(coach.settings.rasa_url, timeout=120)
    yield rasa
    rasa.close()


@pytest.fixture
def channel_client(coach):
    """A client of one of the coach's own channels ("telegram", "cli"), holding the internal token as the
    Telegram bridge and the terminal chat do."""
    clients = []

    def make(channel: str) -> RasaClient:
        clients.append(RasaClient(coach.settings.rasa_url, timeout=120, channel=channel, token=coach.rasa_token))
        return clients[-1]

    yield make
    for rasa in clients:
        rasa.close()


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright: no browser download (`apt-get install chromium`)."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        pytest.fail("Chromium is not installed: run `apt-get install chromium` (or set CHROMIUM to its path).")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where browser tests leave their screenshots (kept as test artifacts)."""
    folder = Path(__file__).resolve().parents[2] / "build" / "results" / "web"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
