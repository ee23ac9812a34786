"""The greeting: the welcome, and what a greeting told about the business."""

from pathlib import Path

import yaml
from rasa_sdk.executor import CollectingDispatcher

from tests.helpers import make_tracker


async def test_a_greeting_that_tells_about_the_business_gets_the_welcome_and_what_was_noted(monkeypatch, tmp_path):
    from actions.greeting import ActionGreet
    from tests.helpers import load_coaching, use_coaching

    use_coaching(monkeypatch, load_coaching(tmp_path))
    dispatcher = CollectingDispatcher()
    domain = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))
    await ActionGreet().run(dispatcher, make_tracker("moin, hab nen friseursalon mit 4 leuten", intent="greet"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_greet", "utter_profile_facts_noted"]
    assert "•" in dispatcher.messages[1]["answers"]


async def test_a_message_taken_for_a_greeting_without_one_is_read_for_what_it_tells(monkeypatch, tmp_path):
    from actions.greeting import ActionGreet
    from tests.helpers import load_coaching, use_coaching

    use_coaching(monkeypatch, load_coaching(tmp_path))
    domain = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))
    dispatcher = CollectingDispatcher()
    await ActionGreet().run(dispatcher, make_tracker("ich bin yogalehrerin und mach alles allein", intent="greet"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_greet", "utter_profile_facts_noted"]
    dispatcher = CollectingDispatcher()
    await ActionGreet().run(dispatcher, make_tracker("hallo", intent="greet"), domain)
    assert [m["response"] for m in dispatcher.messages] == ["utter_greet"]
