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
- A fresh shuffle every epoch: the network gets a ``numpy.random.RandomState``,
  not an integer seed. ``partial_fit`` turns ``random_state`` into a random
  generator on every call; from an integer that is a brand-new generator each
  time, so every epoch after the first (which also draws the starting weights)
  would visit the mini-batches in the same order. A ``RandomState`` object is
  used as it is and moves on from call to call. We record the order the library
  actually uses in each epoch, and check the difference against an integer
  seed (``distinct_orders_after_first``).
- After every epoch: accuracy and cross-entropy loss on the training images
  (against the labels the network was given, mistakes included), on the
  validation images and on the test images.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import sklearn.neural_network._multilayer_perceptron as mlp_module
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

TRAIN_SIZE = 300
WRONG_LABELS = 60  # a fifth of the training images
HIDDEN_UNITS = 128
LEARNING_RATE = 0.005
BATCH_SIZE = 32
CLASSES = np.arange(10)
PIXELS = 64  # 8 x 8 images
# Every weight and bias: pixels -> hidden units -> one output per digit.
N_WEIGHTS = (PIXELS + 1) * HIDDEN_UNITS + (HIDDEN_UNITS + 1) * len(CLASSES)


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
    distinct_orders: int  # how many different mini-batch orders the epochs used

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


@contextmanager
def recorded_orders() -> Iterator[list[np.ndarray]]:
    """The order in which ``MLPClassifier`` visits the training images, one entry per epoch.

    The library shuffles the image indices at the start of every epoch with
    ``sklearn.utils.shuffle``; we listen in on that call without changing it.
    """
    orders: list[np.ndarray] = []
    original = mlp_module.shuffle

    def listen(*arrays, **options):
        result = original(*arrays, **options)
        orders.append(np.array(result, copy=True))
        return result

    mlp_module.shuffle = listen
    try:
        yield orders
    finally:
        mlp_module.shuffle = original


def network(random_state: int | np.random.RandomState) -> MLPClassifier:
    return MLPClassifier(
        hidden_layer_sizes=(HIDDEN_UNITS,),
        alpha=0.0,
        solver="adam",
        learning_rate_init=LEARNING_RATE,
        batch_size=BATCH_SIZE,
        shuffle=True,
        random_state=random_state,
    )


def distinct_orders_after_first(split: DigitsSplit, random_state: int | np.random.RandomState, epochs: int) -> int:
    """How many different mini-batch orders the epochs after the first use, over ``epochs`` calls of ``partial_fit``.

    The first epoch is left out: the first call also draws the starting weights
    from the generator, so even an integer seed shuffles differently there.
    """
    net = network(random_state)
    with recorded_orders() as orders:
        for _ in range(epochs):
            net.partial_fit(split.x_train, split.y_train, classes=CLASSES)
    return len({tuple(order) for order in orders[1:]})


def cross_entropy(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """Mean negative log-probability the network gave to the right answer."""
    picked = probabilities[np.arange(len(labels)), labels]
    return float(-np.mean(np.log(np.clip(picked, 1e-15, 1.0))))


def train_by_epoch(split: DigitsSplit, epochs: int, seed: int) -> History:
    """Train for ``epochs`` passes, scoring every set after each pass."""
    # A RandomState object, not the integer: see the module docstring.
    net = network(np.random.RandomState(seed))
    sets = {
        "train": (split.x_train, split.y_train),
        "val": (split.x_val, split.y_val),
        "test": (split.x_test, split.y_test),
    }
    record: dict[str, list] = {f"{name}_{kind}": [] for name in sets for kind in ("accuracy", "loss")}
    record["train_true_accuracy"] = []
    record["mistakes_learned"] = []
    with recorded_orders() as orders:
        for _ in range(epochs):
            # partial_fit makes exactly one pass and never warns about convergence.
            net.partial_fit(split.x_train, split.y_train, classes=CLASSES)
            record_scores(net, sets, split, record)
    orders_used = len({tuple(order) for order in orders})
    return History(**{key: np.array(values) for key, values in record.items()}, distinct_orders=orders_used)


def record_scores(net: MLPClassifier, sets: dict, split: DigitsSplit, record: dict[str, list]) -> None:
    """Accuracy and loss on every set, after one epoch."""
    mislabelled = split.y_train != split.y_train_true
    for name, (x, y) in sets.items():
        probabilities = net.predict_proba(x)
        predicted = probabilities.argmax(axis=1)
        record[f"{name}_accuracy"].append(float(np.mean(predicted == y)))
        record[f"{name}_loss"].append(cross_entropy(probabilities, y))
        if name == "train":
            record["train_true_accuracy"].append(float(np.mean(predicted == split.y_train_true)))
            record["mistakes_learned"].append(int(np.sum(predicted[mislabelled] == y[mislabelled])))
