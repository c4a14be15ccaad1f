"""Tuning strategies beyond one search: importance, coarse to fine, successive halving, and a tiny AutoML.

The task is the one in the grid-versus-random figure: an RBF support-vector
classifier (inputs standardised inside a pipeline) tells malignant from
benign tumours, tuned on 300 tumours drawn (stratified, seeded) from the
breast-cancer data that ships with scikit-learn, with the other 269 kept as a
test set. Every candidate is scored by the same 3-fold stratified
cross-validation (accuracy).

1. **A wide random search** draws 36 candidates over four hyperparameters:
   ``C`` log-uniform from 0.01 to 10,000, ``gamma`` log-uniform from 0.000001
   to 1, ``class_weight`` either None or "balanced", and ``tol`` (the
   solver's stopping tolerance) log-uniform from 0.00001 to 0.1.
2. **Hyperparameter importance** from those 36 results: for each
   hyperparameter, the trials are put in groups by its value (three groups
   of equal size for a numeric one, one group per option for a categorical
   one), and we ask what share of the spread (variance) of the scores lies
   between the group means. A hyperparameter that did nothing would still
   get a small share by chance; the script computes that chance level too,
   by shuffling each hyperparameter's values against the scores 200 times.
   A one-at-a-time check then holds ``C`` at the best value found and scores
   a few values of ``gamma`` alone.
3. **Coarse to fine**: a second random search of 12 candidates in a box one
   decade either side of the best ``C`` and ``gamma`` found so far, with the
   two unimportant settings left at their defaults.
4. **Successive halving**: ``HalvingGridSearchCV`` with ``factor=3`` and
   ``min_resources=30`` gets the same 36 candidates as step 1. It scores them
   all on 30 tumours, keeps the best third, gives those three times as many
   tumours, and so on. We count what it spent (candidates times tumours in
   each round) against what step 1 spent, and look up where its pick ranked
   in step 1's full scoring.
5. **A tiny AutoML**: one grid search whose first choice is the model family
   (a majority baseline, logistic regression, k-nearest neighbours, a
   decision tree, and the RBF SVM), each with two or three settings.

Each search's winner is refitted on the 300 tumours and scored once on the
269 test tumours.

What to look for: over the whole box, ``C`` explains a clear share of the
spread of scores and the other three no more than chance, yet with ``C`` held
fixed, ``gamma`` swings the score from excellent to useless: its effect
depends on ``C``, so a one-at-a-time measure misses it. The fine stage puts
most of its trials among good settings, where the wide search spent many of
its trials far from them. Halving reaches a top candidate while spending a
fraction of the tumour-fits of the full search. In the tiny AutoML, the two
best model families are too close to call.
"""

# %%
# Setup
# -----
import numpy as np
from scipy.stats import loguniform
from sklearn import set_config
from sklearn.datasets import load_breast_cancer
from sklearn.dummy import DummyClassifier
from sklearn.experimental import enable_halving_search_cv  # noqa: F401  (the halving searches are experimental)
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import (
    GridSearchCV,
    HalvingGridSearchCV,
    ParameterSampler,
    StratifiedKFold,
    train_test_split,
)
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from _figure_helpers import COLORS, SEED, ring, save_figure, use_site_style, write_metrics

# Hundreds of small fits: skip scikit-learn's argument and finite-value checks, which cost more than the
# fits themselves here (the data are known to be clean; the results do not change).
set_config(assume_finite=True, skip_parameter_validation=True)
use_site_style()
rng = np.random.default_rng(SEED)
WIDE_TRIALS = 36
FINE_TRIALS = 12
SHUFFLES = 200  # for the chance level of importance

# %%
# Data
# ----
cancer = load_breast_cancer()
X, X_test, y, y_test = train_test_split(
    cancer.data, cancer.target, train_size=300, stratify=cancer.target, random_state=SEED
)
folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=SEED)


def svm() -> Pipeline:
    return Pipeline([("scale", StandardScaler()), ("model", SVC(kernel="rbf"))])


def search(candidates: list[dict]) -> GridSearchCV:
    """Score an explicit list of candidates by cross-validation (each dict holds one value per name)."""
    grid = [{name: [value] for name, value in candidate.items()} for candidate in candidates]
    return GridSearchCV(svm(), grid, cv=folds, scoring="accuracy").fit(X, y)


# %%
# Train: 1. the wide random search
# --------------------------------
C_RANGE, GAMMA_RANGE, TOL_RANGE = (1e-2, 1e4), (1e-6, 1e0), (1e-5, 1e-1)
wide_space = {
    "model__C": loguniform(*C_RANGE),
    "model__gamma": loguniform(*GAMMA_RANGE),
    "model__class_weight": [None, "balanced"],
    "model__tol": loguniform(*TOL_RANGE),
}
wide_candidates = list(ParameterSampler(wide_space, n_iter=WIDE_TRIALS, random_state=SEED))
wide = search(wide_candidates)
wide_scores = wide.cv_results_["mean_test_score"]

# %%
# Evaluate: 2. hyperparameter importance
# --------------------------------------
columns = {
    "gamma": np.log10([c["model__gamma"] for c in wide_candidates]),
    "C": np.log10([c["model__C"] for c in wide_candidates]),
    "class_weight": np.array([str(c["model__class_weight"]) for c in wide_candidates]),
    "tol": np.log10([c["model__tol"] for c in wide_candidates]),
}


def groups_of(values: np.ndarray) -> np.ndarray:
    """Group label per trial: the option for a categorical value, else which third of the sorted values."""
    if values.dtype.kind in "US":
        return values
    return np.searchsorted(np.quantile(values, [1 / 3, 2 / 3]), values, side="right")


def share_between_groups(groups: np.ndarray, scores: np.ndarray) -> float:
    """Share of the variance of the scores that lies between the group means (the correlation ratio)."""
    overall = scores.mean()
    between = sum(np.sum(groups == g) * (scores[groups == g].mean() - overall) ** 2 for g in np.unique(groups))
    return float(between / np.sum((scores - overall) ** 2))


importance = {name: share_between_groups(groups_of(values), wide_scores) for name, values in columns.items()}
# Chance level: the share each hyperparameter gets when its values are shuffled against the scores;
# 95% of shuffles stay below it.
chance = {
    name: float(
        np.quantile(
            [share_between_groups(rng.permutation(groups_of(values)), wide_scores) for _ in range(SHUFFLES)], 0.95
        )
    )
    for name, values in columns.items()
}

# A one-at-a-time check: gamma alone, with C held at the best value the random search found.
SLICE_GAMMAS = np.logspace(-6, 0, 4)
gamma_slice = GridSearchCV(
    svm().set_params(model__C=wide.best_params_["model__C"]), {"model__gamma": SLICE_GAMMAS}, cv=folds
).fit(X, y)
slice_scores = gamma_slice.cv_results_["mean_test_score"]

# Why gamma's main effect is small: where the bad trials sit (bad = below 90% accuracy).
bad = wide_scores < 0.9
small_c, large_c = columns["C"] < 0, columns["C"] >= 1  # C below 1, and C of 10 or more
large_gamma = columns["gamma"] >= -1  # gamma of 0.1 or more

# %%
# Train: 3. coarse to fine
# ------------------------
best_wide = wide.best_params_
fine_box = {
    "C": (best_wide["model__C"] / 10, best_wide["model__C"] * 10),
    "gamma": (best_wide["model__gamma"] / 10, best_wide["model__gamma"] * 10),
}
fine_candidates = list(
    ParameterSampler(
        {"model__C": loguniform(*fine_box["C"]), "model__gamma": loguniform(*fine_box["gamma"])},
        n_iter=FINE_TRIALS,
        random_state=SEED + 1,
    )
)
fine = search(fine_candidates)
fine_scores = fine.cv_results_["mean_test_score"]

# %%
# Train: 4. successive halving on the same 36 candidates
# ------------------------------------------------------
halving = HalvingGridSearchCV(
    svm(),
    [{name: [value] for name, value in candidate.items()} for candidate in wide_candidates],
    factor=3,
    min_resources=30,
    cv=folds,
    return_train_score=False,  # the halving searches score the training folds too unless told not to
    scoring="accuracy",
    random_state=SEED,
).fit(X, y)
rounds = list(zip(halving.n_candidates_, halving.n_resources_, strict=True))
halving_pick = wide_candidates.index(halving.best_params_)  # the same candidate dict as in step 1
rank_in_full = int(np.sum(wide_scores > wide_scores[halving_pick])) + 1  # 1 = the full search's best
spent_halving = sum(candidates * tumours for candidates, tumours in rounds)
spent_full = WIDE_TRIALS * len(y)
first_round_scores = halving.cv_results_["mean_test_score"][halving.cv_results_["iter"] == 0]
majority_share = max(y.mean(), 1 - y.mean())
disasters = [i for i in range(WIDE_TRIALS) if wide_scores[i] <= majority_share + 0.005]  # no better than "benign"
second_round = [
    params for params, it in zip(halving.cv_results_["params"], halving.cv_results_["iter"], strict=True) if it == 1
]
disasters_kept = sum(wide_candidates[i] in second_round for i in disasters)

# %%
# Train: 5. a tiny AutoML: the model family is one more choice in the grid
# ------------------------------------------------------------------------
families = [
    {"model": [DummyClassifier(strategy="most_frequent")]},
    {"model": [LogisticRegression(max_iter=1000)], "model__C": [0.1, 1, 10]},
    {"model": [KNeighborsClassifier()], "model__n_neighbors": [5, 15]},
    {"model": [DecisionTreeClassifier(random_state=SEED)], "model__max_depth": [3, None]},
    {"model": [SVC(kernel="rbf")], "model__C": [1, 10], "model__gamma": ["scale"]},
]
automl = GridSearchCV(svm(), families, cv=folds, scoring="accuracy").fit(X, y)
family_of = [type(params["model"]).__name__ for params in automl.cv_results_["params"]]
family_best = {
    name: float(max(s for f, s in zip(family_of, automl.cv_results_["mean_test_score"], strict=True) if f == name))
    for name in dict.fromkeys(family_of)
}

# %%
# Evaluate: every winner on the test tumours
# ------------------------------------------
test_scores = {
    "wide": wide.score(X_test, y_test),
    "fine": fine.score(X_test, y_test),
    "halving": halving.score(X_test, y_test),
    "automl": automl.score(X_test, y_test),
}
good = wide_scores.max() - 0.02 - 1e-9  # "good": within two points of the best wide score


# %%
# Plot: importance
# ----------------
import matplotlib.pyplot as plt  # noqa: E402

fig, (top, bottom) = plt.subplots(2, 1, figsize=(4.8, 6.0), height_ratios=(1, 1), layout="constrained")
names = sorted(importance, key=importance.get)
rows = np.arange(len(names))
top.barh(rows, [importance[n] for n in names], color=COLORS["blue"], height=0.55, label="share of the spread")
top.plot(
    [chance[n] for n in names],
    rows,
    "|",
    color=COLORS["orange"],
    markersize=18,
    markeredgewidth=2.5,
    label="chance level",
)
top.set(
    yticks=rows,
    yticklabels=names,
    xlim=(0, 1),
    xlabel=f"share of the spread of {WIDE_TRIALS}\nrandom-search scores explained",
    title="Which hyperparameters moved the score?",
)
top.set_axisbelow(True)
top.grid(axis="y", visible=False)
top.legend(loc="lower right")
bottom.plot(SLICE_GAMMAS, slice_scores, "-o", color=COLORS["green"], linewidth=2, markersize=5)
bottom.set(
    xscale="log",
    ylim=(0.5, 1.02),
    xlabel="gamma",
    ylabel="mean CV accuracy",
    title=f"Yet gamma matters:\nC held at {wide.best_params_['model__C']:.0f}, gamma alone",
)
bottom.set_xticks(SLICE_GAMMAS)  # the four values tried: labels on every decade would overlap
bottom.yaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(xmax=1, decimals=0))
fig.get_layout_engine().set(h_pad=0.1)
save_figure(fig, "importance")

# %%
# Plot: coarse to fine
# --------------------
fig, ax = plt.subplots(figsize=(4.8, 5.8), layout="constrained")  # colourbar included in the 4.8 in
all_scores = np.concatenate([wide_scores, fine_scores])
colour_scale = {"cmap": "viridis", "vmin": all_scores.min(), "vmax": all_scores.max()}
ax.scatter(
    [c["model__C"] for c in wide_candidates],
    [c["model__gamma"] for c in wide_candidates],
    c=wide_scores,
    marker="o",
    s=50,
    edgecolors=COLORS["grey"],
    linewidths=0.8,
    label=f"coarse: {WIDE_TRIALS} trials, whole box",
    **colour_scale,
)
points = ax.scatter(
    [c["model__C"] for c in fine_candidates],
    [c["model__gamma"] for c in fine_candidates],
    c=fine_scores,
    marker="D",
    s=40,
    edgecolors=COLORS["orange"],
    linewidths=1.2,
    label=f"fine: {FINE_TRIALS} trials, inner box",
    **colour_scale,
)
ax.add_patch(
    plt.Rectangle(
        (fine_box["C"][0], fine_box["gamma"][0]),
        fine_box["C"][1] - fine_box["C"][0],
        fine_box["gamma"][1] - fine_box["gamma"][0],
        fill=False,
        edgecolor=COLORS["orange"],
        linewidth=1.5,
        linestyle="--",
    )
)
ring(ax, best_wide["model__C"], best_wide["model__gamma"], colour=COLORS["purple"], label="best coarse trial", size=14)
ax.axvline(C_RANGE[1], color=COLORS["grey"], linestyle=":", linewidth=1.2)
ax.text(C_RANGE[1] * 1.25, 0.9, "edge of the coarse box", rotation=90, va="top", color=COLORS["grey"])
colourbar = fig.colorbar(points, ax=ax, pad=0.02)
colourbar.set_label("mean CV accuracy")
colourbar.outline.set_visible(False)
ax.set(
    xscale="log",
    yscale="log",
    xlim=(C_RANGE[0], C_RANGE[1] * 10),  # room for the fine box, which may reach past the coarse one
    ylim=GAMMA_RANGE,
    xlabel="C",
    ylabel="gamma",
)
fig.suptitle("Coarse search over the whole box, then a fine one inside")  # centred on the figure, colourbar too
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=1)
save_figure(fig, "coarse_to_fine")

# %%
# Plot: successive halving
# ------------------------
results = halving.cv_results_
fig, ax = plt.subplots()
jitter = np.random.default_rng(SEED).uniform(-0.13, 0.13, size=WIDE_TRIALS)  # spreads out equal scores
key = [str(sorted(params.items(), key=str)) for params in results["params"]]
position = dict(zip(key[:WIDE_TRIALS], jitter, strict=True))  # round 1 lists every candidate once
for round_index in range(len(rounds)):
    here = np.flatnonzero(results["iter"] == round_index)
    after = {key[j]: j for j in np.flatnonzero(results["iter"] == round_index + 1)}
    is_last = round_index == len(rounds) - 1
    survives = np.array([key[i] in after or (is_last and i == halving.best_index_) for i in here])
    xs = round_index + np.array([position[key[i]] for i in here])
    ys = results["mean_test_score"][here]
    ax.scatter(xs[~survives], ys[~survives], s=25, color=COLORS["grey"], alpha=0.5, linewidths=0)
    ax.scatter(xs[survives], ys[survives], s=25, color=COLORS["blue"], linewidths=0, zorder=3)
    for i, x, score in zip(here, xs, ys, strict=True):  # a line from each kept candidate to its next score
        if key[i] in after:
            ax.plot(
                [x, x + 1], [score, results["mean_test_score"][after[key[i]]]], color=COLORS["blue"], lw=0.8, alpha=0.6
            )
ax.plot([], [], "o", color=COLORS["grey"], alpha=0.5, markersize=5, label="dropped")
ax.plot([], [], "o", color=COLORS["blue"], markersize=5, label="kept (last round: the pick)")
ax.set(
    xticks=range(len(rounds)),
    xticklabels=[f"{c} candidates\n× {r} tumours" for c, r in rounds],
    xlim=(-0.5, len(rounds) - 0.5),
    ylim=(0.5, 1.02),
    ylabel="mean CV accuracy in that round",
    title=f"Successive halving, factor 3: {len(rounds)} rounds",
)
ax.yaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(xmax=1, decimals=0))
ax.grid(axis="x", visible=False)
ax.legend(loc="lower right")
save_figure(fig, "halving")

# %%
# Metrics
# -------
write_metrics(
    {
        "search_samples": len(y),
        "test_samples": len(y_test),
        "cv_folds": folds.get_n_splits(),
        "wide_trials": WIDE_TRIALS,
        "fine_trials": FINE_TRIALS,
        "c_range": list(C_RANGE),
        "gamma_range": list(GAMMA_RANGE),
        "tol_range": list(TOL_RANGE),
        "wide_scores": wide_scores,
        "fine_scores": fine_scores,
        "importance": importance,
        "chance": chance,
        "importance_order": sorted(importance, key=importance.get, reverse=True),
        "slice_c": wide.best_params_["model__C"],
        "slice_gammas": SLICE_GAMMAS,
        "slice_scores": slice_scores,
        "slice_best": float(slice_scores.max()),
        "slice_worst": float(slice_scores.min()),
        "small_c_trials": int(small_c.sum()),
        "small_c_bad": int((small_c & bad).sum()),
        "large_c_bad": int((large_c & bad).sum()),
        "large_c_bad_with_large_gamma": int((large_c & bad & large_gamma).sum()),
        "small_c_at_majority": int((small_c & (wide_scores <= max(y.mean(), 1 - y.mean()) + 0.005)).sum()),
        "wide_best_score": wide.best_score_,
        "wide_best_c": best_wide["model__C"],
        "wide_best_gamma": best_wide["model__gamma"],
        "fine_box": fine_box,
        "fine_best_score": fine.best_score_,
        "fine_best_c": fine.best_params_["model__C"],
        "fine_best_gamma": fine.best_params_["model__gamma"],
        "wide_good": int(np.sum(wide_scores >= good)),
        "fine_good": int(np.sum(fine_scores >= good)),
        "wide_median": float(np.median(wide_scores)),
        "fine_median": float(np.median(fine_scores)),
        "fine_worst": float(fine_scores.min()),
        "wide_at_majority": int(np.sum(wide_scores <= max(y.mean(), 1 - y.mean()) + 0.005)),
        "halving_rounds": [{"candidates": int(c), "tumours": int(r)} for c, r in rounds],
        "halving_candidates": [int(c) for c, _ in rounds],
        "halving_tumours": [int(r) for _, r in rounds],
        "halving_spent": spent_halving,
        "full_spent": spent_full,
        "halving_share_spent": spent_halving / spent_full,
        "halving_pick_rank": rank_in_full,
        "first_round_distinct_scores": len(np.unique(np.round(first_round_scores, 6))),
        "disasters": len(disasters),
        "disasters_kept": disasters_kept,
        "halving_pick_full_score": float(wide_scores[halving_pick]),
        "halving_best_score_last_round": float(halving.best_score_),
        "automl_candidates": len(automl.cv_results_["params"]),
        "automl_winner": type(automl.best_params_["model"]).__name__,
        "automl_best_score": automl.best_score_,
        "automl_family_best": family_best,
        "test": test_scores,
    },
    claims=[
        "importance_order[0] == 'C' and importance.C > chance.C",  # over the whole box, C moves the score most
        "importance.gamma < chance.gamma",  # gamma on its own looks like chance over the whole box...
        "slice_best - slice_worst > 0.25",  # ... yet with C held fixed, gamma swings the score widely
        "slice_scores[-1] < 0.7 and slice_worst == slice_scores[-1]",  # the largest gamma is the worst, even here
        "small_c_bad >= small_c_trials / 2",  # with a small C, most trials score badly whatever gamma is
        "small_c_at_majority >= small_c_trials / 2",  # ... most no better than always answering "benign"
        "large_c_bad > 0 and large_c_bad_with_large_gamma == large_c_bad",  # with a large C, only large gamma fails
        "importance.class_weight < chance.class_weight",  # class_weight: no more than chance
        "importance.tol < chance.tol",  # tol: no more than chance
        "wide_at_majority >= 5",  # several wide trials score no better than "always benign"
        "fine_good > 1.5 * fine_trials * wide_good / wide_trials",  # a far larger share of fine trials is good
        "fine_median > wide_median",
        "min(fine_scores) > min(wide_scores) + 0.3",  # the fine stage has no disasters
        "fine_best_score >= wide_best_score - 0.005",  # refining does not lose the best
        "fine_best_score - wide_best_score <= 2 / search_samples + 0.0001",  # ... and gains at most two tumours
        "fine_box.C[1] > c_range[1]",  # the fine box reaches past the edge of the coarse one
        "abs(test.fine - test.wide) < 0.03",  # ... and the test set sees little difference
        "halving_candidates[0] == wide_trials and len(halving_rounds) >= 3",
        "halving_candidates[1] < halving_candidates[0] / 2",  # each round keeps about a third
        "halving_tumours[1] == 3 * halving_tumours[0]",  # ... and triples the tumours
        "halving_share_spent < 0.5",  # halving spends well under half of the full search
        "halving_pick_rank <= 3",  # ... and still picks a top candidate
        "wide_best_score - halving_pick_full_score < 0.02",  # within a few tumours of the best
        "first_round_distinct_scores < wide_trials / 3",  # on 30 tumours, scores come in coarse steps and tie
        "disasters > 0 and disasters_kept == 0",  # every disaster is cut in the first round
        "automl_winner in ['LogisticRegression', 'SVC']",  # one of the top two families wins
        "abs(automl_family_best.LogisticRegression - automl_family_best.SVC) < 0.01",  # the top two: a near tie
        "max(automl_family_best.KNeighborsClassifier, automl_family_best.DecisionTreeClassifier)"
        " < min(automl_family_best.LogisticRegression, automl_family_best.SVC)",  # ... and they are the top two
        "automl_family_best.DummyClassifier < automl_best_score - 0.2",
    ],
    data="breast cancer Wisconsin (scikit-learn load_breast_cancer): 300 tumours for search, 269 for test",
)
