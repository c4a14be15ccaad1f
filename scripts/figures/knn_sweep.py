"""k-nearest neighbours: one dial, from a jagged boundary to a flat one.

A k-nearest-neighbours classifier labels a new point by a vote among the ``k``
training points closest to it. ``k`` is its one hyperparameter, and this
script turns it from 1 to 199 on the "two moons" data that scikit-learn can
generate: 600 points in two interleaved half-circles, with noise (``noise=0.3``,
fixed seed). 200 points are for training; the other 400 are the validation
set. ``k`` is odd, so two classes can never tie.

For each ``k`` we fit the classifier on the 200 training points, score it on
both sets, and label every cell of a 64 by 48 grid over the plane: that map of
decision regions is what the dial draws, with the training points on top.

What to look for: at ``k = 1`` every training point gets its own little
island and training accuracy is perfect (each point is its own nearest
neighbour), but validation accuracy is not the best. As ``k`` grows the
boundary smooths out and validation accuracy rises to a peak; with ``k`` close
to the whole training set, the vote is nearly always the majority class and
the boundary flattens into one that misses the moons' shape.
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.datasets import make_moons
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier

from _figure_helpers import (
    SEED,
    axis,
    curve,
    dots,
    encode_classes,
    mark,
    panel,
    regions,
    use_site_style,
    write_metrics,
    write_sweep,
)

use_site_style()

# %%
# Data
# ----
N_SAMPLES, N_TRAIN, NOISE = 600, 200, 0.3
X, y = make_moons(n_samples=N_SAMPLES, noise=NOISE, random_state=SEED)
X_train, X_val, y_train, y_val = train_test_split(X, y, train_size=N_TRAIN, stratify=y, random_state=SEED)

# The grid the decision regions are drawn on: cell centres, rows from the bottom.
EXTENT = (-1.75, 2.75, -1.4, 1.9)
ROWS, COLS = 48, 64
cell_x = EXTENT[0] + (np.arange(COLS) + 0.5) * (EXTENT[1] - EXTENT[0]) / COLS
cell_y = EXTENT[2] + (np.arange(ROWS) + 0.5) * (EXTENT[3] - EXTENT[2]) / ROWS
grid = np.array([[gx, gy] for gy in cell_y for gx in cell_x])

# %%
# Train: one classifier per k
# ---------------------------
K_VALUES = [1, 3, 5, 7, 9, 11, 15, 19, 25, 31, 39, 49, 61, 75, 91, 111, 135, 165, 199]
runs = []
for k in K_VALUES:
    model = KNeighborsClassifier(n_neighbors=k).fit(X_train, y_train)
    runs.append(
        {
            "train_accuracy": float(model.score(X_train, y_train)),
            "val_accuracy": float(model.score(X_val, y_val)),
            "regions": encode_classes(model.predict(grid)),
        }
    )

# %%
# The dial
# --------
PALETTE = ["blue", "orange"]
sweep = write_sweep(
    "k",
    parameter="number of neighbours k",
    symbol="k",
    key="k",
    values=K_VALUES,
    scale="log",
    value_format="d",
    runs=runs,
    numbers={
        "val_accuracy": ("validation accuracy", ".2f"),
        "train_accuracy": ("training accuracy", ".2f"),
    },
    best=("val_accuracy", "max"),
    shared={"x": X_train[:, 0], "y": X_train[:, 1], "class": encode_classes(y_train)},
    panels=[
        panel(
            regions("regions", shape=(ROWS, COLS), extent=EXTENT, palette=PALETTE),
            dots("x", "y", classes="class", palette=PALETTE, size=2.5),
            x=axis("feature 1", domain=EXTENT[:2], ticks=[-1, 0, 1, 2]),
            y=axis("feature 2", domain=EXTENT[2:], ticks=[-1, 0, 1]),
            height=3.0,
        ),
        panel(
            curve("@values", "@numbers.train_accuracy", colour="blue", label="training"),
            curve("@values", "@numbers.val_accuracy", colour="orange", label="validation"),
            mark("@value", "@number.train_accuracy", colour="blue"),
            mark("@value", "@number.val_accuracy", colour="orange"),
            x=axis("k (log scale)", scale="log", domain=(0.8, 250), ticks=[1, 3, 10, 30, 100], tick_format="g"),
            y=axis("accuracy", domain=(0.68, 1.01), ticks=[0.7, 0.8, 0.9, 1.0], tick_format=".0%"),
            height=3.0,
        ),
    ],
    layout=[[0, 1]],
)

# %%
# Metrics
# -------
write_metrics(
    {
        "n_train": N_TRAIN,
        "n_val": int(y_val.size),
        "noise": NOISE,
        "k": sweep,
        "best_k": sweep["best_value"],
        "best_val_accuracy": sweep["best"]["val_accuracy"],
        "train_accuracy_k1": sweep["numbers"]["train_accuracy"][0],
        "val_accuracy_k1": sweep["numbers"]["val_accuracy"][0],
        "val_accuracy_largest_k": sweep["numbers"]["val_accuracy"][-1],
        "largest_k": K_VALUES[-1],
    },
    claims=[
        "0 < k.best_index < k.positions - 1",  # validation accuracy peaks inside the range, not at an end
        "train_accuracy_k1 == 1",  # with k = 1 every training point is its own nearest neighbour
        "val_accuracy_k1 < best_val_accuracy",  # ...and that memorising costs on new points
        "val_accuracy_largest_k < best_val_accuracy - 0.03",  # a vote of nearly everyone underfits
    ],
    data=f"synthetic: make_moons, {N_SAMPLES} points, noise {NOISE}; {N_TRAIN} to train, the rest to validate",
)
