"""Data augmentation: new training images made by shifting old ones one pixel.

A small neural network (scikit-learn's ``MLPClassifier``, one hidden layer of
32 units, trained by L-BFGS) learns to read the 8x8 handwritten digits that
ship with scikit-learn from only 300 training images. The other 1,497 images
are for validation.

The digits in this data set are carefully centred. Images met in use may
not be: a scanner or a camera can frame a digit a pixel off. So the
validation images are scored twice: as they are, and with each one moved by
one pixel up, down, left or right, or left where it is, each with equal
chance.

The same network is trained three ways:

- on the 300 original images;
- on the 300 images repeated five times (1,500 rows): a control, to check
  that a gain comes from the shifts and not from having more rows;
- on the 300 images plus their four one-pixel shifts (1,500 rows): the
  augmented set. A shift keeps the label (a 3 moved left is still a 3),
  though a column or row of ink can fall off the edge.

What to look for: on shifted validation images the network trained on
originals only fails often, and the augmented one holds up. On centred
validation images augmentation changes little either way. Repetition alone
changes next to nothing anywhere.
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

from _figure_helpers import COLORS, FOREGROUND, SEED, save_figure, use_site_style, write_metrics

use_site_style()
rng = np.random.default_rng(SEED)

TRAIN_SIZE = 300
HIDDEN_UNITS = 32
SHIFTS = {"up": (-1, 0), "down": (1, 0), "left": (0, -1), "right": (0, 1)}  # (rows, columns)


def shift(images: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Move every image by whole pixels; what slides off one edge is lost, the other edge fills with blank."""
    moved = np.zeros_like(images)
    height, width = images.shape[1:]
    moved[:, max(rows, 0) : height + min(rows, 0), max(cols, 0) : width + min(cols, 0)] = images[
        :, max(-rows, 0) : height + min(-rows, 0), max(-cols, 0) : width + min(-cols, 0)
    ]
    return moved


# %%
# Data
# ----
digits = load_digits()
images = digits.images / 16.0  # pixel intensities run from 0 to 16
x_train, x_val, y_train, y_val = train_test_split(
    images, digits.target, train_size=TRAIN_SIZE, stratify=digits.target, random_state=SEED
)

# Validation images as a careless camera might frame them: a random one-pixel
# move, or none, for each image.
moves = [(0, 0), *SHIFTS.values()]
chosen = rng.integers(0, len(moves), size=len(x_val))
x_val_shifted = np.empty_like(x_val)
for index, (rows, cols) in enumerate(moves):
    x_val_shifted[chosen == index] = shift(x_val[chosen == index], rows, cols)

# The three training sets.
copies = 1 + len(SHIFTS)
training_sets = {
    "original": (x_train, y_train),
    "repeated": (np.concatenate([x_train] * copies), np.tile(y_train, copies)),
    "augmented": (
        np.concatenate([x_train, *(shift(x_train, r, c) for r, c in SHIFTS.values())]),
        np.tile(y_train, copies),
    ),
}
ink_lost = 1 - np.mean([shift(x_train, r, c).sum() / x_train.sum() for r, c in SHIFTS.values()])


# %%
# Train
# -----
def flat(batch: np.ndarray) -> np.ndarray:
    return batch.reshape(len(batch), -1)


networks = {
    name: MLPClassifier(hidden_layer_sizes=(HIDDEN_UNITS,), solver="lbfgs", max_iter=200, random_state=SEED).fit(
        flat(x), y
    )
    for name, (x, y) in training_sets.items()
}

# %%
# Evaluate
# --------
centred = {name: float(net.score(flat(x_val), y_val)) for name, net in networks.items()}
shifted = {name: float(net.score(flat(x_val_shifted), y_val)) for name, net in networks.items()}

# %%
# Plot
# ----
import matplotlib.pyplot as plt  # noqa: E402

fig = plt.figure(figsize=(4.8, 5.6), layout="constrained")
strip_part, bars_part = fig.subfigures(2, 1, height_ratios=(1, 2.4))  # everything stays inside 4.8 in
SHOWN_DIGIT = 7  # an asymmetric digit shows the moves best
example = x_train[np.flatnonzero(y_train == SHOWN_DIGIT)[0]]
strip = [("original", example)] + [(name, shift(example[None], r, c)[0]) for name, (r, c) in SHIFTS.items()]
for column, (name, picture) in enumerate(strip):
    ax = strip_part.add_subplot(1, len(strip), column + 1)
    ax.imshow(picture, cmap="gray_r", vmin=0, vmax=1)
    ax.set_title(name)
    ax.set(xticks=[], yticks=[])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color(COLORS["grey"])
strip_part.suptitle(f"One training digit (a {SHOWN_DIGIT}) and its four one-pixel shifts", fontsize=11)

bars = bars_part.add_subplot()
names = list(training_sets)
labels = {
    "original": f"{TRAIN_SIZE} originals",
    "repeated": f"originals repeated ×{copies}",
    "augmented": "originals + shifts",
}
colours = {"original": COLORS["grey"], "repeated": COLORS["blue"], "augmented": COLORS["orange"]}
positions = np.arange(2)
height = 0.26
for offset, name in zip((-height, 0, height), names, strict=True):
    values = [centred[name], shifted[name]]
    bars.barh(positions + offset, values, height=height * 0.92, color=colours[name], label=labels[name])
    for y, value in zip(positions + offset, values, strict=True):
        bars.text(value + 0.01, y, f"{value:.0%}", va="center", color=FOREGROUND)
bars.set(
    yticks=positions,
    yticklabels=["centred\nvalidation\nimages", "validation\nimages moved\nup to 1 pixel"],
    xlim=(0, 1.12),
    xlabel="validation accuracy",
)
bars.invert_yaxis()
bars.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
bars.xaxis.set_major_formatter("{x:.0%}")
fig.legend(*bars.get_legend_handles_labels(), loc="outside lower center", ncols=2, handlelength=1.2, columnspacing=1.0)
bars_part.suptitle("Validation accuracy, by what the network was trained on", fontsize=11)
save_figure(fig, "augmentation")

# %%
# Metrics
# -------
write_metrics(
    {
        "train_size": TRAIN_SIZE,
        "augmented_size": int(len(training_sets["augmented"][1])),
        "val_size": int(len(y_val)),
        "hidden_units": HIDDEN_UNITS,
        "copies": copies,
        "ink_lost": float(ink_lost),
        "val_moved_share": float(np.mean(chosen > 0)),
        "centred": centred,
        "shifted": shifted,
        "centred_original": centred["original"],
        "centred_repeated": centred["repeated"],
        "centred_augmented": centred["augmented"],
        "shifted_original": shifted["original"],
        "shifted_repeated": shifted["repeated"],
        "shifted_augmented": shifted["augmented"],
        "shift_gain": shifted["augmented"] - shifted["original"],
        "centred_cost": centred["original"] - centred["augmented"],
        "original_drop": centred["original"] - shifted["original"],
    },
    claims=[
        # moved images trip up the network trained on centred originals ...
        "shifted_original < centred_original - 0.25",
        # ... and augmentation wins most of it back
        "shifted_augmented > shifted_original + 0.25",
        "shifted_augmented > centred_augmented - 0.05",
        # repetition alone is not what helps
        "abs(shifted_repeated - shifted_original) < 0.05",
        "abs(centred_repeated - centred_original) < 0.02",
        # on centred images augmentation changes little either way
        "abs(centred_cost) < 0.02",
        # a one-pixel shift keeps most of the ink in the frame
        "ink_lost < 0.1",
    ],
    data=f"load_digits: {TRAIN_SIZE} training images, the rest for validation; seed {SEED}",
)
