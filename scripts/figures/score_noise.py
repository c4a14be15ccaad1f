"""How much a validation score moves by chance, and how it can be fooled.

Four small runs about evaluation, for four entries.

- Cross-validation: a logistic-regression pipeline (scaling, then the model)
  reads the breast-cancer data that ships with scikit-learn (569 tumours, 30
  measurements) and is scored by 10-fold stratified cross-validation,
  repeated with three different shuffles of the rows: 30 fold scores in all.
  What to look for: single folds disagree by far more than the three 10-fold
  averages do.
- Random seed: a linear classifier trained by stochastic gradient descent
  (``SGDClassifier``) on one fixed split of the same data (60% training, 20%
  validation, 20% test). Only ``random_state`` changes, 20 times; here it
  sets the order in which the training rows are visited. Then the model's
  seed is fixed and the seed of the split changes instead, 20 times. What to
  look for: both kinds of seed move the validation accuracy by several
  points, and the seed with the best validation score keeps less of its lead
  over the average seed on the test set.
- Training, validation and test sets: on a generated problem with 600 rows
  and 15% of the labels flipped at random, k-nearest neighbours is tuned on
  a validation set (k from 1 to 39, odd values), and the chosen k is scored
  once on a test set. The whole procedure is repeated on 30 different random
  60/20/20 splits. What to look for: the chosen model's test score is lower
  than the validation score that chose it more often than it is higher, and
  lower on average.
- Data leakage: 100 rows of pure noise (5,000 random features, labels drawn
  by coin toss), so no model can honestly beat chance. The 20 features most
  related to the labels are picked either once, on all rows, before 5-fold
  cross-validation, or inside each training fold by a pipeline. For
  comparison, the breast-cancer pipeline above is also scored with its scaler
  fitted on all rows first. What to look for: selecting features before
  cross-validation makes noise look predictable; inside the pipeline the
  score stays near chance. Scaling first changes the real data set's score
  hardly at all.
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.datasets import load_breast_cancer, make_classification
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import RepeatedStratifiedKFold, StratifiedKFold, cross_val_score, train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from _figure_helpers import COLORS, SEED, save_figure, use_site_style, write_metrics

use_site_style()
threadpool_limits(limits=1)  # small fits: one thread is faster on a shared machine, and repeatable
rng = np.random.default_rng(SEED)

# %%
# Data
# ----
cancer = load_breast_cancer()
X, y = cancer.data, cancer.target

# %%
# Cross-validation: the spread of fold scores
# -------------------------------------------
FOLDS, REPEATS = 10, 3
model = make_pipeline(StandardScaler(), LogisticRegression())
cv = RepeatedStratifiedKFold(n_splits=FOLDS, n_repeats=REPEATS, random_state=SEED)
fold_scores = cross_val_score(model, X, y, cv=cv).reshape(REPEATS, FOLDS)
repeat_means = fold_scores.mean(axis=1)

# %%
# Random seed: the same model, different seeds
# --------------------------------------------
SEEDS = 20


def three_way_split(features, labels, seed):
    """60% training, 20% validation, 20% test, stratified."""
    x_train, x_rest, y_train, y_rest = train_test_split(
        features, labels, test_size=0.4, stratify=labels, random_state=seed
    )
    x_val, x_test, y_val, y_test = train_test_split(x_rest, y_rest, test_size=0.5, stratify=y_rest, random_state=seed)
    return x_train, x_val, x_test, y_train, y_val, y_test


def sgd_scores(split, model_seed):
    """Validation and test accuracy of a scaled SGDClassifier trained with one seed."""
    x_train, x_val, x_test, y_train, y_val, y_test = split
    fitted = make_pipeline(StandardScaler(), SGDClassifier(random_state=model_seed)).fit(x_train, y_train)
    return fitted.score(x_val, y_val), fitted.score(x_test, y_test)


fixed_split = three_way_split(X, y, SEED)
by_model_seed = np.array([sgd_scores(fixed_split, seed) for seed in range(SEEDS)])  # columns: validation, test
by_split_seed = np.array([sgd_scores(three_way_split(X, y, seed), SEED)[0] for seed in range(SEEDS)])
# Picking the seed by its validation score: several seeds may tie for the best, so take them all.
best_seeds = np.flatnonzero(by_model_seed[:, 0] == by_model_seed[:, 0].max())
best_seed_val = by_model_seed[best_seeds, 0].mean()
best_seed_test = by_model_seed[best_seeds, 1].mean()
mean_val, mean_test = by_model_seed.mean(axis=0)

# %%
# Training, validation and test sets: the chosen model's two scores
# -----------------------------------------------------------------
SPLITS = 30
K_VALUES = np.arange(1, 40, 2)  # odd k: two classes can never tie in the vote
X_noisy, y_noisy = make_classification(n_samples=600, n_features=10, n_informative=4, flip_y=0.15, random_state=SEED)


def knn_predictions(x_train, y_train, x_query):
    """k-nearest-neighbour votes for every k at once: one distance table, sorted once."""
    distances = ((x_query[:, None, :] - x_train[None, :, :]) ** 2).sum(axis=2)
    nearest = np.argsort(distances, axis=1, kind="stable")[:, : K_VALUES.max()]
    ones_among_first = np.cumsum(y_train[nearest], axis=1)  # class-1 neighbours among the j nearest
    return {int(k): (2 * ones_among_first[:, k - 1] > k).astype(int) for k in K_VALUES}


chosen = []  # per split: chosen k, its validation accuracy, its test accuracy
for split_seed in range(SPLITS):
    x_train, x_val, x_test, y_train, y_val, y_test = three_way_split(X_noisy, y_noisy, split_seed)
    val_accuracy = {k: np.mean(p == y_val) for k, p in knn_predictions(x_train, y_train, x_val).items()}
    best_k = max(K_VALUES, key=lambda k: (val_accuracy[k], -k))  # ties go to the smaller k
    test_accuracy = np.mean(knn_predictions(x_train, y_train, x_test)[int(best_k)] == y_test)
    chosen.append((int(best_k), val_accuracy[best_k], test_accuracy))
chosen_k, chosen_val, chosen_test = (np.array(column) for column in zip(*chosen, strict=True))
split_sizes = [len(part) for part in three_way_split(X_noisy, y_noisy, 0)[:3]]

# The shortcut above must agree with scikit-learn's own k-nearest neighbours.
x_train, x_val, _, y_train, _, _ = three_way_split(X_noisy, y_noisy, SEED)
ours = knn_predictions(x_train, y_train, x_val)
knn_agreement = min(
    float(np.mean(KNeighborsClassifier(n_neighbors=int(k)).fit(x_train, y_train).predict(x_val) == ours[int(k)]))
    for k in (1, 9, 39)
)

# %%
# Data leakage: selecting features before or inside cross-validation
# ------------------------------------------------------------------
NOISE_ROWS, NOISE_FEATURES, KEEP = 100, 5000, 20
X_noise = rng.normal(size=(NOISE_ROWS, NOISE_FEATURES))
y_noise = rng.integers(0, 2, NOISE_ROWS)  # labels by coin toss: nothing to learn
folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)

# Leaky: the selector sees every row, including each fold's held-out rows.
X_selected = SelectKBest(f_classif, k=KEEP).fit_transform(X_noise, y_noise)
leaky_scores = cross_val_score(LogisticRegression(), X_selected, y_noise, cv=folds)
# Honest: the selector is part of the model, refitted on each training fold.
honest_scores = cross_val_score(
    make_pipeline(SelectKBest(f_classif, k=KEEP), LogisticRegression()), X_noise, y_noise, cv=folds
)
majority_share = max(np.mean(y_noise), 1 - np.mean(y_noise))

# Scaling before the split, on the real data: the same 10 folds as the first repeat above.
first_repeat = list(cv.split(X, y))[:FOLDS]  # the folds of the first shuffle
scaled_first = cross_val_score(LogisticRegression(), StandardScaler().fit_transform(X), y, cv=first_repeat)
scaled_inside = fold_scores[0]  # the pipeline on those folds, scored above

# %%
# Plot: cross-validation folds
# ----------------------------
import matplotlib.pyplot as plt  # noqa: E402


def strip(ax, row, scores, label=None):
    """One dot per score on a horizontal row; equal scores stack downwards so none hides another."""
    values, counts = np.unique(np.round(scores, 6), return_counts=True)
    for i, (value, count) in enumerate(zip(values, counts, strict=True)):
        ax.plot(
            [value] * count,
            row + 0.12 * np.arange(count),
            "o",
            color=COLORS["blue"],
            alpha=0.85,
            label=label if i == 0 else None,
        )


fig, ax = plt.subplots(figsize=(4.8, 3.4), layout="constrained")
for row, scores in enumerate(fold_scores):
    strip(ax, row, scores, label="one fold" if row == 0 else None)
    ax.plot(
        [repeat_means[row]] * 2,
        [row - 0.25, row + 0.45],
        color=COLORS["orange"],
        linewidth=3,
        label="average of the 10 folds" if row == 0 else None,
    )
ax.set(
    yticks=range(REPEATS),
    yticklabels=[f"shuffle {row + 1}" for row in range(REPEATS)],
    ylim=(REPEATS - 0.3, -0.9),
    xlabel="accuracy on the held-out fold",
)
fig.suptitle("10-fold cross-validation, three shuffles of the same data")  # centred on the figure
ax.legend(loc="upper left", ncols=2)
save_figure(fig, "cv_folds")

# %%
# Plot: seeds
# -----------
fig, ax = plt.subplots(figsize=(4.8, 3.2), layout="constrained")
rows = {
    "model seed changes\n(split fixed)": by_model_seed[:, 0],
    "split seed changes\n(model seed fixed)": by_split_seed,
}
for row, scores in enumerate(rows.values()):
    strip(ax, row, scores)
ax.set(
    yticks=range(len(rows)),
    yticklabels=list(rows),
    ylim=(len(rows) - 0.2, -0.8),
    xlabel="validation accuracy",
    title=f"One model, {SEEDS} seeds each way",
)
save_figure(fig, "seeds")

# %%
# Plot: validation against test score of the chosen model
# --------------------------------------------------------
fig, ax = plt.subplots()
low = min(chosen_val.min(), chosen_test.min()) - 0.01
high = max(chosen_val.max(), chosen_test.max()) + 0.01
ax.plot([low, high], [low, high], color=COLORS["grey"], linestyle="--", linewidth=1.2, label="test = validation")
pairs, counts = np.unique(np.round(np.column_stack([chosen_val, chosen_test]), 6), axis=0, return_counts=True)
ax.scatter(
    pairs[:, 0], pairs[:, 1], s=30 * counts, color=COLORS["blue"], alpha=0.75, label="one split (larger: several)"
)
ax.set(
    xlim=(low, high),
    ylim=(low, high),
    aspect="equal",
    xlabel="validation accuracy of the chosen k",
    ylabel="test accuracy of the same model",
    title=f"{SPLITS} splits: tuned on validation, then tested once",
)
ax.plot(
    [], [], " ", label=f"{int(np.sum(chosen_test < chosen_val))} of {SPLITS} splits below the line"
)  # a count, no marker
ax.legend(loc="upper left")
save_figure(fig, "validation_vs_test")

# %%
# Plot: leakage
# -------------
fig, ax = plt.subplots(figsize=(4.8, 3.0), layout="constrained")
rows = {"features picked\nbefore CV (leaky)": leaky_scores, "features picked\ninside each fold": honest_scores}
for row, scores in enumerate(rows.values()):
    strip(ax, row, scores)
    ax.plot([scores.mean()] * 2, [row - 0.25, row + 0.45], color=COLORS["orange"], linewidth=3)
ax.axvline(0.5, color=COLORS["grey"], linestyle="--", linewidth=1.2)
ax.text(0.5, -0.55, " coin toss", color=COLORS["grey"], va="center")
ax.set(
    yticks=range(len(rows)),
    yticklabels=list(rows),
    ylim=(len(rows) - 0.3, -0.8),
    xlim=(0, 1),
    xlabel="accuracy on the held-out fold\n(orange: average)",
    title="Pure noise, 5-fold cross-validation",
)
save_figure(fig, "leakage")

# %%
# Metrics
# -------
write_metrics(
    {
        # cross-validation
        "cv_rows": len(y),
        "cv_folds": FOLDS,
        "cv_repeats": REPEATS,
        "one_mistake": 1 / min(len(test) for _, test in cv.split(X, y)),  # one tumour, as a share of a fold
        "fold_min": fold_scores.min(),
        "fold_max": fold_scores.max(),
        "fold_std": fold_scores.std(),
        "repeat_means": repeat_means,
        "repeat_mean_min": repeat_means.min(),
        "repeat_mean_max": repeat_means.max(),
        "fold_scores": fold_scores,
        # random seed
        "seeds": SEEDS,
        "seed_train": len(fixed_split[3]),
        "seed_val": len(fixed_split[4]),
        "seed_test": len(fixed_split[5]),
        "model_seed_val_min": by_model_seed[:, 0].min(),
        "model_seed_val_max": by_model_seed[:, 0].max(),
        "split_seed_val_min": by_split_seed.min(),
        "split_seed_val_max": by_split_seed.max(),
        "best_seed_count": len(best_seeds),
        "best_seed_val": best_seed_val,
        "best_seed_test": best_seed_test,
        "mean_seed_val": mean_val,
        "mean_seed_test": mean_test,
        "seed_lead_val": best_seed_val - mean_val,  # how far the best seeds beat the average seed
        "seed_lead_test": best_seed_test - mean_test,
        # training, validation and test sets
        "splits": SPLITS,
        "noisy_rows": len(y_noisy),
        "split_train": split_sizes[0],
        "split_val": split_sizes[1],
        "split_test": split_sizes[2],
        "k_candidates": len(K_VALUES),
        "chosen_val_mean": chosen_val.mean(),
        "chosen_test_mean": chosen_test.mean(),
        "optimism_mean": (chosen_val - chosen_test).mean(),
        "splits_test_lower": int(np.sum(chosen_test < chosen_val)),
        "splits_test_higher": int(np.sum(chosen_test > chosen_val)),
        "chosen_k": chosen_k,
        "knn_agreement": knn_agreement,
        # data leakage
        "noise_rows": NOISE_ROWS,
        "noise_features": NOISE_FEATURES,
        "noise_keep": KEEP,
        "majority_share": majority_share,
        "leaky_mean": leaky_scores.mean(),
        "leaky_min": leaky_scores.min(),
        "honest_mean": honest_scores.mean(),
        "honest_max": honest_scores.max(),
        "scaled_first_mean": scaled_first.mean(),
        "scaled_inside_mean": scaled_inside.mean(),
        "scaling_leak": abs(scaled_first.mean() - scaled_inside.mean()),
    },
    claims=[
        # cross-validation: single folds disagree far more than 10-fold averages
        "fold_max - fold_min > 3 * (repeat_mean_max - repeat_mean_min)",
        "fold_max - fold_min >= 0.04",
        # random seed: both seeds move the score; the best seed's lead shrinks on the test set
        "model_seed_val_max - model_seed_val_min >= 0.02",
        "split_seed_val_max - split_seed_val_min >= 0.02",
        "seed_lead_test < seed_lead_val",
        # validation score of the chosen model is optimistic, in most splits and on average
        "splits_test_lower > splits_test_higher",
        "optimism_mean > 0.01",
        "knn_agreement == 1",
        # leakage: noise looks predictable only when features were picked on all rows
        "leaky_mean > 0.75 and leaky_min > majority_share",
        "abs(honest_mean - 0.5) < 0.1",
        "leaky_mean - honest_mean > 0.25",
        "scaling_leak < 0.01",
    ],
    data=(
        "breast cancer (scikit-learn load_breast_cancer, 569 tumours); a generated two-class problem "
        "(make_classification, 600 rows, 15% labels flipped); 100 rows of Gaussian noise with random labels"
    ),
)
