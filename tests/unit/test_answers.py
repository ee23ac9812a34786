"""Profile answers in the user's own words (German or English), button ids, "none", and unclear answers."""

from pathlib import Path

import pytest

from bot.coaching.answers import load_answer_reader
from bot.coaching.wording import load_wording

ROOT = Path(__file__).resolve().parents[2] / "data" / "coaching"
READER = load_answer_reader(ROOT / "answer_words.yml", load_wording(ROOT / "wording.yml"))


@pytest.mark.parametrize("group, text, value", [
    ("business_type", "Ich habe ein kleines Café", "cafe_restaurant"),
    ("business_type", "cafe_restaurant", "cafe_restaurant"),  # a button
    ("business_type", "I sell online courses as a coach", "consultant_coach"),
    ("business_type", "Ich bin Elektriker", "trade_craft"),
    ("reach", "beides", "both"),
    ("reach", "online und vor Ort", "both"),
    ("reach", "nur online", "online"),
    ("team_size", "just me", "solo"),
    ("team_size", "wir sind 4", "small"),
    ("team_size", "mehr als 10", "large"),
    ("problem", "Neue Kunden zögern beim ersten Kauf", "new_customers_hesitate"),
    ("problem", "too many complaints", "returns_complaints"),
    ("problem", "Preistransparenz", "price_transparency"),
])
def test_single_answers_are_understood(group, text, value):
    understood = READER.read(group, text)
    assert understood.values == (value,) and not understood.ambiguous


@pytest.mark.parametrize("group, text, values", [
    ("touchpoint", "Website, Instagram und Telefon", {"website", "social_media", "phone"}),
    ("practice", "Wir haben eine Geld-zurück-Garantie und sammeln Bewertungen", {"guarantee", "reviews"}),
    ("practice", "nichts davon", set()),
    ("practice", "none", set()),
])
def test_several_answers_are_understood(group, text, values):
    assert set(READER.read(group, text, several=True).values) == values


@pytest.mark.parametrize("group, text", [("business_type", "Quantenphysik"), ("reach", ""), ("team_size", "???")])
def test_unclear_answers_give_nothing(group, text):
    assert READER.read(group, text).values == ()


def test_an_answer_naming_two_kinds_is_ambiguous():
    understood = READER.read("business_type", "Ich habe ein Café und einen Onlineshop")
    assert understood.ambiguous and set(understood.values) == {"cafe_restaurant", "online_shop"}
