"""Early stopping: stop training once the validation loss has not improved for a while.

The run is the one from ``overfitting.py`` (``_epoch_training.py`` holds it):
a small neural network reads handwritten digits, learning from only 300
training images, 60 of them mislabelled, for 80 epochs, each epoch in a fresh
order. After every epoch we measure the cross-entropy loss on the validation
images.

The rule, with a patience of 10 epochs: remember the lowest validation loss
so far and the epoch it came from; when 10 epochs in a row bring no new
lowest value, stop, and keep the network as it was at that best epoch. So
training stops at the best epoch plus the patience. We train all 80 epochs
once and apply the rule to the recorded losses; up to the stopping epoch
the two runs are the same run, so this shows both what early stopping would
have done and what training on to the end does.

What to look for: the validation loss bottoms out and then creeps up while
the training loss keeps falling. The rule notices a patience's length after
the lowest point and stops there; the shaded epochs are the ones it never has
to train, and the network it keeps scores better on the test images than
the one trained to the end. A rule watching validation accuracy instead
would have kept the network from a different epoch.
"""

# %%
# Setup
# -----
import numpy as np

from _epoch_training import TRAIN_SIZE, WRONG_LABELS, digits_split, train_by_epoch
from _figure_helpers import COLORS, SEED, save_figure, use_site_style, write_metrics

use_site_style()
EPOCHS = 80
PATIENCE = 10

# %%
# Data
# ----
# The same 300 training images (60 mislabelled), validation and test sets as
# in ``overfitting.py``.
split = digits_split(SEED)

# %%
# Train
# -----
# All 80 epochs, with every set scored after each one.
history = train_by_epoch(split, EPOCHS, SEED)
epochs = np.arange(1, EPOCHS + 1)

# %%
# Evaluate: the patience rule
# ---------------------------
# Any drop in validation loss counts as an improvement and resets the count.
lowest, best_epoch, waited = np.inf, 0, 0
stopped_epoch = EPOCHS  # if the rule never fires, training simply runs to the end
for epoch, loss in zip(epochs, history.val_loss, strict=True):
    if loss < lowest:
        lowest, best_epoch, waited = loss, int(epoch), 0
    else:
        waited += 1
        if waited == PATIENCE:
            stopped_epoch = int(epoch)
            break
best_index = best_epoch - 1
epochs_saved = EPOCHS - stopped_epoch
# Up to the stop, the epoch a rule watching validation accuracy would have kept (first of any ties).
best_accuracy_epoch = int(np.argmax(history.val_accuracy[:stopped_epoch])) + 1
# The early-stopped model is the network as it was after the best epoch:
# its scores are the ones recorded at that epoch.
test_accuracy_early_stopped = history.test_accuracy[best_index]
test_accuracy_full = history.test_accuracy[-1]

# %%
# Plot
# ----
import matplotlib.pyplot as plt  # noqa: E402

fig, ax = plt.subplots(figsize=(4.8, 3.8))
ax.axvspan(stopped_epoch, EPOCHS, color=COLORS["grey"], alpha=0.12, linewidth=0)
ax.plot(epochs, history.train_loss, color=COLORS["blue"], linewidth=2, label="training loss")
ax.plot(epochs, history.val_loss, color=COLORS["orange"], linewidth=2, label="validation loss")
ax.axvline(best_epoch, color=COLORS["grey"], linestyle="--", linewidth=1.2)
ax.plot(best_epoch, history.val_loss[best_index], "o", color=COLORS["orange"], markersize=6)  # the network kept
ax.axvline(stopped_epoch, color=COLORS["green"], linewidth=1.6)
ax.text(best_epoch - 1, 1.5, f"best\nepoch {best_epoch}", ha="right", va="top", color=COLORS["grey"])
ax.text(
    stopped_epoch + 1.5,
    1.5,
    f"stop: epoch {stopped_epoch}\n(best + patience {PATIENCE})",
    ha="left",
    va="top",
    color=COLORS["green"],
)
ax.text(
    (stopped_epoch + EPOCHS) / 2,
    1.05,
    f"{epochs_saved} epochs\nsaved",
    ha="center",
    va="center",
    color=COLORS["grey"],
)
ax.set(
    xlabel="epoch",
    ylabel="cross-entropy loss",
    xlim=(0, EPOCHS),
    ylim=(0, 1.85),
    title=f"Patience {PATIENCE}: training stops at epoch {stopped_epoch} of {EPOCHS}",
)
ax.legend(loc="upper right")
save_figure(fig, "early_stopping")

# %%
# Metrics
# -------
write_metrics(
    {
        "patience": PATIENCE,
        "epochs": EPOCHS,
        "train_size": TRAIN_SIZE,
        "wrong_labels": WRONG_LABELS,
        "best_epoch": best_epoch,
        "stopped_epoch": stopped_epoch,
        "epochs_saved": epochs_saved,
        "fraction_saved": epochs_saved / EPOCHS,
        "val_loss_at_best": history.val_loss[best_index],
        "val_loss_at_stop": history.val_loss[stopped_epoch - 1],
        "val_loss_final": history.val_loss[-1],
        "train_loss_at_best": history.train_loss[best_index],
        "train_loss_final": history.train_loss[-1],
        "val_accuracy_early_stopped": history.val_accuracy[best_index],
        "val_accuracy_full": history.val_accuracy[-1],
        "test_accuracy_early_stopped": test_accuracy_early_stopped,
        "test_accuracy_full": test_accuracy_full,
        "test_accuracy_gain": test_accuracy_early_stopped - test_accuracy_full,
        "best_accuracy_epoch": best_accuracy_epoch,
        "distinct_batch_orders": history.distinct_orders,
        # The plotted curves, one value per epoch.
        "curves": {"train_loss": history.train_loss, "val_loss": history.val_loss},
    },
    claims=[
        "stopped_epoch < epochs",  # the rule fired before the end
        "stopped_epoch == best_epoch + patience",  # ... exactly as the rule says
        "val_loss_final > val_loss_at_best",  # training on made the validation loss worse
        "train_loss_final < train_loss_at_best",  # ... while the training loss kept improving
        "test_accuracy_early_stopped > test_accuracy_full",  # the kept network is the better one on new data
        "epochs_saved >= epochs / 4",  # a sizeable share of the training is skipped
        "best_accuracy_epoch != best_epoch",  # watching accuracy would keep a different network
        "distinct_batch_orders == epochs",  # every epoch used a new mini-batch order
    ],
    data="digits (scikit-learn load_digits, 1,797 images of 8x8 pixels)",
)
