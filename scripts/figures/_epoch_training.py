"""One small network trained on the digits, epoch by epoch: shared by two figure scripts.

``overfitting.py`` and ``early_stopping.py`` look at the same run from two
sides, so the data, the network and the training loop live here once.

The run, in short:

- Data: the 8x8 handwritten digits that ship with scikit-learn (1,797
  images), pixel values scaled to 0..1. 300 images are kept for training;
  the rest is split in half, for validation and for a final test.
- Label mistakes: 60 of the 300 training images (a fifth) get a wrong label,
  a different digit picked at random. Real data sets contain labelling
  mistakes too; here they make memorising visible, because a network that
  learns a mistake gets worse on new images. Validation and test labels are
  left correct.
- Network: scikit-learn's ``MLPClassifier``, one hidden layer of 128 units,
  no weight penalty (``alpha=0``), the Adam optimiser with learning rate
  0.005 and mini-batches of 32 images. Each call to ``partial_fit`` is one
  epoch: one pass over the 300 training images in a shuffled order.
- After every epoch: accuracy and cross-entropy loss on the training images
  (against the labels the network was given, mistakes included), on the
  validation images and on the test images.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

TRAIN_SIZE = 300
WRONG_LABELS = 60  # a fifth of the training images
HIDDEN_UNITS = 128
LEARNING_RATE = 0.005
BATCH_SIZE = 32
CLASSES = np.arange(10)


@dataclass(frozen=True)
class DigitsSplit:
    """Training, validation and test images with their labels."""

    x_train: np.ndarray
    y_train: np.ndarray  # the labels the network learns from, mistakes included
    y_train_true: np.ndarray  # the correct labels of the training images
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


@dataclass(frozen=True)
class History:
    """One value per epoch; index 0 is epoch 1."""

    train_accuracy: np.ndarray
    val_accuracy: np.ndarray
    test_accuracy: np.ndarray
    train_loss: np.ndarray
    val_loss: np.ndarray
    test_loss: np.ndarray
    train_true_accuracy: np.ndarray  # training images scored against their correct labels
    mistakes_learned: np.ndarray  # mislabelled training images predicted with their wrong label

    @property
    def epochs(self) -> int:
        return len(self.val_loss)


def digits_split(seed: int) -> DigitsSplit:
    """The three sets, stratified by digit, with the label mistakes put in."""
    digits = load_digits()
    x = digits.data / 16.0  # pixel intensities run from 0 to 16
    y = digits.target
    x_train, x_rest, y_train, y_rest = train_test_split(x, y, train_size=TRAIN_SIZE, stratify=y, random_state=seed)
    x_val, x_test, y_val, y_test = train_test_split(x_rest, y_rest, train_size=0.5, stratify=y_rest, random_state=seed)

    rng = np.random.default_rng(seed)
    wrong = rng.choice(TRAIN_SIZE, size=WRONG_LABELS, replace=False)
    y_given = y_train.copy()
    # Adding 1..9 modulo 10 always lands on a different digit.
    y_given[wrong] = (y_train[wrong] + rng.integers(1, 10, size=WRONG_LABELS)) % 10
    return DigitsSplit(x_train, y_given, y_train, x_val, y_val, x_test, y_test)


def cross_entropy(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """Mean negative log-probability the network gave to the right answer."""
    picked = probabilities[np.arange(len(labels)), labels]
    return float(-np.mean(np.log(np.clip(picked, 1e-15, 1.0))))


def train_by_epoch(split: DigitsSplit, epochs: int, seed: int) -> History:
    """Train for ``epochs`` passes, scoring every set after each pass."""
    network = MLPClassifier(
        hidden_layer_sizes=(HIDDEN_UNITS,),
        alpha=0.0,
        solver="adam",
        learning_rate_init=LEARNING_RATE,
        batch_size=BATCH_SIZE,
        shuffle=True,
        random_state=seed,
    )
    sets = {
        "train": (split.x_train, split.y_train),
        "val": (split.x_val, split.y_val),
        "test": (split.x_test, split.y_test),
    }
    record: dict[str, list] = {f"{name}_{kind}": [] for name in sets for kind in ("accuracy", "loss")}
    record["train_true_accuracy"] = []
    record["mistakes_learned"] = []
    mislabelled = split.y_train != split.y_train_true
    for _ in range(epochs):
        # partial_fit makes exactly one pass and never warns about convergence.
        network.partial_fit(split.x_train, split.y_train, classes=CLASSES)
        for name, (x, y) in sets.items():
            probabilities = network.predict_proba(x)
            predicted = probabilities.argmax(axis=1)
            record[f"{name}_accuracy"].append(float(np.mean(predicted == y)))
            record[f"{name}_loss"].append(cross_entropy(probabilities, y))
            if name == "train":
                record["train_true_accuracy"].append(float(np.mean(predicted == split.y_train_true)))
                record["mistakes_learned"].append(int(np.sum(predicted[mislabelled] == y[mislabelled])))
    return History(**{key: np.array(values) for key, values in record.items()})
