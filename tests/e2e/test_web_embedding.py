"""The README's snippet for embedding the widget on another site, run in the browser on allowed and other sites."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import EMBEDDING_SITE

pytestmark = pytest.mark.e2e

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_snippet(coach) -> str:
    """The HTML block under "Embedding the widget", pointed at the coach under test."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("Embedding the widget on another site"):]
    snippet = re.search(r"```html\n(.*?)```", section, re.S).group(1)
    return (snippet
            .replace("https://coach.example.com/widget.js", f"http://127.0.0.1:{coach.settings.web_port}/widget.js")
            .replace("https://coach.example.com:5005", coach.settings.rasa_url))


def open_site(browser, origin: str, html: str):
    """A page on another site, served by the browser itself (nothing leaves the machine)."""
    # Chromium asks before another site may reach this machine (Local Network Access); in production the
    # coach has a public address, so the permission is granted here.
    context = browser.new_context(locale="en-GB", permissions=["local-network-access"])
    context.route(f"{origin}/", lambda route: route.fulfill(
        status=200, content_type="text/html", body=f"<!doctype html><html><body>{html}</body></html>"))
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: message.type == "error" and page.console_errors.append(message.text))
    page.goto(f"{origin}/")
    return context, page


def bot_messages(page) -> list:
    return [text for text in page.locator(".rw-response").all_inner_texts() if text.strip()]


def test_the_readme_snippet_embeds_the_coach_on_an_allowed_site(coach, browser):
    context, page = open_site(browser, EMBEDDING_SITE, readme_snippet(coach))
    page.wait_for_selector(".rw-response", timeout=30_000)
    deadline = time.monotonic() + 30
    while not any("Trust Coach" in text for text in bot_messages(page)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert any("Hello, I'm the Trust Coach" in text for text in bot_messages(page))  # English, from the browser
    context.close()


def test_a_site_that_is_not_allowed_gets_no_conversation(coach, browser):
    context, page = open_site(browser, "http://localhost:10", readme_snippet(coach))
    page.wait_for_function("window.WebChat !== undefined")  # the widget loaded ...
    time.sleep(8)
    assert bot_messages(page) == []  # ... but the coach did not let it in:
    assert any("/socket.io/" in error and "blocked by CORS policy" in error for error in page.console_errors)
    context.close()
