"""k-nearest neighbours: how many neighbours should vote?

A k-nearest-neighbour classifier learns nothing up front: it stores the
training points, and labels a new point by a vote among the ``k`` stored points
closest to it. The number of voters ``k`` (scikit-learn's ``n_neighbors``) is
its only real hyperparameter.

The data are two interleaved half-moons from scikit-learn's ``make_moons``:
400 points in two classes, with enough noise that the classes overlap near the
tips of the moons, so no boundary can get every point right.

For each ``k`` from 1 to 200 (roughly evenly spaced on a log scale) we run
5-fold stratified cross-validation and record the mean accuracy on the
training folds and on the held-out folds. The best ``k`` is the one with the
highest mean validation accuracy; on a tie the larger ``k`` (the smoother
model) wins. We repeat the run at the best ``k`` with distance-weighted votes
(``weights="distance"``), and we draw the regions each class gets for a
single voter, for the best ``k`` and for the largest ``k``, each fitted on all
400 points.

What to look for: with one voter every training point is its own nearest
neighbour, so training accuracy is perfect while validation accuracy is not;
the boundary wraps around stray points. As ``k`` grows the two curves meet,
validation accuracy peaks somewhere inside the range, and with the largest
``k`` the vote is spread so wide that the boundary cuts off the tips of the
moons and both scores drop.
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.model_selection import StratifiedKFold, cross_validate, validation_curve
from sklearn.neighbors import KNeighborsClassifier

from _classic_helpers import MOONS_NOISE, draw_regions, moons
from _figure_helpers import COLORS, SEED, ring, save_figure, use_site_style, write_metrics

use_site_style()
rng = np.random.default_rng(SEED)  # unused: the data and the folds carry their own seed

K_VALUES = [1, 2, 3, 5, 7, 10, 15, 20, 30, 45, 70, 100, 150, 200]
DEFAULT_K = 5  # KNeighborsClassifier's default n_neighbors
FOLDS = 5

# %%
# Data
# ----
X, y = moons()
folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)

# %%
# Train: one cross-validation per k
# ---------------------------------
train_scores, val_scores = validation_curve(
    KNeighborsClassifier(), X, y, param_name="n_neighbors", param_range=K_VALUES, cv=folds
)
train_mean, val_mean = train_scores.mean(axis=1), val_scores.mean(axis=1)
val_std = val_scores.std(axis=1)

# %%
# Evaluate
# --------
best_index = int(np.flatnonzero(np.isclose(val_mean, val_mean.max()))[-1])  # ties go to the larger k
best_k = K_VALUES[best_index]
default_index = K_VALUES.index(DEFAULT_K)

# The same best k, with each vote weighted by 1 / distance.
weighted = cross_validate(
    KNeighborsClassifier(n_neighbors=best_k, weights="distance"), X, y, cv=folds, return_train_score=True
)

# %%
# Plot: accuracy against k
# ------------------------
import matplotlib.pyplot as plt  # noqa: E402

fig, ax = plt.subplots()
ax.plot(K_VALUES, train_mean, color=COLORS["blue"], linewidth=2, marker="o", markersize=3, label="training folds")
ax.plot(K_VALUES, val_mean, color=COLORS["orange"], linewidth=2, marker="o", markersize=3, label="validation folds")
ax.fill_between(K_VALUES, val_mean - val_std, val_mean + val_std, color=COLORS["orange"], alpha=0.15, linewidth=0)
ax.axvline(
    DEFAULT_K, color=COLORS["grey"], linestyle=":", linewidth=1.2, label=f"scikit-learn default (k = {DEFAULT_K})"
)
ring(ax, best_k, val_mean[best_index], colour=COLORS["green"], label=f"best k = {best_k}")
ax.set(
    xscale="log",
    xlabel="k, the number of neighbours that vote\n(log scale)",
    ylabel=f"accuracy (mean of {FOLDS} folds)",
    title="Accuracy against k:\nonly k = 1 is perfect on its own points",
)
TICKS = [1, 2, 5, 10, 20, 50, 100, 200]
ax.set_xticks(TICKS, [str(k) for k in TICKS])
ax.xaxis.set_minor_formatter(plt.matplotlib.ticker.NullFormatter())
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3))  # under the plot, clear of the curves
save_figure(fig, "accuracy_vs_k")

# %%
# Plot: the regions for a few k
# -----------------------------
# Each model is fitted on all 400 points; the shading is the class it predicts
# there, and the grey line is where the vote is split evenly.
shown = [1, best_k, K_VALUES[-1]]
fig, axes = plt.subplots(3, 1, figsize=(4.8, 10.0), sharex=True)
for ax, k in zip(axes, shown, strict=True):
    model = KNeighborsClassifier(n_neighbors=k).fit(X, y)
    draw_regions(ax, lambda points, m=model: m.predict_proba(points)[:, 1], X, y, threshold=0.5)
    note = {1: " (one voter)", best_k: " (best by cross-validation)", K_VALUES[-1]: " (half the data votes)"}[k]
    ax.set_title(f"k = {k}{note}:\ntraining accuracy {model.score(X, y):.0%}")
axes[0].legend(loc="lower left", markerscale=1.5)
save_figure(fig, "regions")

# %%
# Metrics
# -------
last = len(K_VALUES) - 1
write_metrics(
    {
        "n_samples": int(y.size),
        "noise": MOONS_NOISE,
        "folds": FOLDS,
        "k_values": K_VALUES,
        "smallest_k": K_VALUES[0],
        "largest_k": K_VALUES[-1],
        "n_k_values": len(K_VALUES),
        "train_accuracy": train_mean,
        "val_accuracy": val_mean,
        "best_index": best_index,
        "best_k": best_k,
        "best_val": float(val_mean[best_index]),
        "best_train": float(train_mean[best_index]),
        "k1_train": float(train_mean[0]),
        "k1_val": float(val_mean[0]),
        "best_train_after_k1": float(train_mean[1:].max()),
        "default_k": DEFAULT_K,
        "default_val": float(val_mean[default_index]),
        "largest_k_train": float(train_mean[last]),
        "largest_k_val": float(val_mean[last]),
        "distance_train": float(weighted["train_score"].mean()),
        "distance_val": float(weighted["test_score"].mean()),
    },
    claims=[
        "largest_k * 2 == n_samples",  # the largest k is half the data: "half the data votes"
        "k1_train == 1.0",  # one voter: every training point is its own nearest neighbour
        "best_train_after_k1 < 1.0",  # ... and only one voter is perfect (the title says so)
        "k1_val < 0.97",  # ... yet new points are not all right: the gap is overfitting
        "0 < best_index < n_k_values - 1",  # the best k lies inside the range, not at an end
        "best_val > k1_val + 0.02",  # more voters beat a single one by a clear margin
        "best_val > largest_k_val + 0.02",  # ... and too many voters underfit
        "largest_k_train < best_train",  # at the largest k even the training score drops
        "best_k > default_k and default_val < best_val",  # on these noisy moons the default k is on the small side
        "distance_train == 1.0",  # distance weighting lets each training point outvote the rest
        "abs(distance_val - best_val) < 0.03",  # ... while its validation score barely moves
        "abs(best_train - best_val) < 0.02",  # at the best k the training score has come down to the validation one
    ],
    data=f"two moons (scikit-learn make_moons, 400 points, noise {MOONS_NOISE})",
)
