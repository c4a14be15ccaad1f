"""Optimizers: plain gradient steps, momentum and Adam on the same problems, and weight decay.

Three runs, each small enough to read in full.

1. A long, narrow valley. The loss ``f(x, y) = (x**2 + 100 * y**2) / 2`` is a
   bowl a hundred times steeper across (y) than along (x), the shape a loss
   takes when one input is measured in much larger units than another. Every
   method starts at the same point and takes the same number of steps:
   plain gradient descent just below its stability limit (2 divided by the
   steepest curvature, 100), the same rate again with momentum 0.9, plain
   gradient descent at ten times that rate, and Adam.
2. A small neural network reading handwritten digits. scikit-learn's 8x8
   digit images (pixels scaled to 0..1) are split 70/30 into training and
   test images. One hidden layer of 32 ReLU units, softmax output,
   cross-entropy loss, mini-batches of 100, the same starting weights (drawn
   as scikit-learn's MLPClassifier draws them) and the same shuffles for
   every optimizer. The update rules are written out below, the same ones
   MLPClassifier uses for ``solver="sgd"`` (with ``momentum`` and
   ``nesterovs_momentum``) and ``solver="adam"``. After each epoch the loss on
   all training images is recorded.
3. Weight decay on the same network: an L2 penalty added to the loss versus
   a decay step that shrinks the weights directly, first with plain SGD,
   then with Adam (where the decay step is what AdamW does). Biases are
   never decayed.

What to look for: in the valley, plain gradient descent zig-zags across and
crawls along; momentum and Adam get down far sooner, and plain gradient
descent at ten times the rate blows up at once. Adam's first step has the
same length along both axes however different the slopes are. On the
digits, momentum 0.9 at a rate of 0.01 traces almost exactly the curve of
plain SGD at 0.1: it mostly acts like a ten times larger step. With plain
SGD, the penalty and the decay step give the same weights; with Adam they
give very different ones.
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from _figure_helpers import COLORS, SEED, save_figure, use_site_style, write_metrics

use_site_style()

# Valley
STEEPNESS = 100.0  # curvature across the valley; along it, the curvature is 1
START = np.array([-9.0, 1.0])
VALLEY_STEPS = 200
GD_RATE = 0.018  # just under the stability limit 2 / STEEPNESS = 0.02
ADAM_RATE = 0.3
MOMENTUM = 0.9
SETTLED = 1e-3  # "down the valley": the loss stays below this fraction of where it started

# Digits network
HIDDEN = 32
BATCH = 100
EPOCHS = 20
RATE = 0.01
DECAY = 0.01  # weight-decay strength lambda, the same for every decayed run

# %%
# Run 1: the valley
# -----------------


def valley_loss(point: np.ndarray) -> float:
    return float(0.5 * (point[0] ** 2 + STEEPNESS * point[1] ** 2))


def valley_gradient(point: np.ndarray) -> np.ndarray:
    return np.array([point[0], STEEPNESS * point[1]])


def descend(rule: str, rate: float) -> np.ndarray:
    """The path, one row per point, until VALLEY_STEPS steps or a blow-up."""
    point, velocity, squares = START.copy(), np.zeros(2), np.zeros(2)
    path = [point.copy()]
    for step in range(1, VALLEY_STEPS + 1):
        gradient = valley_gradient(point)
        if rule == "gradient descent":
            point = point - rate * gradient
        elif rule == "momentum":
            velocity = MOMENTUM * velocity - rate * gradient
            point = point + velocity
        else:  # Adam, with its usual beta_1 = 0.9, beta_2 = 0.999, epsilon = 1e-8
            velocity = 0.9 * velocity + 0.1 * gradient
            squares = 0.999 * squares + 0.001 * gradient**2
            corrected = velocity / (1 - 0.9**step), squares / (1 - 0.999**step)
            point = point - rate * corrected[0] / (np.sqrt(corrected[1]) + 1e-8)
        path.append(point.copy())
        if valley_loss(point) > 1e6:  # blown up: stop recording
            break
    return np.array(path)


valley_runs = {
    "gradient descent": descend("gradient descent", GD_RATE),
    "momentum": descend("momentum", GD_RATE),
    "Adam": descend("Adam", ADAM_RATE),
    "gradient descent, 10x rate": descend("gradient descent", 10 * GD_RATE),
}
valley_losses = {name: np.array([valley_loss(p) for p in path]) for name, path in valley_runs.items()}
start_loss = valley_loss(START)


def settled_after(losses: np.ndarray) -> int | None:
    """The step after which the loss stays below SETTLED * start for good, or None."""
    above = np.flatnonzero(losses >= SETTLED * start_loss)
    if len(losses) <= VALLEY_STEPS or above[-1] == len(losses) - 1:
        return None
    return int(above[-1] + 1)


settled = {name: settled_after(losses) for name, losses in valley_losses.items()}
first_steps = {name: path[1] - path[0] for name, path in valley_runs.items()}

# %%
# Data for runs 2 and 3
# ---------------------
digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    digits.data / 16.0, digits.target, test_size=0.3, stratify=digits.target, random_state=SEED
)
targets = np.eye(10)[y_train]
n_train, n_pixels = x_train.shape

# All weights and biases live in one flat vector; W1, b1, W2, b2 are views into it.
SHAPES = [(n_pixels, HIDDEN), (HIDDEN,), (HIDDEN, 10), (10,)]
BOUNDS = np.cumsum([0] + [int(np.prod(shape)) for shape in SHAPES])
is_weight = np.zeros(BOUNDS[-1], dtype=bool)  # weights are decayed, biases are not
is_weight[BOUNDS[0] : BOUNDS[1]] = is_weight[BOUNDS[2] : BOUNDS[3]] = True


def unpack(vector: np.ndarray) -> list[np.ndarray]:
    return [vector[BOUNDS[i] : BOUNDS[i + 1]].reshape(shape) for i, shape in enumerate(SHAPES)]


def initial_parameters() -> np.ndarray:
    """Uniform weights in +-sqrt(6 / (fan_in + fan_out)), as MLPClassifier draws them; zero biases."""
    rng = np.random.default_rng(SEED)
    theta = np.zeros(BOUNDS[-1])
    w1, _, w2, _ = unpack(theta)
    w1[:] = rng.uniform(-1, 1, w1.shape) * np.sqrt(6 / (n_pixels + HIDDEN))
    w2[:] = rng.uniform(-1, 1, w2.shape) * np.sqrt(6 / (HIDDEN + 10))
    return theta


def loss_and_gradient(theta: np.ndarray, x: np.ndarray, y: np.ndarray, gradient: np.ndarray | None = None) -> float:
    """Mean cross-entropy; if a gradient buffer is given, backpropagation fills it."""
    w1, b1, w2, b2 = unpack(theta)
    hidden = np.maximum(x @ w1 + b1, 0.0)
    scores = hidden @ w2 + b2
    scores -= scores.max(axis=1, keepdims=True)
    probabilities = np.exp(scores)
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    loss = float(-np.sum(y * np.log(probabilities + 1e-300)) / len(x))
    if gradient is not None:
        g_w1, g_b1, g_w2, g_b2 = unpack(gradient)
        error = (probabilities - y) / len(x)
        g_w2[:], g_b2[:] = hidden.T @ error, error.sum(axis=0)
        error_hidden = (error @ w2.T) * (hidden > 0)
        g_w1[:], g_b1[:] = x.T @ error_hidden, error_hidden.sum(axis=0)
    return loss


# %%
# Runs 2 and 3: the update rules
# ------------------------------
def train(rule: str, rate: float, *, l2: float = 0.0, decay: float = 0.0, epochs: int = EPOCHS):
    """Training loss and weight size after each epoch (index 0: before training), and the final parameters."""
    theta = initial_parameters()
    rng = np.random.default_rng(SEED)  # the same shuffles for every run
    gradient, first, second = np.zeros_like(theta), np.zeros_like(theta), np.zeros_like(theta)
    losses = [loss_and_gradient(theta, x_train, targets)]
    sizes = [float(np.linalg.norm(theta[is_weight]))]
    step = 0
    for _ in range(epochs):
        order = rng.permutation(n_train)
        for start in range(0, n_train, BATCH):
            batch = order[start : start + BATCH]
            loss_and_gradient(theta, x_train[batch], targets[batch], gradient)
            step += 1
            if l2:  # L2 penalty (l2 / 2) * |w|^2 in the loss: its gradient l2 * w joins the loss gradient
                gradient += l2 * theta * is_weight
            if decay:  # decay step: shrink the weights directly, outside the optimizer's arithmetic
                theta -= rate * decay * theta * is_weight
            if rule == "sgd":
                theta -= rate * gradient
            elif rule in ("momentum", "nesterov"):  # MLPClassifier's velocity form
                first = MOMENTUM * first - rate * gradient
                theta += MOMENTUM * first - rate * gradient if rule == "nesterov" else first
            else:  # Adam
                first = 0.9 * first + 0.1 * gradient
                second = 0.999 * second + 0.001 * gradient**2
                theta -= rate * (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
        losses.append(loss_and_gradient(theta, x_train, targets))
        sizes.append(float(np.linalg.norm(theta[is_weight])))
    return np.array(losses), np.array(sizes), theta


def test_accuracy(theta: np.ndarray) -> float:
    w1, b1, w2, b2 = unpack(theta)
    scores = np.maximum(x_test @ w1 + b1, 0.0) @ w2 + b2
    return float(np.mean(scores.argmax(axis=1) == y_test))


OPTIMIZERS = {  # label: (rule, learning rate)
    "SGD, rate 0.01": ("sgd", RATE),
    "SGD, rate 0.1": ("sgd", 10 * RATE),
    "momentum 0.9, rate 0.01": ("momentum", RATE),
    "Nesterov 0.9, rate 0.01": ("nesterov", RATE),
    "Adam, rate 0.01": ("adam", RATE),
}
digit_runs = {label: train(rule, rate) for label, (rule, rate) in OPTIMIZERS.items()}
final_loss = {label: run[0][-1] for label, run in digit_runs.items()}
accuracy = {label: test_accuracy(run[2]) for label, run in digit_runs.items()}

# Run 3: the same network with an L2 penalty or a decay step.
SGD_DECAY_RATE = 10 * RATE
decay_runs = {
    "SGD, no decay": digit_runs["SGD, rate 0.1"],
    "SGD, L2 penalty": train("sgd", SGD_DECAY_RATE, l2=DECAY),
    "SGD, decay step": train("sgd", SGD_DECAY_RATE, decay=DECAY),
    "Adam, no decay": digit_runs["Adam, rate 0.01"],
    "Adam, L2 penalty": train("adam", RATE, l2=DECAY),
    "AdamW (decay step)": train("adam", RATE, decay=DECAY),
}
sgd_weight_gap = float(np.max(np.abs(decay_runs["SGD, L2 penalty"][2] - decay_runs["SGD, decay step"][2])))
adam_weight_gap = float(np.max(np.abs(decay_runs["Adam, L2 penalty"][2] - decay_runs["AdamW (decay step)"][2])))
weight_size = {label: run[1][-1] for label, run in decay_runs.items()}
decay_loss = {label: run[0][-1] for label, run in decay_runs.items()}

# %%
# Plot: the valley
# ----------------
import matplotlib.pyplot as plt  # noqa: E402

valley_colours = {
    "gradient descent": COLORS["orange"],
    "momentum": COLORS["blue"],
    "Adam": COLORS["green"],
    "gradient descent, 10x rate": COLORS["purple"],
}
fig, (top, bottom) = plt.subplots(2, 1, figsize=(4.8, 7.4), height_ratios=(1.1, 1))
fig.subplots_adjust(hspace=0.45)
grid_x, grid_y = np.meshgrid(np.linspace(-10, 4, 160), np.linspace(-1.4, 1.4, 100))
top.contour(
    grid_x,
    grid_y,
    0.5 * (grid_x**2 + STEEPNESS * grid_y**2),
    levels=[0.5, 2, 8, 20, 40, 70],
    colors=COLORS["grey"],
    linewidths=0.6,
)
for name in ("gradient descent", "momentum", "Adam"):
    path = valley_runs[name][:61]  # the first 60 steps keep the picture readable
    top.plot(path[:, 0], path[:, 1], "-o", color=valley_colours[name], markersize=2.5, linewidth=1.1, label=name)
top.plot(*START, "s", color=COLORS["grey"], markersize=6)
top.plot(0, 0, "*", color=COLORS["grey"], markersize=11)
top.text(START[0], START[1] + 0.12, "start", ha="center", color=COLORS["grey"])
top.set(
    xlim=(-10, 4),
    ylim=(-1.4, 1.4),
    xlabel="x (gentle direction)",
    ylabel="y (steep direction)",
    title="The first 60 steps in a narrow valley\n(minimum at the star)",
)
# One legend for both panels, under them: the paths fill the valley.
fig.legend(*top.get_legend_handles_labels(), loc="upper center", bbox_to_anchor=(0.5, 0.035), ncols=2)
steps_axis = np.arange(VALLEY_STEPS + 1)
for name, losses in valley_losses.items():
    bottom.plot(steps_axis[: len(losses)], losses, color=valley_colours[name], linewidth=1.8, label=name)
blown = valley_losses["gradient descent, 10x rate"]
bottom.annotate(
    "10x rate: blows up",
    (len(blown) - 1, min(blown[-1], 1e5)),
    xytext=(14, 3e3),
    color=valley_colours["gradient descent, 10x rate"],
)
bottom.axhline(SETTLED * start_loss, color=COLORS["grey"], linestyle="--", linewidth=1)
bottom.legend([bottom.lines[-1]], ["0.1% of the start"], loc="upper right")
bottom.set(
    yscale="log",
    ylim=(1e-6, 1e5),
    xlim=(0, VALLEY_STEPS),
    xlabel="step",
    ylabel="loss (log scale)",
    title="The loss at every step",
)
save_figure(fig, "valley")

# %%
# Plot: the digits network
# ------------------------
digit_styles = {
    "SGD, rate 0.01": (COLORS["orange"], "-", 2.0),
    "SGD, rate 0.1": (COLORS["yellow"], "-", 4.0),
    "momentum 0.9, rate 0.01": (COLORS["blue"], "-", 2.0),
    "Nesterov 0.9, rate 0.01": (COLORS["purple"], ":", 2.0),
    "Adam, rate 0.01": (COLORS["green"], "-", 2.0),
}
fig, ax = plt.subplots()
epochs_axis = np.arange(EPOCHS + 1)
for label, (losses, _, _) in digit_runs.items():
    colour, style, width = digit_styles[label]
    shown = label + (" (almost on the momentum lines)" if label == "SGD, rate 0.1" else "")
    ax.plot(epochs_axis, losses, color=colour, linestyle=style, linewidth=width, label=shown)
ax.set(
    yscale="log",
    xlim=(0, EPOCHS),
    xticks=range(0, EPOCHS + 1, 5),
    xlabel="epoch",
    ylabel="training loss (log scale)",
    title="One network, one set of batches,\nfive optimizers",
)
ax.yaxis.set_major_formatter(plt.matplotlib.ticker.FormatStrFormatter("%g"))
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2))  # under the plot, clear of the curves
save_figure(fig, "optimizers")

# %%
# Plot: weight decay
# ------------------
decay_styles = {
    "SGD, no decay": (COLORS["grey"], "-", 2.0),
    "SGD, L2 penalty": (COLORS["blue"], "-", 4.0),
    "SGD, decay step": (COLORS["orange"], ":", 2.2),
    "Adam, no decay": (COLORS["grey"], "-", 2.0),
    "Adam, L2 penalty": (COLORS["blue"], "-", 2.0),
    "AdamW (decay step)": (COLORS["orange"], "-", 2.0),
}
fig, (top, bottom) = plt.subplots(2, 1, figsize=(4.8, 5.6), sharex=True)
for label, (_, sizes, _) in decay_runs.items():
    colour, style, width = decay_styles[label]
    panel = top if label.startswith("SGD") else bottom
    shown = label + (" (the two coincide)" if label == "SGD, decay step" else "")
    panel.plot(epochs_axis, sizes, color=colour, linestyle=style, linewidth=width, label=shown)
top.set(ylabel="size of the weights (norm)", title=f"Plain SGD, rate {SGD_DECAY_RATE:g}, lambda {DECAY:g}")
bottom.set(
    xlabel="epoch",
    ylabel="size of the weights (norm)",
    title=f"Adam, rate {RATE:g}, lambda {DECAY:g}",
    xlim=(0, EPOCHS),
)
top.legend(loc="upper left")
bottom.legend(loc="lower right", bbox_to_anchor=(1, 0.2))  # between the flat L2 line and the rising ones
save_figure(fig, "weight_decay")

# %%
# Metrics
# -------
short = {  # metric keys
    "SGD, rate 0.01": "sgd",
    "SGD, rate 0.1": "sgd_10x",
    "momentum 0.9, rate 0.01": "momentum",
    "Nesterov 0.9, rate 0.01": "nesterov",
    "Adam, rate 0.01": "adam",
    "gradient descent": "gd",
    "momentum": "momentum",
    "gradient descent, 10x rate": "gd_10x",
    "Adam": "adam",
    "SGD, no decay": "sgd_none",
    "SGD, L2 penalty": "sgd_l2",
    "SGD, decay step": "sgd_decay",
    "Adam, no decay": "adam_none",
    "Adam, L2 penalty": "adam_l2",
    "AdamW (decay step)": "adamw",
}
write_metrics(
    {
        "steepness": STEEPNESS,
        "valley_steps": VALLEY_STEPS,
        "gd_rate": GD_RATE,
        "gd_10x_rate": 10 * GD_RATE,
        "stability_limit": 2 / STEEPNESS,
        "adam_rate_valley": ADAM_RATE,
        "momentum": MOMENTUM,
        "settled_fraction": SETTLED,
        "settled": {short[name]: steps for name, steps in settled.items() if steps is not None},
        "never_settled": [short[name] for name, steps in settled.items() if steps is None],
        "gd_10x_blew_up_at": len(valley_losses["gradient descent, 10x rate"]) - 1,
        "first_step": {short[name]: np.abs(step) for name, step in first_steps.items()},
        "train_size": n_train,
        "test_size": int(len(y_test)),
        "hidden_units": HIDDEN,
        "batch_size": BATCH,
        "epochs": EPOCHS,
        "rate": RATE,
        "final_loss": {short[label]: loss for label, loss in final_loss.items()},
        "test_accuracy": {short[label]: acc for label, acc in accuracy.items()},
        "decay_lambda": DECAY,
        "sgd_decay_rate": SGD_DECAY_RATE,
        "sgd_weight_gap": sgd_weight_gap,
        "adam_weight_gap": adam_weight_gap,
        "weight_size": {short[label]: size for label, size in weight_size.items()},
        "weight_size_start": decay_runs["SGD, no decay"][1][0],
        "decay_loss": {short[label]: loss for label, loss in decay_loss.items()},
        "curves": {short[label]: run[0] for label, run in digit_runs.items()},
    },
    claims=[
        # The valley: plain gradient descent is slow even just under its limit; ten times that rate blows up.
        "'gd' in settled and never_settled == ['gd_10x']",
        "gd_10x_rate > stability_limit > gd_rate",
        "settled['momentum'] < settled['gd'] / 2 and settled['adam'] < settled['gd'] / 2",
        # Adam's first step has length (almost exactly) its rate in both directions; plain GD's does not.
        "abs(first_step['adam'][0] - adam_rate_valley) < 1e-6 and abs(first_step['adam'][1] - adam_rate_valley) < 1e-6",
        "first_step['gd'][1] > 10 * first_step['gd'][0]",
        # The digits: momentum 0.9 at rate 0.01 acts like plain SGD at 0.1, and much faster than SGD at 0.01.
        "final_loss['sgd'] > 5 * final_loss['momentum']",
        "abs(final_loss['momentum'] - final_loss['sgd_10x']) < 0.1 * final_loss['sgd_10x']",
        "abs(final_loss['nesterov'] - final_loss['momentum']) < 0.05 * final_loss['momentum']",
        "final_loss['adam'] < final_loss['momentum'] / 3",
        # Test accuracy: the slow plain SGD run lags far behind; the faster runs all pass 90%.
        "test_accuracy['sgd'] < min(test_accuracy['momentum'], test_accuracy['adam'], test_accuracy['sgd_10x']) - 0.2",
        "min(test_accuracy['momentum'], test_accuracy['adam'], test_accuracy['sgd_10x']) > 0.9",
        # Weight decay: identical to an L2 penalty for plain SGD, not for Adam.
        "sgd_weight_gap < 1e-10 and adam_weight_gap > 0.1",
        "weight_size['sgd_decay'] < 0.9 * weight_size['sgd_none']",
        "weight_size['adam_l2'] < 0.6 * weight_size['adamw'] and weight_size['adamw'] < weight_size['adam_none']",
        "decay_loss['adam_l2'] > 3 * decay_loss['adamw']",
        # AdamW's gentle pull: weights a little below no decay, training loss almost unchanged;
        # the L2 version holds the weights near half the size.
        "weight_size['adamw'] > 0.9 * weight_size['adam_none']",
        "abs(decay_loss['adamw'] - decay_loss['adam_none']) < 0.2 * decay_loss['adam_none']",
        "0.35 < weight_size['adam_l2'] / weight_size['adam_none'] < 0.65",
    ],
    data="digits (scikit-learn load_digits, 1,797 images of 8x8 pixels); a two-dimensional quadratic valley",
)
