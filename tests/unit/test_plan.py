"""Plans: contrasting businesses get different plans that fit them, every item explains itself and cites a passage."""

import dataclasses
import itertools
import re
import typing
from pathlib import Path

import pytest

from bot.coaching.catalog import ANY, load_catalog
from bot.coaching.content import ContentError
from bot.coaching.plan import MAX_ITEMS, MIN_ITEMS, build_plan, fits, is_core
from bot.coaching.profile import BusinessProfile, ProfileError
from bot.coaching.self_check import load_self_check
from bot.coaching.vocabulary import BusinessType, Problem, Reach, TeamSize
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
    BusinessProfile("courses_digital", "online", "solo", "new_customers_hesitate", ("website", "social_media")),
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
PLUMBER = BusinessProfile("trade_craft", "in_person", "small", "few_bad_reviews", ("phone", "at_customer"))
ONLINE_SHOP = BusinessProfile("online_shop", "online", "solo", "few_bad_reviews", ("website", "online_marketplace"))
REVIEW_ACTIONS = {"ask-happy-customers-for-reviews", "reply-to-reviews-in-public"}
TEAM_WORDS = re.compile(
    r"(?i)\b(team|mitarbeit\w*|kolleg\w*|angestellt\w*|(?-i:Personal)\b|belegschaft|wer (gerade )?dienst hat|staff|"
    r"employees?|colleagues?|whoever is on|on duty|deine leute|your people|(jede person|alle) im betrieb|everyone in the business)"
)


def every_profile():
    """Every combination of the profile's answers (touchpoints and practices in a few typical sets)."""
    touchpoint_sets = [(), ("website", "social_media"), ("phone", "at_customer"), ("shop_or_premises",)]
    practice_sets = [(), ("guarantee", "reviews", "personal_contact")]
    for business, reach, team, problem in itertools.product(
        typing.get_args(BusinessType), typing.get_args(Reach), typing.get_args(TeamSize), typing.get_args(Problem)
    ):
        for touchpoints, practices in itertools.product(touchpoint_sets, practice_sets):
            yield BusinessProfile(business, reach, team, problem, touchpoints, practices)


def plan_ids(profile_and_check):
    return [item.action.id for item in build_plan(CATALOG, *profile_and_check)]


@pytest.mark.parametrize("business", [COURSE_SELLER, CAFE, B2B])
def test_a_plan_has_5_to_7_fitting_items_core_first_and_is_deterministic(business):
    plan = build_plan(CATALOG, *business)
    assert MIN_ITEMS <= len(plan) <= MAX_ITEMS
    assert all(fits(item.action, business[0]) for item in plan)
    core = [item for item in plan if is_core(item.action, business[0])]
    assert plan[:len(core)] == core  # the core actions of the stated problem lead
    rest = [item.score for item in plan[len(core):]]
    assert rest == sorted(rest, reverse=True)
    assert plan_ids(business) == [item.action.id for item in plan]


def test_a_plumber_and_an_online_shop_with_bad_reviews_get_different_plans_with_a_review_action():
    plumber, shop = plan_ids((PLUMBER, None)), plan_ids((ONLINE_SHOP, None))
    assert len(set(plumber) & set(shop)) <= min(len(plumber), len(shop)) / 2
    assert REVIEW_ACTIONS <= set(plumber) and REVIEW_ACTIONS <= set(shop)
    for plan, business in ((plumber, "trade_craft"), (shop, "online_shop")):
        assert sum(business in CATALOG.actions[action_id].applies.business_types for action_id in plan) >= 3


def test_contrasting_businesses_get_substantially_different_plans():
    plans = [set(plan_ids(business)) for business in (COURSE_SELLER, CAFE, B2B)]
    for first in range(3):
        for second in range(first + 1, 3):
            assert len(plans[first] & plans[second]) <= 2, (first, second)


def test_the_core_actions_of_the_stated_problem_are_always_in_and_no_reason_is_ever_empty():
    for profile in every_profile():
        for check in (None, COURSE_SELLER[1]):
            plan = build_plan(CATALOG, profile, check)
            ids = {item.action.id for item in plan}
            core = {action.id for action in CATALOG if is_core(action, profile) and fits(action, profile)}
            assert core <= ids, profile
            for item in plan:
                for language in ("de", "en"):
                    assert " ".join(WORDING.why_for_you(item.reasons, language)).strip(), (profile, item.action.id)


def test_a_business_of_one_never_reads_team_wording():
    for profile in every_profile():
        if profile.team_size != "solo":
            continue
        for item in build_plan(CATALOG, profile):
            for language in ("de", "en"):
                for text in (item.action.title(language), *item.action.steps_for("solo", language)):
                    assert not TEAM_WORDS.search(text), (item.action.id, text)


def test_no_action_a_business_of_one_may_be_offered_reads_team_wording():
    # Next steps come from the whole catalog, not only from plans.
    for action in CATALOG:
        if ANY in action.applies.team_sizes or "solo" in action.applies.team_sizes:
            for language in ("de", "en"):
                for text in (action.title(language), *action.steps_for("solo", language)):
                    assert not TEAM_WORDS.search(text), (action.id, text)


def test_plans_follow_what_the_user_said():
    assert "let-course-buyers-try-risk-free" in plan_ids(COURSE_SELLER)  # online course, hesitant newcomers
    cafe = plan_ids(CAFE)
    assert "brief-your-team-as-trust-bridges" in cafe[:3]  # staff behaviour, with a team
    assert "be-the-face-of-your-business" not in cafe  # for solo businesses only
    assert "publish-clear-prices" in plan_ids(B2B)[:3]  # price transparency


def test_consulting_and_online_shops_are_not_given_course_actions():
    consultancy = BusinessProfile("b2b_service", "both", "small", "new_customers_hesitate", ("website",))
    shop = BusinessProfile("online_shop", "online", "small", "new_customers_hesitate", ("website",))
    for profile in (consultancy, shop):
        assert "let-course-buyers-try-risk-free" not in plan_ids((profile, None))


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
    ("de", "Gegen dein größtes Problem – Verhalten von Mitarbeitenden – ist das einer der ersten Schritte."),
    ("en", "For your biggest problem – staff behaviour – this is one of the first steps."),
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


def test_a_profile_answer_of_several_with_none_chosen_reads_as_none_of_these():
    assert WORDING.profile_answers({"practices": []}, "de") == ["Was du schon machst: nichts davon"]
    assert "Touchpoints: none of these" in WORDING.profile_answers({"practices": ["reviews"], "touchpoints": []}, "en")
