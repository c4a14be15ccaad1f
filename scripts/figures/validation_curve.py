"""Validation curve: sweeping one hyperparameter, the SVM's C.

A support-vector classifier with an RBF kernel learns to tell malignant from
benign tumours in the breast-cancer data that ships with scikit-learn (569
tumours, 30 measurements each, standardised inside the pipeline so that each
fold is scaled with its own training part only). Its hyperparameter ``C`` is
the price of each training point left inside the margin or on the wrong side:
cheap violations leave the boundary simple, expensive ones make it bend to
classify more training points correctly.

We try 13 values of ``C`` from 0.001 to 1000, evenly spaced on a log scale,
and score each with 5-fold stratified cross-validation (accuracy). The lines
are the mean over the five folds, the shaded bands one standard deviation
either side. The best ``C`` is the one with the highest mean validation
accuracy; on a tie, the smaller ``C`` (the smoother model) wins.

What to look for: at the smallest values the classifier is so forgiving that
it predicts the majority class (benign) for every tumour, and training and
validation accuracy both sit at the share of benign tumours. As ``C`` grows
both rise; then training accuracy keeps climbing to a perfect score while
validation accuracy levels off and dips: the best ``C`` lies inside the range,
not at an end. Near the top, neighbouring values of ``C`` differ by less than
the fold-to-fold spread; the values whose mean ties the best exactly are
listed in ``tied_c``.
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import StratifiedKFold, validation_curve
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from _figure_helpers import COLORS, SEED, ring, save_figure, use_site_style, write_metrics

use_site_style()
rng = np.random.default_rng(SEED)  # unused: the folds below carry their own seed

# %%
# Data
# ----
cancer = load_breast_cancer()
X, y = cancer.data, cancer.target  # target 1 = benign, 0 = malignant
majority_fraction = float(np.mean(y == np.bincount(y).argmax()))

# %%
# Train: one cross-validated score per value of C
# -----------------------------------------------
C_VALUES = np.logspace(-3, 3, 13)
FOLDS = 5

model = make_pipeline(StandardScaler(), SVC(kernel="rbf", gamma="scale", random_state=SEED))
folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
train_scores, val_scores = validation_curve(
    model,
    X,
    y,
    param_name="svc__C",
    param_range=C_VALUES,
    cv=folds,
    scoring="accuracy",
    n_jobs=1,
)

# %%
# Evaluate
# --------
train_mean, train_std = train_scores.mean(axis=1), train_scores.std(axis=1)
val_mean, val_std = val_scores.mean(axis=1), val_scores.std(axis=1)
best_index = int(np.argmax(val_mean))  # argmax keeps the first, i.e. smallest, C on a tie
best_c = float(C_VALUES[best_index])
# Other values of C whose mean validation accuracy equals the best (the folds hold whole
# tumours, so equal means are equal counts of correct calls; compare with a tolerance for float sums).
tied = [i for i in range(len(C_VALUES)) if i != best_index and abs(val_mean[i] - val_mean[best_index]) < 1e-9]
# The runner-up: the best mean among the other values, and how far below the best it is.
runner_up_gap = float(val_mean[best_index] - np.max(np.delete(val_mean, best_index)))
# After the best C, training accuracy never falls as C grows.
train_rises_after_best = bool(np.all(np.diff(train_mean[best_index:]) >= 0))

# %%
# Plot
# ----
import matplotlib.pyplot as plt  # noqa: E402

fig, ax = plt.subplots(figsize=(4.8, 4.0))
for mean, std, colour, label in [
    (train_mean, train_std, COLORS["blue"], "training"),
    (val_mean, val_std, COLORS["orange"], "validation"),
]:
    ax.fill_between(C_VALUES, mean - std, mean + std, color=colour, alpha=0.2, linewidth=0)
    ax.plot(C_VALUES, mean, color=colour, marker="o", markersize=4, linewidth=2, label=label)
ax.axhline(majority_fraction, color=COLORS["grey"], linestyle="--", linewidth=1.2, label="always 'benign'")
ax.axvline(best_c, color=COLORS["green"], linestyle=":", linewidth=1.5)
ring(ax, best_c, val_mean[best_index], colour=COLORS["green"], label=f"best: C = {best_c:g}")
ax.set(
    xscale="log", xlabel="C (log scale)", ylabel="accuracy (5-fold CV)", title="SVM on breast-cancer data: choosing C"
)
ax.legend(loc="center right")
save_figure(fig, "svm_c")

# %%
# Metrics
# -------
write_metrics(
    {
        "n_samples": int(X.shape[0]),
        "n_features": int(X.shape[1]),
        "cv_folds": FOLDS,
        "majority_fraction": majority_fraction,
        "c_values": C_VALUES,
        "smallest_c": min(C_VALUES),
        "largest_c": max(C_VALUES),
        "n_values": int(C_VALUES.size),
        "train_mean": train_mean,
        "train_std": train_std,
        "val_mean": val_mean,
        "val_std": val_std,
        "best_index": best_index,
        "best_c": best_c,
        "best_val_score": float(val_mean[best_index]),
        "best_train_score": float(train_mean[best_index]),
        "smallest_c_val_score": float(val_mean[0]),
        "smallest_c_train_score": float(train_mean[0]),
        "largest_c_val_score": float(val_mean[-1]),
        "largest_c_train_score": float(train_mean[-1]),
        "tied_c": [float(C_VALUES[i]) for i in tied],
        "n_tied": len(tied),
        "runner_up_gap": runner_up_gap,
        "best_val_std": float(val_std[best_index]),
        "train_rises_after_best": train_rises_after_best,
    },
    claims=[
        "0 < best_index < n_values - 1",  # the best C is inside the range, not at an end
        "largest_c_train_score > largest_c_val_score",  # large C fits the training folds better than new data
        "largest_c_val_score < best_val_score",  # and validates worse than the best C
        "abs(smallest_c_val_score - majority_fraction) < 0.01",  # tiny C: every tumour called benign
        "best_val_score > majority_fraction + 0.2",  # the tuned model is far better than the constant guess
        "abs(smallest_c_train_score - majority_fraction) < 0.01",  # ...and so does training accuracy
        "largest_c_train_score == 1",  # training accuracy reaches a perfect score
        "train_rises_after_best",  # ...climbing all the way from the best C
        "n_tied >= 1 and runner_up_gap < best_val_std",  # the top is a plateau, flatter than the fold spread
    ],
    data="breast cancer Wisconsin (scikit-learn load_breast_cancer, 569 tumours, 30 features)",
)
