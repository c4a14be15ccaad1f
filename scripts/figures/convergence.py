"""Convergence and warm starts: when scikit-learn stops, when it warns, and how to resume.

Three short experiments with scikit-learn's own estimators.

1. ``max_iter`` and the ConvergenceWarning. ``LogisticRegression`` (default
   solver L-BFGS, default penalty) learns to tell malignant from benign
   tumours (breast-cancer data, 569 tumours, 30 measurements), once on the raw
   measurements, whose scales range from thousandths to thousands, and once
   on standardised ones. Each is fitted with several iteration limits
   (``max_iter``); we record the iterations used (``n_iter_``), whether a
   ConvergenceWarning was raised, and the training log loss.
2. ``tol``. ``SGDClassifier`` with the logistic loss learns the 8x8 digits
   (70% for training, 30% held out), with four tolerances. It stops once the
   training loss has failed to improve by at least ``tol`` for 5 epochs in a
   row (``n_iter_no_change=5``); we record the epochs it ran and its held-out
   accuracy.
3. ``warm_start``. (a) Logistic regression on the standardised tumours,
   refitted for 13 values of ``C`` from 0.001 to 1,000, each fit starting
   from zero weights (cold) or from the previous fit's weights (warm). (b) A
   small ``MLPClassifier`` on the digits fitted four times in a row, 5 epochs
   per call, with and without ``warm_start``; and, for comparison, one fit
   of 20 epochs.

What to look for: on raw measurements the solver is still improving when it
hits the default limit of 100 iterations, and warns; on standardised ones it
finishes far inside the limit. A looser ``tol`` stops SGD sooner, here at no
cost in held-out accuracy. Warm starts save a large share of the iterations
along the ``C`` path, above all at the weakly regularised end, and let
repeated ``fit`` calls continue where the last one stopped, whereas without
them every call starts over.
"""

# %%
# Setup
# -----
import warnings

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.metrics import log_loss
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler

from _figure_helpers import COLORS, SEED, save_figure, use_site_style, write_metrics

use_site_style()

LIMITS = {"raw": [10, 30, 100, 300], "standardised": [2, 5, 10, 100]}
DEFAULT_MAX_ITER = 100  # LogisticRegression's default
TOLERANCES = [1e-1, 1e-2, 1e-3, 1e-4]  # SGDClassifier's default is 1e-3
C_PATH = np.logspace(-3, 3, 13)
CHUNKS, CHUNK_EPOCHS = 4, 5


def fit_counting_warnings(model, x, y):
    """Fit, and count the ConvergenceWarnings the fit raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        model.fit(x, y)
    return model, sum(issubclass(w.category, ConvergenceWarning) for w in caught)


# %%
# Data
# ----
cancer = load_breast_cancer()
tumours = {"raw": cancer.data, "standardised": StandardScaler().fit_transform(cancer.data)}
diagnosis = cancer.target
digits = load_digits()
x_train, x_test, y_train, y_test = train_test_split(
    digits.data / 16.0, digits.target, test_size=0.3, stratify=digits.target, random_state=SEED
)

# %%
# Experiment 1: max_iter and the ConvergenceWarning
# -------------------------------------------------
limit_runs = {}  # (data, max_iter) -> (iterations used, warnings, training log loss, training accuracy)
for name, limits in LIMITS.items():
    for limit in limits:
        model, warned = fit_counting_warnings(LogisticRegression(max_iter=limit), tumours[name], diagnosis)
        loss = log_loss(diagnosis, model.predict_proba(tumours[name]))
        limit_runs[name, limit] = (int(model.n_iter_[0]), warned, loss, model.score(tumours[name], diagnosis))

# %%
# Experiment 2: tol
# -----------------
tol_runs = {}  # tol -> (epochs run, held-out accuracy)
for tol in TOLERANCES:
    model = SGDClassifier(loss="log_loss", tol=tol, random_state=SEED).fit(x_train, y_train)
    tol_runs[tol] = (int(model.n_iter_), model.score(x_test, y_test))

# %%
# Experiment 3: warm starts
# -------------------------
path_iterations, path_losses, path_predictions = {}, {}, {}
for warm in (False, True):
    model = LogisticRegression(warm_start=warm, max_iter=1000)
    iterations, losses, predictions = [], [], []
    for c in C_PATH:
        model.set_params(C=c)
        model.fit(tumours["standardised"], diagnosis)
        iterations.append(int(model.n_iter_[0]))
        losses.append(log_loss(diagnosis, model.predict_proba(tumours["standardised"])))
        predictions.append(model.predict(tumours["standardised"]))
    name = "warm" if warm else "cold"
    path_iterations[name], path_losses[name], path_predictions[name] = map(np.array, (iterations, losses, predictions))
savings_per_fit = path_iterations["cold"] - path_iterations["warm"]
# Convex: both routes head for the same solution, but each stops wherever the tolerance is met.
path_loss_gap = float(np.max(np.abs(path_losses["warm"] - path_losses["cold"]) / path_losses["cold"]))
path_disagreements = int(np.max(np.sum(path_predictions["warm"] != path_predictions["cold"], axis=1)))


def chunked(warm: bool) -> tuple[list[float], int]:
    """Training loss at the end of each of CHUNKS calls to fit, and the ConvergenceWarnings raised."""
    network = MLPClassifier(
        hidden_layer_sizes=(16,), max_iter=CHUNK_EPOCHS, learning_rate_init=0.01, warm_start=warm, random_state=SEED
    )
    losses, warned = [], 0
    for _ in range(CHUNKS):
        network, count = fit_counting_warnings(network, x_train, y_train)
        losses.append(float(network.loss_))
        warned += count
    return losses, warned


chunk_losses = {"warm": chunked(True), "cold": chunked(False)}
one_fit, _ = fit_counting_warnings(
    MLPClassifier(hidden_layer_sizes=(16,), max_iter=CHUNKS * CHUNK_EPOCHS, learning_rate_init=0.01, random_state=SEED),
    x_train,
    y_train,
)

# %%
# Plot: max_iter and tol
# ----------------------
import matplotlib.pyplot as plt  # noqa: E402

fig, (top, bottom) = plt.subplots(2, 1, figsize=(4.8, 7.0))
fig.subplots_adjust(hspace=0.5)
for name, colour in (("raw", COLORS["orange"]), ("standardised", COLORS["blue"])):
    limits = LIMITS[name]
    losses = [limit_runs[name, limit][2] for limit in limits]
    top.plot(limits, losses, "-", color=colour, linewidth=1.8, label=f"{name} measurements")
    for limit, loss in zip(limits, losses, strict=True):
        warned = limit_runs[name, limit][1] > 0
        top.plot(limit, loss, "o", color=colour, markersize=8, markerfacecolor="none" if warned else colour)
top.plot([], [], "o", color=COLORS["grey"], markerfacecolor="none", label="hollow: ConvergenceWarning")
top.axvline(DEFAULT_MAX_ITER, color=COLORS["grey"], linestyle=":", linewidth=1.2)
top.text(DEFAULT_MAX_ITER * 0.9, 0.065, "default\nmax_iter", color=COLORS["grey"], va="bottom", ha="right")
top.set(
    xscale="log",
    xlabel="max_iter (log scale)",
    ylabel="training log loss",
    title="LogisticRegression: the same model,\nraw or standardised inputs",
)
top.set_ylim(top=max(limit_runs[key][2] for key in limit_runs) * 1.5)  # room for the legend
top.legend(loc="upper right")
epochs_run = [tol_runs[tol][0] for tol in TOLERANCES]
bottom.plot(TOLERANCES, epochs_run, "-o", color=COLORS["green"], linewidth=1.8, markersize=6)
for tol, (epochs, accuracy) in tol_runs.items():
    bottom.annotate(f"{accuracy:.1%}", (tol, epochs), xytext=(0, 8), textcoords="offset points", ha="center")
bottom.set(
    xscale="log",
    xlim=(3e-5, 0.3),
    ylim=(0, max(epochs_run) * 1.3),
    xlabel="tol (log scale; smaller is stricter)",
    ylabel="epochs before stopping",
    title="SGDClassifier: a stricter tol trains longer\n(labels: held-out accuracy)",
)
bottom.invert_xaxis()
save_figure(fig, "convergence")

# %%
# Plot: warm starts
# -----------------
fig, (top, bottom) = plt.subplots(2, 1, figsize=(4.8, 6.4))
fig.subplots_adjust(hspace=0.5)
for name, colour in (("cold", COLORS["orange"]), ("warm", COLORS["blue"])):
    total = int(path_iterations[name].sum())
    top.plot(
        C_PATH, path_iterations[name], "-o", color=colour, linewidth=1.8, markersize=4, label=f"{name}: {total} in all"
    )
top.set(
    xscale="log",
    xlabel="C (log scale), fitted from left to right",
    ylabel="L-BFGS iterations",
    title="Logistic regression along a path of C values",
)
top.legend(loc="upper left")
calls = np.arange(1, CHUNKS + 1)
for name, colour, label in (
    ("cold", COLORS["orange"], "warm_start=False: starts over"),
    ("warm", COLORS["blue"], "warm_start=True: continues"),
):
    bottom.plot(calls, chunk_losses[name][0], "-o", color=colour, linewidth=1.8, markersize=5, label=label)
bottom.set(
    ylim=(0, None),
    xticks=calls,
    xlabel=f"call to fit ({CHUNK_EPOCHS} epochs each)",
    ylabel="training loss after the call",
    title="MLPClassifier fitted again and again",
)
bottom.legend(loc="upper right", bbox_to_anchor=(1, 0.88))
save_figure(fig, "warm_start")

# %%
# Metrics
# -------
key = {"raw": "raw", "standardised": "scaled"}
write_metrics(
    {
        "tumours": int(len(diagnosis)),
        "measurements": int(cancer.data.shape[1]),
        "raw_smallest_scale": float(cancer.data.std(axis=0).min()),
        "raw_largest_scale": float(cancer.data.std(axis=0).max()),
        "default_max_iter": DEFAULT_MAX_ITER,
        "iterations_used": {f"{key[name]}_{limit}": run[0] for (name, limit), run in limit_runs.items()},
        "warnings": {f"{key[name]}_{limit}": run[1] for (name, limit), run in limit_runs.items()},
        "train_loss": {f"{key[name]}_{limit}": run[2] for (name, limit), run in limit_runs.items()},
        "train_accuracy": {f"{key[name]}_{limit}": run[3] for (name, limit), run in limit_runs.items()},
        "warned_runs": sum(run[1] > 0 for run in limit_runs.values()),
        "limit_runs": len(limit_runs),
        "scaled_converged_at": limit_runs["standardised", 100][0],
        "tolerances": TOLERANCES,
        "tol_epochs": [tol_runs[tol][0] for tol in TOLERANCES],  # in the order of "tolerances"
        "tol_accuracy": [tol_runs[tol][1] for tol in TOLERANCES],
        "tol_accuracy_range": max(run[1] for run in tol_runs.values()) - min(run[1] for run in tol_runs.values()),
        "c_values": len(C_PATH),
        "path_iterations_cold": int(path_iterations["cold"].sum()),
        "path_iterations_warm": int(path_iterations["warm"].sum()),
        "path_saving": 1 - path_iterations["warm"].sum() / path_iterations["cold"].sum(),
        "path_loss_gap": path_loss_gap,
        "path_disagreements": path_disagreements,
        "path_first_cold": int(path_iterations["cold"][0]),
        "path_last_cold": int(path_iterations["cold"][-1]),
        "path_last_warm": int(path_iterations["warm"][-1]),
        "saving_at_weakest": int(savings_per_fit[-1]),
        "largest_saving": int(savings_per_fit.max()),
        "chunks": CHUNKS,
        "chunk_epochs": CHUNK_EPOCHS,
        "chunk_loss_warm": chunk_losses["warm"][0],
        "chunk_loss_cold": chunk_losses["cold"][0],
        "chunk_warnings_warm": chunk_losses["warm"][1],
        "chunk_warnings_cold": chunk_losses["cold"][1],
        "one_fit_loss": float(one_fit.loss_),
    },
    claims=[
        # Raw measurements: still warning at three times the default limit; the loss still falling.
        "warnings['raw_10'] == 1 and warnings['raw_30'] == 1 and warnings['raw_100'] == 1 and warnings['raw_300'] == 1",
        "train_loss['raw_300'] < train_loss['raw_100'] < train_loss['raw_30']",
        # Standardised: converged far inside the default limit; tiny limits still warn.
        "warnings['scaled_100'] == 0 and scaled_converged_at < 30",
        "warnings['scaled_2'] == 1 and warnings['scaled_5'] == 1",
        "train_loss['scaled_100'] < train_loss['raw_300']",
        "abs(train_loss['scaled_10'] - train_loss['scaled_100']) < 0.05 * train_loss['scaled_100']",
        "warned_runs == limit_runs - 1",
        # tol: every stricter tolerance trains at least as long, and the loosest stops far sooner,
        # with held-out accuracy within two points across all four.
        "tol_epochs[0] <= tol_epochs[1] <= tol_epochs[2] <= tol_epochs[3]",
        "tol_epochs[0] * 2 < tol_epochs[3]",
        "tol_accuracy_range < 0.02",
        # Warm starts: well under two thirds of the iterations along the path, the biggest saving at the
        # weakly regularised end where cold starts climb steeply, and nearly the same models either way.
        "path_iterations_warm < 0.67 * path_iterations_cold",
        "saving_at_weakest == largest_saving",
        "path_last_cold > 5 * path_first_cold and path_last_cold > 2 * path_last_warm",
        "path_loss_gap < 0.02 and path_disagreements <= 3",
        # ... and repeated fits continue instead of starting over (with a warning on every short call).
        "chunk_loss_warm[3] < chunk_loss_warm[0] / 3",
        "chunk_loss_warm[0] > chunk_loss_warm[1] > chunk_loss_warm[2] > chunk_loss_warm[3]",
        "max(chunk_loss_cold) - min(chunk_loss_cold) < 1e-12",
        "chunk_warnings_warm == chunks and chunk_warnings_cold == chunks",
        # Four warm calls of 5 epochs are not exactly one fit of 20: each call starts a fresh optimizer
        # and, with a fixed random_state, replays the same shuffles.
        "abs(chunk_loss_warm[3] - one_fit_loss) > 1e-6",
    ],
    data="breast cancer (load_breast_cancer, 569 tumours) and digits (load_digits, 1,797 images) from scikit-learn",
)
