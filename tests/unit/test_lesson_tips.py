"""A lesson's closing tip fits the business the coach knows: its kind, and its size (no team for a business of one)."""

import typing
from pathlib import Path

import pytest
import yaml

from bot.coaching.content import ContentError
from bot.coaching.lessons import load_lessons
from bot.coaching.profile import KnownBusiness
from bot.coaching.vocabulary import BusinessType, TeamSize
from bot.knowledge.articles import load_articles
from tests.unit.test_plan import TEAM_WORDS

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = load_articles(ROOT / "data" / "articles")
LESSONS = load_lessons(ROOT / "data" / "coaching" / "lessons.yml", ARTICLES)
KINDS = [kind for kind in typing.get_args(BusinessType) if kind != "other"]


def every_business():
    for kind in (None, *typing.get_args(BusinessType)):
        for team in (None, *typing.get_args(TeamSize)):
            yield KnownBusiness(kind, team) if kind or team else None


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_lesson_has_a_tip_for_every_business_in_both_languages(language):
    opening = "For you: " if language == "en" else "Für dich: "
    for lesson in LESSONS:
        for known in every_business():
            assert lesson.tip(language, known).startswith(opening), (lesson.topic, known)


def test_a_business_of_one_or_of_unknown_size_is_never_told_about_its_team():
    for lesson in LESSONS:
        for known in every_business():
            if known is None or known.team_size in (None, "solo"):
                for language in ("de", "en"):
                    assert not TEAM_WORDS.search(lesson.tip(language, known)), (lesson.topic, known, language)


def test_each_kind_of_business_gets_a_tip_of_its_own_in_most_lessons():
    for kind in KINDS:
        own = [lesson.topic for lesson in LESSONS if lesson.tip("de", KnownBusiness(kind)) != lesson.tip("de")]
        assert len(own) >= 8, (kind, own)
    plumber, shop = KnownBusiness("trade_craft", "small"), KnownBusiness("online_shop", "solo")
    assert LESSONS["four_traits"].tip("en", plumber) != LESSONS["four_traits"].tip("en", shop)


def test_a_tip_for_a_kind_of_business_is_not_given_before_the_coach_knows_the_kind():
    for lesson in LESSONS:
        for team in typing.get_args(TeamSize):
            general = {tip.de for tip in lesson.for_you if tip.when is None or not tip.when.business_type}
            assert lesson.tip("de", KnownBusiness(team_size=team)) in general, (lesson.topic, team)


def test_tips_without_a_last_one_for_every_business_are_refused(tmp_path):
    content = yaml.safe_load((ROOT / "data" / "coaching" / "lessons.yml").read_text(encoding="utf-8"))
    content["trust_gap"]["for_you"][-1]["when"] = {"team_size": ["solo"]}
    broken = tmp_path / "lessons.yml"
    broken.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError, match="exactly one tip without `when`, the last"):
        load_lessons(broken, ARTICLES)
