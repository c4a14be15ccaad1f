"""Where to look for a good hyperparameter value, and how to spend a small budget of trials.

One hyperparameter, one model, one data set: the ``gamma`` of an RBF support
vector classifier (``C=1``) reading the handwritten digits that ship with
scikit-learn (pixels scaled to 0..1), trained on 400 images and scored on
400 others. ``gamma`` sets how far one training image's influence reaches;
its useful values span several powers of ten.

- Search space: seven candidate values between 0.0001 and 100, spaced
  either evenly (0.0001, 16.7, 33.3, ...) or evenly on a log scale (0.0001,
  0.001, ..., 100). What to look for: the even spacing puts six of its seven
  values in the top decade, where every one of them scores poorly; the log
  spacing puts one value in each decade and lands close to the best score.
- Bayesian optimization: the search space is 25 values evenly spaced on the
  log scale (four per decade). We score all 25 once, to draw the true curve
  and to let the two searches below look their results up instead of
  retraining. Each search gets a budget of 8 evaluations. Random search draws
  8 different values at random. Bayesian optimization starts from the same
  first 3 random draws, then, 5 times over, fits a Gaussian process to the
  scores so far (a Matern kernel with its length scale fixed at one power of
  ten, so the surrogate's assumption is stated rather than fitted) and
  evaluates the value with the highest expected improvement. Both searches
  are repeated with 20 different seeds. What to look for: the Gaussian
  process places its trials near the peak; averaged over the 20 repeats,
  Bayesian optimization ends with a better best score, and finds the single
  best value more often, than random search with the same budget.
"""

# %%
# Setup
# -----
import warnings

import numpy as np
from scipy.stats import norm
from sklearn.datasets import load_digits
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import Matern
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC
from threadpoolctl import threadpool_limits

from _figure_helpers import COLORS, SEED, save_figure, use_site_style, write_metrics

use_site_style()
threadpool_limits(limits=1)  # small fits: one thread is faster on a shared machine, and repeatable

# %%
# Data
# ----
digits = load_digits()
X_train, X_val, y_train, y_val = train_test_split(
    digits.data / 16.0, digits.target, train_size=400, test_size=400, stratify=digits.target, random_state=SEED
)


def validation_accuracy(gamma: float) -> float:
    return float(SVC(kernel="rbf", C=1.0, gamma=gamma).fit(X_train, y_train).score(X_val, y_val))


# %%
# The objective over the search space, on a log scale
# ---------------------------------------------------
LOG_LOW, LOG_HIGH = -4, 2  # gamma from 0.0001 to 100
log_gamma = np.linspace(LOG_LOW, LOG_HIGH, 4 * (LOG_HIGH - LOG_LOW) + 1)  # 25 values, four per decade
scores = np.array([validation_accuracy(10.0**g) for g in log_gamma])
best_index = int(np.argmax(scores))
best_score = float(scores[best_index])

# %%
# Search space: seven values, spaced evenly or evenly on a log scale
# ------------------------------------------------------------------
POINTS = 7
linear_gammas = np.linspace(10.0**LOG_LOW, 10.0**LOG_HIGH, POINTS)
linear_scores = np.array([validation_accuracy(g) for g in linear_gammas])
log_indices = np.arange(0, len(log_gamma), 4)  # every fourth value of the 25: one per power of ten
log_gammas = 10.0 ** log_gamma[log_indices]
log_scores = scores[log_indices]

# %%
# Bayesian optimization against random search, the same budget
# -------------------------------------------------------------
BUDGET, START, REPEATS = 8, 3, 20
LENGTH_SCALE = 1.0  # in powers of ten of gamma


def expected_improvement(mean, std, best):
    """How much a candidate is expected to beat the best score so far, under the surrogate."""
    std = np.maximum(std, 1e-12)
    z = (mean - best) / std
    return (mean - best) * norm.cdf(z) + std * norm.pdf(z)


def surrogate(tried):
    """A Gaussian process fitted to the scores of the values tried so far."""
    gp = GaussianProcessRegressor(kernel=Matern(length_scale=LENGTH_SCALE, nu=2.5), optimizer=None, normalize_y=True)
    return gp.fit(log_gamma[tried, None], scores[tried])


def bayesian_search(first_draws):
    tried = list(first_draws[:START])
    while len(tried) < BUDGET:
        mean, std = surrogate(tried).predict(log_gamma[:, None], return_std=True)
        gain = expected_improvement(mean, std, scores[tried].max())
        gain[tried] = -np.inf  # never spend a trial twice on the same value
        tried.append(int(np.argmax(gain)))
    return tried


bayes_runs, random_runs = [], []
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # sklearn warns when a fixed-kernel GP sees flat scores; harmless here
    for repeat in range(REPEATS):
        draws = [int(i) for i in np.random.default_rng(SEED + repeat).permutation(len(log_gamma))[:BUDGET]]
        random_runs.append(draws)
        bayes_runs.append(bayesian_search(draws))
best_so_far = {
    "Bayesian": np.array([np.maximum.accumulate(scores[run]) for run in bayes_runs]),
    "random": np.array([np.maximum.accumulate(scores[run]) for run in random_runs]),
}
mean_best = {name: curves.mean(axis=0) for name, curves in best_so_far.items()}
found_best = {name: int(np.sum(curves[:, -1] == best_score)) for name, curves in best_so_far.items()}

# The first repeat, drawn in full: where the trials went and what the surrogate believed at the end.
example = bayes_runs[0]
final_mean, final_std = surrogate(example).predict(log_gamma[:, None], return_std=True)
example_near_peak = int(np.sum(np.abs(log_gamma[example[START:]] - log_gamma[best_index]) <= 1.0))

# %%
# Plot: search space
# ------------------
import matplotlib.pyplot as plt  # noqa: E402

fig, ax = plt.subplots()
gammas = 10.0**log_gamma
ax.plot(gammas, scores, color=COLORS["grey"], linewidth=1.5, label="all 25 values (log grid)")
ax.plot(
    log_gammas,
    log_scores,
    "o",
    color=COLORS["blue"],
    markersize=8,
    label=f"{POINTS} values, log spacing",
)
ax.plot(
    linear_gammas,
    linear_scores,
    "s",
    color=COLORS["orange"],
    markersize=6,
    label=f"{POINTS} values, even spacing",
)
ax.set(
    xscale="log",
    ylim=(0, 1.05),
    xlabel="gamma (log scale)",
    ylabel="validation accuracy",
    title="The same range, two ways to space seven values",
)
ax.legend(loc="center", bbox_to_anchor=(0.5, 0.4))
save_figure(fig, "search_space")

# %%
# Plot: Bayesian optimization
# ---------------------------
fig, (top, bottom) = plt.subplots(2, 1, figsize=(4.8, 7.8), height_ratios=(1.3, 1), layout="constrained")
top.plot(gammas, scores, color=COLORS["grey"], linewidth=1.2, linestyle=":", label="true curve (all 25 scored)")
top.plot(gammas, final_mean, color=COLORS["blue"], linewidth=2, label="Gaussian process after 8 trials")
top.fill_between(
    gammas, final_mean - 2 * final_std, final_mean + 2 * final_std, color=COLORS["blue"], alpha=0.15, linewidth=0
)
for order, index in enumerate(example, start=1):
    colour = COLORS["grey"] if order <= START else COLORS["orange"]
    top.plot(gammas[index], scores[index], "o", color=colour, markersize=7)
    top.annotate(str(order), (gammas[index], scores[index]), xytext=(5, 4), textcoords="offset points")
top.plot([], [], "o", color=COLORS["grey"], label=f"trials 1-{START}: random")
top.plot([], [], "o", color=COLORS["orange"], label=f"trials {START + 1}-{BUDGET}: expected improvement")
top.set(
    xscale="log",
    ylim=(-0.1, 1.25),
    xlabel="gamma (log scale)",
    ylabel="validation accuracy",
    title="One Bayesian-optimization run",
)
top.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=1)  # below the panel: the curve fills it
trials = np.arange(1, BUDGET + 1)
bottom.plot(trials, mean_best["random"], color=COLORS["grey"], marker="o", linewidth=2, label="random search")
bottom.plot(
    trials, mean_best["Bayesian"], color=COLORS["orange"], marker="o", linewidth=2, label="Bayesian optimization"
)
bottom.axhline(best_score, color=COLORS["blue"], linestyle="--", linewidth=1.2, label="best of all 25")
bottom.set(
    xticks=trials,
    xlabel="trials so far\n(the first 3 are the same random draws for both)",
    ylabel=f"best score so far\n(mean of {REPEATS} repeats)",
)
bottom.legend(loc="lower right")
save_figure(fig, "bayesian_optimization")

# %%
# Metrics
# -------
write_metrics(
    {
        "train_images": len(y_train),
        "val_images": len(y_val),
        "log_low": LOG_LOW,
        "log_high": LOG_HIGH,
        "candidates": len(log_gamma),
        "best_gamma": float(10.0 ** log_gamma[best_index]),
        "best_score": best_score,
        "worst_score": float(scores.min()),
        # search space
        "points": POINTS,
        "linear_gammas": linear_gammas,
        "linear_scores": linear_scores,
        "linear_best": float(linear_scores.max()),
        "linear_in_top_decade": int(np.sum(linear_gammas >= 10.0 ** (LOG_HIGH - 1))),
        "log_gammas": log_gammas,
        "log_scores": log_scores,
        "log_best": float(log_scores.max()),
        "log_best_gamma": float(log_gammas[np.argmax(log_scores)]),
        "good_values": int(np.sum(scores >= best_score - 0.05)),
        # Bayesian optimization
        "budget": BUDGET,
        "start": START,
        "repeats": REPEATS,
        "mean_best_bayes": mean_best["Bayesian"],
        "mean_best_random": mean_best["random"],
        "final_bayes": float(mean_best["Bayesian"][-1]),
        "final_random": float(mean_best["random"][-1]),
        "found_best_bayes": found_best["Bayesian"],
        "found_best_random": found_best["random"],
        "example_trials": [float(10.0 ** log_gamma[i]) for i in example],
        "example_near_peak": example_near_peak,
        "guided_trials": BUDGET - START,
    },
    claims=[
        # search space: even spacing wastes the budget at the top of the range; log spacing finds the peak region
        "linear_in_top_decade == points - 1",
        "linear_best < best_score - 0.5",
        "log_best > best_score - 0.02",
        "best_score > 0.9 and worst_score < 0.3",
        # Bayesian optimization: same start, then better than random on average and more often on the best value
        "mean_best_bayes[2] == mean_best_random[2]",
        "final_bayes > final_random",
        "mean_best_bayes[3] > mean_best_random[3] and mean_best_bayes[4] > mean_best_random[4]",  # ahead from trial 4
        "mean_best_bayes[5] > mean_best_random[5] and mean_best_bayes[6] > mean_best_random[6]",
        "found_best_bayes > found_best_random",
        "final_bayes - final_random < 0.02",  # ... but random search is not far behind on average
        "example_near_peak >= budget - start - 1",
    ],
    data="digits (scikit-learn load_digits, 400 training and 400 validation images)",
)
