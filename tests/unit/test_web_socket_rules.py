"""Rules of the web chat channel: allowed origins, buttons per turn, line breaks."""

from __future__ import annotations

from bot.channels.web.socket_rules import (
    origin_allowed,
    parse_origins,
    place_buttons,
    with_line_breaks,
)


def test_only_configured_origins_are_allowed_and_scripts_without_origin_pass():
    allowed = parse_origins("http://localhost:8080, https://shop.example/")
    assert origin_allowed("https://shop.example", allowed) and origin_allowed("http://localhost:8080/", allowed)
    assert not origin_allowed("http://evil.example", allowed)
    assert not origin_allowed("https://shop.example.evil.example", allowed)
    assert origin_allowed(None, allowed)  # no browser: CORS does not apply
    assert origin_allowed("http://anything.example", parse_origins(["*"]))
    assert parse_origins(None) == frozenset()


def test_the_last_message_keeps_quick_replies_and_earlier_ones_get_lasting_buttons():
    reply = {"content_type": "text", "title": "✅ Done", "payload": "/update_plan_item"}
    messages = [
        {"text": "1. Show your face", "quick_replies": [reply]},
        {"text": "between"},
        {"text": "Shall I check in?", "quick_replies": [{"content_type": "text", "title": "Yes", "payload": "/affirm"}]},
    ]
    placed = place_buttons(messages)
    assert placed[0] == {"text": "1. Show your face",
                         "buttons": [{"type": "postback", "title": "✅ Done", "payload": "/update_plan_item"}]}
    assert placed[1] == {"text": "between"} and placed[2] == messages[2]


def test_single_line_breaks_survive_markdown():
    assert with_line_breaks("PDF\nMarkdown\n- a\n- b") == "PDF  \nMarkdown  \n- a  \n- b"
    assert with_line_breaks("one line") == "one line"
