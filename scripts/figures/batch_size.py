"""Batch size: how many examples each gradient step looks at.

A logistic-regression model learns to tell malignant from benign tumours
from 30 measurements (the breast-cancer data that ships with scikit-learn,
569 tumours, measurements standardised). We train it four times with
mini-batch stochastic gradient descent, changing only the batch size: 1, 8,
32, and all 569 tumours at once (full batch). Every run starts from zero
weights, uses the same learning rate (0.2), shuffles the tumours at the
start of every epoch, and makes 1,000 updates (weight changes). After every
update we measure the loss (mean cross-entropy) on all 569 tumours.

An epoch is one pass over the data: 569 updates with batch size 1, 72 with
8 (the last batch holds the one tumour left over), 18 with 32, and a single
update with the full batch. So the same 1,000 updates are less than two
epochs for batch size 1 and a thousand epochs for the full batch. We count
how many updates, and how many epochs, each run needs to first bring the
loss down to 0.07. No clock times: they change from machine to machine.

What to look for: counted in epochs (left), the smaller the batch, the
sooner the target: single examples get there within the first epoch, the
full batch only after hundreds. Counted in updates (right), batches of 8, 32
and 569 need about the same number: a batch of 8 already points almost the
same way downhill as the full data. Single examples point in noisier
directions, so they need clearly more updates, and their curve stays jittery:
the loss goes up after many of their updates (``loss_rises``). The bigger the
batch, the rarer such a rise, and with the full batch it never happens.
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.datasets import load_breast_cancer

from _figure_helpers import COLORS, SEED, save_figure, use_site_style, write_metrics

use_site_style()

LEARNING_RATE = 0.2
UPDATES = 1000
TARGET_LOSS = 0.07

# %%
# Data
# ----
cancer = load_breast_cancer()
x = (cancer.data - cancer.data.mean(axis=0)) / cancer.data.std(axis=0)
y = cancer.target.astype(float)
samples, features = x.shape
BATCH_SIZES = [1, 8, 32, samples]


def loss_on_all(weights: np.ndarray, bias: float) -> float:
    """Mean cross-entropy over every tumour; logaddexp keeps it exact for large scores."""
    scores = x @ weights + bias
    return float(np.mean(np.logaddexp(0.0, scores) - y * scores))


# %%
# Train
# -----
def train(batch_size: int) -> tuple[np.ndarray, np.ndarray]:
    """Loss after each update (index 0: before any), and examples seen after each update."""
    rng = np.random.default_rng(SEED)  # the same seed for every batch size
    weights, bias = np.zeros(features), 0.0
    losses, seen = [loss_on_all(weights, bias)], [0]
    order: np.ndarray = np.empty(0, dtype=int)
    while len(losses) <= UPDATES:
        if order.size == 0:  # a new epoch: a fresh shuffle of all tumours
            order = rng.permutation(samples)
        batch, order = order[:batch_size], order[batch_size:]
        probabilities = 1.0 / (1.0 + np.exp(-(x[batch] @ weights + bias)))
        error = probabilities - y[batch]
        weights = weights - LEARNING_RATE * x[batch].T @ error / batch.size
        bias = bias - LEARNING_RATE * float(np.mean(error))
        losses.append(loss_on_all(weights, bias))
        seen.append(seen[-1] + batch.size)
    return np.array(losses), np.array(seen)


runs = {size: train(size) for size in BATCH_SIZES}

# %%
# Evaluate
# --------
updates_per_epoch = {size: -(-samples // size) for size in BATCH_SIZES}  # rounded up: a short last batch
updates_to_target: dict[int, int | None] = {}
epochs_to_target: dict[int, float | None] = {}
for size, (losses, seen) in runs.items():
    reached = np.flatnonzero(losses <= TARGET_LOSS)
    updates_to_target[size] = int(reached[0]) if reached.size else None
    epochs_to_target[size] = float(seen[reached[0]] / samples) if reached.size else None
final_losses = {size: losses[-1] for size, (losses, _) in runs.items()}
# Jitter: how many of the updates left the loss higher than it was before.
loss_rises = {size: int(np.sum(np.diff(losses) > 0)) for size, (losses, _) in runs.items()}
epochs_run = {size: float(seen[-1] / samples) for size, (_, seen) in runs.items()}

# %%
# Plot
# ----
import matplotlib.pyplot as plt  # noqa: E402

# Both axes on a log scale: the runs cover from under two epochs to a
# thousand. The curves are drawn through about 100 update counts spread
# evenly on that scale (and are stored in the metrics at the same points).
checkpoints = np.unique(np.geomspace(1, UPDATES, 140).round().astype(int))
colours = dict(zip(BATCH_SIZES, [COLORS[c] for c in ("orange", "purple", "blue", "green")], strict=True))
labels = {size: f"{size}" if size < samples else f"{size} (full)" for size in BATCH_SIZES}
# Thicker lines for bigger batches, drawn biggest first, so that lines lying
# on top of each other still show as stacked stripes.
widths = dict(zip(BATCH_SIZES, (1.0, 1.4, 2.2, 3.2), strict=True))

# One panel above the other, so that each keeps the whole width on a phone.
fig, (by_epoch, by_update) = plt.subplots(2, 1, figsize=(4.8, 6.2), sharey=True)
for size in reversed(BATCH_SIZES):
    losses, seen = runs[size]
    by_epoch.plot(seen[checkpoints] / samples, losses[checkpoints], color=colours[size], linewidth=widths[size])
    by_update.plot(checkpoints, losses[checkpoints], color=colours[size], linewidth=widths[size], label=labels[size])
    if updates_to_target[size] is not None:  # a dot where the run first reaches the target
        by_epoch.plot(epochs_to_target[size], TARGET_LOSS, "o", color=colours[size], markersize=5)
        by_update.plot(updates_to_target[size], TARGET_LOSS, "o", color=colours[size], markersize=5)
for ax in (by_epoch, by_update):
    ax.axhline(TARGET_LOSS, color=COLORS["grey"], linestyle="--", linewidth=1.1, zorder=1)
    ax.set(xscale="log", yscale="log")
    ax.yaxis.set_major_formatter(plt.matplotlib.ticker.FormatStrFormatter("%g"))
    ax.yaxis.set_minor_formatter(plt.matplotlib.ticker.NullFormatter())
by_epoch.set(
    xlabel="epochs (log scale)",
    ylabel="training loss (log scale)",
    title="Counted in epochs",
    xticks=[0.01, 0.1, 1, 10, 100, 1000],
    yticks=[0.05, 0.07, 0.1, 0.2, 0.5],
)
by_epoch.xaxis.set_major_formatter(plt.matplotlib.ticker.FormatStrFormatter("%g"))
by_update.set(
    xlabel="updates (log scale)",
    ylabel="training loss (log scale)",
    title="Counted in updates",
    xticks=[1, 10, 100, 1000],
)
by_update.xaxis.set_major_formatter(plt.matplotlib.ticker.FormatStrFormatter("%g"))
by_update.text(1.2, TARGET_LOSS * 0.96, "target", ha="left", va="top", color=COLORS["grey"])
handles, legend_labels = by_update.get_legend_handles_labels()
by_update.legend(handles[::-1], legend_labels[::-1], title="batch size", loc="upper right")
fig.tight_layout()
save_figure(fig, "batch_size")

# %%
# Metrics
# -------
key = str  # dict keys are batch sizes written as text, e.g. "32"
write_metrics(
    {
        "samples": samples,
        "features": features,
        "batch_sizes": BATCH_SIZES,
        "full_batch_size": samples,
        "learning_rate": LEARNING_RATE,
        "updates": UPDATES,
        "target_loss": TARGET_LOSS,
        "updates_per_epoch": {key(size): n for size, n in updates_per_epoch.items()},
        "updates_to_target": {key(size): n for size, n in updates_to_target.items()},
        "epochs_to_target": {key(size): n for size, n in epochs_to_target.items()},
        "epochs_run": {key(size): n for size, n in epochs_run.items()},
        "final_losses": {key(size): loss for size, loss in final_losses.items()},
        "loss_rises": {key(size): n for size, n in loss_rises.items()},
        # The plotted curves: loss after each of these update counts.
        "curves": {
            "updates": checkpoints,
            **{f"loss_batch_{size}": runs[size][0][checkpoints] for size in BATCH_SIZES},
        },
    },
    claims=[
        # Smaller batches reach the target in fewer epochs; the full batch needs the most.
        "epochs_to_target['1'] < epochs_to_target['8'] < epochs_to_target['32'] < epochs_to_target['569']",
        "epochs_to_target['1'] < 1 and epochs_to_target['569'] > 200",
        # ... because they make more updates per epoch ...
        "updates_per_epoch['1'] > updates_per_epoch['8'] > updates_per_epoch['32'] > updates_per_epoch['569']",
        # ... but single examples need more updates than the full batch ...
        "updates_to_target['1'] > 1.5 * updates_to_target['569']",
        # ... while from 8 upwards a bigger batch saves almost no updates.
        "abs(updates_to_target['8'] - updates_to_target['569']) < 0.1 * updates_to_target['569']",
        "abs(updates_to_target['32'] - updates_to_target['569']) < 0.1 * updates_to_target['569']",
        # The smaller the batch, the more updates make the loss worse; never with the full batch.
        "loss_rises['1'] > loss_rises['8'] > loss_rises['32'] > loss_rises['569'] == 0",
        "loss_rises['1'] > updates / 10",  # single examples: a jagged curve
    ],
    data="breast cancer (scikit-learn load_breast_cancer, 569 tumours, 30 measurements)",
)
