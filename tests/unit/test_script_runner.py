"""Conversation scripts: the format reads like Rasa's e2e test cases, a step fails when the coach does not do what
it says (with the script line, what was expected and what came), and passes when it does, in each language."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import pytest
import yaml

from bot.channels.rasa_client import BotMessage, Button
from bot.scripting.responses import Responses, normalised
from bot.scripting.runner import Knowledge, ScriptRunner
from bot.scripting.script import ScriptError, load_scripts

EN = [{"type": "slot", "name": "language", "value": "en"}]
RESPONSES = {
    "utter_greet": [{"text": "Hallo, ich bin der **Trust Coach**. {tip}"}, {"text": "Hello, I'm the **Trust Coach**. {tip}", "condition": EN}],
    "utter_ask_business_type": [{"text": "Was für ein Geschäft hast du?"}, {"text": "What kind of business do you run?", "condition": EN}],
    "utter_rate_limited": [{"text": "Das waren zu viele Nachrichten."}, {"text": "That was a lot of messages.", "condition": EN}],
}


class FakeCoach:
    """Answers like the coach would: a greeting with two buttons, the first profile question on a button press."""

    def __init__(self, rate_limited_first: int = 0) -> None:
        self.slots: Dict[str, Dict[str, Any]] = {}
        self.sent: List[tuple] = []
        self.rate_limited_first = rate_limited_first

    def channel(self):
        coach = self

        class Channel:
            name = "fake"

            def new_user(self):
                return "u1", f"rest:u{len(coach.slots) + 1}"

            def send(self, user, text, metadata):
                coach.sent.append((text, metadata.get("language")))
                english = metadata.get("language") == "en"
                if coach.rate_limited_first:
                    coach.rate_limited_first -= 1
                    return [BotMessage("That was a lot of messages." if english else "Das waren zu viele Nachrichten.")]
                if text == "/request_plan":
                    return [BotMessage("What kind of business do you run?" if english else "Was für ein Geschäft hast du?")]
                greeting = "Hello, I'm the Trust Coach. Try the plan." if english else "Hallo, ich bin der Trust Coach. Probier den Plan."
                return [BotMessage(greeting, [Button("My trust plan" if english else "Mein Vertrauensplan", "/request_plan")]),
                        BotMessage("Your code: AB12-CD")]

            def close(self):
                pass

        return Channel()


class FakeState:
    def __init__(self, coach: FakeCoach) -> None:
        self.coach = coach
        self.fixtures: List[tuple] = []

    def tracker(self, user_id):
        return {"slots": {"language": self.coach.sent[-1][1], "business_type": None},
                "latest_message": {"intent": {"name": "greet", "confidence": 0.98}},
                "events": [{"event": "user"}, {"event": "action", "name": "action_greet"}],
                "active_loop": {}}

    def set_slots(self, user_id, slots):
        self.fixtures += list(slots)


def knowledge() -> Knowledge:
    return Knowledge({"trust-gap": ("Die Vertrauenslücke",)}, {"reply-to-reviews": ("Antworte", "Reply")},
                     lambda user: ["reply-to-reviews"], lambda text: "en" if "Hello" in text or "What" in text else "de")


def play(tmp_path: Path, script: str, coach: FakeCoach = None, **options):
    path = tmp_path / "case.yml"
    path.write_text(script, encoding="utf-8")
    coach = coach or FakeCoach()
    runner = ScriptRunner(coach.channel, FakeState(coach), Responses(RESPONSES), knowledge(), pause=0)
    return runner.run(load_scripts([path]), **options)


BILINGUAL = """
test_cases:
- test_case: greeting_then_plan
  languages: [de, en]
  steps:
  - user: {de: "Hallo", en: "Hello"}
  - utter: utter_greet
  - buttons: {de: ["Mein Vertrauensplan"], en: ["My trust plan"]}
  - language: active
  - intent: greet
  - action: action_greet
  - slot_was_set:
    - language: ${language}
  - capture: {code: "code: ([A-Z0-9-]+)"}
  - press: {de: "Mein Vertrauensplan", en: "My trust plan"}
  - utter: utter_ask_business_type
  - plan_contains: reply-to-reviews
"""


def test_a_bilingual_script_passes_in_each_language(tmp_path):
    runs = play(tmp_path, BILINGUAL)
    assert [(run.language, run.passed) for run in runs] == [("de", True), ("en", True)]


def test_a_response_by_name_does_not_pass_for_its_other_language(tmp_path):
    script = BILINGUAL.replace("languages: [de, en]", "languages: [en]").replace('en: "Hello"', 'en: "Hallo"')
    coach = FakeCoach()
    runs = play(tmp_path, script.replace("- user: {de: \"Hallo\", en: \"Hallo\"}", "- user: Hallo"), coach)
    assert runs[0].passed  # the fake answers by the metadata language: English


def test_a_failing_step_names_its_line_what_was_expected_and_what_came(tmp_path):
    runs = play(tmp_path, BILINGUAL.replace("utter: utter_ask_business_type", "utter: utter_greet"), languages=["de"])
    failure = runs[0].first_failure
    assert not runs[0].passed
    assert failure.step.source.endswith("case.yml:16")
    assert "utter_greet" in failure.failure.expected and "Was für ein Geschäft" in failure.failure.got


def test_a_button_not_offered_cannot_be_pressed_and_the_offered_ones_are_named(tmp_path):
    runs = play(tmp_path, BILINGUAL.replace('de: "Mein Vertrauensplan", en', 'de: "Selbstcheck", en'), languages=["de"])
    failure = runs[0].first_failure.failure
    assert "[Selbstcheck]" in failure.expected and "[Mein Vertrauensplan]" in failure.got


def test_slots_and_the_plan_are_checked_against_the_conversation(tmp_path):
    wrong_slot = BILINGUAL.replace("- language: ${language}", "- business_type: cafe_restaurant")
    assert "business_type" in play(tmp_path, wrong_slot, languages=["de"])[0].first_failure.failure.expected
    unknown_action = BILINGUAL.replace("plan_contains: reply-to-reviews", "plan_contains: no-such-action")
    assert "no action with that id" in play(tmp_path, unknown_action, languages=["de"])[0].first_failure.failure.expected


def test_a_captured_variable_is_used_in_a_later_line(tmp_path):
    coach = FakeCoach()
    play(tmp_path, BILINGUAL.replace('en: "My trust plan"}\n  - utter', 'en: "My trust plan"}\n  - user: "link ${code}"\n  - utter'), coach, languages=["de"])
    assert ("link AB12-CD", "de") in coach.sent


def test_when_the_coach_asks_to_slow_down_the_runner_waits_and_sends_again(tmp_path):
    coach = FakeCoach(rate_limited_first=1)
    runs = play(tmp_path, BILINGUAL, coach, languages=["de"])
    assert runs[0].passed and coach.sent[:2] == [("Hallo", "de"), ("Hallo", "de")]


def test_fixtures_set_slots_before_the_case(tmp_path):
    script = "fixtures:\n- cafe:\n  - business_type: cafe_restaurant\n" + BILINGUAL.replace("  languages: [de, en]", "  languages: [de]\n  fixtures: [cafe]")
    coach = FakeCoach()
    path = tmp_path / "case.yml"
    path.write_text(script, encoding="utf-8")
    state = FakeState(coach)
    ScriptRunner(coach.channel, state, Responses(RESPONSES), knowledge(), pause=0).run(load_scripts([path]))
    assert state.fixtures == [("business_type", "cafe_restaurant")]


def test_shared_steps_are_included_from_another_file(tmp_path):
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "hello.yml").write_text('steps:\n- user: {de: "Hallo", en: "Hello"}\n- utter: utter_greet\n')
    script = 'test_cases:\n- test_case: included\n  languages: [de, en]\n  steps:\n  - include: shared/hello.yml\n  - language: active\n'
    assert all(run.passed for run in play(tmp_path, script))


@pytest.mark.parametrize("script, says", [
    ("test_cases:\n- test_case: a\n  languages: [de, en]\n  steps:\n  - user: {de: Hallo}\n", "no text for en"),
    ("test_cases:\n- test_case: a\n  steps:\n  - usr: Hallo\n", "exactly one of"),
    ("test_cases:\n- test_case: a\n  steps:\n  - utter: utter_greet\n", "no `user:` or `press:` step"),
    ("test_cases:\n- test_case: a\n  languages: [fr]\n  steps:\n  - user: Salut\n", "'fr' is not one of"),
    ("test_cases:\n- test_case: a\n  fixtures: [cafe]\n  steps:\n  - user: Hallo\n", "fixture 'cafe' is not defined"),
    ("test_cases:\n- test_case: a\n  steps:\n  - user: Hallo: du\n", "not valid YAML"),
    ("steps:\n- user: Hallo\n", "starts with `test_cases:`"),
])
def test_a_script_mistake_is_named_with_its_file_and_line(tmp_path, script, says):
    path = tmp_path / "case.yml"
    path.write_text(script, encoding="utf-8")
    with pytest.raises(ScriptError, match="case.yml") as raised:
        load_scripts([path])
    assert says in str(raised.value)


def test_text_is_compared_without_case_markdown_whitespace_and_typographic_quotes():
    assert normalised("**Hallo**,  ich bin der „Trust Coach“.\n[Mehr](https://x)") == normalised('hallo, ich bin der "trust coach". mehr')


def test_a_placeholder_filled_with_nothing_still_passes_for_the_response():
    responses = Responses(RESPONSES)
    assert responses.matches("utter_greet", "Hallo, ich bin der Trust Coach.", "de")
    assert responses.matches("utter_greet", "Hallo, ich bin der Trust Coach. Tipp: frag nach.", "de")
    assert not responses.matches("utter_greet", "Hello, I'm the Trust Coach.", "de")
    assert responses.named("What kind of business do you run?", "en") == "utter_ask_business_type"


def test_the_junit_report_is_valid_xml_with_one_suite_per_language_and_the_failure(tmp_path):
    from xml.etree import ElementTree

    from bot.scripting.report import junit_report

    runs = play(tmp_path, BILINGUAL.replace("utter: utter_ask_business_type", "utter: utter_greet"))
    root = ElementTree.fromstring(junit_report(runs))
    suites = root.findall("testsuite")
    assert [suite.get("name") for suite in suites] == ["scripts [de]", "scripts [en]"]
    assert all(suite.get("failures") == "1" for suite in suites)
    assert "case.yml:16" in suites[0].find("testcase/failure").get("message")


def test_a_stored_conversation_is_written_as_a_script_with_presses_by_title_and_responses_by_name(tmp_path):
    from bot.scripting.export import script_from_events

    events = [
        {"event": "user", "text": "Hallo", "metadata": {"language": "de"}},
        {"event": "bot", "text": "Hallo, ich bin der Trust Coach.", "metadata": {"utter_action": "utter_greet"},
         "data": {"buttons": [{"title": "Mein Vertrauensplan", "payload": "/request_plan"}]}},
        {"event": "user", "text": "/request_plan"},
        {"event": "bot", "text": "„Zitat eins“", "metadata": {"utter_action": "utter_article_quote"}},
        {"event": "bot", "text": "„Zitat zwei“", "metadata": {"utter_action": "utter_article_quote"}},
        {"event": "bot", "text": "Dein Plan als PDF", "data": {"custom": {"document": {"filename": "plan.pdf"}}}},
    ]
    path = tmp_path / "exported.yml"
    path.write_text(script_from_events(events, "Anna's first chat"), encoding="utf-8")
    case, = load_scripts([path])
    assert case.name == "anna_s_first_chat" and case.languages == ("de",)
    assert [(step.kind, step.value) for step in case.steps] == [
        ("user", "Hallo"), ("utter", "utter_greet"), ("press", "Mein Vertrauensplan"),
        ("utter", "utter_article_quote"), ("bot", "Dein Plan als PDF"), ("document", ".pdf"),
    ]


@pytest.mark.parametrize("language, summary", [("de", "1 von 2 Durchläufen bestanden"), ("en", "1 of 2 runs passed")])
def test_the_html_report_shows_the_conversations_and_the_failed_step_in_the_trainers_language(tmp_path, language, summary):
    from html.parser import HTMLParser

    from bot.scripting.report import html_report, report_words

    runs = play(tmp_path, BILINGUAL.replace("utter: utter_ask_business_type", "utter: utter_greet")
                .replace("  languages: [de, en]", "  languages: [de]"))
    runs += play(tmp_path, BILINGUAL.replace("  languages: [de, en]", "  languages: [en]"))
    page = html_report(runs, report_words(Path(__file__).resolve().parents[2], language), language)
    HTMLParser().feed(page)  # well-formed enough to parse
    assert summary in page and "case.yml:16" in page and "Was für ein Geschäft hast du?" in page
    assert page.count('class="bubble user"') == 4 and "„Trust Coach“" not in page


def test_accept_rewrites_only_the_failed_step_for_the_language_played_and_keeps_comments(tmp_path):
    from bot.scripting.accept import proposed_change

    script = BILINGUAL.replace("  - utter: utter_ask_business_type", "  - utter: utter_greet  # what the coach asks first") \
        .replace('buttons: {de: ["Mein Vertrauensplan"]', 'buttons: {de: ["Selbstcheck"]')
    runs = play(tmp_path, script, languages=["de"])
    change = proposed_change(runs[0], Responses(RESPONSES), knowledge())
    assert change.kind == "buttons" and change.value == ["Mein Vertrauensplan"]
    change.write()
    rewritten = (tmp_path / "case.yml").read_text()
    buttons = next(step for step in yaml.safe_load(rewritten)["test_cases"][0]["steps"] if "buttons" in step)
    assert buttons == {"buttons": {"de": ["Mein Vertrauensplan"], "en": ["My trust plan"]}}
    assert "# what the coach asks first" in rewritten  # the rest of the file as it was
    coach = FakeCoach()
    runs = ScriptRunner(coach.channel, FakeState(coach), Responses(RESPONSES), knowledge(), pause=0).run(
        load_scripts([tmp_path / "case.yml"]), languages=["de"])
    change = proposed_change(runs[0], Responses(RESPONSES), knowledge())
    assert change.kind == "utter" and change.value == "utter_ask_business_type"


def test_accept_leaves_what_the_trainer_wants_said_to_the_trainer(tmp_path):
    from bot.scripting.accept import proposed_change

    runs = play(tmp_path, BILINGUAL.replace("  - language: active", '  - says: "Stammkunden"'), languages=["de"])
    assert not runs[0].passed and proposed_change(runs[0], Responses(RESPONSES), knowledge()) is None
