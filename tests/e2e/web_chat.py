"""The web page's chat widget as a browser test drives it: type, press buttons, read what the coach shows."""

from __future__ import annotations

from typing import List
from urllib.parse import urlparse

from bot.scripting.demo import BOT_MESSAGES, INPUT, REPLIES, USER_MESSAGES, WidgetDriver


class WebChat(WidgetDriver):
    """One browser tab with the coach's page; records every request the page makes."""

    def __init__(self, page, url: str):
        super().__init__(page, quiet=2.0)
        self.url = url
        self.requests: List[str] = []
        self.dialogs: List[str] = []
        self.page_errors: List[str] = []
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, query: str = "") -> "WebChat":
        super().open(self.url + query)
        return self

    def reload(self) -> None:
        self.page.reload()
        self.page.wait_for_selector(BOT_MESSAGES, timeout=30_000)
        self.wait_until_quiet()

    def user_texts(self) -> List[str]:
        return self.page.locator(USER_MESSAGES).all_inner_texts()

    def replies(self) -> List[str]:
        return self.page.locator(REPLIES).all_inner_texts()

    def say(self, text: str) -> List[str]:
        """Type a message at once and press Enter; the coach's new messages once it has finished answering."""
        before = len(self.bot_texts())
        self.page.fill(INPUT, text)
        self.page.keyboard.press("Enter")
        return self.wait_for_answer(before)

    def press_first(self, title: str) -> List[str]:
        """Press the first button with this title (e.g. the one under the plan's first item)."""
        before = len(self.bot_texts())
        self.page.locator(REPLIES).filter(has_text=title).first.click()
        return self.wait_for_answer(before)

    def images(self) -> List[dict]:
        return self.page.eval_on_selector_all(
            ".rw-messages-container img",
            "images => images.map(image => ({src: image.src.slice(0, 30), width: image.naturalWidth}))",
        )

    def foreign_requests(self) -> List[str]:
        """Requests to anything but this machine (data: URLs stay in the page)."""
        return [url for url in self.requests if not url.startswith("data:") and urlparse(url).hostname != "127.0.0.1"]
