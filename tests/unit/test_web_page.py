"""The web page around the chat widget: language, texts, what the browser may load, the widget script."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from bot.channels.web.page import PageConfig, create_app
from bot.channels.web.widget_bundle import WidgetBundle, WidgetMissing, load_widget_bundle, without_remote_imports
from bot.channels.web.wording import load_page_wording
from bot.coaching.content import ContentError

PROJECT = Path(__file__).resolve().parents[2]
WORDING = PROJECT / "data" / "channels" / "web.yml"
FAKE_WIDGET = WidgetBundle(script=b"window.WebChat = {default: function () {}};", etag="0123456789abcdef", removed_imports=1)


@pytest.fixture
def page():
    app = create_app(PageConfig(rasa_port=5005), load_page_wording(WORDING), FAKE_WIDGET)
    return TestClient(app, base_url="http://localhost:8080")


@pytest.mark.parametrize(
    "accept_language, query, language, heading",
    [
        ("de-DE,de;q=0.9,en;q=0.8", "", "de", "Was der Coach kann"),
        ("en-US,en;q=0.9", "", "en", "What the coach does"),
        ("fr-FR,fr;q=0.9", "", "de", "Was der Coach kann"),  # neither: the default language
        ("fr-CH, en-GB;q=0.5", "", "en", "What the coach does"),
        ("de-DE", "?lang=en", "en", "What the coach does"),  # the page's language switch wins
        ("en-US", "?lang=xx", "en", "What the coach does"),  # an unknown choice is ignored
    ],
)
def test_the_page_speaks_the_browsers_language(page, accept_language, query, language, heading):
    response = page.get("/" + query, headers={"Accept-Language": accept_language})
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.text and heading in response.text
    assert f'data-language="{language}"' in response.text  # the widget sends it to the coach as customData
    assert response.headers["content-language"] == language
    assert 'id="chat-status"' in response.text and "hidden" in response.text  # shown only while the coach is away


def test_the_widget_is_told_where_the_coach_is_and_the_browser_may_connect_nowhere_else(page):
    response = page.get("/")
    assert 'data-socket-url="http://localhost:5005"' in response.text
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "default-src 'none'" in policy
    assert "connect-src 'self' http://localhost:5005 ws://localhost:5005" in policy
    assert "img-src 'self' data:" in policy  # the self-check chart comes inline
    assert "googleapis" not in policy and "frame-ancestors 'none'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"


def test_a_configured_socket_address_is_used_for_widget_and_policy():
    app = create_app(PageConfig(rasa_port=5005, socket_url="https://coach.example"), load_page_wording(WORDING),
                     FAKE_WIDGET)
    response = TestClient(app).get("/")
    assert 'data-socket-url="https://coach.example"' in response.text
    assert "https://coach.example wss://coach.example" in response.headers["content-security-policy"]


def test_page_texts_are_escaped(tmp_path):
    wording = WORDING.read_text(encoding="utf-8").replace(
        'de: "Trust Coach"\n  en: "Trust Coach"', 'de: "<script>alert(1)</script>"\n  en: "Trust Coach"', 1
    )
    (tmp_path / "web.yml").write_text(wording, encoding="utf-8")
    app = create_app(PageConfig(rasa_port=5005), load_page_wording(tmp_path / "web.yml"), FAKE_WIDGET)
    text = TestClient(app).get("/").text
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_the_widget_script_is_served_with_caching(page):
    response = page.get("/widget.js")
    assert response.content == FAKE_WIDGET.script
    assert response.headers["content-type"].startswith("text/javascript")
    again = page.get("/widget.js", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304
    assert page.get("/static/coach.js").status_code == 200 and page.get("/health").json() == {"status": "ok"}


def test_the_installed_widget_asks_no_other_server_for_fonts():
    widget = load_widget_bundle()  # installed by `make setup` (npm ci)
    assert widget.removed_imports >= 1
    assert b"fonts.googleapis.com" not in widget.script and b"WebChat" in widget.script


def test_remote_css_imports_are_cut_and_local_ones_kept():
    script = 'a="@import url(https://fonts.googleapis.com/css?family=Inter:400&display=swap);.x{}@import url(local.css);"'
    cleaned, removed = without_remote_imports(script)
    assert removed == 1 and "googleapis" not in cleaned and "@import url(local.css);" in cleaned


def test_a_missing_widget_tells_the_operator_to_run_setup(tmp_path):
    with pytest.raises(WidgetMissing) as error:
        load_widget_bundle(tmp_path)
    assert "make setup" in str(error.value) and "npm" in str(error.value)


def test_page_wording_must_have_both_languages(tmp_path):
    (tmp_path / "web.yml").write_text(WORDING.read_text(encoding="utf-8").replace('  en: "Trust Coach"\n', "", 1),
                                      encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_page_wording(tmp_path / "web.yml")
    assert "web.yml" in str(error.value) and "heading.en" in str(error.value)
