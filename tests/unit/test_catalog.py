"""The action catalog: enough grounded, bilingual actions, and bad entries rejected with file, entry and reason."""

import textwrap
import typing
from pathlib import Path

import pytest

from bot.coaching.catalog import load_catalog
from bot.coaching.content import ContentError
from bot.coaching.vocabulary import BusinessType, Dimension, Problem, Topic
from bot.knowledge.articles import load_articles

ROOT = Path(__file__).resolve().parents[2]
ARTICLES = load_articles(ROOT / "data" / "articles")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(ROOT / "data" / "coaching" / "actions", ARTICLES)


def test_the_catalog_has_enough_actions_for_every_need(catalog):
    assert len(catalog) >= 70
    assert {d for action in catalog for d in action.dimensions} == set(typing.get_args(Dimension))
    assert {t for action in catalog for t in action.topics} == set(typing.get_args(Topic))
    assert {action.effort for action in catalog} == {"quick_win", "project"}
    for problem in typing.get_args(Problem):
        if problem != "other":
            assert sum(problem in action.applies.problems for action in catalog) >= 2, problem


def test_every_kind_of_business_has_actions_of_its_own(catalog):
    for business in typing.get_args(BusinessType):
        if business != "other":
            assert sum(action.business_specific and business in action.applies.business_types for action in catalog) >= 4, business


def test_every_named_problem_has_core_actions(catalog):
    for problem in typing.get_args(Problem):
        if problem != "other":
            assert sum(problem in action.applies.core_for for action in catalog) >= 2, problem


def test_every_action_reads_in_both_languages(catalog):
    for action in catalog:
        assert action.title("de") != action.title("en")
        assert len(action.steps("de")) == len(action.steps("en"))


GOOD_ENTRY = """\
actions:
- id: offer-a-guarantee
  title: {de: Gib eine Garantie, en: Offer a guarantee}
  steps: {de: [Leg die Bedingungen fest.], en: [Set the terms.]}
  effort: quick_win
  dimensions: [reliability]
  topics: [guarantee]
  source:
    article: customer-loyalty
    passage: "Viele Hersteller werben daher mit „Geld-zurück-Garantie“"
"""


def write(tmp_path, text, name="bad.yml"):
    folder = tmp_path / "actions"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def test_a_good_entry_loads(tmp_path):
    assert list(load_catalog(write(tmp_path, GOOD_ENTRY), ARTICLES).actions) == ["offer-a-guarantee"]


@pytest.mark.parametrize("change, message", [
    (("en: Offer a guarantee", "fr: Offrir"), "title.en: Field required"),
    (("en: [Set the terms.]", "en: [Set the terms., And more.]"), "de has 1 steps but en has 2"),
    (("effort: quick_win", "effort: someday"), "effort: Input should be 'quick_win' or 'project'"),
    (("dimensions: [reliability]", "dimensions: [speed]"), "dimensions.0"),
    (("id: offer-a-guarantee", "id: Offer A Guarantee"), "id: String should match pattern"),
    (("article: customer-loyalty", "article: no-such-article"), "source.article 'no-such-article' is not an article"),
    (("Viele Hersteller", "Manche Hersteller"), "not found word for word in article 'customer-loyalty'"),
    (("en: [Set the terms.]", "en: ['Set the terms, e.g. {examples}.']"), "give `examples` with at least `default`"),
])
def test_a_bad_entry_names_file_entry_and_problem(tmp_path, change, message):
    folder = write(tmp_path, GOOD_ENTRY.replace(*change))
    with pytest.raises(ContentError) as error:
        load_catalog(folder, ARTICLES)
    assert "bad.yml" in str(error.value)
    assert "offer-a-guarantee" in str(error.value) or "Offer A Guarantee" in str(error.value)
    assert message in str(error.value)


def test_duplicate_ids_and_broken_files_are_rejected(tmp_path):
    folder = write(tmp_path, GOOD_ENTRY, "a.yml")
    write(tmp_path, GOOD_ENTRY, "b.yml")
    with pytest.raises(ContentError, match="already used in .*a.yml"):
        load_catalog(folder, ARTICLES)
    (folder / "b.yml").write_text("actions: {not: a list}")
    with pytest.raises(ContentError, match="b.yml: expected a top-level `actions:` list"):
        load_catalog(folder, ARTICLES)
    (folder / "b.yml").write_text("actions: [\n")
    with pytest.raises(ContentError, match="b.yml: cannot be read as YAML"):
        load_catalog(folder, ARTICLES)


def test_examples_in_a_step_are_those_for_the_readers_kind_of_business(catalog):
    rule = catalog.actions["remove-the-first-disappointment"]
    cafe, shop, unknown = (" ".join(rule.steps_for("small", "en", kind)) for kind in ("cafe_restaurant", "online_shop", None))
    assert "food at the table" in cafe and "food at the table" not in shop and "shipped the same day" in shop
    assert "food at the table" not in unknown and "call back the same day" in unknown
    for action in catalog:
        for kind in (None, *typing.get_args(BusinessType)):
            for team in ("solo", "small"):
                for language in ("de", "en"):
                    assert not any("{" in step for step in action.steps_for(team, language, kind)), action.id
