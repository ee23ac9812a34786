"""The trust self-check: scores per dimension, the weakest named with its source, change over time, and the chart."""

from pathlib import Path

import pytest

from bot.coaching.chart import radar_chart_png
from bot.coaching.content import ContentError
from bot.coaching.self_check import DIMENSIONS, SelfCheckError, load_self_check
from bot.knowledge.articles import load_articles

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = load_articles(ROOT / "data" / "articles")


@pytest.fixture(scope="module")
def check():
    return load_self_check(ROOT / "data" / "coaching" / "self_check.yml", ARTICLES)


def ratings(check, default=4, **per_dimension):
    return {s.id: per_dimension.get(s.dimension, default) for s in check.statements}


def test_the_self_check_covers_every_dimension_with_8_to_12_statements(check):
    assert 8 <= len(check.statements) <= 12
    assert {s.dimension for s in check.statements} == set(DIMENSIONS)
    for info in check.dimensions.values():
        assert info.name("de") and info.name("en") and info.explanation("en")


def test_scores_per_dimension_and_the_weakest(check):
    result = check.score(ratings(check, empathy=2, integrity=5))
    assert result.scores["empathy"] == 2 and result.scores["integrity"] == 5 and result.scores["competence"] == 4
    assert result.weakest == "empathy"


def test_mixed_ratings_average_within_a_dimension(check):
    answers = ratings(check)
    first, second = [s.id for s in check.statements if s.dimension == "reliability"]
    answers[first], answers[second] = 1, 4
    assert check.score(answers).scores["reliability"] == 2.5


def test_taking_it_again_shows_the_change(check):
    before = check.score(ratings(check, transparency=2))
    after = check.score(ratings(check, transparency=4))
    assert after.changes_since(before)["transparency"] == 2
    assert after.changes_since(None) == {}


@pytest.mark.parametrize("change, message", [
    ({"drop": "prices-clear"}, "not rated yet: prices-clear"),
    ({"set": ("prices-clear", 7)}, "prices-clear: 7 is not a rating from 1 to 5"),
    ({"set": ("prices-clear", "5")}, "prices-clear: '5' is not a rating"),
    ({"set": ("made-up", 3)}, "not statements of the self-check: made-up"),
])
def test_incomplete_or_invalid_answers_are_refused(check, change, message):
    answers = ratings(check)
    if "drop" in change:
        del answers[change["drop"]]
    else:
        key, value = change["set"]
        answers[key] = value
    with pytest.raises(SelfCheckError, match=message):
        check.score(answers)


def test_a_bad_source_in_the_self_check_file_is_reported(tmp_path):
    broken = (ROOT / "data" / "coaching" / "self_check.yml").read_text(encoding="utf-8")
    broken = broken.replace("Wie wir etwas tun, sollte immer", "Wie wir es tun, sollte immer")
    path = tmp_path / "self_check.yml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ContentError, match="self_check.yml: dimensions: reliability: source.passage is not found"):
        load_self_check(path, ARTICLES)


def test_the_radar_chart_is_a_png(check):
    labels = {d: check.dimensions[d].name("en") for d in DIMENSIONS}
    now = check.score(ratings(check, empathy=2)).scores
    before = check.score(ratings(check, empathy=1)).scores
    png = radar_chart_png(DIMENSIONS, labels, now, earlier=before, legend=("now", "before"))
    assert png.startswith(b"\x89PNG") and len(png) > 10_000
