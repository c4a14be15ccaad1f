"""Batch normalization: the same deep network with and without it, over a range of learning rates.

scikit-learn's ``MLPClassifier`` has no batch normalization, so this script
writes a small network in numpy, forward and backward pass included, and
trains it on the 8x8 handwritten digits that ship with scikit-learn (pixels
standardised; 60% of the images for training, 40% for validation).

The network has six hidden layers of 32 ReLU units and a softmax output. It
is trained by plain mini-batch gradient descent (batches of 64 images) for 8
epochs, with He initialisation (random weights scaled to the layer's fan-in,
the usual choice for ReLU). Two versions are trained:

- **plain**: each hidden layer computes ``relu(x @ W + b)``;
- **batch norm**: each hidden layer computes ``relu(gamma * z_hat + beta)``,
  where ``z_hat`` is ``x @ W`` standardised per unit over the current batch
  (mean 0, variance 1), and ``gamma`` and ``beta`` are learned. At evaluation
  time the batch statistics are replaced by running averages kept during
  training, as deep-learning libraries do.

Both versions start from the same weights and see the batches in the same
order; only the learning rate changes between runs, from 0.01 to 3. A run
whose loss turns infinite or not-a-number has diverged.

What to look for: the plain network diverges at the top of the range, and
at the largest rate it survives its loss jumps back up between epochs. With
batch normalization no rate diverges; rates ten times larger than the plain
network can bear still train, and even there it beats the plain network's
best run. At the smallest rate batch normalization is no help: it does not
make every setting better, it widens the range of settings that work.
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from _figure_helpers import COLORS, SEED, ring, save_figure, use_site_style, write_metrics

use_site_style()

HIDDEN = [32] * 6
CLASSES = 10
BATCH_SIZE = 64
EPOCHS = 8
RATES = [0.01, 0.03, 0.1, 0.3, 1.0, 3.0]
SHOWN_RATE = 0.3  # the rate whose loss curves the second panel shows
EPS = 1e-5  # added to the batch variance before the square root
MOMENTUM = 0.1  # weight of the newest batch in the running averages

# %%
# Data
# ----
digits = load_digits()
x_train, x_val, y_train, y_val = train_test_split(
    digits.data, digits.target, train_size=0.6, stratify=digits.target, random_state=SEED
)
mean, spread = x_train.mean(axis=0), x_train.std(axis=0) + 1e-8  # a few border pixels are always blank
x_train, x_val = (x_train - mean) / spread, (x_val - mean) / spread
sizes = [x_train.shape[1], *HIDDEN, CLASSES]


# %%
# The network
# -----------
def initial_weights() -> list[np.ndarray]:
    """He initialisation: the same starting weights for both versions."""
    rng = np.random.default_rng(SEED)
    return [rng.normal(0, np.sqrt(2 / m), (m, k)) for m, k in zip(sizes[:-1], sizes[1:], strict=True)]


def train(rate: float, batch_norm: bool) -> tuple[list[float], float]:
    """Mean training loss of every epoch (cut short if it diverges) and the final validation accuracy."""
    weights = initial_weights()
    biases = [np.zeros(k) for k in sizes[1:]]  # unused before a batch norm, whose beta plays that part
    gammas = [np.ones(k) for k in HIDDEN]
    betas = [np.zeros(k) for k in HIDDEN]
    running_mean = [np.zeros(k) for k in HIDDEN]
    running_var = [np.ones(k) for k in HIDDEN]
    order_rng = np.random.default_rng(SEED + 1)  # the same batch order for every run
    layers = len(weights)

    def forward(x: np.ndarray, training: bool) -> tuple[np.ndarray, list]:
        cache, a = [], x
        for i in range(layers - 1):
            z = a @ weights[i]
            if batch_norm:
                if training:
                    mu, var = z.mean(axis=0), z.var(axis=0)
                    running_mean[i] += MOMENTUM * (mu - running_mean[i])
                    running_var[i] += MOMENTUM * (var - running_var[i])
                else:
                    mu, var = running_mean[i], running_var[i]
                inv_std = 1 / np.sqrt(var + EPS)
                z_hat = (z - mu) * inv_std
                u = gammas[i] * z_hat + betas[i]
            else:
                z_hat = inv_std = None
                u = z + biases[i]
            cache.append((a, z_hat, inv_std, u))
            a = np.maximum(u, 0)
        return a @ weights[-1] + biases[-1], cache + [(a, None, None, None)]

    epoch_losses = []
    for _ in range(EPOCHS):
        total = 0.0
        for batch in np.array_split(order_rng.permutation(len(x_train)), np.ceil(len(x_train) / BATCH_SIZE)):
            x, y, n = x_train[batch], y_train[batch], len(batch)
            with np.errstate(all="ignore"):  # a diverging run overflows; caught just below
                scores, cache = forward(x, training=True)
                scores = scores - scores.max(axis=1, keepdims=True)
                probs = np.exp(scores)
                probs /= probs.sum(axis=1, keepdims=True)
                loss = -np.mean(np.log(probs[np.arange(n), y] + 1e-12))
            if not np.isfinite(loss):
                return epoch_losses + [float("inf")], float("nan")
            total += loss * n
            # Backward pass: cross-entropy and softmax, then layer by layer.
            grad = probs
            grad[np.arange(n), y] -= 1
            grad /= n
            for i in reversed(range(layers)):
                a, z_hat, inv_std, u = cache[i]
                if i < layers - 1:
                    grad = grad * (u > 0)  # through the ReLU
                    if batch_norm:  # through the standardisation, to the raw z
                        d_gamma, d_beta = (grad * z_hat).sum(axis=0), grad.sum(axis=0)
                        d_hat = grad * gammas[i]
                        grad = inv_std * (d_hat - d_hat.mean(axis=0) - z_hat * (d_hat * z_hat).mean(axis=0))
                        gammas[i] -= rate * d_gamma
                        betas[i] -= rate * d_beta
                d_weights, d_bias, grad_in = a.T @ grad, grad.sum(axis=0), grad @ weights[i].T
                weights[i] -= rate * d_weights
                if not batch_norm or i == layers - 1:
                    biases[i] -= rate * d_bias
                grad = grad_in
        epoch_losses.append(total / len(x_train))
    scores, _ = forward(x_val, training=False)
    return epoch_losses, float(np.mean(scores.argmax(axis=1) == y_val))


# %%
# Train
# -----
runs = {(variant, rate): train(rate, variant == "batch norm") for variant in ("plain", "batch norm") for rate in RATES}

# %%
# Evaluate
# --------
accuracy = {v: {r: runs[v, r][1] for r in RATES} for v in ("plain", "batch norm")}
diverged = {v: [r for r in RATES if not np.isfinite(runs[v, r][0][-1])] for v in ("plain", "batch norm")}


def best(variant: str) -> float:
    usable = [r for r in RATES if np.isfinite(accuracy[variant][r])]
    return max(usable, key=lambda r: accuracy[variant][r])


best_rate = {v: best(v) for v in ("plain", "batch norm")}
stable = {v: [r for r in RATES if r not in diverged[v]] for v in ("plain", "batch norm")}


def largest_rise(losses: list[float]) -> float:
    """The largest jump up in training loss from one epoch to the next (0 if it only ever falls)."""
    return max([0.0, *np.diff(losses).tolist()])


shown_rise = {v: largest_rise(runs[v, SHOWN_RATE][0]) for v in ("plain", "batch norm")}

# %%
# Plot
# ----
import matplotlib.pyplot as plt  # noqa: E402

colours = {"plain": COLORS["grey"], "batch norm": COLORS["orange"]}
fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.4, 6.2))
for variant, colour in colours.items():
    kept = stable[variant]
    top.plot(
        kept, [accuracy[variant][r] for r in kept], color=colour, marker="o", markersize=4, linewidth=2, label=variant
    )
    ring(top, best_rate[variant], accuracy[variant][best_rate[variant]], colour=colour, label=f"best {variant}")
    if diverged[variant]:
        top.plot(
            diverged[variant],
            [0.0] * len(diverged[variant]),
            "x",
            color=colour,
            markersize=8,
            markeredgewidth=2,
            label=f"{variant}: diverged",
        )
top.set(
    xscale="log",
    xticks=RATES,
    ylim=(-0.03, 1.03),
    xlabel="learning rate (log scale)",
    ylabel="validation accuracy",
    title=f"After {EPOCHS} epochs: which learning rates still work?",
)
top.xaxis.set_major_formatter("{x:g}")
top.xaxis.set_minor_formatter("")
top.legend(loc="lower left", fontsize=9, ncols=2)
for variant, colour in colours.items():
    losses = runs[variant, SHOWN_RATE][0]
    finite = [v for v in losses if np.isfinite(v)]
    bottom.plot(range(1, len(finite) + 1), finite, color=colour, marker="o", markersize=4, linewidth=2, label=variant)
bottom.set(
    xlabel="epoch",
    ylabel="training loss (cross-entropy)",
    xticks=range(1, EPOCHS + 1),
    ylim=(0, None),
    title=f"Training loss per epoch at learning rate {SHOWN_RATE:g}",
)
bottom.legend(loc="upper right")
fig.tight_layout()
save_figure(fig, "batch_norm")

# %%
# Metrics
# -------
key = str  # rates as text keys, e.g. "0.3"
write_metrics(
    {
        "train_size": int(len(y_train)),
        "val_size": int(len(y_val)),
        "hidden_layers": len(HIDDEN),
        "hidden_units": HIDDEN[0],
        "batch_size": BATCH_SIZE,
        "epochs": EPOCHS,
        "rates": RATES,
        "smallest_rate": min(RATES),
        "largest_rate": max(RATES),
        "shown_rate": SHOWN_RATE,
        "plain_accuracy": {key(r): a for r, a in accuracy["plain"].items()},
        "bn_accuracy": {key(r): a for r, a in accuracy["batch norm"].items()},
        "plain_diverged": diverged["plain"],
        "bn_diverged": diverged["batch norm"],
        "plain_largest_stable_rate": max(stable["plain"]),
        "plain_best_rate": best_rate["plain"],
        "bn_best_rate": best_rate["batch norm"],
        "plain_best_accuracy": accuracy["plain"][best_rate["plain"]],
        "bn_best_accuracy": accuracy["batch norm"][best_rate["batch norm"]],
        "bn_largest_rate_accuracy": accuracy["batch norm"][max(RATES)],
        "plain_smallest_accuracy": accuracy["plain"][min(RATES)],
        "bn_smallest_accuracy": accuracy["batch norm"][min(RATES)],
        "plain_shown_losses": runs["plain", SHOWN_RATE][0],
        "bn_shown_losses": runs["batch norm", SHOWN_RATE][0],
        "plain_shown_final_loss": runs["plain", SHOWN_RATE][0][-1],
        "bn_shown_final_loss": runs["batch norm", SHOWN_RATE][0][-1],
        "plain_shown_max_rise": shown_rise["plain"],
        "bn_shown_max_rise": shown_rise["batch norm"],
    },
    claims=[
        # the plain network diverges at the top of the range; with batch norm no rate diverges
        "largest_rate in plain_diverged and len(bn_diverged) == 0",
        # batch norm trains at rates at least ten times the largest the plain network survives ...
        "largest_rate >= 10 * plain_largest_stable_rate",
        "min(plain_diverged) > plain_largest_stable_rate",  # every rate above that one diverges
        # ... and even there it beats the plain network's best run
        "bn_largest_rate_accuracy > plain_best_accuracy",
        "bn_best_accuracy > plain_best_accuracy",
        # at every rate from 0.1 up, batch norm beats the plain network's best run
        "min(bn_accuracy['0.1'], bn_accuracy['0.3'], bn_accuracy['1.0']) > plain_best_accuracy",
        # at the shown rate the plain network's loss jumps back up; batch norm's keeps falling
        "plain_shown_max_rise > 0.2 and bn_shown_max_rise < 0.05",
        "bn_shown_final_loss < plain_shown_final_loss / 3",
        # batch norm is no help at the smallest rate
        "bn_smallest_accuracy < plain_smallest_accuracy",
    ],
    data="load_digits (1,797 images, pixels standardised), 60% training, 40% validation; seed 0",
)
