"""A question typed in lower case reaches the search written as the articles write its words."""

from bot.knowledge.truecasing import CorpusCasing

ARTICLE = (
    "Kunden kommen wieder, wenn sie Vertrauen fassen. Treue Stammkunden empfehlen ein Café weiter. "
    "Die Stammkunden im Café bleiben. Vertrauen wächst langsam. Wer früh antwortet, gewinnt."
)


def casing() -> CorpusCasing:
    return CorpusCasing.from_texts([ARTICLE])


def test_lower_case_nouns_are_written_as_the_articles_write_them():
    assert casing().restore("wie krieg ich mehr stammkunden in mein cafe??") == "wie krieg ich mehr Stammkunden in mein Café??"


def test_umlauts_typed_as_two_letters_are_restored():
    assert casing().restore("vertrauen waechst") == "Vertrauen wächst"


def test_a_word_the_user_capitalised_is_left_as_typed():
    assert casing().restore("Kunden KOMMEN Wieder") == "Kunden KOMMEN Wieder"


def test_a_capital_at_a_sentence_start_is_not_learnt():
    # "Wer" starts a sentence only; "wer" inside a question stays lower case.
    assert casing().restore("wer antwortet") == "wer antwortet"


def test_words_the_articles_do_not_use_are_unchanged():
    assert casing().restore("google bewertungen 3 sterne") == "google bewertungen 3 sterne"


def test_an_empty_corpus_changes_nothing():
    assert CorpusCasing.from_texts([]).restore("stammkunden") == "stammkunden"


def german_casing() -> CorpusCasing:
    from bot.knowledge.lexical import stemmer

    return CorpusCasing.from_texts([ARTICLE + " Uns helfen die Mitarbeiter und die Kunden. Wir bewerten die Bewertungen."], stem=stemmer("de").stemWord)


def test_a_feminine_form_the_articles_do_not_use_is_written_as_the_noun_it_is():
    assert german_casing().restore("meine kundinnen und mitarbeiterinnen") == "meine Kundinnen und Mitarbeiterinnen"


def test_an_unknown_word_is_capitalised_only_when_its_stem_is_a_noun():
    # „bewerten“ and „Bewertungen“ share a stem that is a verb as often as a noun: „bewertet“ stays as typed.
    assert german_casing().restore("sie bewertet google") == "sie bewertet google"
