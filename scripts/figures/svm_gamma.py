"""SVM gamma: how fast similarity fades with distance in the RBF kernel.

An SVM with the RBF kernel compares a new point with the training points it
keeps (its support vectors) through ``exp(-gamma * distance²)``, a similarity
that is 1 for identical points and sinks towards 0 as they move apart.
``gamma`` sets how steeply it sinks. We summarise it by a length, the "fade
distance" ``1 / sqrt(gamma)``: two points that far apart have similarity
e to the power -1, about 0.37.

The data are the same two noisy half-moons as in the k-nearest-neighbour
figure (400 points from scikit-learn's ``make_moons``). ``C`` stays at its
default of 1 and only ``gamma`` moves: 13 values from 0.001 to 1000, evenly
spaced on a log scale, each scored by 5-fold stratified cross-validation
(mean accuracy on the training folds and on the held-out folds). The best
``gamma`` has the highest mean validation accuracy; on a tie the smaller one
(the smoother model) wins. We also score scikit-learn's default,
``gamma="scale"``, which works out ``1 / (number of features * variance of
all the inputs)`` from the data, and check that formula against the value the
fitted model reports, and score a linear SVM for comparison.

What to look for: with a tiny ``gamma`` the fade distance spans the whole
plot, the boundary is close to a straight line and the model scores about
what a linear SVM does (underfitting). With a huge ``gamma`` the fade distance
is tiny next to the moons themselves: the boundary breaks up into islands
around single points, training accuracy reaches 100% and
validation accuracy collapses (overfitting). The best value lies in between.
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.model_selection import StratifiedKFold, cross_val_score, validation_curve
from sklearn.svm import SVC

from _classic_helpers import MOONS_NOISE, draw_regions, moons
from _figure_helpers import COLORS, SEED, ring, save_figure, use_site_style, write_metrics

use_site_style()
rng = np.random.default_rng(SEED)  # unused: the data and the folds carry their own seed

GAMMAS = np.logspace(-3, 3, 13)
FOLDS = 5

# %%
# Data
# ----
X, y = moons()
folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)

# %%
# Train: one cross-validation per gamma
# -------------------------------------
train_scores, val_scores = validation_curve(SVC(), X, y, param_name="gamma", param_range=GAMMAS, cv=folds)
train_mean, val_mean = train_scores.mean(axis=1), val_scores.mean(axis=1)
val_std = val_scores.std(axis=1)

# scikit-learn's default, gamma="scale", computed by hand and as the model sees it.
scale_by_hand = 1 / (X.shape[1] * X.var())
scale_fitted = float(SVC(gamma="scale").fit(X, y)._gamma)
scale_val = float(cross_val_score(SVC(gamma="scale"), X, y, cv=folds).mean())
# A linear SVM, for comparison with the smallest gammas.
linear_val = float(cross_val_score(SVC(kernel="linear"), X, y, cv=folds).mean())

# %%
# Evaluate
# --------
best_index = int(np.flatnonzero(np.isclose(val_mean, val_mean.max()))[0])  # ties go to the smaller gamma
best_gamma = float(GAMMAS[best_index])
small_gamma, large_gamma = 0.01, 100.0  # the two extremes drawn next to the best one


def at(gamma: float) -> int:
    return int(np.argmin(np.abs(np.log10(GAMMAS) - np.log10(gamma))))


# %%
# Plot: accuracy against gamma
# ----------------------------
import matplotlib.pyplot as plt  # noqa: E402

fig, ax = plt.subplots()
ax.plot(GAMMAS, train_mean, color=COLORS["blue"], linewidth=2, marker="o", markersize=3, label="training folds")
ax.plot(GAMMAS, val_mean, color=COLORS["orange"], linewidth=2, marker="o", markersize=3, label="validation folds")
ax.fill_between(GAMMAS, val_mean - val_std, val_mean + val_std, color=COLORS["orange"], alpha=0.15, linewidth=0)
ax.axvline(scale_fitted, color=COLORS["grey"], linestyle=":", linewidth=1.2, label='gamma="scale" (the default)')
ring(ax, best_gamma, val_mean[best_index], colour=COLORS["green"], label=f"best gamma = {best_gamma:g}")
ax.set(
    xscale="log",
    xlabel="gamma (log scale);\nlarger means similarity fades faster",
    ylabel=f"accuracy (mean of {FOLDS} folds)",
    title="RBF SVM on noisy moons, C = 1:\naccuracy against gamma",
)
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3))  # under the plot, clear of the curves
save_figure(fig, "accuracy_vs_gamma")

# %%
# Plot: the boundary for a small, the best and a large gamma
# ----------------------------------------------------------
# Each model is fitted on all 400 points; the grey line is where its score is 0.
fig, axes = plt.subplots(3, 1, figsize=(4.8, 10.0), sharex=True)
for ax, gamma in zip(axes, [small_gamma, best_gamma, large_gamma], strict=True):
    model = SVC(gamma=gamma).fit(X, y)
    draw_regions(ax, model.decision_function, X, y, threshold=0.0)
    ax.set_title(
        f"gamma = {gamma:g} (fade distance {1 / np.sqrt(gamma):.2g}):\ntraining accuracy {model.score(X, y):.0%}",
    )
axes[0].legend(loc="lower left", markerscale=1.5)
save_figure(fig, "boundaries")

# %%
# Metrics
# -------
last = len(GAMMAS) - 1
write_metrics(
    {
        "n_samples": int(y.size),
        "noise": MOONS_NOISE,
        "folds": FOLDS,
        "gammas": GAMMAS,
        "smallest_gamma": float(GAMMAS[0]),
        "largest_gamma": float(GAMMAS[-1]),
        "n_gammas": int(GAMMAS.size),
        "train_accuracy": train_mean,
        "val_accuracy": val_mean,
        "best_index": best_index,
        "best_gamma": best_gamma,
        "best_fade_distance": float(1 / np.sqrt(best_gamma)),
        "best_val": float(val_mean[best_index]),
        "best_train": float(train_mean[best_index]),
        "smallest_gamma_train": float(train_mean[0]),
        "smallest_gamma_val": float(val_mean[0]),
        "largest_gamma_train": float(train_mean[last]),
        "largest_gamma_val": float(val_mean[last]),
        "small_gamma": small_gamma,
        "small_gamma_val": float(val_mean[at(small_gamma)]),
        "large_gamma": large_gamma,
        "large_gamma_train": float(train_mean[at(large_gamma)]),
        "large_gamma_val": float(val_mean[at(large_gamma)]),
        "scale_gamma": scale_fitted,
        "scale_gamma_by_hand": float(scale_by_hand),
        "scale_val": scale_val,
        "linear_val": linear_val,
    },
    claims=[
        "0 < best_index < n_gammas - 1",  # the best gamma lies inside the range
        "best_val > smallest_gamma_val + 0.05",  # too small a gamma underfits
        "abs(smallest_gamma_train - smallest_gamma_val) < 0.02",  # ... equally on training and validation folds
        "0.3 < best_fade_distance < 3",  # the best fade distance is on the scale of the moons (radius 1)
        "best_gamma / 10 < scale_gamma < best_gamma * 10",  # the default lands near the best gamma
        "largest_gamma_train == 1.0",  # the largest gamma gets every training point right...
        "largest_gamma_val < best_val - 0.1",  # ... and does far worse on new points
        "large_gamma_train > large_gamma_val + 0.1",  # a wide train/validation gap at the large gamma shown
        "abs(small_gamma_val - smallest_gamma_val) < 0.1 and small_gamma_val < best_val",  # the small one underfits
        "abs(scale_gamma - scale_gamma_by_hand) < 1e-9 * scale_gamma",  # "scale" is 1 / (n_features * X.var())
        "scale_val > best_val - 0.03",  # on this data the default lands close to the best
        "abs(small_gamma_val - linear_val) < 0.03",  # a small gamma scores like a straight-line boundary
    ],
    data=f"two moons (scikit-learn make_moons, 400 points, noise {MOONS_NOISE})",
)
