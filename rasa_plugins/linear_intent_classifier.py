"""Intent classifier: a logistic regression over the message's n-gram counts (tf-idf weighted) and its
multilingual sentence embedding, each part normalised so that neither drowns the other.

Chosen by `make bench-nlu` over DIET on the same features (see README): with about 2,000 examples for 30+
intents, a linear model on a good sentence embedding generalises better than a transformer trained from
scratch, trains in seconds instead of minutes, and gives the same prediction on every run.

Rasa's own `LogisticRegressionClassifier` stacks the raw counts next to the embedding; counts of character
n-grams run into the hundreds while the embedding has unit length, so the embedding is all but ignored (and
its regularisation strength cannot be set). This one weighs the counts by sublinear tf-idf learnt from the
training data, L2-normalises both parts and gives the embedding a configurable weight.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text, Tuple, Type

import numpy as np
import scipy.sparse
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers import LABEL_RANKING_LENGTH
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.featurizer import Featurizer
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.utils.tensorflow.constants import RANKING_LENGTH

logger = logging.getLogger(__name__)

_WEIGHTS_FILE = "idf.npy"
_MODEL_FILE = "classifier.skops"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(IntentClassifier, GraphComponent):
    """Logistic regression on [tf-idf of the sparse sentence features ; weight × dense sentence features]."""

    @classmethod
    def required_components(cls) -> List[Type]:
        return [Featurizer]

    @staticmethod
    def required_packages() -> List[Text]:
        return ["sklearn", "skops"]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "C": 10.0,  # inverse regularisation strength of the logistic regression
            "embedding_weight": 2.0,  # length of the dense part next to the unit-length sparse part
            "max_iter": 3000,
            "random_state": 7,
            RANKING_LENGTH: LABEL_RANKING_LENGTH,
        }

    @classmethod
    def validate_config(cls, config: Dict[Text, Any]) -> None:
        if float(config["C"]) <= 0:
            raise ValueError("LinearIntentClassifier: C must be greater than 0 (try 10).")
        if float(config["embedding_weight"]) < 0:
            raise ValueError("LinearIntentClassifier: embedding_weight must not be negative (try 2).")

    def __init__(
        self,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        idf: Optional[TfidfTransformer] = None,
        classifier: Optional[LogisticRegression] = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self.validate_config(self._config)
        self._model_storage = model_storage
        self._resource = resource
        self._idf = idf
        self._classifier = classifier

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> "LinearIntentClassifier":
        return cls(config, model_storage, resource)

    def _features(self, messages: List[Message]) -> scipy.sparse.csr_matrix:
        """One row per message: the tf-idf weighted counts (L2 length 1), then the weighted embedding.

        A message whose features are missing or partial (an empty text has no n-grams) gets zeros there, so
        prediction never fails on the shape the model was trained with."""
        sparse_width = len(self._idf.idf_) if self._idf is not None else 0
        dense_width = (self._classifier.n_features_in_ - sparse_width) if self._classifier is not None else None
        sparse_part, dense_part = _sentence_features(messages, sparse_width or None, dense_width)
        parts = []
        if sparse_part is not None and self._idf is not None:
            parts.append(self._idf.transform(sparse_part))
        if dense_part is not None:
            weight = float(self._config["embedding_weight"])
            parts.append(scipy.sparse.csr_matrix(normalize(dense_part) * weight))
        if not parts:
            raise ValueError("LinearIntentClassifier: the messages have no sentence features; "
                             "put a featurizer before it in config.yml.")
        return scipy.sparse.hstack(parts).tocsr()

    def train(self, training_data: TrainingData) -> Resource:
        examples = [example for example in training_data.intent_examples if example.get(INTENT) and example.get(TEXT)]
        if not examples:
            logger.debug("LinearIntentClassifier: no intent examples, nothing to train.")
            return self._resource
        counts, _ = _sentence_features(examples)
        self._idf = TfidfTransformer(sublinear_tf=True).fit(counts) if counts is not None else None
        self._classifier = None  # the feature widths come from these examples, not from an earlier model
        self._classifier = LogisticRegression(
            C=float(self._config["C"]),
            max_iter=int(self._config["max_iter"]),
            class_weight="balanced",  # intents with few examples count as much as large ones
            random_state=int(self._config["random_state"]),
        ).fit(self._features(examples), [example.get(INTENT) for example in examples])
        self.persist()
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        if self._classifier is None:
            return messages
        probabilities = self._classifier.predict_proba(self._features(messages))
        names = self._classifier.classes_
        length = int(self._config[RANKING_LENGTH])
        for message, row in zip(messages, probabilities):
            order = np.argsort(-row)
            ranking = [{"name": str(names[index]), "confidence": float(row[index])} for index in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set("intent_ranking", ranking[:length] if length > 0 else ranking, add_to_output=True)
        return messages

    def persist(self) -> None:
        import skops.io as sio

        with self._model_storage.write_to(self._resource) as directory:
            sio.dump(self._classifier, directory / _MODEL_FILE)
            if self._idf is not None:
                np.save(directory / _WEIGHTS_FILE, self._idf.idf_)

    @classmethod
    def load(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> "LinearIntentClassifier":
        import skops.io as sio

        try:
            with model_storage.read_from(resource) as directory:
                classifier = sio.load(directory / _MODEL_FILE)  # only scikit-learn and numpy types
                idf = None
                if (directory / _WEIGHTS_FILE).exists():
                    idf = TfidfTransformer(sublinear_tf=True)
                    idf.idf_ = np.load(directory / _WEIGHTS_FILE)
        except ValueError:
            logger.debug("LinearIntentClassifier: no trained model found; it will predict nothing.")
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, idf=idf, classifier=classifier)


def _sentence_features(
    messages: List[Message], sparse_width: Optional[int] = None, dense_width: Optional[int] = None
) -> Tuple[Optional[scipy.sparse.csr_matrix], Optional[np.ndarray]]:
    """The messages' sparse and dense sentence features as two matrices (None where no featurizer gave any).
    With a width given, a row of another width (features missing for this message) becomes zeros."""
    sparse_rows, dense_rows = [], []
    for message in messages:
        sparse = message.get_sparse_features(TEXT)[1]
        dense = message.get_dense_features(TEXT)[1]
        sparse_rows.append(scipy.sparse.csr_matrix(sparse.features) if sparse is not None else None)
        dense_rows.append(np.asarray(dense.features, dtype=np.float64).reshape(1, -1) if dense is not None else None)
    return _stack_sparse(sparse_rows, sparse_width), _stack_dense(dense_rows, dense_width)


def _stack_sparse(rows: List[Optional[scipy.sparse.csr_matrix]], width: Optional[int]) -> Optional[scipy.sparse.csr_matrix]:
    width = width or next((row.shape[1] for row in rows if row is not None), None)
    if not width:
        return None
    empty = scipy.sparse.csr_matrix((1, width))
    return scipy.sparse.vstack([row if row is not None and row.shape[1] == width else empty for row in rows]).tocsr()


def _stack_dense(rows: List[Optional[np.ndarray]], width: Optional[int]) -> Optional[np.ndarray]:
    width = width or next((row.shape[1] for row in rows if row is not None), None)
    if not width:
        return None
    return np.vstack([row if row is not None and row.shape[1] == width else np.zeros((1, width)) for row in rows])
