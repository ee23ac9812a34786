"""Owners' questions beside the articles: every file matches its article, and a question asked in an owner's words
finds the passage that answers it, without making the coach answer what the articles do not cover."""

import warnings
from pathlib import Path

import pytest

from bot.knowledge.answering import ON_TOPIC_SLACK, ArticleAnswerer
from bot.knowledge.articles import load_articles
from bot.knowledge.questions import (
    QuestionsError, articles_without_questions, load_article_questions, load_questions, questions_path,
)
from bot.knowledge.renditions import load_renditions
from bot.knowledge.search import SearchIndex, open_index
from tests.fakes import FakeEmbedder

ROOT = Path(__file__).resolve().parents[2]
ARTICLES_DIR = ROOT / "data" / "articles"
ARTICLES = load_articles(ARTICLES_DIR)


def test_every_questions_file_matches_its_article_in_both_languages():
    for article in ARTICLES:
        path = questions_path(ARTICLES_DIR, article.id)
        if not path.exists():
            continue
        questions = load_article_questions(path, article)  # raises, naming the entry, when a `where` is gone
        assert {question.language for question in questions} == {"de", "en"}, path
        assert all(article.text[question.start:question.end].strip() for question in questions)


def test_which_articles_lack_owner_questions_is_reported():
    missing = articles_without_questions(ARTICLES_DIR, ARTICLES)
    if missing:
        warnings.warn(f"Articles the search knows only by their own words (no owner questions): {', '.join(missing)}")


def _articles_dir(tmp_path: Path, questions: str) -> Path:
    articles_dir = tmp_path / "articles"
    (articles_dir / "questions").mkdir(parents=True)
    (articles_dir / "boilerplate.yml").write_text("lines: []\n")
    (articles_dir / "shop.txt").write_text(
        '---\ntitle: "Laden"\n---\n'
        "Ein Omnichannel-Ansatz verbindet alle Kanäle nahtlos miteinander.\n\n"
        "Garantien schaffen Sicherheit beim ersten Kauf.\n"
    )
    (articles_dir / "questions" / "shop.yml").write_text(questions)
    return articles_dir


CHANNEL_QUESTIONS = """\
questions_for: shop
answers:
- where: "Ein Omnichannel-Ansatz verbindet"
  de: ["Ich bin auf Instagram und auf meiner Webseite unterwegs, muss das zusammenpassen?"]
  en: ["I post on Instagram and have a website, should they match?"]
"""


def test_a_question_in_an_owners_words_finds_the_passage_its_owner_questions_point_to(tmp_path):
    articles_dir = _articles_dir(tmp_path, CHANNEL_QUESTIONS)
    index = open_index(articles_dir, tmp_path / "index", FakeEmbedder())
    question = "instagram und webseite: muss das zusammenpassen?"
    # The passage shares no word with the question; its owner question does.
    assert index.search(question, k=1, query_language="de")[0].passage.text.startswith("Ein Omnichannel-Ansatz")
    reloaded = open_index(articles_dir, tmp_path / "index", FakeEmbedder())
    assert reloaded.search(question, k=1, query_language="de")[0].passage.text.startswith("Ein Omnichannel-Ansatz")


def test_owner_questions_order_the_quotes_but_do_not_decide_whether_to_answer(tmp_path):
    index = open_index(_articles_dir(tmp_path, CHANNEL_QUESTIONS), tmp_path / "index", FakeEmbedder())
    question = "instagram und webseite: muss das zusammenpassen?"
    # The owner question is close; the passages themselves are not: the articles do not say enough to answer.
    assert ArticleAnswerer(index, 0.5).answer(question, "de") is None
    answer = ArticleAnswerer(index, -1.0).answer(question, "de")
    assert answer.quotes[0].text.startswith("Ein Omnichannel-Ansatz")


def test_a_where_no_longer_in_the_article_names_the_entry_and_leaves_the_file_out(tmp_path, caplog):
    articles_dir = _articles_dir(tmp_path, CHANNEL_QUESTIONS.replace("Ein Omnichannel-Ansatz verbindet", "Ein Multichannel-Ansatz"))
    article = load_articles(articles_dir)[0]
    with pytest.raises(QuestionsError, match=r"answer 1: `where` 'Ein Multichannel-Ansatz' is found 0 times"):
        load_article_questions(questions_path(articles_dir, "shop"), article)
    assert load_questions(articles_dir, [article]) == []
    assert "Owner questions not used" in caplog.text
    assert open_index(articles_dir, tmp_path / "index", FakeEmbedder()).search("Garantien", k=1)[0].passage.article == "shop"


def test_a_where_found_twice_or_a_file_for_another_article_is_refused(tmp_path):
    articles_dir = _articles_dir(tmp_path, CHANNEL_QUESTIONS.replace("Ein Omnichannel-Ansatz verbindet", "ch"))
    article = load_articles(articles_dir)[0]
    path = questions_path(articles_dir, "shop")
    with pytest.raises(QuestionsError, match=r"is found [2-9]\d* times"):
        load_article_questions(path, article)
    path.write_text(CHANNEL_QUESTIONS.replace("questions_for: shop", "questions_for: other"))
    with pytest.raises(QuestionsError, match="belongs to 'shop'"):
        load_article_questions(path, article)


def test_english_owner_questions_point_to_the_english_rendition_of_the_passage():
    index = SearchIndex.build(
        ARTICLES, FakeEmbedder(), renditions=load_renditions(ARTICLES_DIR, ARTICLES),
        questions=load_questions(ARTICLES_DIR, ARTICLES),
    )
    english = next(question for question in index.questions if question.language == "en")
    hit = index.search(english.text, k=1, query_language="en")[0]
    assert hit.passage.language == "en" and hit.passage.article == english.article
    assert hit.passage.start < english.end and english.start < hit.passage.end


def test_a_question_very_close_to_an_owner_question_is_on_topic_and_may_be_a_little_less_close_to_the_passage(tmp_path):
    question = "Ich bin auf Instagram und auf meiner Webseite unterwegs, muss das zusammenpassen?"  # an owner question
    with_questions = open_index(_articles_dir(tmp_path, CHANNEL_QUESTIONS), tmp_path / "index", FakeEmbedder())
    without = SearchIndex.build(load_articles(tmp_path / "articles"), FakeEmbedder())
    similarity = float(with_questions.rank(question, query_language="de").similarity.max())
    bar = similarity + ON_TOPIC_SLACK / 2  # the passage alone is not close enough
    assert ArticleAnswerer(without, bar).answer(question, "de") is None
    assert ArticleAnswerer(without, bar).answer(question, "de", on_topic=True) is not None  # the classifier's word
    assert ArticleAnswerer(with_questions, bar).answer(question, "de") is not None  # the owner question's
