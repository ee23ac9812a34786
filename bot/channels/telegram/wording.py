"""What the Telegram bridge says itself, from `data/channels/telegram.yml`."""

from __future__ import annotations

from pathlib import Path
from typing import Dict

from pydantic import ValidationError

from bot.coaching.content import ContentError, Strict, Text, describe, read_yaml

# Telegram command -> the message the coach gets for it ("/lang de" keeps its argument).
COMMANDS = {
    "start": "/greet",
    "help": "/request_help",
    "plan": "/show_plan",
    "check": "/start_self_check",
    "lang": "/lang",
    "mydata": "/mydata",
    "forget": "/forget",
}


class BridgeWording(Strict):
    coach_restarting: Text
    button_expired: Text
    only_text: Text
    document_unavailable: Text
    commands: Dict[str, Text]


def load_bridge_wording(path: Path) -> BridgeWording:
    try:
        wording = BridgeWording.model_validate(read_yaml(path))
    except ValidationError as error:
        raise ContentError(f"{path}: {describe(error)}") from None
    missing = sorted(set(COMMANDS) - set(wording.commands))
    if missing:
        raise ContentError(f"{path}: commands: no description for {', '.join(missing)}.")
    return wording
