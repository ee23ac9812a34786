"""The terminal chat: what a user sees and how buttons are pressed."""

from __future__ import annotations

import base64
import io

from rich.console import Console

from bot.channels.rasa_client import BotMessage, Button, CoachUnavailable
from bot.channels.terminal import TerminalChat, language_from_locale, load_or_create_sender_id, render


class FakeCoach:
    """Answers every message with one text and two buttons, and records what it was sent."""

    def __init__(self, fail: bool = False):
        self.fail = fail
        self.received = []

    def send(self, sender_id, text, metadata=None):
        self.received.append((sender_id, text, metadata))
        if self.fail:
            raise CoachUnavailable("The coach at http://127.0.0.1:1 did not answer: connection refused")
        return [BotMessage(text=f"**Antwort** auf {text!r}", buttons=[Button("Garantien", "/ask_guarantee"), Button("Menü", "/request_help")])]


def chat_with(lines, coach, language="de"):
    output = io.StringIO()
    pending = iter(lines)

    def read_line(_prompt):
        try:
            return next(pending)
        except StopIteration:
            raise EOFError

    chat = TerminalChat(coach, "cli:test", language, console=Console(file=output, width=300), read_line=read_line)
    return chat, output


def test_new_conversation_starts_with_the_coach_introducing_itself():
    coach = FakeCoach()
    chat, output = chat_with([], coach)
    chat.run(greet=True)
    assert coach.received == [("cli:test", "/greet", {"language": "de"})]
    assert "[1] Garantien" in output.getvalue() and "[2] Menü" in output.getvalue()


def test_a_number_presses_the_button_and_other_text_is_sent_as_typed():
    coach = FakeCoach()
    chat, output = chat_with(["Was ist der Trust Gap?", "1", "7", ""], coach)
    chat.run(greet=False)
    assert [text for _, text, _ in coach.received] == ["Was ist der Trust Gap?", "/ask_guarantee", "7", ""]
    assert "Antwort" in output.getvalue() and "**" not in output.getvalue()


def test_an_unreachable_coach_is_reported_and_the_chat_goes_on():
    coach = FakeCoach(fail=True)
    chat, output = chat_with(["hallo", "noch da?"], coach)
    chat.run(greet=False)
    assert len(coach.received) == 2
    assert output.getvalue().count("make run") == 2


def test_locale_gives_the_starting_language():
    assert language_from_locale({"LANG": "en_GB.UTF-8"}) == "en"
    assert language_from_locale({"LC_ALL": "de_CH.UTF-8", "LANG": "en_US.UTF-8"}) == "de"
    assert language_from_locale({"LANG": "fr_FR.UTF-8"}) is None
    assert language_from_locale({"LANG": "C.UTF-8"}) is None
    assert language_from_locale({}) is None


def test_sender_id_is_kept_between_chats_unless_a_new_one_is_asked_for(tmp_path):
    path = tmp_path / "var" / "chat_sender_id"
    first, first_is_new = load_or_create_sender_id(path)
    again, again_is_new = load_or_create_sender_id(path)
    fresh, fresh_is_new = load_or_create_sender_id(path, new=True)
    assert first.startswith("cli:") and first_is_new
    assert (again, again_is_new) == (first, False)
    assert fresh != first and fresh_is_new


def test_an_inline_chart_is_saved_to_a_file_the_user_can_open(tmp_path):
    png = b"\x89PNG\r\n\x1a\nfake"
    output = io.StringIO()
    render([BotMessage(text="Chart:", image="data:image/png;base64," + base64.b64encode(png).decode())],
           Console(file=output, width=200), image_dir=tmp_path)
    saved = list(tmp_path.glob("*.png"))
    assert len(saved) == 1 and saved[0].read_bytes() == png
    assert str(saved[0]) in output.getvalue() and "base64" not in output.getvalue()


def test_lines_of_a_message_stay_on_their_own_lines():
    output = io.StringIO()
    render([BotMessage(text="**1. Title**\n• first step\n• second step\n📖 Source")], Console(file=output, width=200))
    lines = [line.strip() for line in output.getvalue().splitlines() if line.strip()]
    assert lines == ["1. Title", "• first step", "• second step", "📖 Source"]


def test_a_document_shows_its_download_link():
    output = io.StringIO()
    url = "http://127.0.0.1:5055/downloads/abc/trust-plan-2026-11-23.pdf"
    render([BotMessage(custom={"document": {"url": url, "filename": "trust-plan-2026-11-23.pdf"}})],
           Console(file=output, width=200))
    assert f"trust-plan-2026-11-23.pdf: {url}" in output.getvalue()
