"""Trees and ensembles of trees: leaf size, pruning, and how many trees.

The data come from scikit-learn's ``make_friedman1``, a standard test problem
with a known answer: ten inputs drawn uniformly from 0 to 1, a target built
from the first five (``10 sin(pi x0 x1) + 20 (x2 - 0.5)² + 10 x3 + 5 x4``)
plus Gaussian noise with standard deviation 2, while the other five inputs
are pure noise. 600 rows, fixed by the seed. Errors are root mean squared
error (RMSE) in the target's units; lower is better.

Part 1, one tree. A regression tree is grown with a floor on how many
training rows each leaf must hold (``min_samples_leaf``, 8 values from 1 to
120), and, separately, with cost-complexity pruning (``ccp_alpha``, 7 values
from 0.01 to 10 on a log scale). Each setting is scored by 5-fold
cross-validation over all 600 rows, on the training folds and on the held-out
folds.

Part 2, many trees. The rows are split once, 300 to train and 300 to
validate. On the training half we fit one fully grown tree, a random forest
of 150 trees (each split choosing among 3 random inputs,
``max_features="sqrt"``), and gradient boosting with 150 depth-3 trees at two
learning rates: 1.0 (no shrinkage) and 0.1 (scikit-learn's default). The
forest's validation error after its first m trees is the error of their
average; boosting's comes from its staged predictions. One more boosting run
at learning rate 0.1 uses trees of depth 1 (stumps) instead of 3, to see how
depth and the number of trees trade off.

What to look for: a tree with one row per leaf fits its training rows
exactly and does worse on new ones; a moderate leaf size or pruning
strength does best. The forest's error falls as trees are added and then
stays flat: more trees cost time but do not overfit. Boosting without
shrinkage hits its best error within a few trees and then gets worse with
every tree it adds; with shrinkage it improves more slowly, reaches a lower
error, and drifts up only gently afterwards.
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.datasets import make_friedman1
from sklearn.ensemble import GradientBoostingRegressor, RandomForestRegressor
from sklearn.model_selection import KFold, train_test_split, validation_curve
from sklearn.tree import DecisionTreeRegressor

from _figure_helpers import COLORS, SEED, ring, save_figure, use_site_style, write_metrics

use_site_style()
rng = np.random.default_rng(SEED)  # unused: the data, the folds and the trees carry their own seed

N_SAMPLES, NOISE = 600, 2.0
LEAF_SIZES = [1, 2, 4, 8, 15, 30, 60, 120]
CCP_ALPHAS = np.logspace(-2, 1, 7)
N_TREES = 150
FOLDS = 5

# %%
# Data
# ----
X, y = make_friedman1(n_samples=N_SAMPLES, noise=NOISE, random_state=SEED)
X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.5, random_state=SEED)
informative, noise_inputs = slice(0, 5), slice(5, 10)


def rmse(prediction: np.ndarray, target: np.ndarray) -> float:
    return float(np.sqrt(np.mean((prediction - target) ** 2)))


# %%
# Train, part 1: one tree, limited by leaf size or by pruning
# -----------------------------------------------------------
folds = KFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
scoring = "neg_root_mean_squared_error"  # scikit-learn maximises scores, so errors come negated
tree = DecisionTreeRegressor(random_state=SEED)
leaf_train, leaf_val = validation_curve(
    tree, X, y, param_name="min_samples_leaf", param_range=LEAF_SIZES, cv=folds, scoring=scoring
)
prune_train, prune_val = validation_curve(
    tree, X, y, param_name="ccp_alpha", param_range=CCP_ALPHAS, cv=folds, scoring=scoring
)
leaf_train, leaf_val = -leaf_train.mean(axis=1), -leaf_val.mean(axis=1)
prune_train, prune_val = -prune_train.mean(axis=1), -prune_val.mean(axis=1)

# %%
# Train, part 2: one tree, a forest, and boosting, on the fixed split
# -------------------------------------------------------------------
full_tree = DecisionTreeRegressor(random_state=SEED).fit(X_train, y_train)
forest = RandomForestRegressor(n_estimators=N_TREES, max_features="sqrt", oob_score=True, random_state=SEED)
forest.fit(X_train, y_train)
per_tree = np.array([t.predict(X_val) for t in forest.estimators_])
forest_curve = np.array([rmse(p, y_val) for p in np.cumsum(per_tree, axis=0) / np.arange(1, N_TREES + 1)[:, None]])


def boosting_curve(learning_rate: float, max_depth: int) -> np.ndarray:
    """Validation RMSE after each boosting stage."""
    model = GradientBoostingRegressor(
        n_estimators=N_TREES, learning_rate=learning_rate, max_depth=max_depth, random_state=SEED
    ).fit(X_train, y_train)
    return np.array([rmse(p, y_val) for p in model.staged_predict(X_val)])


boost_slow = boosting_curve(0.1, 3)  # scikit-learn's defaults for learning rate and depth
boost_fast = boosting_curve(1.0, 3)  # no shrinkage
boost_stumps = boosting_curve(0.1, 1)

# %%
# Evaluate
# --------
leaf_best = int(np.argmin(leaf_val))
prune_best = int(np.argmin(prune_val))
best_leaf_tree = DecisionTreeRegressor(min_samples_leaf=LEAF_SIZES[leaf_best], random_state=SEED).fit(X_train, y_train)
mean_baseline = rmse(np.full_like(y_val, y_train.mean()), y_val)
full_tree_val = rmse(full_tree.predict(X_val), y_val)
importances = forest.feature_importances_


def best_of(curve: np.ndarray) -> tuple[int, float]:
    """The number of trees with the lowest validation error, and that error."""
    index = int(np.argmin(curve))
    return index + 1, float(curve[index])


(slow_best_n, slow_best), (fast_best_n, fast_best) = best_of(boost_slow), best_of(boost_fast)
stumps_best_n, stumps_best = best_of(boost_stumps)
forest_best_n, forest_best = best_of(forest_curve)

# %%
# Plot: validation error against the number of trees
# --------------------------------------------------
import matplotlib.pyplot as plt  # noqa: E402

n = np.arange(1, N_TREES + 1)
fig, ax = plt.subplots()
ax.axhline(full_tree_val, color=COLORS["grey"], linestyle="--", linewidth=1.2, label="one fully grown tree")
ax.plot(n, forest_curve, color=COLORS["green"], linewidth=2, label="random forest")
ax.plot(n, boost_fast, color=COLORS["orange"], linewidth=2, label="boosting, learning rate 1.0")
ax.plot(n, boost_slow, color=COLORS["blue"], linewidth=2, label="boosting, learning rate 0.1")
ring(ax, fast_best_n, fast_best, colour=COLORS["orange"], label=f"best at {fast_best_n} trees")
ring(ax, slow_best_n, slow_best, colour=COLORS["blue"], label=f"best at {slow_best_n} trees")
ax.set(
    xscale="log",
    xlim=(1, N_TREES),
    ylim=(2, 6.5),
    xlabel="number of trees (n_estimators, log scale)",
    ylabel=f"validation RMSE ({y_val.size} rows)",
    title="A forest levels off;\nboosting without shrinkage overfits",
)
TICKS = [1, 2, 5, 10, 20, 50, 150]
ax.set_xticks(TICKS, [str(t) for t in TICKS])
ax.xaxis.set_minor_formatter(plt.matplotlib.ticker.NullFormatter())
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2))  # under the plot, clear of the curves
save_figure(fig, "n_estimators")

# %%
# Plot: one tree, limited by leaf size (top) or by pruning (bottom)
# -----------------------------------------------------------------
fig, (top, bottom) = plt.subplots(2, 1, figsize=(4.8, 7.2))
for ax, values, train, val, best, name in [
    (top, LEAF_SIZES, leaf_train, leaf_val, leaf_best, "min_samples_leaf:\nfewest training rows per leaf"),
    (bottom, CCP_ALPHAS, prune_train, prune_val, prune_best, "ccp_alpha: pruning strength"),
]:
    ax.plot(values, train, color=COLORS["blue"], linewidth=2, marker="o", markersize=3, label="training folds")
    ax.plot(values, val, color=COLORS["orange"], linewidth=2, marker="o", markersize=3, label="validation folds")
    ring(ax, values[best], val[best], colour=COLORS["green"], label=f"best: {values[best]:.2g}")
    ax.set(xscale="log", xlabel=f"{name} (log scale)", ylabel=f"RMSE (mean of {FOLDS} folds)")
    ax.set_xticks(values, [f"{v:g}" if float(v).is_integer() else f"{v:.2g}" for v in values])
    ax.xaxis.set_minor_formatter(plt.matplotlib.ticker.NullFormatter())
    ax.legend(loc="lower right")
top.set_title("One regression tree: leaves of one row\nfit the training rows exactly")
fig.tight_layout()
save_figure(fig, "leaf_size")

# %%
# Metrics
# -------
write_metrics(
    {
        "n_samples": N_SAMPLES,
        "noise": NOISE,
        "n_features": int(X.shape[1]),
        "n_informative": 5,
        "n_train": int(y_train.size),
        "n_val": int(y_val.size),
        "folds": FOLDS,
        "n_trees": N_TREES,
        # part 1: one tree
        "leaf_sizes": LEAF_SIZES,
        "leaf_train": leaf_train,
        "leaf_val": leaf_val,
        "leaf_best_index": leaf_best,
        "n_leaf_sizes": len(LEAF_SIZES),
        "leaf_best": LEAF_SIZES[leaf_best],
        "leaf_best_val": float(leaf_val[leaf_best]),
        "leaf1_train": abs(float(leaf_train[0])),
        "leaf1_val": float(leaf_val[0]),
        "leaf_largest": LEAF_SIZES[-1],
        "leaf_largest_val": float(leaf_val[-1]),
        "ccp_alphas": CCP_ALPHAS,
        "prune_train": prune_train,
        "prune_val": prune_val,
        "prune_best_index": prune_best,
        "n_ccp_alphas": int(CCP_ALPHAS.size),
        "prune_best": float(CCP_ALPHAS[prune_best]),
        "prune_best_val": float(prune_val[prune_best]),
        "prune_largest": float(CCP_ALPHAS[-1]),
        "prune_largest_val": float(prune_val[-1]),
        "prune_largest_train": float(prune_train[-1]),
        "leaf_train_rises": bool(np.all(np.diff(leaf_train) > 0)),
        "prune_train_rises": bool(np.all(np.diff(prune_train) > 0)),
        "full_tree_leaves": int(full_tree.get_n_leaves()),
        "full_tree_depth": int(full_tree.get_depth()),
        "full_tree_train": abs(rmse(full_tree.predict(X_train), y_train)),
        "full_tree_val": full_tree_val,
        "best_leaf_tree_leaves": int(best_leaf_tree.get_n_leaves()),
        "best_leaf_tree_depth": int(best_leaf_tree.get_depth()),
        "best_leaf_tree_val": rmse(best_leaf_tree.predict(X_val), y_val),
        # part 2: many trees
        "mean_baseline": mean_baseline,
        "forest_curve": forest_curve,
        "forest_1": float(forest_curve[0]),
        "forest_10": float(forest_curve[9]),
        "forest_50": float(forest_curve[49]),
        "forest_final": float(forest_curve[-1]),
        "forest_worst_after_50": float(forest_curve[49:].max()),
        "forest_best": forest_best,
        "forest_best_n": forest_best_n,
        "forest_oob": rmse(forest.oob_prediction_, y_train),
        "importance_informative": float(importances[informative].sum()),
        "importance_noise": float(importances[noise_inputs].sum()),
        "importance_min_informative": float(importances[informative].min()),
        "importance_max_noise": float(importances[noise_inputs].max()),
        "boost_slow_curve": boost_slow,
        "boost_fast_curve": boost_fast,
        "slow_best_n": slow_best_n,
        "slow_best": slow_best,
        "slow_final": float(boost_slow[-1]),
        "fast_best_n": fast_best_n,
        "fast_best": fast_best,
        "fast_final": float(boost_fast[-1]),
        "stumps_best_n": stumps_best_n,
        "stumps_best": stumps_best,
        "stumps_50": float(boost_stumps[49]),
        "slow_50": float(boost_slow[49]),
    },
    claims=[
        # one tree
        "leaf1_train < 1e-9",  # one row per leaf: the training rows are fitted exactly
        "leaf1_val > leaf_best_val + 0.2",  # ... and new rows are not
        "0 < leaf_best_index < n_leaf_sizes - 1",  # the best leaf size is inside the range
        "leaf_largest_val > leaf_best_val + 0.2",  # leaves that are too big underfit
        "0 < prune_best_index < n_ccp_alphas - 1",  # the best pruning strength is inside the range too
        "prune_largest_val > prune_best_val + 0.2",  # over-pruning underfits
        "abs(prune_largest_train - prune_largest_val) < 0.2",  # ... until training and validation errors meet
        "leaf_train_rises and prune_train_rises",  # every step up in leaf size or pruning costs training fit
        "full_tree_leaves == n_train",  # grown without limits, the tree gives every training row its own leaf
        "best_leaf_tree_leaves < full_tree_leaves / 5",  # the tuned tree is far smaller
        "full_tree_train < 1e-9 and full_tree_val < mean_baseline",  # memorised, yet still beats the average
        "best_leaf_tree_val < full_tree_val",  # on the fixed split the tuned tree also beats the full one
        "forest_final < best_leaf_tree_val - 0.3",  # ... and the forest beats both
        # the forest
        "forest_final < full_tree_val - 0.5",  # many averaged trees beat one tree clearly
        "forest_1 > full_tree_val",  # one tree of the forest alone is worse than one full tree
        "forest_1 > forest_10 > forest_50 and forest_10 > forest_final",  # adding trees helps at first
        "abs(forest_final - forest_50) < 0.1",  # ... then the curve is flat: 150 trees barely differ from 50
        "forest_worst_after_50 < forest_best + 0.1",  # after 50 trees no bump: more trees do not overfit
        "abs(forest_oob - forest_final) < 0.3",  # the out-of-bag estimate is close to the validation error
        "importance_min_informative > importance_max_noise",  # every real input beats every noise input
        # boosting
        "fast_best_n <= 10",  # without shrinkage the best is reached within a few trees
        "fast_final > fast_best + 0.4 and fast_final > full_tree_val",  # ... then worse, past one full tree
        "slow_best < fast_best - 0.5",  # shrinkage reaches a lower error
        "slow_best_n > 5 * fast_best_n",  # ... using many more trees
        "slow_final - slow_best < 0.2",  # and drifts up only gently afterwards
        "slow_best < forest_best",  # tuned boosting beats the forest on this data
        "stumps_best_n > 0.9 * n_trees",  # stumps learn slowly: still improving near the last tree
        "stumps_50 > slow_50 + 0.3",  # ... and after 50 trees they are well behind depth-3 trees
        "abs(stumps_best - slow_best) < 0.2",  # yet by the last tree they come close on this nearly additive target
    ],
    data="Friedman #1 (scikit-learn make_friedman1): 600 rows, 10 inputs of which 5 matter, noise 2",
)
