"""Which language the coach answers in."""

import pytest

from bot.language import (
    Detection,
    DEFAULT, DETECTED, EXPLICIT, METADATA, choose_language, get_language_detector, normalise_language_code,
)


@pytest.mark.parametrize(
    "code, expected",
    [("de", "de"), ("de-CH", "de"), ("de_AT", "de"), ("EN-us", "en"), ("fr", "fr"), ("", None), (None, None), (42, None), ("<script>", None)],
)
def test_channel_language_codes_are_normalised(code, expected):
    assert normalise_language_code(code) == expected


def choose(**overrides):
    values = dict(current=None, current_source=None, explicit=None, detected=None, metadata=None, default="de")
    if isinstance(overrides.get("detected"), str):  # a clear, long sentence in that language
        overrides["detected"] = Detection(overrides["detected"], 0.99, 8)
    values.update(overrides)
    choice = choose_language(**values)
    return choice.language, choice.source


def test_first_contact_without_clues_uses_the_default():
    assert choose() == ("de", DEFAULT)
    assert choose(default="en") == ("en", DEFAULT)


def test_channel_metadata_sets_the_language_of_a_new_user():
    assert choose(metadata="en") == ("en", METADATA)


def test_what_the_user_writes_beats_the_browser_language():
    assert choose(current="de", current_source=METADATA, metadata="de", detected="en") == ("en", DETECTED)


def test_an_explicit_switch_wins_and_sticks():
    assert choose(current="de", current_source=DETECTED, explicit="en") == ("en", EXPLICIT)
    assert choose(current="en", current_source=EXPLICIT, detected="de", metadata="de") == ("en", EXPLICIT)


def test_short_ambiguous_messages_keep_the_current_language():
    assert choose(current="en", current_source=DETECTED, detected=None, metadata="de") == ("en", DETECTED)


def test_unsupported_languages_never_become_the_answer_language():
    assert choose(current="en", current_source=DETECTED, detected="fr", metadata="fr", explicit="fr") == ("en", DETECTED)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Wie baue ich Vertrauen bei neuen Kunden auf?", "de"),
        ("How do I get new customers to trust my shop?", "en"),
        ("Lohnt sich eine Geld-zurück-Garantie?", "de"),
        ("Bonjour, comment gagner la confiance de mes clients ?", "fr"),
        ("¿Cómo puedo ganar la confianza de mis clientes?", "es"),
        ("Müşterilerimin güvenini nasıl kazanırım?", "tr"),
        ("Как завоевать доверие клиентов?", "ru"),
    ],
)
def test_detector_recognises_full_sentences(text, expected):
    assert get_language_detector().detect(text) == expected


@pytest.mark.parametrize(
    "text", ["ok", "hi", "Was ist der Trust Gap?", "👍", "", "12345", "<script>alert(1)</script>", "https://example.com/shop",
             "link BNCT-UPE7", "code K7WQ-3MPA"]
)
def test_detector_does_not_guess_on_short_or_mixed_text(text):
    assert get_language_detector().detect(text) is None


def test_a_short_or_unsure_message_does_not_change_an_established_language():
    assert choose(current="de", current_source=DETECTED, detected=Detection("en", 0.97, 2)) == ("de", DETECTED)
    assert choose(current="de", current_source=DETECTED, detected=Detection("en", 0.8, 9)) == ("de", DETECTED)
    assert choose(current=None, current_source=None, detected=Detection("en", 0.97, 2)) == ("en", DETECTED)
