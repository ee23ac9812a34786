"""The action server registers every custom action the domain names, under that name, and nothing it cannot name."""

from pathlib import Path

import yaml
from rasa_sdk.executor import ActionExecutor

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))


def test_every_custom_action_of_the_domain_is_registered():
    executor = ActionExecutor()
    executor.register_package("actions")  # raises if an Action subclass has no name, as at server start
    custom = {name for name in DOMAIN["actions"] if name.startswith(("action_", "validate_"))}
    assert custom <= set(executor.actions)
