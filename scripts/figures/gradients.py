"""Gradients: what they are, how backpropagation computes them, and how they behave.

Four small computations, all in numpy.

1. What a gradient is. A two-parameter loss with two valleys,
   ``f(x, y) = (x**2 - 1)**2 + 2 * y**2 + 0.3 * x``, has a deeper valley on
   the left (the global minimum), a shallower one on the right (a local
   minimum) and a saddle point between them. At one chosen point we try 3,600
   directions, measure how fast the loss rises along each, and compare the
   steepest with the direction and length of the gradient.
2. Local minima and saddle points. Plain gradient descent (rate 0.05, 150
   steps) starts from six points on the same surface. One start lies almost
   exactly on the ridge that leads into the saddle point. For contrast, a
   convex problem: L2-penalised logistic regression on the breast-cancer
   data (569 tumours, 30 standardised measurements) minimised with L-BFGS
   from five random starting points.
3. Backpropagation, checked. A small network (64 inputs, two tanh layers of
   8 units, 10 outputs, softmax and cross-entropy) on 20 digit images. Its
   gradient is computed once by backpropagation and once by finite
   differences: nudge each parameter up and down by 1e-6 and watch the loss.
4. Vanishing and exploding gradients, and weight initialisation. A plain
   network with 20 hidden layers of 64 units, before any training, on 256
   digit images. We record how large the gradient of the loss is with respect
   to each layer's output (the error signal that backpropagation passes from
   layer to layer) and how spread out each layer's outputs are, for several
   activation functions and starting weight scales: weights are drawn from a
   normal distribution with standard deviation ``gain * sqrt(1 / fan_in)``,
   where ``fan_in`` is the number of inputs to the layer. "He" initialisation
   is gain sqrt(2), made for ReLU; gain 1 is the Glorot (Xavier) scale for
   layers of equal width. Finally, a layer whose weights all start equal.

What to look for: the steepest direction found by brute force is the
gradient's direction, and its rate of climb is the gradient's length. Gradient
descent ends in whichever valley it starts above, and the run from the ridge
stalls near the saddle, loss flat and gradient almost zero, before it slides
off. The convex problem reaches the same answer from every start.
Backpropagation agrees with finite differences to many decimal places
while needing one backward pass instead of two forward passes per parameter.
Through 20 sigmoid layers the error signal shrinks by many orders of
magnitude; with ReLU and He initialisation it stays about the same size;
with weights half again too large it grows layer after layer. Layer outputs
shrink, hold or blow up the same way with the weight scale.
"""

# %%
# Setup
# -----
import numpy as np
from scipy.optimize import minimize
from sklearn.datasets import load_breast_cancer, load_digits

from _figure_helpers import COLORS, SEED, save_figure, use_site_style, write_metrics

use_site_style()
rng = np.random.default_rng(SEED)

TILT = 0.3
PROBE = np.array([0.9, 0.6])  # the point where we look for the steepest direction
DIRECTIONS = 3600
GD_RATE = 0.05
GD_STEPS = 150
DEPTH, WIDTH = 20, 64

# %%
# Part 1: the gradient is the direction of steepest climb
# -------------------------------------------------------


def surface(x, y):
    return (x**2 - 1) ** 2 + 2 * y**2 + TILT * x


def surface_gradient(point: np.ndarray) -> np.ndarray:
    x, y = point
    return np.array([4 * x * (x**2 - 1) + TILT, 4 * y])


gradient_at_probe = surface_gradient(PROBE)
angles = np.linspace(0, 2 * np.pi, DIRECTIONS, endpoint=False)
units = np.column_stack([np.cos(angles), np.sin(angles)])
tiny = 1e-6  # how fast the loss rises along each direction, by a tiny step
rise_rates = (surface(*(PROBE + tiny * units).T) - surface(*PROBE)) / tiny
steepest = int(np.argmax(rise_rates))
angle_gap = float(np.degrees(np.abs(np.angle(np.exp(1j * (angles[steepest] - np.arctan2(*gradient_at_probe[::-1])))))))

# Where the surface is flat: the two minima and the saddle (roots of the x-part of the gradient).
flat_x = np.sort(np.roots([4, 0, -4, TILT]).real)
global_min, saddle, local_min = (np.array([x, 0.0]) for x in flat_x)
flat_gradient_max = max(float(np.linalg.norm(surface_gradient(p))) for p in (global_min, saddle, local_min))

# %%
# Part 2: gradient descent from six starting points
# -------------------------------------------------
STARTS = {
    "far left": np.array([-1.9, 1.3]),
    "lower left": np.array([-0.6, -1.4]),
    "upper middle": np.array([0.45, 1.4]),
    "right": np.array([1.8, -1.0]),
    "upper right": np.array([1.5, 1.4]),
    "on the ridge": np.array([saddle[0] + 1e-5, 1.4]),
}


def descend(start: np.ndarray) -> np.ndarray:
    path = [start]
    for _ in range(GD_STEPS):
        path.append(path[-1] - GD_RATE * surface_gradient(path[-1]))
    return np.array(path)


paths = {name: descend(start) for name, start in STARTS.items()}
ends_in = {
    name: "global"
    if np.linalg.norm(path[-1] - global_min) < 1e-3
    else "local"
    if np.linalg.norm(path[-1] - local_min) < 1e-3
    else "neither"
    for name, path in paths.items()
}
ridge = paths["on the ridge"]
ridge_loss = surface(ridge[:, 0], ridge[:, 1])
ridge_gradient = np.linalg.norm([surface_gradient(p) for p in ridge], axis=1)
SADDLE_RADIUS = 0.1  # "near the saddle": within this distance of it
near_saddle = np.linalg.norm(ridge - saddle, axis=1) < SADDLE_RADIUS
steps_near_saddle = int(near_saddle.sum())
other_steps_near_saddle = max(
    int((np.linalg.norm(path - saddle, axis=1) < SADDLE_RADIUS).sum())
    for name, path in paths.items()
    if name != "on the ridge"
)
smallest_ridge_gradient = float(ridge_gradient[near_saddle].min())  # while it lingers there

# A convex problem for contrast: penalised logistic regression, five random starts.
cancer = load_breast_cancer()
features = (cancer.data - cancer.data.mean(axis=0)) / cancer.data.std(axis=0)
design = np.column_stack([features, np.ones(len(features))])
labels = cancer.target.astype(float)
PENALTY = 1.0  # L2 strength on the weights (not the intercept)


def logistic_loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
    scores = design @ theta
    loss = np.mean(np.logaddexp(0.0, scores) - labels * scores) + 0.5 * PENALTY * theta[:-1] @ theta[:-1] / len(labels)
    probabilities = 1 / (1 + np.exp(-scores))
    grad = design.T @ (probabilities - labels) / len(labels)
    grad[:-1] += PENALTY * theta[:-1] / len(labels)
    return float(loss), grad


solutions = []
for _ in range(5):
    start = rng.normal(0, 3, design.shape[1])
    result = minimize(logistic_loss, start, jac=True, method="L-BFGS-B", options={"gtol": 1e-10, "ftol": 1e-15})
    solutions.append(result.x)
solutions = np.array(solutions)
convex_spread = float(np.max(np.abs(solutions - solutions[0])))
convex_start_spread = 3.0  # the standard deviation of the random starting weights

# %%
# Part 3: backpropagation against finite differences
# --------------------------------------------------
digits = load_digits()
pixels, digit_labels = digits.data / 16.0, digits.target

ACTIVATIONS = {
    "tanh": (np.tanh, lambda out: 1 - out**2),
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda out: out * (1 - out)),
    "relu": (lambda z: np.maximum(z, 0.0), lambda out: (out > 0).astype(float)),
}


def network(sizes: list[int], gain: float, generator: np.random.Generator) -> list[list[np.ndarray]]:
    """Weights ~ normal(0, gain * sqrt(1 / fan_in)) and zero biases, one [W, b] pair per layer."""
    return [
        [generator.normal(0, gain * np.sqrt(1 / m), (m, k)), np.zeros(k)]
        for m, k in zip(sizes[:-1], sizes[1:], strict=True)
    ]


def backprop(layers, x, y, activation):
    """Loss, gradients for every [W, b], the error signal at each hidden layer, and each hidden layer's output."""
    act, slope = ACTIVATIONS[activation]
    outputs = [x]
    for i, (w, b) in enumerate(layers):
        z = outputs[-1] @ w + b
        outputs.append(z if i == len(layers) - 1 else act(z))
    scores = outputs[-1] - outputs[-1].max(axis=1, keepdims=True)
    probabilities = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    loss = float(-np.mean(np.log(probabilities[np.arange(len(y)), y])))
    delta = probabilities.copy()
    delta[np.arange(len(y)), y] -= 1
    delta /= len(y)  # gradient of the loss with respect to the output scores
    grads, signals = [None] * len(layers), []
    for i in range(len(layers) - 1, -1, -1):  # the chain rule, one layer at a time, output to input
        w, _ = layers[i]
        grads[i] = [outputs[i].T @ delta, delta.sum(axis=0)]
        if i > 0:
            signal = delta @ w.T  # gradient with respect to hidden layer i's output
            signals.append(float(np.linalg.norm(signal)))
            delta = signal * slope(outputs[i])
    return loss, grads, signals[::-1], outputs[1:-1]


small = network([64, 8, 8, 10], 1.0, np.random.default_rng(SEED))
check_x, check_y = pixels[:20], digit_labels[:20]
_, backprop_grads, _, _ = backprop(small, check_x, check_y, "tanh")
STEP = 1e-6
differences, largest_gradient, forward_passes = [], 0.0, 0
for layer, layer_grads in zip(small, backprop_grads, strict=True):
    for array, grad in zip(layer, layer_grads, strict=True):
        for index in np.ndindex(array.shape):
            original = array[index]
            array[index] = original + STEP
            up = backprop(small, check_x, check_y, "tanh")[0]
            array[index] = original - STEP
            down = backprop(small, check_x, check_y, "tanh")[0]
            array[index] = original
            forward_passes += 2
            differences.append(abs((up - down) / (2 * STEP) - grad[index]))
            largest_gradient = max(largest_gradient, abs(grad[index]))
backprop_max_difference = float(max(differences))
parameters_checked = len(differences)

# %%
# Part 4: 20 layers deep, before training
# ---------------------------------------
batch = rng.choice(len(pixels), 256, replace=False)
deep_x, deep_y = pixels[batch], digit_labels[batch]
sizes = [64] + [WIDTH] * DEPTH + [10]
HE = np.sqrt(2)
CASES = {  # label: (activation, gain)
    "sigmoid, Glorot scale": ("sigmoid", 1.0),
    "ReLU, He scale": ("relu", HE),
    "ReLU, 1.5 x He scale": ("relu", 1.5 * HE),
}
INIT_CASES = {
    "ReLU, 0.5 x He scale": ("relu", 0.5 * HE),
    "ReLU, Glorot scale": ("relu", 1.0),
    "ReLU, He scale": ("relu", HE),
    "ReLU, 1.5 x He scale": ("relu", 1.5 * HE),
}
signals, spreads = {}, {}
for label, (activation, gain) in {**CASES, **INIT_CASES}.items():
    layers = network(sizes, gain, np.random.default_rng(SEED))
    with np.errstate(over="ignore", divide="ignore"):  # the too-large start overflows the loss; the signals stay finite
        _, _, signal, hidden = backprop(layers, deep_x, deep_y, activation)
    signals[label] = np.array(signal)
    spreads[label] = np.array([float(h.std()) for h in hidden])
signal_ratio = {label: float(s[0] / s[-1]) for label, s in signals.items()}  # layer 1 over layer 20
spread_ratio = {label: float(s[-1] / s[0]) for label, s in spreads.items()}  # layer 20 over layer 1

# Every weight equal: every hidden unit gets the same gradient, so they stay copies of one another.
same = [[np.full((64, 16), 0.05), np.zeros(16)], [np.full((16, 10), 0.05), np.zeros(10)]]
_, same_grads, _, _ = backprop(same, deep_x, deep_y, "tanh")
symmetric_spread = float(np.max(np.abs(same_grads[0][0] - same_grads[0][0][:, :1])))

# %%
# Plot: the gradient field
# ------------------------
import matplotlib.pyplot as plt  # noqa: E402

grid_x, grid_y = np.meshgrid(np.linspace(-2.1, 2.1, 160), np.linspace(-1.6, 1.6, 120))
levels = [-0.25, -0.1, 0.1, 0.35, 0.7, 1.0, 1.4, 2.0, 2.8, 3.8, 5.0]
fig, ax = plt.subplots(figsize=(4.8, 4.6))
ax.contour(
    grid_x,
    grid_y,
    surface(grid_x, grid_y),
    levels=levels,
    colors=COLORS["grey"],
    linewidths=0.6,
    negative_linestyles="solid",
)
arrow_x, arrow_y = np.meshgrid(np.linspace(-1.5, 1.5, 9), np.linspace(-1.2, 1.2, 7))
field = np.array([surface_gradient(np.array(p)) for p in zip(arrow_x.ravel(), arrow_y.ravel(), strict=True)])
ax.quiver(
    arrow_x.ravel(),
    arrow_y.ravel(),
    field[:, 0],
    field[:, 1],
    color=COLORS["blue"],
    angles="xy",
    scale_units="xy",
    scale=12,
    width=0.004,
)
ax.quiver(
    *PROBE,
    *gradient_at_probe,
    color=COLORS["orange"],
    angles="xy",
    scale_units="xy",
    scale=12,
    width=0.008,
)
ax.annotate(
    f"gradient at ({PROBE[0]:g}, {PROBE[1]:g})",
    PROBE,
    xytext=(-6, 4),
    textcoords="offset points",
    ha="right",
    va="bottom",
    color=COLORS["orange"],
)
for point, marker, name in ((global_min, "*", "global minimum"), (local_min, "*", "local minimum")):
    ax.plot(*point, marker, color=COLORS["green"], markersize=13)
    ax.annotate(name, point, xytext=(0, -18), textcoords="offset points", ha="center")
ax.plot(*saddle, "X", color=COLORS["orange"], markersize=10)
ax.annotate("saddle point", saddle, xytext=(0, 12), textcoords="offset points", ha="center")
ax.set(
    xlim=(-2.1, 2.1),
    ylim=(-1.6, 1.6),
    xlabel="parameter 1",
    ylabel="parameter 2",
    title="Gradient arrows point uphill,\nacross the contour lines",
)
ax.set_aspect("equal")
save_figure(fig, "gradient_field")

# %%
# Plot: gradient descent on the same surface
# ------------------------------------------
ending_colours = {"global": COLORS["green"], "local": COLORS["purple"]}
fig, (top, bottom) = plt.subplots(2, 1, figsize=(4.8, 8.6), height_ratios=(1.35, 1))
top.contour(
    grid_x,
    grid_y,
    surface(grid_x, grid_y),
    levels=levels,
    colors=COLORS["grey"],
    linewidths=0.6,
    negative_linestyles="solid",
)
for name, path in paths.items():
    colour = COLORS["orange"] if name == "on the ridge" else ending_colours[ends_in[name]]
    top.plot(path[:, 0], path[:, 1], "-", color=colour, linewidth=1.8)
    top.plot(*path[0], "o", color=colour, markersize=5)
top.plot(*global_min, "*", color=COLORS["green"], markersize=13, label="ends in the global minimum")
top.plot(*local_min, "*", color=COLORS["purple"], markersize=13, label="ends in the local minimum")
top.plot(
    *saddle,
    "X",
    color=COLORS["orange"],
    markersize=9,
    label="saddle point; the orange run starts\non the ridge above it",
)
top.set(xlim=(-2.1, 2.1), ylim=(-1.6, 1.6), xlabel="parameter 1", ylabel="parameter 2")
top.set_title("Gradient descent from six starting points (dots)")
top.set_aspect("equal")
top.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2))  # under the map, so the figure stays narrow
bottom.plot(np.arange(GD_STEPS + 1), ridge_loss, color=COLORS["orange"], linewidth=2, label="loss")
bottom.set(xlabel="step", ylabel="loss", xlim=(0, GD_STEPS), title="The start on the ridge: stalled at the saddle")
gradient_axis = bottom.twinx()
gradient_axis.plot(
    np.arange(GD_STEPS + 1), ridge_gradient, color=COLORS["blue"], linewidth=1.4, linestyle="--", label="gradient size"
)
gradient_axis.set(yscale="log", ylim=(1e-3, 30), ylabel="gradient size (log scale)")
gradient_axis.spines["right"].set_visible(True)
gradient_axis.grid(False)
stall = np.flatnonzero(near_saddle)
bottom.axvspan(stall[0], stall[-1], color=COLORS["grey"], alpha=0.15, linewidth=0)
bottom.text((stall[0] + stall[-1]) / 2, 0.2, "near the\nsaddle", ha="center", color=COLORS["grey"])
lines = bottom.get_legend_handles_labels()
more = gradient_axis.get_legend_handles_labels()
bottom.legend(lines[0] + more[0], lines[1] + more[1], loc="upper right")
fig.tight_layout()
save_figure(fig, "local_minima")

# %%
# Plot: the error signal through 20 layers
# ----------------------------------------
layer_axis = np.arange(1, DEPTH + 1)
case_colours = {
    "sigmoid, Glorot scale": COLORS["orange"],
    "ReLU, He scale": COLORS["green"],
    "ReLU, 1.5 x He scale": COLORS["purple"],
    "ReLU, 0.5 x He scale": COLORS["yellow"],
    "ReLU, Glorot scale": COLORS["blue"],
}
fig, ax = plt.subplots()
for label in CASES:
    ax.plot(layer_axis, signals[label], "-o", color=case_colours[label], markersize=3.5, linewidth=2, label=label)
ax.set(
    yscale="log",
    xlim=(0.5, DEPTH + 0.5),
    xticks=[1, 5, 10, 15, 20],
    xlabel="hidden layer\n(backpropagation runs from layer 20 back to layer 1)",
    ylabel="size of the gradient (log scale)",
    title="The gradient reaching each layer\nof an untrained 20-layer network",
)
ax.legend(loc="lower right")
save_figure(fig, "vanishing_gradients")

# %%
# Plot: layer outputs under four starting scales
# ----------------------------------------------
fig, ax = plt.subplots()
for label in INIT_CASES:
    ax.plot(layer_axis, spreads[label], "-o", color=case_colours[label], markersize=3.5, linewidth=2, label=label)
ax.set(
    yscale="log",
    xlim=(0.5, DEPTH + 0.5),
    xticks=[1, 5, 10, 15, 20],
    xlabel="hidden layer (1 is next to the input)",
    ylabel="spread of the layer's outputs (log scale)",
    title="ReLU layers: the starting weight scale\ndecides the signal's fate",
)
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2))  # under the plot, clear of the curves
save_figure(fig, "weight_init")

# %%
# Metrics
# -------
key = {
    "sigmoid, Glorot scale": "sigmoid",
    "ReLU, He scale": "he",
    "ReLU, 1.5 x He scale": "too_large",
    "ReLU, 0.5 x He scale": "too_small",
    "ReLU, Glorot scale": "glorot_relu",
}
write_metrics(
    {
        "probe": PROBE,
        "gradient_at_probe": gradient_at_probe,
        "gradient_length": float(np.linalg.norm(gradient_at_probe)),
        "directions": DIRECTIONS,
        "steepest_rise": float(rise_rates[steepest]),
        "angle_gap_degrees": angle_gap,
        "global_min": global_min,
        "local_min": local_min,
        "saddle": saddle,
        "flat_gradient_max": flat_gradient_max,
        "global_min_loss": float(surface(*global_min)),
        "local_min_loss": float(surface(*local_min)),
        "saddle_loss": float(surface(*saddle)),
        "gd_rate": GD_RATE,
        "gd_steps": GD_STEPS,
        "ends_in": ends_in,
        "starts_to_global": sum(end == "global" for end in ends_in.values()),
        "starts_to_local": sum(end == "local" for end in ends_in.values()),
        "saddle_radius": SADDLE_RADIUS,
        "steps_near_saddle": steps_near_saddle,
        "other_steps_near_saddle": other_steps_near_saddle,
        "smallest_ridge_gradient": smallest_ridge_gradient,
        "ridge_start_gradient": float(ridge_gradient[0]),
        "convex_starts": len(solutions),
        "convex_start_spread": convex_start_spread,
        "convex_spread": convex_spread,
        "backprop_parameters": parameters_checked,
        "backprop_forward_passes": forward_passes,
        "backprop_max_difference": backprop_max_difference,
        "backprop_largest_gradient": largest_gradient,
        "depth": DEPTH,
        "width": WIDTH,
        "signals": {key[label]: values for label, values in signals.items()},
        "signal_ratio": {key[label]: value for label, value in signal_ratio.items()},
        "spreads": {key[label]: values for label, values in spreads.items()},
        "spread_ratio": {key[label]: value for label, value in spread_ratio.items()},
        "symmetric_spread": symmetric_spread,
    },
    claims=[
        # The brute-force steepest direction is the gradient, and its climb rate is the gradient's length.
        "angle_gap_degrees < 0.2",
        "abs(steepest_rise - gradient_length) < 0.001 * gradient_length",
        # The two minima and the saddle are flat points: the gradient vanishes there.
        "flat_gradient_max < 1e-9",
        # Two valleys and a saddle: the left one is deeper.
        "global_min_loss < local_min_loss < saddle_loss",
        # Gradient descent ends in whichever valley it starts above, both valleys are reached ...
        "starts_to_global >= 2 and starts_to_local >= 2 and starts_to_global + starts_to_local == 6",
        "ends_in['far left'] == 'global' and ends_in['right'] == 'local' and ends_in['on the ridge'] == 'local'",
        "starts_to_global == 2",
        # ... and the ridge start stalls near the saddle where nobody else lingers.
        "steps_near_saddle >= 20 and other_steps_near_saddle == 0",
        "smallest_ridge_gradient < 0.01 * ridge_start_gradient",
        # Convex: every start reaches the same weights.
        "convex_spread < 1e-4",
        # Backpropagation matches finite differences, with one pass instead of two per parameter.
        "backprop_max_difference < 1e-6 * backprop_largest_gradient",  # a millionth of the largest
        "backprop_forward_passes == 2 * backprop_parameters",
        # Through 20 layers: sigmoid vanishes, ReLU + He holds, 1.5 x He explodes.
        "signal_ratio['sigmoid'] < 1e-6",
        "0.1 < signal_ratio['he'] < 10",
        "signal_ratio['too_large'] > 1000",
        # Layer outputs: too small and Glorot shrink with ReLU, He holds, too large grows.
        "spread_ratio['too_small'] < 1e-4 and spread_ratio['glorot_relu'] < 0.01",
        # Glorot with ReLU loses about a factor sqrt(2) per layer: (1 / sqrt(2)) ** 19 is about 0.0014.
        "0.0002 < spread_ratio['glorot_relu'] < 0.007",
        "0.1 < spread_ratio['he'] < 10",
        "spread_ratio['too_large'] > 100",
        # Equal starting weights: every hidden unit gets exactly the same gradient.
        "symmetric_spread < 1e-12",
    ],
    data="digits (load_digits) and breast cancer (load_breast_cancer) from scikit-learn; a two-parameter test surface",
)
