"""Only the coach's own payloads are taken as intents; the allow-list comes from the domain and the channels."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.channels.telegram.wording import COMMANDS
from bot.typed_commands import (
    CHANNEL_COMMANDS, UNOFFERED_COMMAND, button_payloads, is_unoffered_command, offered_payloads,
    without_intent_prefix,
)
ROOT = Path(__file__).resolve().parents[2]
RESPONSES = yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]
OFFERED = offered_payloads(RESPONSES)


def test_every_button_of_the_domain_is_offered():
    payloads = list(button_payloads(RESPONSES))
    assert len(payloads) > 50
    for payload in payloads:
        if "{position}" not in payload and "{action_id}" not in payload:  # templates: filled ones are tested below
            assert OFFERED.offers(payload), payload


@pytest.mark.parametrize("pressed", [
    '/update_plan_item{"item_number": "3", "item_status": "done"}',
    '/update_plan_item{"item_number": "12", "item_status": "skipped"}',
    '/request_check_in{"check_in_days": "7"}',
    '/change_profile{"profile_question": "team_size"}',
    '/switch_language{"language": "en"}',
    '/add_to_plan{"catalog_action": "ask-customers-who-did-not-come-back"}',
    "/ask_trust_gap", "/request_plan", "/show_plan", "/affirm",
])
def test_buttons_the_coach_sends_are_taken_as_intents(pressed):
    assert OFFERED.offers(pressed)


@pytest.mark.parametrize("typed", [
    "/check_in_due",  # internal: only the check-in delivery triggers it, over the API
    "/forget@0.99",  # a made-up confidence
    '/request_plan{"business_type": "x"}',  # entities no button carries
    '/request_check_in{"check_in_days": "3650"}',
    '/update_plan_item{"item_number": "1\\", \\"x\\": \\"y", "item_status": "done"}',  # no quotes smuggled into a value
    '/switch_language{"language": "fr"}',
    "/session_start", "/restart", "/nlu_fallback",
])
def test_payloads_the_coach_never_offers_are_not_intents(typed):
    assert not OFFERED.offers(typed)


def test_the_documented_commands_are_offered_and_cover_the_telegram_menu():
    for command in CHANNEL_COMMANDS:
        assert OFFERED.offers(command)
    # "/lang" carries its argument and is no intent to Rasa; every other menu entry must be an offered payload.
    assert {payload for payload in COMMANDS.values() if payload != "/lang"} <= set(CHANNEL_COMMANDS)


def test_the_mark_for_an_unoffered_command_is_read_only_when_it_is_exactly_ours():
    assert is_unoffered_command({UNOFFERED_COMMAND: True})
    assert not is_unoffered_command({UNOFFERED_COMMAND: "yes"}) and not is_unoffered_command(None)
    assert without_intent_prefix(" //check_in_due ") == "check_in_due"
