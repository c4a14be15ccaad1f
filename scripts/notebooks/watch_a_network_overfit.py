# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Watch a network overfit and stop it early
#
# A neural network trained for long enough on a small data set starts to
# learn the examples by heart, mistakes included. Its score on the training
# data keeps climbing while its score on new data stalls or falls. That is
# [[overfitting]].
#
# In this walkthrough we make it happen on purpose, watch it [[epoch]] by
# epoch, and then try two standard cures on the same network:
# [[early-stopping]], which stops training at the right moment, and L2
# [[regularization]], which makes large weights costly so the network
# cannot bend itself around every example.

# %% [markdown]
# ## A small, imperfect training set
#
# The data is the handwritten-digits set that ships with scikit-learn:
# 1,797 images of 8×8 pixels, each labelled 0 to 9. We cut it three ways
# (see [[train-validation-test-split]]):
#
# - a **test** set, 30% of the images, looked at only at the very end;
# - a **validation** set of 300 images, which we check after every epoch to
#   decide when to stop and how strongly to regularise;
# - a **training** set of just 200 images, small enough to memorise.
#
# Real labels often contain a few mistakes, and those are exactly what an
# overfitting network memorises. To make the effect big enough to see in a
# few seconds, we give a fifth of the training images a wrong label on
# purpose. The
# validation and test labels stay correct, so their scores measure real
# skill. Every random choice is seeded.

# %%
import copy

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

SEED = 0
rng = np.random.default_rng(SEED)

digits = load_digits()
X = digits.data / 16  # pixel values 0..16, scaled to 0..1
y = digits.target
X_rest, X_test, y_rest, y_test = train_test_split(X, y, test_size=0.3, stratify=y, random_state=SEED)
X_train, X_val, y_train, y_val = train_test_split(
    X_rest, y_rest, train_size=200, test_size=300, stratify=y_rest, random_state=SEED
)

flipped = rng.choice(len(y_train), size=len(y_train) // 5, replace=False)
y_given = y_train.copy()
# always a different digit
y_given[flipped] = (y_train[flipped] + rng.integers(1, 10, size=len(flipped))) % 10

print(f"training {len(y_train)}, validation {len(y_val)}, test {len(y_test)} images")
print(f"wrong labels in the training set: {np.sum(y_given != y_train)}")

# %% [markdown]
# ## Training one epoch at a time
#
# The network is a multilayer perceptron: 64 pixel values in, one hidden
# layer of 100 units, ten outputs. We call `partial_fit`, which makes one
# pass over the training data per call, so that we can score the network
# after every epoch. With a [[batch-size]] of 50, one epoch is four
# weight updates.
#
# Each epoch should visit the images in a fresh order. `partial_fit` turns
# `random_state` into a random generator on every call, so an integer seed
# would restart the generator each time and repeat one order epoch after
# epoch. We pass a `numpy.random.RandomState` instead: the network keeps
# using that one generator, which moves on from epoch to epoch. A new one
# with the same seed for every network keeps the runs repeatable.
#
# The function below trains one network and keeps two things: the score
# history, and a copy of the network from the epoch where validation
# accuracy was highest. With `patience` set, it also applies the usual
# early-stopping rule: stop once the validation score has gone that many
# epochs without beating its best, and hand back the best copy.

# %%
from sklearn.neural_network import MLPClassifier

EPOCHS = 100
CLASSES = np.arange(10)


def train(alpha: float, patience: int | None = None) -> dict:
    """Train for up to EPOCHS epochs; return the history, the last network and the best one."""
    # partial_fit runs exactly one epoch per call, so it never raises the
    # ConvergenceWarning that fit(max_iter=...) would give each time we stop
    # training on purpose before the optimiser has settled.
    net = MLPClassifier(
        hidden_layer_sizes=(100,),
        alpha=alpha,
        learning_rate_init=0.01,
        batch_size=50,
        random_state=np.random.RandomState(SEED),  # one generator for all epochs: a fresh shuffle each time
    )
    run = {"train": [], "val": [], "best_epoch": 0, "best": None}
    for epoch in range(1, EPOCHS + 1):
        net.partial_fit(X_train, y_given, classes=CLASSES)
        run["train"].append(net.score(X_train, y_given))  # against the labels it was given
        run["val"].append(net.score(X_val, y_val))
        if run["val"][-1] > max(run["val"][:-1], default=-1.0):
            run["best_epoch"], run["best"] = epoch, copy.deepcopy(net)
        elif patience is not None and epoch - run["best_epoch"] >= patience:
            break
    run["last"] = net
    return run


plain = train(alpha=0.0)
best = plain["best_epoch"]
print(f"best validation accuracy: {plain['val'][best - 1]:.3f} at epoch {best}")
print(f"after {EPOCHS} epochs: training {plain['train'][-1]:.3f}, validation {plain['val'][-1]:.3f}")

# %% [markdown]
# Here `alpha=0.0` switches the L2 penalty off entirely, so nothing holds
# the network back. The curves show what it does with that freedom.

# %%
import matplotlib.pyplot as plt

epochs = np.arange(1, EPOCHS + 1)
fig, ax = plt.subplots()
ax.plot(epochs, plain["train"], linewidth=2, label="training (labels as given)")
ax.plot(epochs, plain["val"], linewidth=2, label="validation")
ax.axvline(best, color="#6b6b6b", linestyle=":", linewidth=1.5)
ax.annotate(f"best epoch ({best})", (best, 0.4), xytext=(8, 0), textcoords="offset points", color="#6b6b6b")
ax.set(xlabel="epoch", ylabel="accuracy", ylim=(0.3, 1.02), title="No penalty: the two curves part ways")
ax.legend(loc="center right")
plt.show()

# %% [markdown]
# Early on, both curves rise together: the network is learning what digits
# look like. Then they part. Training accuracy keeps climbing towards a
# perfect score, which it can only reach by learning the wrong labels too.
# Validation accuracy peaks and then slides: the detail the network is now
# learning is about these 200 images, not about digits.
#
# How many of the deliberately wrong labels has it learned by heart? We
# ask it about those training images and count how often it repeats the
# wrong label rather than the true digit.


# %%
def memorised_count(net: MLPClassifier) -> int:
    """How many deliberately wrong training labels the network repeats."""
    return int(np.sum(net.predict(X_train[flipped]) == y_given[flipped]))


def memorised(net: MLPClassifier) -> str:
    said = net.predict(X_train[flipped])
    return (
        f"repeats the wrong label for {memorised_count(net)} of {len(flipped)}, "
        f"gives the true digit for {np.sum(said == y_train[flipped])}"
    )


print(f"at the best epoch:  {memorised(plain['best'])}")
print(f"after {EPOCHS} epochs: {memorised(plain['last'])}")

# %% [markdown]
# ## Cure one: stop early
#
# Early stopping watches the validation score and stops when it has not
# improved for a while. The wait is called the *patience*; ten epochs is a
# common choice. Because the score wobbles, the rule does not stop at the
# first dip, and when it does stop it goes back to the weights from the
# best epoch.
#
# We train a fresh network with the same seed, so it follows exactly the
# same path as before, this time with the rule switched on.
# (scikit-learn can do this for you with `early_stopping=True`: it then
# holds back its own validation set, 10% of the training data by default,
# watches accuracy on it, and stops once more than `n_iter_no_change`
# epochs in a row have failed to improve on the best.)

# %%
PATIENCE = 10

stopped = train(alpha=0.0, patience=PATIENCE)
print(f"stopped after epoch {len(stopped['val'])}, kept the weights from epoch {stopped['best_epoch']}")
print(f"validation accuracy of the kept weights: {stopped['val'][stopped['best_epoch'] - 1]:.3f}")

# %% [markdown]
# ## Cure two: make large weights costly
#
# L2 regularisation adds the sum of the squared weights, times `alpha`, to
# the loss that training minimises. To fit one odd example, a network
# usually needs some large weights; with the penalty those cost more than
# the example is worth, so the network settles for the simpler pattern the
# other examples share.
#
# `alpha` is a [[hyperparameter]], so we choose it the same way as the
# stopping epoch: train with each candidate for the full hundred epochs
# and keep the one with the best validation accuracy at the end.

# %%
candidates = [0.1, 0.3, 1.0, 3.0]
runs = {alpha: train(alpha=alpha) for alpha in candidates}
for alpha, run in runs.items():
    print(f"alpha={alpha:<4} training {run['train'][-1]:.3f}  validation {run['val'][-1]:.3f}")

chosen = max(candidates, key=lambda alpha: runs[alpha]["val"][-1])
penalised = runs[chosen]
print(f"\nchosen: alpha={chosen}")
print(f"after {EPOCHS} epochs it {memorised(penalised['last'])}")

# %%
fig, ax = plt.subplots()
ax.plot(epochs, plain["val"], linewidth=2, label="no penalty")
ax.plot(epochs, penalised["val"], linewidth=2, label=f"L2 penalty, alpha={chosen}")
ax.plot(
    epochs,
    penalised["train"],
    linewidth=1,
    linestyle="--",
    color="#8a8a8a",
    label=f"training, alpha={chosen} (labels as given)",
)
stop = len(stopped["val"])
ax.plot(
    stopped["best_epoch"],
    stopped["val"][stopped["best_epoch"] - 1],
    marker="*",
    markersize=14,
    linestyle="none",
    color="#6b6b6b",
    label=f"early stopping: kept epoch {stopped['best_epoch']}",
)
ax.axvline(stop, color="#6b6b6b", linestyle=":", linewidth=1.5)
ax.annotate(f"rule fires ({stop})", (stop, 0.62), xytext=(8, 0), textcoords="offset points", color="#6b6b6b")
ax.set(xlabel="epoch", ylabel="accuracy", ylim=(0.3, 1.02), title="Two cures on the validation curve")
ax.legend(loc="lower right")
plt.show()

# %% [markdown]
# With the penalty, the validation curve no longer slides after its peak.
# The dashed line shows why: the penalised network does not chase a perfect
# training score, because agreeing with the wrong labels would cost more
# than it gains.

# %% [markdown]
# ## The verdict on the test set
#
# Everything so far was chosen with the validation set. The test set has
# waited untouched, so it can now give a fair score to each of the three
# networks, once.

# %%
finalists = {
    f"no penalty, all {EPOCHS} epochs": plain["last"],
    f"early stopping (epoch {stopped['best_epoch']})": stopped["best"],
    f"L2 penalty alpha={chosen}, all {EPOCHS} epochs": penalised["last"],
}
for name, net in finalists.items():
    print(f"{name:<36} test accuracy {net.score(X_test, y_test):.3f}")

# %% [markdown]
# Both cures aim at the same thing from different sides. Early stopping
# limits *how long* the network may learn; the penalty limits *how
# complicated* what it learns may be. They combine well, and in practice
# they are often used together, along with the simplest cure of all when it
# is available: more training data.

# %% [markdown]
# ## What the build checks
#
# The site runs this notebook again whenever it changes, and the build
# stops if a sentence above no longer describes the run. Each such sentence
# is written below as a claim over numbers computed above.

# %%
CLAIMS = {
    "values": {
        "epochs": EPOCHS,
        "patience": PATIENCE,
        "flipped": len(flipped),
        "plain_train": plain["train"],
        "plain_val": plain["val"],
        "plain_best_epoch": plain["best_epoch"],
        "memorised_at_best": memorised_count(plain["best"]),
        "memorised_at_end": memorised_count(plain["last"]),
        "stopped_after": len(stopped["val"]),
        "stopped_best_epoch": stopped["best_epoch"],
        "penalised_train": penalised["train"],
        "penalised_val": penalised["val"],
        "memorised_penalised": memorised_count(penalised["last"]),
    },
    "claims": [
        # "Early on, both curves rise together."
        "plain_train[4] > plain_train[0] and plain_val[4] > plain_val[0]",
        # "Training accuracy keeps climbing towards a perfect score..."
        "plain_train[-1] > 0.95 and plain_train[-1] > plain_train[plain_best_epoch - 1]",
        # "...which it can only reach by learning the wrong labels too."
        "memorised_at_end > 2 * memorised_at_best and memorised_at_end > flipped / 2",
        # "Validation accuracy peaks and then slides."
        "plain_best_epoch < epochs / 2 and plain_val[-1] < max(plain_val) - 0.03",
        # Early stopping: same path as before (same best epoch), stopped a patience later.
        "stopped_best_epoch == plain_best_epoch and stopped_after == stopped_best_epoch + patience",
        # "With the penalty, the validation curve no longer slides after its peak."
        "penalised_val[-1] > max(penalised_val) - 0.02",
        # "The penalised network does not chase a perfect training score..."
        "penalised_train[-1] < plain_train[-1] - 0.1 and memorised_penalised < memorised_at_end / 2",
    ],
}
