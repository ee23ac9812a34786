"""Fixtures that keep tests away from the developer's var/ and settings."""

import pytest


@pytest.fixture
def isolated_env(tmp_path, monkeypatch):
    """Point every Trust Coach path at a temporary directory."""
    monkeypatch.setenv("TRUSTCOACH_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.delenv("TRUSTCOACH_TRACKER_DB", raising=False)
    monkeypatch.delenv("TRUSTCOACH_DEFAULT_LANGUAGE", raising=False)
    return tmp_path
