"""Neural networks: what the activation function does, and how depth and width set capacity.

Two small experiments with scikit-learn's ``MLPClassifier``, both trained by
its L-BFGS solver (full batch) from a fixed random start.

1. Activation functions on two interleaved half-moons (``make_moons``, 300
   points with noise, half for training, half for validation). The same
   network, two hidden layers of 8 units, is trained four times, changing
   only ``activation``: ``identity`` (no bend at all), ``logistic`` (the
   sigmoid), ``tanh`` and ``relu``. With the identity, every layer is a
   weighted sum, and a stack of weighted sums is itself one weighted sum: we
   check that by multiplying the trained weight matrices together and getting
   the same predictions from that single layer.

2. Depth and width on the 8x8 handwritten digits (``load_digits``): 500 images
   for training, the other 1,297 for validation. First one hidden layer whose
   width grows from 1 to 64 units; then 16 units per layer, stacked from 1 to
   3 layers deep. Narrow networks may use their whole budget of L-BFGS
   iterations without converging; we record how many each one used.

What to look for: the identity network draws a straight boundary through the
moons and misclassifies the tips of both, whatever its depth; every bending
activation follows the curve. On the digits, one or two hidden units cannot
even fit the training images; accuracy climbs with width and then levels off,
while stacking more layers of 16 units adds parameters but no validation
accuracy on a data set this small.
"""

# %%
# Setup
# -----
import warnings

import numpy as np
from sklearn.datasets import load_digits, make_moons
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

from _figure_helpers import COLORS, FOREGROUND, SEED, ring, save_figure, use_site_style, write_metrics

use_site_style()
# Narrow networks stop at the iteration cap; that is part of what we measure.
warnings.simplefilter("ignore", ConvergenceWarning)

ACTIVATIONS = ["identity", "logistic", "tanh", "relu"]
MOONS_LAYERS = (8, 8)
WIDTHS = [1, 2, 4, 8, 16, 32, 64]
DEPTH_WIDTH = 16
DEPTHS = [1, 2, 3]
DIGITS_TRAIN = 500
MAX_ITER = 200


def network(layers: tuple[int, ...], activation: str = "relu") -> MLPClassifier:
    return MLPClassifier(
        hidden_layer_sizes=layers, activation=activation, solver="lbfgs", max_iter=MAX_ITER, random_state=SEED
    )


def parameter_count(model: MLPClassifier) -> int:
    return int(sum(w.size for w in model.coefs_) + sum(b.size for b in model.intercepts_))


# %%
# Data
# ----
moons_x, moons_y = make_moons(n_samples=300, noise=0.2, random_state=SEED)
mx_train, mx_val, my_train, my_val = train_test_split(
    moons_x, moons_y, train_size=0.5, stratify=moons_y, random_state=SEED
)

digits = load_digits()
dx_train, dx_val, dy_train, dy_val = train_test_split(
    digits.data / 16.0, digits.target, train_size=DIGITS_TRAIN, stratify=digits.target, random_state=SEED
)

# %%
# Train: one network per activation function
# ------------------------------------------
moons_nets = {name: network(MOONS_LAYERS, name).fit(mx_train, my_train) for name in ACTIVATIONS}
moons_val = {name: float(net.score(mx_val, my_val)) for name, net in moons_nets.items()}
moons_train = {name: float(net.score(mx_train, my_train)) for name, net in moons_nets.items()}

# The identity network collapses: multiply its layers out into one weighted sum.
linear = moons_nets["identity"]
weight, bias = linear.coefs_[0], linear.intercepts_[0]
for w, b in zip(linear.coefs_[1:], linear.intercepts_[1:], strict=True):
    weight, bias = weight @ w, bias @ w + b
one_layer_probability = 1 / (1 + np.exp(-(mx_val @ weight + bias).ravel()))  # the output unit's sigmoid
collapse_gap = float(np.max(np.abs(one_layer_probability - linear.predict_proba(mx_val)[:, 1])))

# %%
# Train: wider, then deeper
# -------------------------
width_nets = {w: network((w,)).fit(dx_train, dy_train) for w in WIDTHS}
depth_nets = {d: network((DEPTH_WIDTH,) * d).fit(dx_train, dy_train) for d in DEPTHS}


def scores(nets: dict) -> tuple[dict, dict, dict, dict]:
    train = {k: float(n.score(dx_train, dy_train)) for k, n in nets.items()}
    val = {k: float(n.score(dx_val, dy_val)) for k, n in nets.items()}
    params = {k: parameter_count(n) for k, n in nets.items()}
    iters = {k: int(n.n_iter_) for k, n in nets.items()}
    return train, val, params, iters


width_train, width_val, width_params, width_iters = scores(width_nets)
depth_train, depth_val, depth_params, depth_iters = scores(depth_nets)

# %%
# Evaluate
# --------
best_width = max(WIDTHS, key=lambda w: (width_val[w], -w))  # ties go to the narrower network
best_depth = max(DEPTHS, key=lambda d: (depth_val[d], -d))
nonlinear_min = min(moons_val[a] for a in ACTIVATIONS if a != "identity")
nonlinear_max = max(moons_val[a] for a in ACTIVATIONS if a != "identity")
wide_min_train = min(width_train[w] for w in WIDTHS if w >= 16)

# %%
# Plot: the activation functions themselves
# -----------------------------------------
import matplotlib.pyplot as plt  # noqa: E402

z = np.linspace(-4, 4, 401)
curves = {
    "identity: z (hidden under ReLU for z > 0)": (z, COLORS["grey"], ":"),
    "logistic (sigmoid): 1/(1+e⁻ᶻ)": (1 / (1 + np.exp(-z)), COLORS["green"], "-"),
    "tanh": (np.tanh(z), COLORS["purple"], "--"),
    "ReLU: max(0, z)": (np.maximum(0, z), COLORS["orange"], "-"),
}
fig, ax = plt.subplots()
for label, (values, colour, style) in curves.items():
    ax.plot(z, values, color=colour, linestyle=style, linewidth=2.2, label=label)
ax.set(
    xlabel="input to the unit, z (weighted sum plus bias)",
    ylabel="output of the unit",
    ylim=(-1.5, 3),
    title="Four activation functions: only one is a straight line",
)
ax.legend(loc="upper left", fontsize=9)
save_figure(fig, "activation_functions")

# %%
# Plot: the boundaries a linear and a bending network draw
# --------------------------------------------------------
lo, hi = moons_x.min(axis=0) - 0.4, moons_x.max(axis=0) + 0.4
g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], 200), np.linspace(lo[1], hi[1], 130))
grid = np.column_stack([g0.ravel(), g1.ravel()])
fig, axes = plt.subplots(2, 1, figsize=(6.4, 6.4), sharex=True)
for ax, name in zip(axes, ["identity", "relu"], strict=True):
    prob = moons_nets[name].predict_proba(grid)[:, 1].reshape(g0.shape)
    ax.contourf(g0, g1, prob, levels=[0, 0.5, 1], colors=[COLORS["blue"], COLORS["orange"]], alpha=0.18)
    ax.contour(g0, g1, prob, levels=[0.5], colors=[FOREGROUND], linewidths=1.5)
    for label, colour, marker in [(0, COLORS["blue"], "o"), (1, COLORS["orange"], "s")]:
        keep = my_val == label
        ax.scatter(
            mx_val[keep, 0], mx_val[keep, 1], s=16, color=colour, marker=marker, linewidths=0, label=f"moon {label + 1}"
        )
    ax.set(
        ylabel="feature 2",
        title=f'activation="{name}": {moons_val[name]:.0%} of validation points right',
        xlim=(lo[0], hi[0]),
        ylim=(lo[1], hi[1]),
    )
    ax.grid(False)
axes[1].set(xlabel="feature 1")
axes[0].legend(loc="lower left", fontsize=9)
save_figure(fig, "moons_boundaries")

# %%
# Plot: accuracy against width, then against depth
# ------------------------------------------------
line_style = {"marker": "o", "markersize": 4, "linewidth": 2}
fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.4, 6.0))
top.plot(WIDTHS, [width_train[w] for w in WIDTHS], color=COLORS["blue"], label="training", **line_style)
top.plot(WIDTHS, [width_val[w] for w in WIDTHS], color=COLORS["orange"], label="validation", **line_style)
ring(top, best_width, width_val[best_width], colour=COLORS["green"], label=f"best: {best_width} units")
top.set(
    xscale="log",
    xticks=WIDTHS,
    xlabel="units in the one hidden layer (width)",
    ylabel="accuracy",
    ylim=(0, 1.05),
    title="Wider: accuracy climbs, then levels off",
)
top.xaxis.set_major_formatter("{x:g}")
top.xaxis.set_minor_formatter("")
top.legend(loc="lower right")
bottom.plot(DEPTHS, [depth_train[d] for d in DEPTHS], color=COLORS["blue"], label="training", **line_style)
bottom.plot(DEPTHS, [depth_val[d] for d in DEPTHS], color=COLORS["orange"], label="validation", **line_style)
bottom.set(
    xticks=DEPTHS,
    xlabel=f"hidden layers of {DEPTH_WIDTH} units (depth)",
    ylabel="accuracy",
    ylim=(0.8, 1.01),
    title="Deeper: more parameters, no better on 500 images",
)
bottom.legend(loc="lower right")
fig.tight_layout()
save_figure(fig, "depth_and_width")

# %%
# Metrics
# -------
write_metrics(
    {
        "moons_points": int(len(moons_y)),
        "moons_train_size": int(len(my_train)),
        "moons_layers": list(MOONS_LAYERS),
        "moons_val_accuracy": moons_val,
        "moons_train_accuracy": moons_train,
        "moons_val_identity": moons_val["identity"],
        "moons_val_relu": moons_val["relu"],
        "moons_val_tanh": moons_val["tanh"],
        "moons_val_logistic": moons_val["logistic"],
        "moons_nonlinear_min": nonlinear_min,
        "moons_nonlinear_max": nonlinear_max,
        "moons_iterations": {name: int(net.n_iter_) for name, net in moons_nets.items()},
        "collapse_gap": collapse_gap,
        "digits_train_size": int(len(dy_train)),
        "digits_val_size": int(len(dy_val)),
        "widths": WIDTHS,
        "width_train_accuracy": width_train,
        "width_val_accuracy": width_val,
        "width_parameters": width_params,
        "width_iterations": width_iters,
        "best_width": best_width,
        "best_width_val": width_val[best_width],
        "best_width_parameters": width_params[best_width],
        "wide_min_train_accuracy": wide_min_train,
        "depth_width": DEPTH_WIDTH,
        "depths": DEPTHS,
        "depth_train_accuracy": depth_train,
        "depth_val_accuracy": depth_val,
        "depth_parameters": depth_params,
        "depth_iterations": depth_iters,
        "best_depth": best_depth,
        "max_iter": MAX_ITER,
    },
    claims=[
        # every bending activation beats the straight boundary by a wide margin
        "moons_nonlinear_min > moons_val_identity + 0.08",
        # ... and the three bending ones land within a few points of one another
        "moons_nonlinear_max - moons_nonlinear_min < 0.05",
        # the identity network is one linear layer in disguise
        "collapse_gap < 1e-9",
        # a straight boundary cannot even fit the training moons
        "moons_train_accuracy['identity'] < 0.9 and moons_train_accuracy['relu'] > 0.95",
        # one or two units underfit: they cannot fit their own training images
        "width_train_accuracy['1'] < 0.5 and width_train_accuracy['2'] < 0.9",
        "width_iterations['1'] == max_iter",  # the narrowest network used its whole budget
        # accuracy climbs with width ...
        "width_val_accuracy['16'] > width_val_accuracy['4'] + 0.05 > width_val_accuracy['1'] + 0.05",
        # ... then levels off: the widest is within two points of the best
        "1 < best_width and width_val_accuracy['64'] > best_width_val - 0.02",
        # from 16 units up, every width fits all its training images
        "wide_min_train_accuracy == 1.0",
        # depth adds parameters but not validation accuracy here
        "best_depth == 1",
        "depth_val_accuracy['2'] < depth_val_accuracy['1'] and depth_val_accuracy['3'] < depth_val_accuracy['1']",
        "min(depth_train_accuracy['2'], depth_train_accuracy['3']) == 1.0",  # deeper ones fit the training set too
        "depth_parameters['3'] > depth_parameters['1']",
    ],
    data="make_moons (300 points, noise 0.2) and load_digits (1,797 images); seeds fixed",
)
