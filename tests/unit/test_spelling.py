"""A misspelt word of a typed question is put right with the words the texts use, and only then."""

from bot.knowledge.spelling import Spelling

TEXTS = ["People come back when they trust you. Customers return often.",
         "Kunden kommen wieder, wenn sie Vertrauen fassen. Stammkunden empfehlen weiter. Sie bleiben."]


def spelling() -> Spelling:
    return Spelling.from_texts(TEXTS)


def test_a_word_one_edit_from_a_known_word_is_put_right():
    assert spelling().correct("how do i get peple to come back?") == "how do i get people to come back?"
    assert spelling().correct("wie bekomm ich stammkundn") == "wie bekomm ich stammkunden"


def test_two_swapped_letters_count_as_one_edit_and_capitals_are_kept():
    assert spelling().correct("Custmers retrun") == "Customers return"


def test_words_the_texts_do_not_know_and_short_words_stay_as_typed():
    assert spelling().correct("Fahrradladen auf Etsy, ppl") == "Fahrradladen auf Etsy, ppl"
    assert spelling().correct("sei die") == "sei die"  # short words: too easily another word


def test_a_word_as_close_to_two_known_words_stays_as_typed():
    assert Spelling.from_texts(["kante kanne"]).correct("kanze") == "kanze"
