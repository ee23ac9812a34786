"""The shipped conversation scripts (tests/conversations/) played over REST against the real servers, and a
script that should fail failing with the line, what was expected and what came."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.scripting.cli import make_runner
from bot.scripting.report import console_report
from bot.scripting.script import load_scripts

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1800)]

SCRIPTS = Path(__file__).resolve().parents[1] / "conversations"


@pytest.fixture
def runner(coach):
    return make_runner(coach.settings, url=coach.settings.rasa_url, token=coach.rasa_token)


def test_the_shipped_scripts_pass_over_rest_in_both_languages(runner):
    runs = runner.run(load_scripts([SCRIPTS]), jobs=2)
    failed = [run for run in runs if not run.passed]
    assert not failed, console_report(failed)
    assert {run.language for run in runs} == {"de", "en"} and len({run.case.name for run in runs}) >= 10


def test_scripts_pass_over_the_web_channel_as_the_widget_speaks_it(coach):
    """socket.io with a session and customData; each paragraph of a response comes as a message of its own."""
    runner = make_runner(coach.settings, "socketio", url=coach.settings.rasa_url, token=coach.rasa_token)
    cases = load_scripts([SCRIPTS / name for name in ("greeting.yml", "free_questions.yml", "self_check.yml")])
    runs = runner.run(cases, jobs=2)
    failed = [run for run in runs if not run.passed]
    assert not failed, console_report(failed)
    assert {run.channel for run in runs} == {"socketio"}


def test_a_script_expecting_what_the_coach_does_not_say_fails_and_says_why(runner, tmp_path):
    script = tmp_path / "wrong.yml"
    script.write_text(
        "test_cases:\n- test_case: trust_gap_is_not_the_guarantee\n  languages: [de, en]\n  steps:\n"
        "  - user: /ask_trust_gap\n  - utter: utter_lesson_guarantee\n", encoding="utf-8",
    )
    runs = runner.run(load_scripts([script]))
    assert [run.passed for run in runs] == [False, False]
    report = console_report(runs)
    assert "wrong.yml:6" in report and "utter_lesson_guarantee" in report and "Vertrauenslücke" in report


def test_a_conversation_played_once_and_exported_passes_when_replayed(runner, coach, tmp_path):
    from bot.scripting.coach import ConversationState
    from bot.scripting.export import script_from_events

    played, = runner.run([case for case in load_scripts([SCRIPTS / "free_questions.yml"]) if case.name.startswith("a_next_step")], ["en"])
    events = ConversationState(coach.settings.rasa_url, coach.rasa_token).events(played.user_id)
    exported = tmp_path / "exported.yml"
    exported.write_text(script_from_events(events, "exported"), encoding="utf-8")
    replayed = runner.run(load_scripts([exported]))
    assert [run.passed for run in replayed] == [True], console_report(replayed)
    assert [step.kind for step in replayed[0].case.steps].count("press") == 1  # the plan button, by its title

