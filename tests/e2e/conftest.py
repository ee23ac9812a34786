"""The real Rasa and action servers on free loopback ports, started once for all end-to-end tests."""

from __future__ import annotations

import dataclasses
import os
import socket

import pytest

from bot.channels.rasa_client import RasaClient
from bot.config import Settings
from bot.servers import CoachServers


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def coach(tmp_path_factory):
    os.environ.pop("TELEGRAM_BOT_TOKEN", None)  # tests talk to nothing but this machine
    var_dir = tmp_path_factory.mktemp("var")
    settings = dataclasses.replace(
        Settings.from_env(),
        var_dir=var_dir,
        tracker_db=var_dir / "tracker.db",
        index_dir=var_dir / "index",  # built by the action server at start, away from the developer's var/
        database_url=f"sqlite:///{var_dir / 'coaching.db'}",
        host="127.0.0.1",
        rasa_port=_free_port(),
        action_port=_free_port(),
    )
    servers = CoachServers(settings, log_dir=var_dir / "logs")
    servers.start(timeout=600)
    yield servers
    servers.stop()


@pytest.fixture
def client(coach):
    rasa = RasaClient(coach.settings.rasa_url, timeout=120)
    yield rasa
    rasa.close()
