"""Nested against non-nested cross-validation: how much the best tuning score flatters.

The task: tell malignant from benign tumours with a k-nearest-neighbours
classifier, on a small sample of 150 tumours drawn (stratified, seeded) from
the breast-cancer data that ships with scikit-learn. The one hyperparameter
tuned is k, the number of neighbours that vote, over the odd values from 1 to
49 (25 candidates). Features are standardised inside every fold, with the
mean and spread of that fold's training rows only.

Two ways to report how good the tuned model is:

- **non-nested**: run 5-fold cross-validation for every k on all 150 tumours
  and report the best mean score, the number ``GridSearchCV`` calls
  ``best_score_``;
- **nested**: an outer 5-fold loop; inside each outer training part, the same
  5-fold search picks k, and the model with that k is scored once on the
  outer fold, which the search never saw. The nested estimate is the mean of
  those five outer scores.

Both are repeated with 8 different shuffles of the folds, on the same 150
tumours. As a reference that neither estimate gets to see, the k picked by
the non-nested search is refitted on the 150 tumours and scored on the other
419 tumours.

A shortcut keeps the script fast: for every split, the neighbours of each
held-out row are looked up once (up to 49 of them), and the vote of every k is
read off that one list. The script checks that this gives exactly what
``KNeighborsClassifier`` predicts. In everyday code, nested cross-validation
is one line: ``cross_val_score(GridSearchCV(model, grid, cv=inner), X, y,
cv=outer)``.

The same two procedures are then run once more with the labels shuffled, so
that there is nothing to learn: any score above what always answering
"benign" would get is luck.

What to look for: the non-nested score sits above the nested one in most
repetitions, by a small margin on average, and the held-out tumours side
with the nested estimate.
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.neighbors import KNeighborsClassifier, NearestNeighbors

from _figure_helpers import COLORS, SEED, save_figure, use_site_style, write_metrics

use_site_style()
K_VALUES = np.arange(1, 50, 2)  # the 25 candidates: odd k avoids tied votes between two classes
FOLDS = 5
REPEATS = 8
SAMPLE = 150

# %%
# Data
# ----
cancer = load_breast_cancer()
X, X_rest, y, y_rest = train_test_split(
    cancer.data, cancer.target, train_size=SAMPLE, stratify=cancer.target, random_state=SEED
)


# %%
# Train: one split, every k at once
# ---------------------------------
def scores_for_every_k(X_fit, y_fit, X_eval, y_eval) -> np.ndarray:
    """Accuracy on (X_eval, y_eval) of k-NN fitted on (X_fit, y_fit), for every k in K_VALUES."""
    mean, spread = X_fit.mean(axis=0), X_fit.std(axis=0)
    neighbours = NearestNeighbors(n_neighbors=K_VALUES.max()).fit((X_fit - mean) / spread)
    nearest = neighbours.kneighbors((X_eval - mean) / spread, return_distance=False)
    votes_for_one = np.cumsum(y_fit[nearest], axis=1)[:, K_VALUES - 1]  # class-1 votes among the first k
    predicted = votes_for_one > K_VALUES / 2
    return (predicted == y_eval[:, None]).mean(axis=0)


def cross_validated(X_part, y_part, folds: StratifiedKFold) -> np.ndarray:
    """Mean fold accuracy for every k: what a grid search over k computes."""
    return np.mean(
        [scores_for_every_k(X_part[a], y_part[a], X_part[b], y_part[b]) for a, b in folds.split(X_part, y_part)], axis=0
    )


# The shortcut must agree with scikit-learn's own k-NN on a real split.
check_fit, check_eval = next(StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(X, y))
mean, spread = X[check_fit].mean(axis=0), X[check_fit].std(axis=0)
for position in (0, 5, len(K_VALUES) - 1):
    reference = KNeighborsClassifier(n_neighbors=int(K_VALUES[position])).fit(
        (X[check_fit] - mean) / spread, y[check_fit]
    )
    expected = reference.score((X[check_eval] - mean) / spread, y[check_eval])
    assert np.isclose(scores_for_every_k(X[check_fit], y[check_fit], X[check_eval], y[check_eval])[position], expected)


# %%
# Train: non-nested and nested, repeated over shuffles of the folds
# -----------------------------------------------------------------
def both_estimates(labels: np.ndarray, repeat: int) -> dict:
    inner = StratifiedKFold(FOLDS, shuffle=True, random_state=repeat)
    outer = StratifiedKFold(FOLDS, shuffle=True, random_state=1000 + repeat)
    search = cross_validated(X, labels, inner)  # non-nested: the search on all 150 tumours
    outer_scores, outer_picks = [], []
    for fit_rows, eval_rows in outer.split(X, labels):
        pick = int(np.argmax(cross_validated(X[fit_rows], labels[fit_rows], inner)))  # search inside the outer fold
        outer_scores.append(scores_for_every_k(X[fit_rows], labels[fit_rows], X[eval_rows], labels[eval_rows])[pick])
        outer_picks.append(int(K_VALUES[pick]))
    return {
        "non_nested": float(search.max()),
        "nested": float(np.mean(outer_scores)),
        "outer_scores": outer_scores,
        "outer_picks": outer_picks,
        "picked_k": int(K_VALUES[np.argmax(search)]),
    }


runs = [both_estimates(y, repeat) for repeat in range(REPEATS)]
# The reference: each non-nested pick, refitted on the 150 and scored on the other 419 tumours.
held_out = {k: scores_for_every_k(X, y, X_rest, y_rest)[list(K_VALUES).index(k)] for k in {r["picked_k"] for r in runs}}
for run in runs:
    run["held_out"] = float(held_out[run["picked_k"]])

shuffled_labels = np.random.default_rng(SEED).permutation(y)
shuffled_runs = [both_estimates(shuffled_labels, repeat) for repeat in range(REPEATS)]

# %%
# Evaluate
# --------
non_nested = np.array([r["non_nested"] for r in runs])
nested = np.array([r["nested"] for r in runs])
gaps = non_nested - nested
outer_spread = float(np.mean([np.std(r["outer_scores"]) for r in runs]))
shuffled_non_nested = np.array([r["non_nested"] for r in shuffled_runs])
shuffled_nested = np.array([r["nested"] for r in shuffled_runs])
majority_share = float(max(y.mean(), 1 - y.mean()))

# %%
# Plot
# ----
import matplotlib.pyplot as plt  # noqa: E402

fig, ax = plt.subplots()
repeats = np.arange(1, REPEATS + 1)
ax.vlines(repeats, nested, non_nested, color=COLORS["grey"], linewidth=1.5)
ax.plot(repeats, non_nested, "o", color=COLORS["orange"], markersize=8, label="non-nested: best search score")
ax.plot(repeats, nested, "s", color=COLORS["blue"], markersize=7, label="nested: outer-fold estimate")
ax.plot(
    repeats,
    [r["held_out"] for r in runs],
    "_",
    color=COLORS["green"],
    markersize=16,
    markeredgewidth=2.5,
    label=f"picked model on {y_rest.size} held-out tumours",
)
low = np.floor(min(nested.min(), min(r["held_out"] for r in runs)) * 100) / 100
ax.set(
    xticks=repeats,
    yticks=np.arange(low, 0.995, 0.01),
    ylim=(low - 0.003, non_nested.max() + 0.008),
    xlabel="repetition (a different shuffle of the folds)",
    ylabel="accuracy",
    title=f"Non-nested is higher in {int(np.sum(gaps > 0))} of {REPEATS} repetitions",
)
ax.yaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(xmax=1, decimals=0))
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=1)
save_figure(fig, "nested_vs_non_nested")

# %%
# Metrics
# -------
write_metrics(
    {
        "samples": SAMPLE,
        "held_out_samples": int(y_rest.size),
        "candidates": len(K_VALUES),
        "k_min": int(K_VALUES.min()),
        "k_max": int(K_VALUES.max()),
        "folds": FOLDS,
        "repeats": REPEATS,
        "fits_non_nested": len(K_VALUES) * FOLDS,
        "fits_nested": FOLDS * (len(K_VALUES) * FOLDS + 1),
        "non_nested": non_nested,
        "nested": nested,
        "held_out": [r["held_out"] for r in runs],
        "picked_k": [r["picked_k"] for r in runs],
        "outer_picks": [r["outer_picks"] for r in runs],
        "mean_non_nested": non_nested.mean(),
        "mean_nested": nested.mean(),
        "mean_held_out": float(np.mean([r["held_out"] for r in runs])),
        "mean_gap": gaps.mean(),
        "largest_gap": gaps.max(),
        "smallest_gap": gaps.min(),
        "repeats_non_nested_higher": int(np.sum(gaps > 0)),
        "outer_fold_spread": outer_spread,
        "distinct_outer_picks": len({k for r in runs for k in r["outer_picks"]}),
        "shuffled_mean_non_nested": shuffled_non_nested.mean(),
        "shuffled_mean_nested": shuffled_nested.mean(),
        "shuffled_repeats_non_nested_higher": int(np.sum(shuffled_non_nested > shuffled_nested)),
        "majority_share": majority_share,
    },
    claims=[
        "repeats_non_nested_higher >= repeats - 1",  # non-nested is higher in (nearly) every repetition
        "mean_gap > 0.005",  # ... on average by a real margin
        "mean_gap < 0.05",  # ... which is small: a few points at most
        "mean_gap < outer_fold_spread",  # smaller than the spread between outer folds
        "mean_non_nested > mean_held_out",  # the held-out tumours do not back the non-nested score
        "abs(mean_nested - mean_held_out) < abs(mean_non_nested - mean_held_out)",  # nested is closer
        "distinct_outer_picks > 1",  # the outer folds did not all pick the same k
        "shuffled_mean_non_nested > shuffled_mean_nested",  # with nothing to learn, non-nested still flatters
        "shuffled_mean_non_nested > majority_share",  # ... above what "always benign" gets
        "shuffled_mean_nested < majority_share + 0.02",  # ... while nested stays at what "always benign" gets
    ],
    data="breast cancer Wisconsin (scikit-learn load_breast_cancer): 150 tumours to tune and estimate, 419 held out",
)
