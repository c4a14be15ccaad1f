"""A small neural network written out in numpy: what a training step does, and dropout.

scikit-learn's ``MLPClassifier`` hides its training loop and has no dropout,
so this script writes a one-hidden-layer network out by hand: a forward pass,
the gradient of the cross-entropy loss by backpropagation, and the update
rules (plain stochastic gradient descent, and momentum). It reads the 8x8
handwritten digits that ship with scikit-learn (1,797 images, pixels scaled
to 0..1) and serves two entries.

- Training step: plain SGD with batches of 100 images for 3 epochs. Before
  each step we measure the loss on the batch the step is about to use; after
  it, the loss on that batch again and on the whole training set. We also
  count how many batches one epoch makes for several batch sizes. What to
  look for: the per-batch loss, which is what training logs usually print,
  jumps up and down from step to step, because every step sees different
  images; the loss on the whole training set falls after every step.
- Dropout: a wider network (128 hidden units) learns from only 300 images,
  a fifth of them with a deliberately wrong label, so that memorising is
  possible and visible, as in the overfitting entry's run. It is trained
  twice, identically except that the second run drops each hidden unit with
  probability 0.5 at every step (inverted dropout: the survivors are scaled
  by 1 / (1 - 0.5)). Both are scored every epoch with all units on. What to
  look for: without dropout the network fits more of the wrong training
  labels and ends with the worse validation score; with dropout the gap
  between training and validation accuracy stays narrower.
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from threadpoolctl import threadpool_limits

from _figure_helpers import COLORS, FOREGROUND, SEED, save_figure, use_site_style, write_metrics

use_site_style()
threadpool_limits(limits=1)  # tiny matrices: one thread is faster than many, and the run stays repeatable

# %%
# Data
# ----
digits = load_digits()
X = digits.data / 16.0
y = digits.target
CLASSES = 10
# The training steps use the training part of a stratified 75/25 split; the other quarter is not needed here.
X_train, _, y_train, _ = train_test_split(X, y, test_size=0.25, stratify=y, random_state=SEED)


# %%
# The network
# -----------
# Inputs -> hidden layer of ReLU units -> 10 scores -> softmax probabilities.
def init_weights(hidden: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Small random starting weights (He scaling for the ReLU layer), zero biases."""
    inputs = X.shape[1]
    return [
        rng.normal(0.0, np.sqrt(2.0 / inputs), (inputs, hidden)),
        np.zeros(hidden),
        rng.normal(0.0, np.sqrt(1.0 / hidden), (hidden, CLASSES)),
        np.zeros(CLASSES),
    ]


def forward(weights, x, drop=0.0, rng=None):
    """Hidden pre-activations, hidden outputs, dropout mask (or None) and class probabilities."""
    w1, b1, w2, b2 = weights
    pre = x @ w1 + b1
    hidden = np.maximum(pre, 0.0)
    mask = None
    if drop > 0:  # inverted dropout: drop with probability `drop`, scale the survivors up
        mask = (rng.random(hidden.shape) >= drop) / (1.0 - drop)
        hidden = hidden * mask
    scores = hidden @ w2 + b2
    scores -= scores.max(axis=1, keepdims=True)
    probs = np.exp(scores)
    return pre, hidden, mask, probs / probs.sum(axis=1, keepdims=True)


def evaluate(weights, x, labels) -> tuple[float, float, np.ndarray]:
    """Cross-entropy loss, accuracy and predicted digits, with every unit on (as a trained network is used)."""
    probs = forward(weights, x)[3]
    loss = -np.mean(np.log(probs[np.arange(len(labels)), labels] + 1e-12))
    predicted = probs.argmax(axis=1)
    return float(loss), float(np.mean(predicted == labels)), predicted


def gradients(weights, x, labels, drop=0.0, rng=None):
    """Backpropagation: the gradient of the batch's mean cross-entropy for each weight array."""
    w1, _, w2, _ = weights
    pre, hidden, mask, probs = forward(weights, x, drop, rng)
    d_scores = probs.copy()
    d_scores[np.arange(len(labels)), labels] -= 1.0
    d_scores /= len(labels)
    d_hidden = d_scores @ w2.T
    if mask is not None:
        d_hidden *= mask  # a dropped unit passed nothing on, so it gets no gradient
    d_pre = d_hidden * (pre > 0)
    return [x.T @ d_pre, d_pre.sum(axis=0), hidden.T @ d_scores, d_scores.sum(axis=0)]


def batches(n: int, batch_size: int, rng: np.random.Generator):
    """One epoch: a fresh shuffle cut into batches; the last one holds whatever is left."""
    order = rng.permutation(n)
    for start in range(0, n, batch_size):
        yield order[start : start + batch_size]


# %%
# The update rules
# ----------------
# Each optimizer turns a gradient into a change of the weights. Momentum keeps
# a running sum of past gradients (its state) between steps.
class SGD:
    def __init__(self, rate):
        self.rate = rate

    def step(self, weights, grads):
        for w, g in zip(weights, grads, strict=True):
            w -= self.rate * g


class Momentum:
    def __init__(self, rate, beta=0.9):
        self.rate, self.beta, self.velocity = rate, beta, None

    def step(self, weights, grads):
        if self.velocity is None:
            self.velocity = [np.zeros_like(w) for w in weights]
        for w, g, v in zip(weights, grads, self.velocity, strict=True):
            v *= self.beta
            v += g  # v = beta * v + g
            w -= self.rate * v


# %%
# Train: what one training step does
# ----------------------------------
HIDDEN = 32
STEP_BATCH = 100
STEP_EPOCHS = 3
STEP_RATE = 0.2
weights = init_weights(HIDDEN, np.random.default_rng(SEED))
order_rng = np.random.default_rng(SEED + 1)
step_rows = []  # (epoch, batch size, batch loss before, batch loss after, training-set loss after)
for epoch in range(STEP_EPOCHS):
    for batch in batches(len(y_train), STEP_BATCH, order_rng):
        before = evaluate(weights, X_train[batch], y_train[batch])[0]
        SGD(STEP_RATE).step(weights, gradients(weights, X_train[batch], y_train[batch]))
        after = evaluate(weights, X_train[batch], y_train[batch])[0]
        step_rows.append((epoch, len(batch), before, after, evaluate(weights, X_train, y_train)[0]))
step_rows = np.array(step_rows)
step_epoch, step_size, batch_before, batch_after, train_after = step_rows.T
steps_total = len(step_rows)
step_steps_per_epoch = int(np.sum(step_epoch == 0))
own_batch_improved = float(np.mean(batch_after < batch_before))
batch_loss_rises = int(np.sum(np.diff(batch_before) > 0))
train_loss_rises = int(np.sum(np.diff(train_after) > 0))

# Steps per epoch for several batch sizes, counted from the same batching code.
COUNT_BATCHES = [1, 32, 100, 500, len(y_train)]
steps_per_epoch = {}
last_batch = {}
for size in COUNT_BATCHES:
    sizes = [len(batch) for batch in batches(len(y_train), size, np.random.default_rng(SEED))]
    steps_per_epoch[size] = len(sizes)
    last_batch[size] = sizes[-1]

# %%
# Train: with and without dropout
# -------------------------------
DROP_TRAIN = 300
DROP_WRONG = 60
DROP_HIDDEN = 128
DROP_RATE = 0.5
DROP_EPOCHS = 40
DROP_BATCH = 30
DROP_LR = 0.1
X_small, X_rest, y_small, y_rest = train_test_split(X, y, train_size=DROP_TRAIN, stratify=y, random_state=SEED)
X_check, y_check = X_rest[:500], y_rest[:500]  # validation images, labels left correct
label_rng = np.random.default_rng(SEED)
y_given = y_small.copy()
wrong = label_rng.choice(DROP_TRAIN, DROP_WRONG, replace=False)
y_given[wrong] = (y_given[wrong] + label_rng.integers(1, CLASSES, DROP_WRONG)) % CLASSES  # always a different digit

drop_curves = {}
for rate in (0.0, DROP_RATE):
    weights = init_weights(DROP_HIDDEN, np.random.default_rng(SEED))
    order_rng = np.random.default_rng(SEED + 1)
    mask_rng = np.random.default_rng(SEED + 2)
    optimizer = Momentum(DROP_LR)
    curve = []
    for _ in range(DROP_EPOCHS):
        for batch in batches(DROP_TRAIN, DROP_BATCH, order_rng):
            optimizer.step(weights, gradients(weights, X_small[batch], y_given[batch], rate, mask_rng))
        train_loss, train_acc, predicted = evaluate(weights, X_small, y_given)
        val_loss, val_acc, _ = evaluate(weights, X_check, y_check)
        wrong_fitted = float(np.mean(predicted[wrong] == y_given[wrong]))  # wrong labels learned by heart
        curve.append((train_loss, train_acc, val_loss, val_acc, wrong_fitted))
    drop_curves[rate] = np.array(curve)

plain, dropped = drop_curves[0.0], drop_curves[DROP_RATE]

# %%
# Plot: training steps
# --------------------
import matplotlib.pyplot as plt  # noqa: E402

fig, ax = plt.subplots()
steps = np.arange(1, steps_total + 1)
ax.plot(
    steps,
    batch_before,
    "o",
    markersize=4,
    color=COLORS["orange"],
    label="loss on the step's own batch (before the step)",
)
ax.plot(steps, train_after, color=COLORS["blue"], linewidth=2, label="loss on all training images (after the step)")
for epoch in range(1, STEP_EPOCHS):
    ax.axvline(epoch * step_steps_per_epoch + 0.5, color=COLORS["grey"], linestyle="--", linewidth=1)
for epoch in range(STEP_EPOCHS):
    ax.text(
        (epoch + 0.5) * step_steps_per_epoch + 0.5,
        1.01,
        f"epoch {epoch + 1}",
        transform=ax.get_xaxis_transform(),
        ha="center",
        va="bottom",
        color=COLORS["grey"],
    )
ax.set(
    xlabel=f"training step (batches of {STEP_BATCH}, {step_steps_per_epoch} steps per epoch)",
    ylabel="cross-entropy loss",
    title=f"Plain SGD, {steps_total} steps: one batch, one update each\n",
)
ax.legend(loc="lower left")
save_figure(fig, "training_steps")

# %%
# Plot: dropout
# -------------
epochs = np.arange(1, DROP_EPOCHS + 1)
fig, (top, bottom) = plt.subplots(2, 1, figsize=(4.8, 5.6), sharex=True, layout="constrained")
for curve, colour, label in ((plain, COLORS["grey"], "no dropout"), (dropped, COLORS["blue"], f"dropout {DROP_RATE}")):
    top.plot(epochs, curve[:, 1], color=colour, linewidth=2, linestyle="--")
    top.plot(epochs, curve[:, 3], color=colour, linewidth=2, label=label)
    bottom.plot(epochs, curve[:, 4], color=colour, linewidth=2, label=label)
top.set(ylabel="accuracy", ylim=(0.5, 1.01), title=f"{DROP_TRAIN} training images, {DROP_WRONG} of them mislabelled")
# One legend entry per colour and one per line style: four "<network>: <set>" entries do not fit 4.8 in.
top.plot([], [], color=FOREGROUND, linewidth=2, linestyle="--", label="training")
top.plot([], [], color=FOREGROUND, linewidth=2, label="validation")
top.legend(loc="lower right", ncols=2)
bottom.set(
    xlabel="epoch",
    ylabel=f"wrong labels learned\n(share of the {DROP_WRONG})",
    ylim=(0, 1.02),
)
bottom.legend(loc="upper left")
save_figure(fig, "dropout")

# %%
# Metrics
# -------
write_metrics(
    {
        "train_images": len(y_train),
        # training steps
        "step_batch": STEP_BATCH,
        "step_epochs": STEP_EPOCHS,
        "step_rate": STEP_RATE,
        "steps_total": steps_total,
        "step_steps_per_epoch": step_steps_per_epoch,
        "step_last_batch": int(step_size[step_steps_per_epoch - 1]),
        "own_batch_improved": own_batch_improved,
        "batch_loss_rises": batch_loss_rises,
        "train_loss_rises": train_loss_rises,
        "step_first_loss": float(train_after[0]),
        "step_last_loss": float(train_after[-1]),
        "steps_per_epoch": {str(size): count for size, count in steps_per_epoch.items()},
        "last_batch": {str(size): count for size, count in last_batch.items()},
        # dropout
        "drop_train": DROP_TRAIN,
        "drop_wrong": DROP_WRONG,
        "drop_val": len(y_check),
        "drop_hidden": DROP_HIDDEN,
        "drop_rate": DROP_RATE,
        "drop_epochs": DROP_EPOCHS,
        "plain_train_acc": plain[-1, 1],
        "plain_val_acc": plain[-1, 3],
        "plain_val_loss": plain[-1, 2],
        "plain_best_val_loss": plain[:, 2].min(),
        "plain_best_val_acc": plain[:, 3].max(),
        "plain_wrong_fitted": plain[-1, 4],
        "drop_train_acc": dropped[-1, 1],
        "drop_val_acc": dropped[-1, 3],
        "drop_val_loss": dropped[-1, 2],
        "drop_best_val_loss": dropped[:, 2].min(),
        "drop_wrong_fitted": dropped[-1, 4],
        "plain_gap": plain[-1, 1] - plain[-1, 3],
        "drop_gap": dropped[-1, 1] - dropped[-1, 3],
    },
    claims=[
        # training steps: counts fit together, each step helps its own batch, the batch loss jumps about
        "steps_total == step_epochs * step_steps_per_epoch",
        "(step_steps_per_epoch - 1) * step_batch < train_images <= step_steps_per_epoch * step_batch",
        "step_last_batch == train_images - (step_steps_per_epoch - 1) * step_batch",
        "own_batch_improved == 1",
        "batch_loss_rises >= 5 and train_loss_rises == 0",
        "step_last_loss < step_first_loss",
        "steps_per_epoch['1'] == train_images and steps_per_epoch['32'] > steps_per_epoch['100'] > 1",
        # dropout: narrower gap, fewer wrong labels learned, better validation at the end
        "drop_gap < plain_gap and abs(drop_gap) < 0.05",
        "plain_wrong_fitted > 0.9 and drop_wrong_fitted < plain_wrong_fitted / 2",
        "plain_val_acc < plain_best_val_acc - 0.02",  # without dropout, validation accuracy sags from its peak
        "drop_val_acc > plain_val_acc and drop_val_loss < plain_val_loss",
        "drop_train_acc < plain_train_acc",
    ],
    data="digits (scikit-learn load_digits, 1,797 8x8 images of handwritten digits)",
)
