"""Typed answers understood by meaning: profile answers, ratings, dates, plan steps, language requests, facts."""

from datetime import datetime
from pathlib import Path

import pytest

from bot.coaching.wording import load_wording
from bot.knowledge.embedders import make_embedder
from bot.understanding.link_codes import link_code_in
from bot.understanding.numbers import format_number, numbers_in
from bot.understanding.service import load_understanding

CONTENT = Path(__file__).resolve().parents[2] / "data" / "coaching"
WORDS = load_understanding(CONTENT, load_wording(CONTENT / "wording.yml"))
NOW = datetime(2026, 12, 1, 9, 0)  # a Tuesday


@pytest.fixture(scope="module")
def by_meaning():
    return load_understanding(CONTENT, load_wording(CONTENT / "wording.yml"), make_embedder())


@pytest.mark.parametrize("question, text, value", [
    ("business_type", "cafe_restaurant", "cafe_restaurant"),  # a button
    ("business_type", "Beratung, Coaching oder Unterricht", "consultant_coach"),  # a button's label typed
    ("business_type", "Installateurbetrieb", "trade_craft"),  # a compound
    ("business_type", "Sanitär und Heizung", "trade_craft"),
    # what is made names the business only when no way of selling it is named
    ("business_type", "ich mache Kerzen", "trade_craft"),
    ("business_type", "handgemachte Keramik in meinem Onlineshop", "online_shop"),
    ("business_type", "I sell candles on Etsy", "online_shop"),
    ("business_type", "Goldschmied mit Laden in der Innenstadt", "retail_store"),
    ("practices", "ich red viel mit den gästen und poste auf insta", ("personal_contact", "social_media")),
    ("practices", "I talk to my guests a lot and post on instagram", ("personal_contact", "social_media")),
    ("practices", "ich bin auf insta aktiv", "social_media"),
    ("problem", "people asking for refunds", "returns_complaints"),  # plural
    ("problem", "kaum Bewertungen", "few_bad_reviews"),
    ("reach", "only through my website", "online"),
    ("reach", "both online and at markets", "both"),  # "both" is not ambiguous
    ("reach", "online und im Laden", "both"),
    ("reach", "I go out to my customers, never online", "in_person"),  # negated in its own clause
    ("reach", "I visit clients at their homes", "in_person"),
])
def test_answers_in_own_words(question, text, value):
    reading = WORDS.profile_answer(question, text)
    assert reading.understood and reading.values == ((value,) if isinstance(value, str) else value)


@pytest.mark.parametrize("text, size", [
    ("wir sind zu dritt", "small"), ("12 Leute", "large"), ("zwölf", "large"), ("ich und meine Frau", "small"),
    ("I work alone", "solo"), ("three of us", "small"), ("about 25 employees", "large"), ("a dozen", "large"),
    ("mehr als 10", "large"), ("10", "small"), ("ich und zwei Mitarbeiter", "small"),
])
def test_team_sizes_are_counted(text, size):
    assert WORDS.profile_answer("team_size", text).values == (size,)


def test_several_answers_leave_out_negated_ones_and_none_is_understood():
    assert set(WORDS.profile_answer("practices", "keine Garantie, aber Bewertungen").values) == {"reviews"}
    assert set(WORDS.profile_answer("touchpoints", "Website, Instagram und Telefon").values) == {"website", "social_media", "phone"}
    for text in ("nichts davon", "nothing really", "no guarantee"):
        reading = WORDS.profile_answer("practices", text)
        assert reading.understood and reading.values == ()


def test_an_answer_to_another_question_is_not_matched_by_meaning(by_meaning):
    # "online" at the team size answers where customers meet the business: asked again, not taken as "solo"
    for question, text in (("team_size", "online"), ("team_size", "Café"), ("problem", "website")):
        assert not by_meaning.profile_answer(question, text).understood, (question, text)
    assert by_meaning.profile_answer("reach", "they come to my salon").values == ("in_person",)


def test_a_command_is_no_answer_in_words(by_meaning):
    for text in ("/request_help", "/lang en", "/ask_trust_gap"):
        assert not by_meaning.profile_answer("reach", text).understood
    assert by_meaning.profile_answer("reach", "in_person").values == ("in_person",)  # a button payload still is


def test_dont_know_gives_the_default_and_an_unknown_answer_is_asked_again():
    reading = WORDS.profile_answer("business_type", "keine Ahnung")
    assert reading.dont_know and reading.understood and reading.values == ("other",)
    assert not WORDS.profile_answer("business_type", "Quantenphysik").understood


def test_an_answer_naming_two_kinds_shows_the_candidates():
    reading = WORDS.profile_answer("business_type", "Ich habe ein Café und einen Onlineshop")
    assert reading.ambiguous and set(reading.values) == {"cafe_restaurant", "online_shop"}


def test_meaning_decides_only_with_a_clear_margin(by_meaning):
    reading = by_meaning.profile_answer("touchpoints", "Ich fahre immer zu den Leuten nach Hause")
    assert reading.values == ("at_customer",)
    assert not by_meaning.profile_answer("business_type", "xyzzy plugh").understood


@pytest.mark.parametrize("text, rating", [
    ("4", 4), ("4 von 5", 4), ("trifft voll zu", 5), ("eher ja", 4), ("teils, teils", 3), ("fünf", 5),
    ("not really", 2), ("mostly yes", 4), ("absolutely", 5), ("three", 3), ("yes", 4), ("nicht gut", 2),
])
def test_ratings_in_digits_and_words(text, rating):
    assert WORDS.rating(text).rating == rating


def test_dont_know_and_unclear_ratings():
    assert WORDS.rating("weiß nicht").dont_know
    for text in ("3 oder 4", "7", "Banane", ""):
        assert not WORDS.rating(text).understood


@pytest.mark.parametrize("language, text, days", [
    ("de", "in zwei Wochen", 14), ("en", "in a fortnight", 14), ("de", "in einem Monat", 31),
    ("en", "in three days", 3), ("en", "next Monday", 6), ("de", "frag in nem Monat nach", 31), ("de", "5", 5),
])
def test_check_in_dates(language, text, days):
    assert WORDS.check_in_days(text, NOW, language).days == days


def test_no_date_is_no_guess():
    assert WORDS.check_in_days("Erinnere mich an meinen Plan", NOW, "de").days is None
    assert WORDS.check_in_days("in 6 months", NOW, "en").out_of_range


TITLES = [["Antworte schnell", "Answer quickly"], ["Biete eine Garantie", "Offer a guarantee"],
          ["Bitte um Bewertungen", "Ask for reviews"]]


@pytest.mark.parametrize("text, number, status", [
    ("Punkt 2 erledigt", 2, "done"), ("mark the guarantee one as done", 2, "done"), ("I did number 2", 2, "done"),
    ("den letzten überspringen", 3, "skipped"), ("the first one is done", 1, "done"), ("undo 3", 3, "open"),
])
def test_plan_steps_by_number_position_or_title(text, number, status):
    reading = WORDS.plan_item(text, TITLES)
    assert (reading.number, reading.status) == (number, status)


@pytest.mark.parametrize("text, written_in, wanted", [
    ("lieber auf Deutsch", "de", "de"), ("can we do English?", "en", "en"),
    ("warum redest du jetzt englisch?", "de", "de"), ("Wie geht es dir?", "de", None),
])
def test_language_requests_and_complaints(text, written_in, wanted):
    assert WORDS.language_request(text, written_in) == wanted


@pytest.mark.parametrize("text, facts", [
    ("I need a trust plan for my plumbing business", {"business_type": "trade_craft"}),
    ("Ich hab ein kleines Café. Wie bekomme ich mehr Stammgäste?", {"business_type": "cafe_restaurant"}),
    ("wir sind zu dritt und unser Problem sind Retouren", {"team_size": "small", "problem": "returns_complaints"}),
    ("Wie baue ich Vertrauen auf?", {}),
    # about customers in general, not the user's own business: nothing taken
    ("Why do customers nowadays buy from five different suppliers instead of staying loyal to one?", {}),
    ("Warum kaufen Leute lieber im Onlineshop als im Laden?", {}),
    ("Ich hab ne kleine Tischlerei mit 2 Gesellen", {"business_type": "trade_craft", "team_size": "small"}),
    # a problem only where one is spoken of: staff counted are no staff problem
    ("wir sind 4 Leute plus 2 Azubis", {"team_size": "small"}),
    # typed without "ich"
    ("hallo, bin klempner, mach alles allein", {"business_type": "trade_craft", "team_size": "solo"}),
    ("hab nen kleinen laden in der altstadt", {"business_type": "retail_store"}),
    ("ich verkauf allein kerzen auf etsy", {"business_type": "online_shop", "team_size": "solo"}),
])
def test_facts_stated_before_the_questions(text, facts):
    assert WORDS.profile_facts(text) == facts


def test_numbers_and_their_formats():
    assert numbers_in("ein Café mit zwölf Plätzen") == [12]  # "ein" stays a word
    assert numbers_in("the guarantee one") == []
    assert format_number(3.25, "de") == "3,2" and format_number(3.5, "en") == "3.5"
    assert format_number(4.0, "de", fixed=False) == "4"


def test_link_codes():
    assert link_code_in("link K7WQ-3MPA") == "K7WQ3MPA"
    assert link_code_in("link Vertrauen") == ""
    assert link_code_in("hallo") is None


@pytest.mark.parametrize("text, question", [
    ("Was ist die Vertrauenslücke?", True), ("wie gewinne ich neue kunden", True), ("should I show my prices", True),
    ("Beratung", False), ("wir sind zu dritt", False),
])
def test_questions_among_answers(text, question):
    assert WORDS.is_question(text) is question


def test_what_follows_a_greeting():
    assert WORDS.after_greeting("Hallo, ich hab ein kleines Café. Wie bekomme ich mehr Stammgäste?") == (
        "ich hab ein kleines Café. Wie bekomme ich mehr Stammgäste?")
    assert WORDS.after_greeting("Guten Morgen! Sollte ich meine Preise auf die Website schreiben?").startswith("Sollte")
    assert WORDS.after_greeting("Hallo!") == "" and WORDS.after_greeting("Hi, wie geht es dir") == ""
    assert WORDS.after_greeting("Wie gewinne ich Vertrauen?") == ""  # no greeting


@pytest.mark.parametrize("text, problems", [
    ("Ich habe bei Google 3 schlechte Bewertungen bekommen, was soll ich tun?", ("few_bad_reviews",)),
    ("Viele kommen einmal und dann nie wieder", ("customers_dont_return",)),
    ("How do I build trust online?", ()),
])
def test_a_question_names_the_problem_it_is_about(text, problems):
    assert WORDS.problems_named(text) == problems
