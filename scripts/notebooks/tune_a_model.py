# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Tune a model end to end
#
# A model's [[hyperparameter|hyperparameters]] have to be chosen before it
# is trained, and a poor choice can cost more accuracy than any other
# decision. Tuning means trying several choices and keeping the one that
# does best on data the model has not seen.
#
# This walkthrough goes through the whole routine once:
#
# 1. lock away a test set that nothing below is allowed to look at;
# 2. score each candidate setting with [[cross-validation]] on the rest;
# 3. search the settings two ways, with a [[grid-search]] and a
#    [[random-search]];
# 4. refit the winner and score it once on the test set.

# %% [markdown]
# ## Lock away a test set
#
# The data is the breast-cancer set that ships with scikit-learn: 30
# measurements of cell nuclei from 569 tissue samples, each labelled
# malignant or benign.
#
# We set a quarter of it aside now. The split is *stratified*, so both parts
# keep the same share of malignant samples, and *seeded*, so every run picks
# the same samples. From here until the last step, the test set stays
# untouched: every choice is made on the training part alone, which is what
# keeps the final score honest (see [[data-leakage]]).

# %%
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import StratifiedKFold, train_test_split

SEED = 0

data = load_breast_cancer()
X_train, X_test, y_train, y_test = train_test_split(
    data.data, data.target, test_size=0.25, stratify=data.target, random_state=SEED
)
for name, labels in [("training", y_train), ("test", y_test)]:
    share = np.mean(labels == list(data.target_names).index("malignant"))
    print(f"{name:>8}: {len(labels)} samples, {share:.1%} malignant")

# %% [markdown]
# ## The model and its dials
#
# We use a support-vector classifier with a radial (RBF) kernel, behind a
# scaler that puts every measurement on the same scale first. Two
# hyperparameters matter most:
#
# - `C` is the price of each training sample that ends up inside the
#   margin or on the wrong side of the boundary. Raise it and the model
#   reshapes the boundary to leave fewer such samples; lower it and the
#   model pays for a few of them and keeps the boundary simple (see
#   [[svm-c]]).
# - `gamma` sets how fast the kernel's similarity between two samples fades
#   with the distance between them. A large `gamma` makes it fade within a
#   short distance, so the boundary can curl around single samples; a small
#   `gamma` lets it stretch far, and the boundary stays smooth (see
#   [[svm-kernel]]).
#
# Both work on a multiplying scale, so we try values spread evenly in
# powers of ten rather than evenly in steps.
#
# Putting the scaler inside the pipeline matters: during cross-validation,
# it then learns its averages from the training folds only, and never peeks
# at the fold that is being scored.

# %%
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

pipeline = make_pipeline(StandardScaler(), SVC(kernel="rbf"))
folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
print(pipeline)

# %% [markdown]
# ## Grid search
#
# A grid search tries every combination from a list of values for each
# dial. With four values of `C` and four of `gamma` that is sixteen
# settings, and five-fold cross-validation trains each one five times: each
# time on four fifths of the training data, scored on the remaining fifth.
# The setting with the best average score wins, and is then refitted once
# on the whole training set.

# %%
from sklearn.model_selection import GridSearchCV

grid = GridSearchCV(
    pipeline,
    {"svc__C": [0.1, 1, 10, 100], "svc__gamma": [1e-4, 1e-3, 1e-2, 1e-1]},
    cv=folds,
)
grid.fit(X_train, y_train)

settings = len(grid.cv_results_["params"])
trained = settings * folds.n_splits + 1
print(f"settings tried: {settings}, models trained: {trained} (the last one is the refit)")
print(f"best setting: C={grid.best_params_['svc__C']}, gamma={grid.best_params_['svc__gamma']}")
print(f"its mean cross-validation accuracy: {grid.best_score_:.3f}")

# %% [markdown]
# `cv_results_` keeps the score of every setting on every fold. Here are the
# five best, with the spread of their scores across the five folds. (It
# also records how long each fit took; we leave those columns out, since
# they change from run to run.)


# %%
def show_top(results: dict, how_many: int = 5) -> None:
    """Print the best settings from a search's cv_results_ as a small table."""
    print(f"{'rank':>4} {'C':>9} {'gamma':>9} {'mean':>7} {'spread':>7}")
    for i in np.argsort(results["rank_test_score"], kind="stable")[:how_many]:
        params = results["params"][i]
        print(
            f"{results['rank_test_score'][i]:>4} {params['svc__C']:>9.3g} {params['svc__gamma']:>9.3g}"
            f" {results['mean_test_score'][i]:>7.3f} {results['std_test_score'][i]:>7.3f}"
        )


show_top(grid.cv_results_)

# %% [markdown]
# Two things to notice. Settings close to the top are often separated by
# less than the spread between folds, so the exact winner owes something to
# luck. And when settings tie, the search keeps the one it met first.
#
# A picture of the whole grid shows more than the table: one line per
# value of `gamma`, with `C` along the bottom.

# %%
import matplotlib.pyplot as plt

C_values = grid.param_grid["svc__C"]
gamma_values = grid.param_grid["svc__gamma"]
scores = grid.cv_results_["mean_test_score"].reshape(len(C_values), len(gamma_values))

fig, ax = plt.subplots()
for column, gamma in enumerate(gamma_values):
    ax.plot(C_values, scores[:, column], marker="o", linewidth=2, label=f"gamma = {gamma:g}")
ax.plot(
    grid.best_params_["svc__C"],
    grid.best_score_,
    marker="*",
    markersize=16,
    linestyle="none",
    color="#6b6b6b",
    label="best setting",
)
ax.set(
    xscale="log",
    xlabel="C (log scale)",
    ylabel="mean cross-validation accuracy",
    title="Grid search: sixteen settings, five folds each",
)
ax.legend(loc="lower right")
plt.show()

# %% [markdown]
# The dials interact: the best `C` depends on `gamma`, and the other way
# round. That is why tuning them one at a time can miss good settings, and
# why searches try them together.

# %% [markdown]
# ## Random search
#
# A grid spends its budget on a few fixed values of each dial. A random
# search instead draws each setting afresh from a range, so sixteen tries
# cover sixteen different values of `C` and sixteen of `gamma`. When only
# one of the dials really matters, that gives it many more chances to land
# on a good value.
#
# We draw `C` and `gamma` evenly on a log scale (`loguniform`), over wider
# ranges than the grid, and give it the same budget of sixteen settings.
# The `random_state` makes the draws, and so the run, repeatable.

# %%
from scipy.stats import loguniform
from sklearn.model_selection import RandomizedSearchCV

search = RandomizedSearchCV(
    pipeline,
    {"svc__C": loguniform(1e-2, 1e3), "svc__gamma": loguniform(1e-5, 1e0)},
    n_iter=16,
    cv=folds,
    random_state=SEED,
)
search.fit(X_train, y_train)

best = search.best_params_
print(f"best setting: C={best['svc__C']:.3g}, gamma={best['svc__gamma']:.3g}")
print(f"its mean cross-validation accuracy: {search.best_score_:.3f}\n")
show_top(search.cv_results_)

# %% [markdown]
# Where did each search look? Every setting tried is one marker, placed by
# its `C` and `gamma` and coloured by its cross-validation accuracy.

# %%
from matplotlib.lines import Line2D


def tried(results: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The C, gamma and mean accuracy of every setting a search tried."""
    C = np.array([p["svc__C"] for p in results["params"]], dtype=float)
    gamma = np.array([p["svc__gamma"] for p in results["params"]], dtype=float)
    return C, gamma, results["mean_test_score"]


fig, ax = plt.subplots()
low = min(grid.cv_results_["mean_test_score"].min(), search.cv_results_["mean_test_score"].min())
for results, marker in [(grid.cv_results_, "s"), (search.cv_results_, "o")]:
    C, gamma, accuracy = tried(results)
    dots = ax.scatter(
        C,
        gamma,
        c=accuracy,
        cmap="viridis",
        vmin=low,
        vmax=1,
        marker=marker,
        s=70,
        edgecolors="#6b6b6b",
        linewidths=0.8,
    )
fig.colorbar(dots, ax=ax, label="mean cross-validation accuracy")
ax.set(
    xscale="log",
    yscale="log",
    xlabel="C (log scale)",
    ylabel="gamma (log scale)",
    title="Sixteen settings each: a grid against random draws",
)
shapes = [
    Line2D(
        [],
        [],
        marker=m,
        linestyle="none",
        markersize=8,
        markerfacecolor="none",
        color="#6b6b6b",
        label=text,
    )
    for m, text in [("s", "grid search"), ("o", "random search")]
]
ax.legend(handles=shapes, loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2)
plt.show()

# %% [markdown]
# The grid's squares sit on four rows and four columns; the random circles
# are scattered. Some random draws land in poor corners, which is the price
# of covering more values of each dial.

# %% [markdown]
# ## Choose, refit, test once
#
# We now pick one model, and we pick it by cross-validation score alone. If
# the two searches tie, we keep the grid's. Both searches have already
# refitted their best setting on the whole training set (`refit=True` is the
# default), so the winner is ready to use.
#
# Only now do we open the test set, once. Its score estimates how the
# chosen model will do on new samples. If we compared several models on the
# test set and kept the best, that score would be flattered by the choice,
# and we would need yet another untouched set to know the truth.

# %%
winner_name, winner = max(
    [("grid search", grid), ("random search", search)],
    key=lambda pair: pair[1].best_score_,
)
print(
    f"chosen by cross-validation: {winner_name}, C={winner.best_params_['svc__C']:.3g}, "
    f"gamma={winner.best_params_['svc__gamma']:.3g}"
)
print(f"mean cross-validation accuracy: {winner.best_score_:.3f}")
print(f"accuracy on the {len(y_test)} test samples: {winner.score(X_test, y_test):.3f}")

# %% [markdown]
# The test accuracy rarely matches the cross-validation score, for two
# ordinary reasons. The test set is small, so every sample in it moves the
# score by a visible step. And the winning cross-validation score is the
# best of many tries: the best of many noisy scores tends to sit on the
# lucky side, so it flatters the winner a little.
#
# A test score somewhat below the cross-validation score is therefore
# normal. A much lower one would be a warning that the search had fitted
# the quirks of the training folds, a form of [[overfitting]] that happens
# to the tuning rather than to the model.

# %% [markdown]
# ## What the build checks
#
# The site runs this notebook again whenever it changes, and the build
# stops if a sentence above no longer describes the run. Each such sentence
# is written below as a claim over numbers computed above.

# %%
grid_means = grid.cv_results_["mean_test_score"]
ranked = np.sort(grid_means)[::-1]
random_C, random_gamma, random_scores = tried(search.cv_results_)
CLAIMS = {
    "values": {
        "grid_best": ranked[0],
        "grid_runner_up": ranked[1],
        "grid_best_spread": grid.cv_results_["std_test_score"][grid.best_index_],
        # The best C for each gamma (columns of the score table), and the best gamma for each C.
        "best_C_per_gamma": [C_values[i] for i in scores.argmax(axis=0)],
        "best_gamma_per_C": [gamma_values[i] for i in scores.argmax(axis=1)],
        "random_distinct_C": len(set(random_C)),
        "random_distinct_gamma": len(set(random_gamma)),
        "budget": len(search.cv_results_["params"]),
        "random_worst": random_scores.min(),
        "random_best": random_scores.max(),
    },
    "claims": [
        # "Settings close to the top are often separated by less than the spread between folds."
        "grid_best - grid_runner_up < grid_best_spread",
        # "The best C depends on gamma, and the other way round."
        "min(best_C_per_gamma) < max(best_C_per_gamma) and min(best_gamma_per_C) < max(best_gamma_per_C)",
        # "Sixteen tries cover sixteen different values of C and sixteen of gamma."
        "random_distinct_C == budget and random_distinct_gamma == budget",
        # "Some random draws land in poor corners."
        "random_worst < random_best - 0.1",
    ],
}
