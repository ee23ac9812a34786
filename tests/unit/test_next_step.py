"""Choosing one next step for an answered question: close to the question, grounded in the quotes, fitting the business."""

from pathlib import Path

import pytest

from bot.coaching.catalog import load_catalog
from bot.coaching.next_step import NextStepFinder
from bot.coaching.profile import BusinessProfile
from bot.knowledge.articles import load_articles
from tests.fakes import FakeEmbedder

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = load_articles(ROOT / "data" / "articles")
REVIEWS = "Wie antworte ich öffentlich auf Bewertungen?"
SHOP = BusinessProfile("online_shop", "online", "small", "few_bad_reviews", ("website",))
TRADE = BusinessProfile("trade_craft", "in_person", "small", "few_bad_reviews", ("phone",))


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT / "data" / "coaching" / "actions", ARTICLES)


@pytest.fixture
def finder(catalog):
    return NextStepFinder(catalog, FakeEmbedder(), min_similarity=0.2)


def test_the_action_closest_to_the_question_is_the_next_step_in_the_question_language(finder):
    assert finder.find(REVIEWS, "de").action.id == "reply-to-reviews-in-public"
    assert finder.find("How do I reply to reviews in public?", "en").action.id == "reply-to-reviews-in-public"


def test_an_action_already_in_the_plan_is_not_offered_again(finder):
    step = finder.find(REVIEWS, "de", exclude={"reply-to-reviews-in-public"})
    assert step is not None and step.action.id != "reply-to-reviews-in-public"


def test_the_business_decides_which_actions_may_be_offered(finder, catalog):
    question = "Wie antworte ich auf Bewertungen und Fragen auf der Produktseite?"
    assert finder.find(question, "de", profile=SHOP).action.id == "answer-reviews-on-the-product-page"
    step = finder.find(question, "de", profile=TRADE)
    assert step.action.id != "answer-reviews-on-the-product-page"
    assert "trade_craft" in step.action.applies.business_types or "any" in step.action.applies.business_types


def test_an_action_citing_a_passage_just_quoted_is_preferred(finder, catalog):
    action = catalog.actions["reply-to-reviews-in-public"]
    step = finder.find(REVIEWS, "de", quoted=[f"Davor. {action.source.passage} Danach."])
    assert step.action.id == action.id and step.grounded


def test_no_action_close_enough_means_no_next_step(catalog):
    strict = NextStepFinder(catalog, FakeEmbedder(), min_similarity=0.99)
    assert strict.find(REVIEWS, "de") is None


def test_an_action_that_is_a_first_answer_to_the_problem_the_question_names_is_preferred(finder, catalog):
    question = "Ich habe drei schlechte Bewertungen bekommen, was soll ich tun?"
    core = [action for action in catalog.actions.values() if "few_bad_reviews" in action.applies.core_for]
    assert core, "the catalog has first answers to bad reviews"
    step = finder.find(question, "de", problems=("few_bad_reviews",))
    assert step is not None and "few_bad_reviews" in step.action.applies.core_for


def test_a_lesson_topic_keeps_the_next_step_on_that_topic_however_far_from_the_words(catalog):
    strict = NextStepFinder(catalog, FakeEmbedder(), min_similarity=0.99)
    step = strict.find("/ask_guarantee", "de", topic="guarantee")
    assert step is not None and "guarantee" in step.action.topics


def test_what_is_known_before_the_profile_already_rules_out_actions_for_other_businesses(finder):
    from bot.coaching.profile import KnownBusiness

    question = "Wie antworte ich auf Bewertungen und Fragen auf der Produktseite?"
    plumber = KnownBusiness.from_answers("trade_craft", "solo", None)
    step = finder.find(question, "de", profile=plumber)
    assert step.action.id != "answer-reviews-on-the-product-page"
    assert KnownBusiness.from_answers(None, "not a size", None) is None
