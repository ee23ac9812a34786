"""Fixtures that keep tests away from the developer's var/ and settings."""

import pytest


@pytest.fixture
def isolated_env(tmp_path, monkeypatch):
    """Point every Trust Coach path at a temporary directory."""
    monkeypatch.setenv("TRUSTCOACH_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("TRUSTCOACH_TRACKER_DB", raising=False)
    monkeypatch.delenv("TRUSTCOACH_DEFAULT_LANGUAGE", raising=False)
    for web_setting in ("TRUSTCOACH_WEB_PORT", "TRUSTCOACH_WEB_ORIGINS", "TRUSTCOACH_SOCKET_URL"):
        monkeypatch.delenv(web_setting, raising=False)
    return tmp_path
