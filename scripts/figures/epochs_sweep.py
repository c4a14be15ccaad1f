"""Epochs, as a dial: stop the network after 1, 2, ... 80 passes over its training images.

The run is the one in ``overfitting.py`` (``_epoch_training.py`` holds it): a
small neural network learns to read handwritten digits from 300 training
images, 60 of them deliberately mislabelled, with nothing to hold it back. The
number of epochs (passes over the training images) is the dial: each position
is the network as it stands after that many epochs. Training is deterministic
(fixed seed, fixed shuffles), so stopping after ``e`` epochs gives exactly the
network that the 80-epoch run had at epoch ``e``; the script checks that by
training two of the shorter runs again from scratch.

Per position we quote training accuracy (against the labels the network was
given, mistakes included), validation accuracy on 748 images it never learns
from, and how many of the 60 wrong labels it now repeats. The default position
is the epoch with the best validation accuracy.

What to look for: validation accuracy peaks early and then slides down while
training accuracy keeps climbing to 100%: the later epochs are spent learning
the wrong labels by heart.
"""

# %%
# Setup
# -----
import numpy as np

from _epoch_training import WRONG_LABELS, digits_split, train_by_epoch
from _figure_helpers import SEED, axis, curve, mark, panel, use_site_style, write_metrics, write_sweep

use_site_style()
EPOCHS = 80
# Every epoch at first, where things change fast, then further apart: 31 positions.
POSITIONS = [*range(1, 13), *range(14, 31, 2), *range(35, EPOCHS + 1, 5)]

# %%
# Train: one run of 80 epochs, scored after every epoch
# -----------------------------------------------------
split = digits_split(SEED)
history = train_by_epoch(split, EPOCHS, SEED)
epochs = np.arange(1, EPOCHS + 1)

# Stopping early is the same as stopping the long run at that epoch: check it on two positions.
RECHECKED = (2, 5)
rerun_matches = all(
    np.array_equal(train_by_epoch(split, e, SEED).val_accuracy, history.val_accuracy[:e]) for e in RECHECKED
)

# %%
# The dial
# --------
runs = [
    {
        "train_accuracy": history.train_accuracy[e - 1],
        "val_accuracy": history.val_accuracy[e - 1],
        "mistakes_learned": history.mistakes_learned[e - 1],
    }
    for e in POSITIONS
]
sweep = write_sweep(
    "epoch",
    parameter="epochs of training",
    symbol="epoch",
    key="epoch",
    values=POSITIONS,
    value_format="d",
    runs=runs,
    numbers={
        "val_accuracy": ("validation accuracy", ".1%"),
        "train_accuracy": ("training accuracy", ".1%"),
        "mistakes_learned": ("mislabelled images learned", "d"),
    },
    best=("val_accuracy", "max"),
    shared={
        "epochs": epochs,
        "train_accuracy": history.train_accuracy,
        "val_accuracy": history.val_accuracy,
        "mistakes_learned": history.mistakes_learned,
    },
    panels=[
        panel(
            curve("epochs", "train_accuracy", colour="blue", label="training", upto="@value"),
            curve("epochs", "val_accuracy", colour="orange", label="validation", upto="@value"),
            mark("@value", "@number.train_accuracy", colour="blue"),
            mark("@value", "@number.val_accuracy", colour="orange"),
            x=axis("epoch", domain=(0, EPOCHS), ticks=[0, 20, 40, 60, 80], tick_format="d"),
            y=axis("accuracy", domain=(0.5, 1.02), ticks=[0.5, 0.6, 0.7, 0.8, 0.9, 1.0], tick_format=".0%"),
            height=2.8,
        ),
        panel(
            curve("epochs", "mistakes_learned", colour="purple", label="wrong labels learned", upto="@value"),
            mark("@value", "@number.mistakes_learned", colour="purple"),
            x=axis("epoch", domain=(0, EPOCHS), ticks=[0, 20, 40, 60, 80], tick_format="d"),
            y=axis("of 60 wrong labels", domain=(0, WRONG_LABELS + 2), ticks=[0, 20, 40, 60], tick_format="d"),
            height=2.8,
        ),
    ],
    layout=[[0, 1]],
)

# %%
# Metrics
# -------
write_metrics(
    {
        "epochs": EPOCHS,
        "wrong_labels": WRONG_LABELS,
        "rerun_matches": rerun_matches,
        "epoch": sweep,
        "best_epoch": sweep["best_value"],
        "best_val_accuracy": sweep["best"]["val_accuracy"],
        "final_val_accuracy": sweep["numbers"]["val_accuracy"][-1],
        "final_train_accuracy": sweep["numbers"]["train_accuracy"][-1],
        "mistakes_at_best": sweep["best"]["mistakes_learned"],
        "mistakes_final": sweep["numbers"]["mistakes_learned"][-1],
    },
    claims=[
        "rerun_matches",  # a position really is a run stopped at that epoch
        "0 < epoch.best_index < epoch.positions - 1",  # validation accuracy peaks inside the range
        "best_val_accuracy - final_val_accuracy > 0.05",  # ...and really falls afterwards
        "final_train_accuracy > 0.99",  # while training accuracy climbs to 100%
        "mistakes_final > 0.9 * wrong_labels > mistakes_at_best",  # by learning the wrong labels
    ],
    data="digits (scikit-learn load_digits, 1,797 images of 8x8 pixels)",
)
