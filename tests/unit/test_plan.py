"""Plans: contrasting businesses get different plans that fit them, every item explains itself and cites a passage."""

import dataclasses
from pathlib import Path

import pytest

from bot.coaching.catalog import load_catalog
from bot.coaching.content import ContentError
from bot.coaching.plan import MAX_ITEMS, MIN_ITEMS, build_plan, fits
from bot.coaching.profile import BusinessProfile, ProfileError
from bot.coaching.self_check import load_self_check
from bot.coaching.wording import load_wording
from bot.knowledge.articles import load_articles
from bot.knowledge.passages import split_into_passages

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = load_articles(ROOT / "data" / "articles")
CATALOG = load_catalog(ROOT / "data" / "coaching" / "actions", ARTICLES)
SELF_CHECK = load_self_check(ROOT / "data" / "coaching" / "self_check.yml", ARTICLES)
WORDING = load_wording(ROOT / "data" / "coaching" / "wording.yml")


def result(**ratings):
    return SELF_CHECK.score({s.id: ratings.get(s.dimension, 4) for s in SELF_CHECK.statements})


COURSE_SELLER = (
    BusinessProfile("consultant_coach", "online", "solo", "new_customers_hesitate", ("website", "social_media")),
    result(reciprocity=2, transparency=3),
)
CAFE = (
    BusinessProfile("cafe_restaurant", "in_person", "small", "staff_behaviour", ("shop_or_premises",), ("personal_contact",)),
    result(empathy=2, reliability=3),
)
B2B = (
    BusinessProfile("b2b_service", "both", "large", "price_transparency", ("email_messenger", "phone"), ("reviews",)),
    result(transparency=2, integrity=3),
)


def plan_ids(profile_and_check):
    return [item.action.id for item in build_plan(CATALOG, *profile_and_check)]


@pytest.mark.parametrize("business", [COURSE_SELLER, CAFE, B2B])
def test_a_plan_has_5_to_7_fitting_items_and_is_deterministic(business):
    plan = build_plan(CATALOG, *business)
    assert MIN_ITEMS <= len(plan) <= MAX_ITEMS
    assert all(fits(item.action, business[0]) for item in plan)
    assert [item.score for item in plan] == sorted((item.score for item in plan), reverse=True)
    assert plan_ids(business) == [item.action.id for item in plan]


def test_contrasting_businesses_get_substantially_different_plans():
    plans = [set(plan_ids(business)) for business in (COURSE_SELLER, CAFE, B2B)]
    for first in range(3):
        for second in range(first + 1, 3):
            assert len(plans[first] & plans[second]) <= 2, (first, second)


def test_plans_follow_what_the_user_said():
    assert "let-course-buyers-try-risk-free" in plan_ids(COURSE_SELLER)  # online course, hesitant newcomers
    cafe = plan_ids(CAFE)
    assert "brief-your-team-as-trust-bridges" in cafe[:3]  # staff behaviour, with a team
    assert "be-the-face-of-your-business" not in cafe  # for solo businesses only
    assert "publish-clear-prices" in plan_ids(B2B)[:3]  # price transparency


def test_what_a_business_already_does_moves_down_the_plan():
    profile, check = COURSE_SELLER
    with_guarantee = dataclasses.replace(profile, practices=("guarantee",))
    assert "let-course-buyers-try-risk-free" not in [item.action.id for item in build_plan(CATALOG, with_guarantee, check)][:3]


def test_a_plan_works_before_the_self_check():
    plan = build_plan(CATALOG, COURSE_SELLER[0])
    assert MIN_ITEMS <= len(plan) <= MAX_ITEMS
    assert all(reason.kind != "weak_dimension" for item in plan for reason in item.reasons)


@pytest.mark.parametrize("business", [COURSE_SELLER, CAFE, B2B])
def test_every_item_cites_a_passage_of_the_search_index(business):
    passages = {article.id: split_into_passages(article) for article in ARTICLES}
    for item in build_plan(CATALOG, *business):
        source = item.action.source
        assert any(" ".join(source.passage.split()) in " ".join(p.text.split()) or
                   " ".join(p.text.split()) in " ".join(source.passage.split())
                   for p in passages[source.article]), item.action.id


@pytest.mark.parametrize("language, expected", [
    ("de", "Du hast als größtes Problem genannt: Verhalten von Mitarbeitenden."),
    ("en", "You named your biggest problem: staff behaviour."),
])
def test_why_this_for_you_refers_to_the_users_answers(language, expected):
    first = build_plan(CATALOG, *CAFE)[0]
    sentences = WORDING.why_for_you(first.reasons, language)
    assert sentences[0] == expected
    assert any(("Empathie" if language == "de" else "empathy") in sentence and "2" in sentence for sentence in sentences)


def test_ratings_are_written_the_local_way():
    answers = {s.id: 4 for s in SELF_CHECK.statements}
    answers["we-trust-customers"], answers["we-give-first"] = 2, 3  # reciprocity 2.5
    item = build_plan(CATALOG, COURSE_SELLER[0], SELF_CHECK.score(answers))[0]
    weak = [r for r in item.reasons if r.kind == "weak_dimension"][0]
    assert "2,5" in WORDING.reason(weak, "de") and "2.5" in WORDING.reason(weak, "en")


def test_unknown_profile_values_are_refused():
    with pytest.raises(ProfileError, match="business_type='bakery' is not known; use one of online_shop"):
        BusinessProfile("bakery", "online", "solo", "other")


def test_wording_without_a_label_is_reported(tmp_path):
    text = (ROOT / "data" / "coaching" / "wording.yml").read_text(encoding="utf-8")
    path = tmp_path / "wording.yml"
    path.write_text(text.replace("    events: {de: Veranstaltungen und Messen, en: events and fairs}\n", ""), encoding="utf-8")
    with pytest.raises(ContentError, match="labels: touchpoint: no label for events"):
        load_wording(path)
