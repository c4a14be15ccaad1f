"""Overfitting: a network that keeps improving on its training data and gets worse on new data.

A small neural network learns to read handwritten digits from only 300
training images, 60 of which carry a wrong label (as real data sets carry
labelling mistakes). It has far more weights than it needs (one hidden layer
of 128 units; ``n_weights`` in the metrics counts them) and nothing holds it
back: no weight penalty, no early stopping. After every epoch (one pass over
the 300 images, in a fresh order each time) we score it on the training
images and on validation images it never learns from. The data, the network
and the loop are in ``_epoch_training.py``.

"Best epoch" here means the epoch with the highest validation accuracy (the
first one, if several tie).

What to look for: training accuracy climbs to the top of the chart, which
the network can only reach by learning the 60 wrong labels by heart. It
starts below validation accuracy because it is scored against the labels the
network was given: a network that read every training digit correctly would
score only the share of correct labels there (``perfect_reader_train_accuracy``).
Validation accuracy peaks early and then slides down while training accuracy
is still rising: the gap between the two lines is overfitting. The losses
tell the same story: training loss heads for zero, validation loss bottoms out
and then climbs again, at an epoch of its own.
"""

# %%
# Setup
# -----
import numpy as np

from _epoch_training import (
    BATCH_SIZE,
    HIDDEN_UNITS,
    LEARNING_RATE,
    N_WEIGHTS,
    TRAIN_SIZE,
    WRONG_LABELS,
    digits_split,
    distinct_orders_after_first,
    train_by_epoch,
)
from _figure_helpers import COLORS, SEED, save_figure, use_site_style, write_metrics

use_site_style()
EPOCHS = 80
ORDER_CHECK_EPOCHS = 5  # epochs of the side run with an integer seed

# %%
# Data
# ----
# 300 training images (60 of them mislabelled), the rest split in half for
# validation and test; see ``_epoch_training.py``.
split = digits_split(SEED)

# %%
# Train
# -----
# One ``partial_fit`` call per epoch; every set is scored after each one.
history = train_by_epoch(split, EPOCHS, SEED)
epochs = np.arange(1, EPOCHS + 1)

# %%
# Evaluate
# --------
best_index = int(np.argmax(history.val_accuracy))  # argmax takes the first of any ties
best_epoch = best_index + 1
lowest_val_loss_index = int(np.argmin(history.val_loss))
final_gap = history.train_accuracy[-1] - history.val_accuracy[-1]
# What a network that read every training digit correctly would score against the given labels.
perfect_reader_train_accuracy = float(np.mean(split.y_train == split.y_train_true))

# The shuffle check: the same network with an integer seed, for a few epochs, repeats one
# mini-batch order from the second epoch on; the RandomState run above used a new one each epoch.
orders_with_integer_seed = distinct_orders_after_first(split, SEED, ORDER_CHECK_EPOCHS)

# %%
# Plot: accuracy
# --------------
import matplotlib.pyplot as plt  # noqa: E402


def mark_best(ax, top: float) -> None:
    """The vertical line at the best epoch, labelled just to its right."""
    ax.axvline(best_epoch, color=COLORS["grey"], linestyle="--", linewidth=1.2)
    ax.text(
        best_epoch + 1.5,
        top,
        f"best validation\naccuracy: epoch {best_epoch}",
        va="top",
        color=COLORS["grey"],
    )


fig, ax = plt.subplots(figsize=(4.8, 3.8))
ax.plot(epochs, history.train_accuracy, color=COLORS["blue"], linewidth=2, label="training")
ax.plot(epochs, history.val_accuracy, color=COLORS["orange"], linewidth=2, label="validation")
mark_best(ax, 0.62)
ax.set(
    xlabel="epoch",
    ylabel="accuracy",
    xlim=(0, EPOCHS),
    ylim=(0.5, 1.02),
    title=f"Training reaches {history.train_accuracy[-1]:.0%}, validation ends at {history.val_accuracy[-1]:.0%}",
)
ax.yaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(xmax=1, decimals=0))
ax.legend(loc="lower right")
save_figure(fig, "accuracy")

# %%
# Plot: loss
# ----------
fig, ax = plt.subplots(figsize=(4.8, 3.8))
ax.plot(epochs, history.train_loss, color=COLORS["blue"], linewidth=2, label="training")
ax.plot(epochs, history.val_loss, color=COLORS["orange"], linewidth=2, label="validation")
lowest_point = (lowest_val_loss_index + 1, history.val_loss[lowest_val_loss_index])
ax.plot(*lowest_point, "o", color=COLORS["orange"], markersize=6)
ax.annotate(
    f"lowest: epoch {lowest_point[0]}",
    lowest_point,
    xytext=(lowest_point[0] + 15, 1.0),
    ha="left",
    va="bottom",
    color=COLORS["orange"],
    arrowprops={"arrowstyle": "-", "color": COLORS["orange"], "linewidth": 0.8, "shrinkB": 4},
)
mark_best(ax, 1.75)
ax.set(
    xlabel="epoch",
    ylabel="cross-entropy loss",
    xlim=(0, EPOCHS),
    ylim=(0, 1.85),
    title="Training loss heads for zero, validation loss turns up",
)
ax.legend(loc="upper right")
save_figure(fig, "loss")

# %%
# Metrics
# -------
write_metrics(
    {
        "epochs": EPOCHS,
        "train_size": TRAIN_SIZE,
        "wrong_labels": WRONG_LABELS,
        "val_size": int(split.y_val.size),
        "test_size": int(split.y_test.size),
        "hidden_units": HIDDEN_UNITS,
        "n_weights": N_WEIGHTS,
        "learning_rate": LEARNING_RATE,
        "batch_size": BATCH_SIZE,
        "best_epoch": best_epoch,
        "best_val_accuracy": history.val_accuracy[best_index],
        "final_train_accuracy": history.train_accuracy[-1],
        "final_val_accuracy": history.val_accuracy[-1],
        "final_gap": final_gap,
        "test_accuracy_at_best": history.test_accuracy[best_index],
        "test_accuracy_final": history.test_accuracy[-1],
        "mistakes_learned_at_best": history.mistakes_learned[best_index],
        "mistakes_learned_final": history.mistakes_learned[-1],
        "final_train_accuracy_true_labels": history.train_true_accuracy[-1],
        "perfect_reader_train_accuracy": perfect_reader_train_accuracy,
        "first_train_accuracy": history.train_accuracy[0],
        "first_val_accuracy": history.val_accuracy[0],
        "distinct_batch_orders": history.distinct_orders,
        "order_check_epochs": ORDER_CHECK_EPOCHS,
        "distinct_later_orders_integer_seed": orders_with_integer_seed,
        "lowest_val_loss_epoch": lowest_val_loss_index + 1,
        "lowest_val_loss": history.val_loss[lowest_val_loss_index],
        "val_loss_at_best": history.val_loss[best_index],
        "final_train_loss": history.train_loss[-1],
        "final_val_loss": history.val_loss[-1],
        # The plotted curves, one value per epoch.
        "curves": {
            "train_accuracy": history.train_accuracy,
            "val_accuracy": history.val_accuracy,
            "train_loss": history.train_loss,
            "val_loss": history.val_loss,
        },
    },
    claims=[
        "best_epoch < epochs",  # validation peaked before the end of training
        "best_epoch <= epochs / 4",  # ... and early: most of the run only made it worse
        "final_gap > 0.15",  # a wide gap between training and validation accuracy at the end
        "final_train_accuracy > 0.99",  # the network fits its training labels, mistakes included
        "mistakes_learned_final > 0.9 * wrong_labels",  # ... because it learned the mistakes by heart
        "best_val_accuracy - final_val_accuracy > 0.05",  # validation accuracy really fell
        "test_accuracy_at_best > test_accuracy_final",  # the test set agrees: the earlier model was better
        "lowest_val_loss_epoch < epochs and final_val_loss > lowest_val_loss",  # the loss turned up too
        "final_train_loss < lowest_val_loss / 5",  # training loss kept falling far below it
        "final_train_loss == min(curves.train_loss)",  # ...and ends at its lowest value of the run
        "lowest_val_loss_epoch != best_epoch",  # loss and accuracy pick different best epochs
        # Training accuracy starts below validation accuracy, under the perfect reader's score...
        "first_train_accuracy < first_val_accuracy and first_train_accuracy < perfect_reader_train_accuracy",
        "final_train_accuracy > perfect_reader_train_accuracy",  # ...and ends above it: mistakes learned
        "distinct_batch_orders == epochs",  # every epoch used a new mini-batch order
        # With an integer seed, the epochs after the first would all have used one and the same order.
        "distinct_later_orders_integer_seed == 1 and order_check_epochs >= 3",
    ],
    data="digits (scikit-learn load_digits, 1,797 images of 8x8 pixels)",
)
