"""Every kind of unusable message gets its own explanation."""

import pytest

from bot.unclear_input import MAX_USEFUL_MESSAGE_LENGTH, UnclearInput, classify_unclear_input, input_problem


def no_language(_text):
    return None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", UnclearInput.EMPTY),
        (None, UnclearInput.EMPTY),
        ("   \n\t ", UnclearInput.EMPTY),
        ("\u200b\ufeff", UnclearInput.EMPTY),
        ("👍👍🙂", UnclearInput.NO_WORDS),
        ("?!... 123", UnclearInput.NO_WORDS),
        ("hallo\x00\x07welt", UnclearInput.GARBLED),
        ("<script>alert(1)</script>", UnclearInput.GARBLED),
        ("<img src=x onerror=alert('hallo')>", UnclearInput.GARBLED),
        ("x" * (MAX_USEFUL_MESSAGE_LENGTH + 1), UnclearInput.TOO_LONG),
        ("Vertrauen ist gut. " * 1100, UnclearInput.TOO_LONG),
    ],
)
def test_problems_visible_in_the_text_itself(text, expected):
    assert input_problem(text) == expected
    assert classify_unclear_input(text, no_language) == expected


@pytest.mark.parametrize("text", ["Was ist ein Trust Gap?", "zeile eins\nzeile zwei"])
def test_ordinary_text_has_no_visible_problem(text):
    assert input_problem(text) is None


def test_another_language_is_named_as_the_reason():
    assert classify_unclear_input("Bonjour, ça va ?", lambda _t: "fr") == UnclearInput.OTHER_LANGUAGE


def test_german_or_english_text_that_was_not_understood():
    assert classify_unclear_input("blubb blubb", lambda _t: "de") == UnclearInput.NOT_UNDERSTOOD
    assert classify_unclear_input("blubb blubb", no_language) == UnclearInput.NOT_UNDERSTOOD


def test_language_detection_is_skipped_for_obvious_problems():
    def fail(_text):
        raise AssertionError("detector must not run on a 20,000-character message")

    assert classify_unclear_input("a" * 20_000, fail) == UnclearInput.TOO_LONG


@pytest.mark.parametrize("text", ["<b>hi</b>", "Wie baue ich <b>Vertrauen</b> auf?", "ich hab 3 Filialen (Köln, Bonn)"])
def test_a_message_with_a_tag_or_brackets_is_still_a_message(text):
    assert input_problem(text) is None
