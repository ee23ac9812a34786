"""A chat with the coach in the terminal (Rasa's `cli` channel): buttons become numbered choices."""

from __future__ import annotations

import base64
import os
import re
import uuid
from pathlib import Path
from typing import Callable, List, Optional

from rich.console import Console
from rich.markdown import Markdown

from bot.channels.rasa_client import BotMessage, Button, CoachUnavailable, RasaClient
from bot.identity import is_terminal_user_id, new_terminal_user_id
from bot.language import SUPPORTED_LANGUAGES, normalise_language_code
from bot.typed_commands import GREETING


def language_from_locale(environ: Optional[dict] = None) -> Optional[str]:
    """'de' or 'en' from the terminal's locale (LC_ALL, LC_MESSAGES, LANG), if it is one of those."""
    environ = os.environ if environ is None else environ
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        code = normalise_language_code(environ.get(variable))
        if code:
            return code if code in SUPPORTED_LANGUAGES else None
    return None


def load_or_create_sender_id(path: Path, new: bool = False) -> tuple[str, bool]:
    """The terminal user's id (`cli:<uuid>`), kept in a file so a restart continues the same conversation."""
    if path.exists() and not new:
        stored = path.read_text().strip()
        if is_terminal_user_id(stored):
            return stored, False
    sender_id = new_terminal_user_id()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(sender_id + "\n")
    return sender_id, True


def image_location(image: str, image_dir: Path) -> str:
    """Where to look at an image: its URL, or for an inline (data:) image the file it is saved to."""
    match = re.match(r"data:image/(\w+);base64,(.*)", image, re.DOTALL)
    if not match:
        return image
    image_dir.mkdir(parents=True, exist_ok=True)
    path = image_dir / f"{uuid.uuid4().hex[:12]}.{match.group(1)}"
    path.write_bytes(base64.b64decode(match.group(2)))
    return str(path)


def render(messages: List[BotMessage], console: Console, image_dir: Optional[Path] = None) -> List[Button]:
    """Print the coach's replies; return the buttons the user can now choose by number."""
    buttons: List[Button] = []
    for message in messages:
        if message.text:
            # Channels show a single newline as a line break; Markdown would join the lines, so keep them apart.
            console.print(Markdown(message.text.replace("\n", "  \n")))
        if message.image:
            console.print(f"🖼  {image_location(message.image, image_dir or Path('var') / 'chat_images')}")
        document = (message.custom or {}).get("document")
        if isinstance(document, dict) and document.get("url"):
            console.print(f"📄 {document.get('filename', '')}: {document['url']}", soft_wrap=True)
        for button in message.buttons:
            buttons.append(button)
            console.print(f"  [bold cyan][{len(buttons)}][/] {button.title}")
        console.print()
    return buttons


class TerminalChat:
    def __init__(
        self,
        client: RasaClient,
        sender_id: str,
        language: Optional[str],
        console: Optional[Console] = None,
        read_line: Callable[[str], str] = input,
        image_dir: Optional[Path] = None,
    ) -> None:
        self.image_dir = image_dir
        self.client = client
        self.sender_id = sender_id
        self.metadata = {"language": language} if language else {}
        self.console = console or Console()
        self.read_line = read_line
        self.buttons: List[Button] = []

    def send(self, text: str) -> None:
        try:
            replies = self.client.send(self.sender_id, text, self.metadata)
        except CoachUnavailable as error:
            self.console.print(f"[red]{error}[/] Is the coach running (`make run`)? Nothing was sent; try again once it is up.")
            return
        self.buttons = render(replies, self.console, self.image_dir)

    def resolve(self, line: str) -> str:
        """A number picks one of the last buttons; anything else is sent as typed."""
        choice = line.strip()
        if choice.isdigit() and 1 <= int(choice) <= len(self.buttons):
            return self.buttons[int(choice) - 1].payload
        return line

    def run(self, greet: bool) -> None:
        if greet:
            self.send(GREETING)  # a brand-new conversation: the coach introduces itself
        while True:
            try:
                line = self.read_line("> ")
            except (EOFError, KeyboardInterrupt):
                self.console.print()
                return
            self.send(self.resolve(line))
