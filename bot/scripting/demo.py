"""Demo mode for workshops: a script played on the coach's own web page, in a browser window the audience
watches – the user's lines typed into the chat widget at a person's pace, buttons clicked, the real coach
answering. Expectations are not checked here (`trustcoach script run` does that)."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Callable, List, Optional

from bot.scripting.script import TestCase, substitute

# The rasa-webchat widget's elements (the browser tests use the same).
BOT_MESSAGES = ".rw-messages-container .rw-response"
USER_MESSAGES = ".rw-messages-container .rw-client"
REPLIES = ".rw-messages-container .rw-reply"
TYPING = ".rw-messages-container #wave"
INPUT = ".rw-new-message"


@dataclass(frozen=True)
class Pace:
    """How a person types and reads: milliseconds per key, and seconds to read before the next line."""

    per_key_ms: float = 70.0
    reading_seconds: float = 2.5

    @classmethod
    def instant(cls) -> "Pace":
        return cls(0.0, 0.0)


class WidgetDriver:
    """The chat widget of one browser page (the browser tests drive it through a subclass)."""

    def __init__(self, page, answer_timeout: float = 90.0, quiet: float = 1.5) -> None:
        self.page = page
        self.answer_timeout = answer_timeout
        self.quiet = quiet  # seconds without a new message after which the coach has finished answering

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.wait_for_answer(0)

    def bot_texts(self) -> List[str]:
        return [text for text in self.page.locator(BOT_MESSAGES).all_inner_texts() if text.strip()]

    def type_message(self, text: str, pace: Pace) -> List[str]:
        before = len(self.bot_texts())
        self.page.click(INPUT)
        for character in text:
            self.page.keyboard.type(character)
            if pace.per_key_ms:
                time.sleep(random.uniform(0.5, 1.5) * pace.per_key_ms / 1000)
        self.page.keyboard.press("Enter")
        return self.wait_for_answer(before)

    def press(self, title: str) -> List[str]:
        """Press the button (quick reply or lasting button) with this title, the last one if several."""
        before = len(self.bot_texts())
        self.page.locator(REPLIES).filter(has_text=title).last.click()
        return self.wait_for_answer(before)

    def wait_for_answer(self, before: int, timeout: Optional[float] = None) -> List[str]:
        """The messages after the first `before`, once the coach has finished answering."""
        timeout = self.answer_timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        while len(self.bot_texts()) <= before:
            if time.monotonic() > deadline:
                raise TimeoutError(f"the coach showed nothing new within {timeout:.0f} s")
            time.sleep(0.2)
        self.wait_until_quiet(deadline)
        return self.bot_texts()[before:]

    def wait_until_quiet(self, deadline: float = 0.0) -> None:
        """The widget shows queued messages one by one behind a typing indicator: wait until it is done."""
        deadline = deadline or time.monotonic() + 60
        shown, quiet_since = -1, time.monotonic()
        while time.monotonic() < deadline:
            count = len(self.bot_texts())
            if count != shown or self.page.locator(TYPING).count():
                shown, quiet_since = count, time.monotonic()
            elif time.monotonic() - quiet_since > self.quiet:
                return
            time.sleep(0.2)
        raise TimeoutError("the chat did not settle")


def play_demo(
    case: TestCase, language: str, driver: WidgetDriver, page_url: str, pace: Pace,
    tell: Callable[[str], None] = lambda line: None,
) -> List[List[str]]:
    """Plays the case's user steps on the page (with `?lang=` for the language); the coach's answer to each."""
    driver.open(f"{page_url}/?lang={language}")
    answers: List[List[str]] = []
    variables = {"language": language}
    for step in case.steps:
        if step.kind not in ("user", "press"):
            continue
        value = str(substitute(step.for_language(language), variables, step.source))
        if step.kind == "press" and not value.startswith("/"):
            tell(f"[{value}]")
            answers.append(driver.press(value))
        else:
            tell(value)
            answers.append(driver.type_message(value, pace))
        if pace.reading_seconds:
            time.sleep(pace.reading_seconds)
    return answers


def chromium_path() -> Optional[str]:
    import os
    import shutil

    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
