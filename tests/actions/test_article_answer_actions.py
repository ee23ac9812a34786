"""The article actions: cited quotes in the user's language, follow-ups, honest "not covered", and no crash when search is down."""

from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

import actions.article_answers as article_answers
from actions.article_answers import ActionAnotherAngle, ActionAnswerFromArticles, ActionMoreFromArticle, ActionShowOriginal
from bot.coaching.next_step import NextStepFinder
from bot.coaching.plan import PlanItem
from bot.knowledge.answering import ANY, ON_TOPIC_SLACK, ArticleAnswerer
from bot.knowledge.articles import load_articles
from bot.knowledge.renditions import load_renditions
from bot.knowledge.search import SearchIndex
from bot.knowledge.service import KnowledgeUnavailable
from tests.fakes import FakeEmbedder
from tests.helpers import load_coaching, make_tracker, use_coaching

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
QUESTION = "Geld-zurück-Garantie Rückgaberecht Kundenbindung"  # words the fake embedder finds in customer-loyalty
RANKING = [{"name": "nlu_fallback", "confidence": 0.5}, {"name": "ask_guarantee", "confidence": 0.3}]


@pytest.fixture(scope="module")
def index():
    articles = load_articles(ROOT / "data" / "articles")
    return SearchIndex.build(articles, FakeEmbedder(), renditions=load_renditions(ROOT / "data" / "articles", articles))


@pytest.fixture(autouse=True)
def knowledge(index, monkeypatch):
    service = SimpleNamespace(answerer=ArticleAnswerer(index, 0.1))
    monkeypatch.setattr(article_answers, "get_knowledge_service", lambda: service)
    return service


@pytest.fixture(autouse=True)
def coaching(tmp_path, monkeypatch, index):
    """The real catalog and a test database; next steps chosen with the fake embedder of the index."""
    loaded = load_coaching(tmp_path)
    use_coaching(monkeypatch, loaded)
    finder = NextStepFinder(loaded.catalog, index.embedder, min_similarity=0.2)
    monkeypatch.setattr(article_answers, "get_next_step_finder", lambda: finder)
    return loaded


def tracker_for(text, intent="nlu_fallback", language="de", ranking=None, **slots):
    tracker = make_tracker(text, intent=intent, slots={"language": language, **slots})
    top = [] if intent == "nlu_fallback" else [dict(tracker.latest_message["intent"])]
    tracker.latest_message["intent_ranking"] = ranking or top + RANKING
    return tracker


async def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker, DOMAIN)
    return dispatcher.messages, {event["name"]: event["value"] for event in events if event["event"] == "slot"}


async def test_a_free_question_gets_cited_quotes_and_follow_up_buttons():
    messages, slots = await run(ActionAnswerFromArticles(), tracker_for(QUESTION))
    responses = [message["response"] for message in messages]
    assert responses[0] == "utter_article_answer_intro"
    assert responses[-1] == "utter_article_answer_options"
    quotes = [message for message in messages if message["response"].startswith("utter_article_quote")]
    assert 1 <= len(quotes) <= 3
    assert all(message["response"] == "utter_article_quote" for message in quotes)  # German readers: the original
    assert messages[-1]["article"] == "Kundenbindung durch Vertrauen"  # "more from this article" names it
    assert "Kundenbindung durch Vertrauen" in quotes[0]["source"]
    assert "Sprenger" in quotes[0]["source"]
    assert slots["article_question"] == QUESTION
    assert slots["article_current"] == "customer-loyalty"
    assert slots["article_passages_shown"]


async def test_a_question_nlu_recognised_as_a_trust_question_is_answered_too():
    messages, slots = await run(ActionAnswerFromArticles(), tracker_for(QUESTION, intent="ask_trust_question"))
    assert messages[0]["response"] == "utter_article_answer_intro" and slots["article_question"] == QUESTION


async def test_a_confident_trust_question_is_answered_a_little_further_from_the_passages_than_other_messages(knowledge):
    best = knowledge.answerer.answer(QUESTION, "de", min_similarity=ANY).confidence
    bar = best + ON_TOPIC_SLACK / 2  # too far for an unclassified message, close enough for a trust question
    knowledge.answerer.thresholds = {"de": bar, "en": bar}
    messages, _ = await run(ActionAnswerFromArticles(), tracker_for(QUESTION, intent="ask_trust_question"))
    assert messages[0]["response"] == "utter_article_answer_intro"
    messages, _ = await run(ActionAnswerFromArticles(), tracker_for(QUESTION))
    assert [message["response"] for message in messages] == ["utter_no_article_answer"]
    # No single intent is sure, but the trust topics together are: on topic as well.
    spread = [{"name": "nlu_fallback", "confidence": 0.3}, {"name": "ask_trust_question", "confidence": 0.25},
              {"name": "ask_guarantee", "confidence": 0.2}, {"name": "ask_reciprocity", "confidence": 0.1}]
    messages, _ = await run(ActionAnswerFromArticles(), tracker_for(QUESTION, ranking=spread))
    assert messages[0]["response"] == "utter_article_answer_intro"


async def test_an_answer_ends_with_one_next_step_from_the_catalog_that_is_not_yet_in_the_plan(coaching):
    messages, _ = await run(ActionAnswerFromArticles(), tracker_for(QUESTION))
    steps = [message for message in messages if message["response"] == "utter_article_next_step"]
    assert len(steps) == 1 and steps[0]["title"] == "Gib eine Geld-zurück-Garantie"
    assert steps[0]["steps"].startswith("• ") and steps[0]["steps"].count("• ") <= 2
    guarantee = coaching.catalog.actions["offer-a-money-back-guarantee"]
    coaching.store.save_plan("test-user", [PlanItem(guarantee, 1.0, ())])
    messages, _ = await run(ActionAnswerFromArticles(), tracker_for(QUESTION))
    offered = [message["title"] for message in messages if message["response"] == "utter_article_next_step"]
    assert "Gib eine Geld-zurück-Garantie" not in offered


async def test_english_users_get_the_quote_in_english_with_both_titles_and_the_german_original_one_tap_away():
    messages, slots = await run(ActionAnswerFromArticles(), tracker_for(QUESTION, language="en"))
    quote = messages[1]
    assert quote["response"] == "utter_article_quote_translated"
    assert "Kundenbindung durch Vertrauen (Customer loyalty through trust)" in quote["source"]
    assert "after Reinhard K. Sprenger" in quote["source"]
    assert "guarantee" in quote["quote"].lower() and "Garantie" not in quote["quote"]
    assert "utter_article_original_offer" in [message["response"] for message in messages]
    tracker = tracker_for("/show_original", intent="show_original", language="en", **slots)
    originals, _ = await run(ActionShowOriginal(), tracker)
    assert originals[0]["response"] == "utter_article_original_intro"
    assert "Geld-zurück-Garantie" in originals[1]["quote"] and "Kundenbindung durch Vertrauen" in originals[1]["source"]


async def test_an_article_without_rendition_is_quoted_in_german_for_english_readers(knowledge):
    untranslated = SearchIndex.build(load_articles(ROOT / "data" / "articles"), FakeEmbedder())
    knowledge.answerer = ArticleAnswerer(untranslated, 0.1)
    messages, _ = await run(ActionAnswerFromArticles(), tracker_for(QUESTION, language="en"))
    assert messages[1]["response"] == "utter_article_quote" and "Garantie" in messages[1]["quote"]
    assert "utter_article_original_offer" not in [message["response"] for message in messages]


async def test_the_original_before_any_quote_is_explained():
    messages, _ = await run(ActionShowOriginal(), tracker_for("German original", intent="show_original", language="en"))
    assert [message["response"] for message in messages] == ["utter_article_no_original"]


async def test_nothing_close_enough_is_said_honestly_with_the_closest_topics(knowledge):
    knowledge.answerer.thresholds = {"de": 0.99, "en": 0.99}
    messages, slots = await run(ActionAnswerFromArticles(), tracker_for("Wie hoch ist die Umsatzsteuer auf Kaffee?"))
    assert [message["response"] for message in messages] == ["utter_no_article_answer"]
    assert [button["payload"] for button in messages[0]["buttons"]] == ["/ask_guarantee", "/request_help"]
    assert slots == {}


async def test_out_of_scope_stays_out_of_scope_unless_an_article_covers_it(knowledge):
    messages, _ = await run(ActionAnswerFromArticles(), tracker_for(QUESTION, intent="out_of_scope"))
    assert messages[0]["response"] == "utter_article_answer_intro"
    knowledge.answerer.thresholds = {"de": 0.99, "en": 0.99}
    messages, _ = await run(ActionAnswerFromArticles(), tracker_for("Wie wird das Wetter?", intent="out_of_scope"))
    assert [message["response"] for message in messages] == ["utter_out_of_scope"]


async def test_a_question_in_a_third_language_is_not_searched():
    question = "Bonjour, comment puis-je gagner la confiance de mes clients ?"
    messages, slots = await run(ActionAnswerFromArticles(), tracker_for(question, message_language="fr"))
    assert [message["response"] for message in messages] == ["utter_only_german_english"] and slots == {}


async def test_more_from_this_article_continues_in_it_with_new_passages():
    _, first = await run(ActionAnswerFromArticles(), tracker_for(QUESTION))
    messages, more = await run(ActionMoreFromArticle(), tracker_for("/more_from_article", intent="more_from_article", **first))
    assert messages[0]["response"] == "utter_more_from_article_intro"
    assert more["article_current"] == "customer-loyalty"
    assert set(first["article_passages_shown"]) < set(more["article_passages_shown"])


async def test_another_angle_quotes_a_different_article():
    _, first = await run(ActionAnswerFromArticles(), tracker_for(QUESTION))
    messages, other = await run(ActionAnotherAngle(), tracker_for("/another_angle", intent="another_angle", **first))
    assert messages[0]["response"] == "utter_another_angle_intro"
    assert other["article_current"] not in first["article_articles_shown"]
    assert set(first["article_articles_shown"]) < set(other["article_articles_shown"])


async def test_follow_ups_without_a_question_ask_for_one():
    for action in (ActionMoreFromArticle(), ActionAnotherAngle()):
        messages, _ = await run(action, tracker_for("/another_angle", intent="another_angle"))
        assert [message["response"] for message in messages] == ["utter_ask_question_first"]


async def test_when_the_article_is_exhausted_the_user_is_told(index):
    every_passage = [passage.id for passage in index.passages if passage.article == "customer-loyalty"]
    slots = {"article_question": QUESTION, "article_current": "customer-loyalty", "article_passages_shown": every_passage}
    messages, _ = await run(ActionMoreFromArticle(), tracker_for("mehr", intent="more_from_article", **slots))
    assert [message["response"] for message in messages] == ["utter_article_exhausted"]


async def test_when_search_is_down_users_get_a_friendly_answer(monkeypatch):
    class Broken:
        @property
        def answerer(self):
            raise KnowledgeUnavailable("no articles")

    monkeypatch.setattr(article_answers, "get_knowledge_service", lambda: Broken())
    messages, _ = await run(ActionAnswerFromArticles(), tracker_for(QUESTION))
    assert [message["response"] for message in messages] == ["utter_article_search_unavailable"]
    slots = {"article_question": QUESTION, "article_articles_shown": ["trust-gap"]}
    messages, _ = await run(ActionAnotherAngle(), tracker_for("/another_angle", intent="another_angle", **slots))
    assert [message["response"] for message in messages] == ["utter_article_search_unavailable"]


async def test_before_any_profile_the_next_step_fits_what_the_user_said_about_the_business(coaching):
    from bot.coaching.plan import may_fit
    from bot.coaching.profile import KnownBusiness

    question = "Wie antworte ich auf Bewertungen und Fragen auf der Produktseite?"
    plumber = KnownBusiness.from_answers("trade_craft", "solo", None)
    messages, _ = await run(ActionAnswerFromArticles(), tracker_for(question, business_type="trade_craft", team_size="solo"))
    steps = [m for m in messages if m["response"] == "utter_article_next_step"]
    assert steps and may_fit(coaching.catalog.actions[steps[0]["action_id"]], plumber)
    assert steps[0]["action_id"] != "answer-reviews-on-the-product-page"


async def test_a_message_that_only_tells_about_the_business_is_acknowledged_not_declined(knowledge):
    knowledge.answerer.thresholds = {"de": 0.99, "en": 0.99}  # no article would answer it
    messages, _ = await run(ActionAnswerFromArticles(), tracker_for("ich hab ne kleine Tischlerei mit 2 Gesellen"))
    assert [m["response"] for m in messages] == ["utter_profile_facts_noted"]
    assert "Handwerk" in messages[0]["answers"] and messages[0]["answers"].startswith("• ")
    messages, _ = await run(ActionAnswerFromArticles(), tracker_for("ich hab ne Tischlerei, wie finde ich Kunden?"))
    assert [m["response"] for m in messages] == ["utter_no_article_answer"]  # a question: honestly not covered


async def test_a_new_question_gets_passages_not_quoted_before_and_repeats_only_when_nothing_else_answers(index):
    first_messages, first = await run(ActionAnswerFromArticles(), tracker_for(QUESTION))
    first_quotes = {m["quote"] for m in first_messages if m["response"].startswith("utter_article_quote")}
    messages, again = await run(ActionAnswerFromArticles(), tracker_for(QUESTION, **first))
    quotes = {m["quote"] for m in messages if m["response"].startswith("utter_article_quote")}
    assert quotes and not quotes & first_quotes, "asked again, other words from the articles"
    assert set(first["article_passages_shown"]) <= set(again["article_passages_shown"])
    everything = [passage.id for passage in index.passages]
    messages, _ = await run(ActionAnswerFromArticles(), tracker_for(QUESTION, article_passages_shown=everything))
    assert any(m["response"].startswith("utter_article_quote") for m in messages), "all seen: quoted again, not declined"
