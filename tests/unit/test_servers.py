"""What `trustcoach serve` (and so `make run`) starts: the web page always, the Telegram bridge only with a token."""

import dataclasses
import stat

from bot.config import Settings
from bot.servers import CoachServers, local_token, remove_token_file, write_token_file


def servers(tmp_path):
    (tmp_path / "model.tar.gz").write_bytes(b"")
    return CoachServers(dataclasses.replace(Settings.from_env(), model_dir=tmp_path), log_dir=tmp_path)


def test_the_telegram_bridge_starts_with_the_coach_when_a_token_is_set(tmp_path, monkeypatch):
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert [server.name for server in servers(tmp_path)._servers] == ["action server", "Rasa server", "web page"]
    assert not servers(tmp_path).has_telegram
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:TEST")
    started = servers(tmp_path)
    bridge = started._servers[-1]
    assert bridge.name == "Telegram bridge" and bridge.command[-3:] == ["telegram", "--url", started.settings.rasa_url]
    assert "123:TEST" not in " ".join(bridge.command)  # the token stays in the environment, out of `ps`


def test_rasa_api_is_guarded_by_a_random_token_that_reaches_the_processes_but_no_command_line(tmp_path, monkeypatch):
    monkeypatch.delenv("TRUSTCOACH_RASA_TOKEN", raising=False)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:TEST")
    started = servers(tmp_path)
    assert len(started.rasa_token) >= 32 and started.rasa_token != servers(tmp_path).rasa_token
    rasa = started._servers[1].command
    assert rasa[1:4] == ["-m", "rasa_plugins.rasa_server", "run"] and "--enable-api" in rasa
    for server in started._servers:
        assert started.rasa_token not in " ".join(server.command)  # `ps` shows no token
    assert started._environment()["TRUSTCOACH_RASA_TOKEN"] == started.rasa_token
    assert started._environment()["SANIC_ACCESS_LOG"] == "False"  # Rasa's API token is a query parameter


def test_an_operator_token_is_used_and_left_for_the_terminal_chat_readable_by_its_user_only(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUSTCOACH_RASA_TOKEN", "operator-token")
    settings = dataclasses.replace(Settings.from_env(), var_dir=tmp_path / "var")
    assert CoachServers(settings).rasa_token == "operator-token"
    write_token_file(settings.token_file, "started-token")
    assert stat.S_IMODE(settings.token_file.stat().st_mode) == 0o600
    assert local_token(settings) == "operator-token"  # the environment wins
    assert local_token(dataclasses.replace(settings, rasa_token="")) == "started-token"
    remove_token_file(settings.token_file, "another-start")
    assert settings.token_file.exists()  # not ours: kept
    remove_token_file(settings.token_file, "started-token")
    assert not settings.token_file.exists()


def test_the_web_page_is_served_and_only_its_origins_may_use_rasa_from_a_browser(tmp_path, monkeypatch):
    monkeypatch.setenv("TRUSTCOACH_WEB_ORIGINS", "https://shop.example")
    started = servers(tmp_path)
    web = next(server for server in started._servers if server.name == "web page")
    assert web.command[-3:] == ["web", "--port", "8080"] and web.health_url == "http://127.0.0.1:8080/health"
    rasa = started._servers[1].command
    allowed = ["http://localhost:8080", "http://127.0.0.1:8080", "https://shop.example"]
    assert rasa[rasa.index("--cors") + 1:] == allowed
    assert started._environment()["TRUSTCOACH_WEB_ORIGINS"] == ",".join(allowed)  # credentials.yml reads it
