"""Settings: defaults that work out of the box, clear errors for bad values."""

import pytest

from bot.config import Settings, SettingsError


def test_defaults_keep_everything_on_this_machine(isolated_env):
    settings = Settings.from_env()
    assert settings.rasa_url == "http://127.0.0.1:5005"
    assert settings.action_url == "http://127.0.0.1:5055/webhook"
    assert settings.tracker_db == isolated_env / "var" / "tracker.db"
    assert settings.default_language == "de"


@pytest.mark.parametrize(
    "variable, value, hint",
    [
        ("TRUSTCOACH_RASA_PORT", "abc", "not a port number"),
        ("TRUSTCOACH_ACTION_PORT", "70000", "outside 1-65535"),
        ("TRUSTCOACH_DEFAULT_LANGUAGE", "fr", "use 'de' or 'en'"),
        ("TRUSTCOACH_WEB_PORT", "http", "not a port number"),
        ("TRUSTCOACH_WEB_ORIGINS", "shop.example/page", "write scheme, host and port only"),
    ],
)
def test_bad_values_name_the_variable_and_the_fix(isolated_env, monkeypatch, variable, value, hint):
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as error:
        Settings.from_env()
    assert variable in str(error.value) and hint in str(error.value)


def test_the_coaching_database_defaults_to_sqlite_under_var(isolated_env, monkeypatch):
    from bot.config import Settings

    monkeypatch.delenv("TRUSTCOACH_DATABASE_URL", raising=False)
    assert Settings.from_env().database_url == f"sqlite:///{(isolated_env / 'var' / 'coaching.db').resolve()}"
    monkeypatch.setenv("TRUSTCOACH_DATABASE_URL", "postgresql+psycopg://coach@db/trust")
    assert Settings.from_env().database_url == "postgresql+psycopg://coach@db/trust"


def test_the_web_page_and_the_sites_that_embed_the_widget(isolated_env, monkeypatch):
    settings = Settings.from_env()
    assert settings.web_url == "http://127.0.0.1:8080"
    assert settings.allowed_web_origins == ("http://localhost:8080", "http://127.0.0.1:8080")
    monkeypatch.setenv("TRUSTCOACH_WEB_ORIGINS", "https://shop.example/, http://localhost:3000")
    assert Settings.from_env().allowed_web_origins[-2:] == ("https://shop.example", "http://localhost:3000")
