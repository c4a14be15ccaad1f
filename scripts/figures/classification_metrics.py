"""Classification metrics on a rare class: what accuracy hides and what the others show.

The data is a generated two-class problem (scikit-learn's
``make_classification``): 2,000 rows, ten features of which three carry the
signal, and about one row in twenty in the rare class (``weights=[0.95,
0.05]``; the generator also gives 1% of rows a random label). Half the rows,
split with the class proportions kept equal (``stratify=y``), train the
models; the other half is the test set every number below is measured on.

Four classifiers are compared:

- a majority baseline, ``DummyClassifier(strategy="most_frequent")``, which
  ignores the features and always answers "common class";
- a random baseline, ``DummyClassifier(strategy="stratified")``, which
  guesses each class as often as it occurs in training;
- a logistic regression with default settings;
- the same logistic regression with ``class_weight="balanced"``, which makes a
  mistake on a rare row cost as much in total as all mistakes on common rows.

For each, the script measures accuracy, balanced accuracy (the mean of the
recall of each class), precision, recall and F1 for the rare class, and ROC
AUC. It also:

- tunes ``class_weight`` by cross-validation twice, once scored by accuracy
  and once by balanced accuracy, to see whether the metric changes the pick;
- moves the decision threshold of the plain logistic regression from 0 to 1
  and records precision, recall and F1 on the test set at every value, and
  chooses a threshold for F1 from cross-validated predictions on the
  training half alone;
- counts the rare rows in each of five folds, shuffled ``KFold`` against
  ``StratifiedKFold``;
- as a regression counterpart of the baseline, scores
  ``DummyRegressor(strategy="mean")`` against a linear regression on the
  diabetes data, by R².

What to look for: the majority baseline's accuracy is high and the plain
model's is barely higher, while balanced accuracy tells them apart. Class
weights trade accuracy for recall on the rare class but leave ROC AUC almost
where it was: the ranking of rows hardly changes, only the point where the
model says "rare". Precision and recall pull in opposite directions as the
threshold moves.
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.datasets import load_diabetes, make_classification
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import (
    accuracy_score,
    balanced_accuracy_score,
    f1_score,
    precision_score,
    r2_score,
    recall_score,
    roc_auc_score,
    roc_curve,
)
from sklearn.model_selection import (
    GridSearchCV,
    KFold,
    StratifiedKFold,
    cross_val_predict,
    train_test_split,
)
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.class_weight import compute_class_weight

from _figure_helpers import COLORS, SEED, ring, save_figure, use_site_style, write_metrics

use_site_style()

# %%
# Data
# ----
X, y = make_classification(
    n_samples=2000,
    n_features=10,
    n_informative=3,
    n_redundant=0,
    n_clusters_per_class=1,
    weights=[0.95, 0.05],
    flip_y=0.01,
    class_sep=1.0,
    random_state=SEED,
)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.5, stratify=y, random_state=SEED)


def logistic(class_weight: str | None = None):
    return make_pipeline(StandardScaler(), LogisticRegression(class_weight=class_weight))


# %%
# Train
# -----
models = {
    "majority": DummyClassifier(strategy="most_frequent"),
    "random": DummyClassifier(strategy="stratified", random_state=SEED),
    "plain": logistic(),
    "balanced": logistic("balanced"),
}
for model in models.values():
    model.fit(X_train, y_train)

# The weights "balanced" gives each class: n_samples / (n_classes * count of the class).
class_weights = compute_class_weight("balanced", classes=np.array([0, 1]), y=y_train)

# %%
# Evaluate: every metric for every model, on the test half
# --------------------------------------------------------
scores = {}
for name, model in models.items():
    predicted = model.predict(X_test)
    rare_probability = model.predict_proba(X_test)[:, 1]
    scores[name] = {
        "accuracy": accuracy_score(y_test, predicted),
        "balanced_accuracy": balanced_accuracy_score(y_test, predicted),
        "precision": precision_score(y_test, predicted, zero_division=0),
        "recall": recall_score(y_test, predicted),
        "f1": f1_score(y_test, predicted, zero_division=0),
        "roc_auc": roc_auc_score(y_test, rare_probability),
        "predicted_rare": int(predicted.sum()),
    }

# %%
# Evaluate: which class_weight does tuning pick, per metric?
# ----------------------------------------------------------
# Same candidates, same five stratified folds; only the score changes.
folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
picked_by, cv_scores = {}, {}
for scoring in ("accuracy", "balanced_accuracy"):
    search = GridSearchCV(
        logistic(), {"logisticregression__class_weight": [None, "balanced"]}, scoring=scoring, cv=folds
    ).fit(X_train, y_train)
    picked_by[scoring] = search.best_params_["logisticregression__class_weight"] or "none"
    cv_scores[scoring] = dict(zip(("none", "balanced"), search.cv_results_["mean_test_score"], strict=True))


# %%
# Evaluate: precision and recall as the threshold moves
# -----------------------------------------------------
def rates_at(probability: np.ndarray, truth: np.ndarray, cuts: np.ndarray) -> tuple[np.ndarray, ...]:
    """Precision, recall and F1 for the rare class at each threshold (counted directly, all at once)."""
    said_rare = probability[None, :] >= cuts[:, None]
    hits = (said_rare & (truth[None, :] == 1)).sum(axis=1)
    flagged, rare = said_rare.sum(axis=1), truth.sum()
    precision = np.divide(hits, flagged, out=np.zeros(len(cuts)), where=flagged > 0)
    recall = hits / rare
    f1 = np.divide(2 * hits, flagged + rare, out=np.zeros(len(cuts)), where=(flagged + rare) > 0)
    return precision, recall, f1


plain_probability = models["plain"].predict_proba(X_test)[:, 1]
thresholds = np.round(np.linspace(0.02, 0.98, 49), 2)
precision_at, recall_at, f1_at = rates_at(plain_probability, y_test, thresholds)
low, high = int(np.searchsorted(thresholds, 0.1)), int(np.searchsorted(thresholds, 0.5))

# A threshold chosen for F1 from the training half only: out-of-fold
# probabilities from five-fold cross-validation, then the threshold with the
# best F1 on them (scikit-learn's TunedThresholdClassifierCV automates this).
out_of_fold = cross_val_predict(logistic(), X_train, y_train, cv=folds, method="predict_proba")[:, 1]
candidate_cuts = np.round(np.linspace(0.01, 0.99, 99), 2)
tuned_threshold = float(candidate_cuts[np.argmax(rates_at(out_of_fold, y_train, candidate_cuts)[2])])
tuned_precision, tuned_recall, tuned_f1 = (
    float(v[0]) for v in rates_at(plain_probability, y_test, np.array([tuned_threshold]))
)

# The ROC curves, and where each model's default threshold of 0.5 sits on them.
roc = {name: roc_curve(y_test, models[name].predict_proba(X_test)[:, 1]) for name in ("plain", "balanced")}
operating_point = {
    name: (1 - scores[name]["balanced_accuracy"] * 2 + scores[name]["recall"], scores[name]["recall"])
    for name in ("plain", "balanced")
}  # (false-positive rate, true-positive rate): balanced accuracy = (recall + (1 - FPR)) / 2

# %%
# Evaluate: rare rows per fold, plain KFold against StratifiedKFold
# -----------------------------------------------------------------
kfold_rare = [int(y_train[test].sum()) for _, test in KFold(5, shuffle=True, random_state=SEED).split(X_train)]
stratified_rare = [int(y_train[test].sum()) for _, test in folds.split(X_train, y_train)]

# %%
# Evaluate: a baseline for regression
# -----------------------------------
diabetes = load_diabetes()
Xd_train, Xd_test, yd_train, yd_test = train_test_split(
    diabetes.data, diabetes.target, test_size=0.3, random_state=SEED
)
mean_baseline = DummyRegressor(strategy="mean").fit(Xd_train, yd_train)
linear = LinearRegression().fit(Xd_train, yd_train)
regression_r2 = {
    "mean_baseline": r2_score(yd_test, mean_baseline.predict(Xd_test)),
    "linear": r2_score(yd_test, linear.predict(Xd_test)),
}

# %%
# Plot: accuracy against balanced accuracy
# ----------------------------------------
import matplotlib.pyplot as plt  # noqa: E402

labels = {
    "majority": "majority baseline",
    "random": "random baseline",
    "plain": "logistic regression",
    "balanced": "logistic regression,\nbalanced class weights",
}
short_labels = {"plain": "plain", "balanced": "balanced class weights"}
order = ["majority", "random", "plain", "balanced"]
fig, ax = plt.subplots(layout="constrained")  # the long row names and the legend stay inside 4.8 in
rows = np.arange(len(order))[::-1]
height = 0.38
for offset, metric, colour, name in (
    (height / 2, "accuracy", COLORS["grey"], "accuracy"),
    (-height / 2, "balanced_accuracy", COLORS["blue"], "balanced accuracy"),
):
    values = [scores[model][metric] for model in order]
    bars = ax.barh(rows + offset, values, height=height, color=colour, label=name)
    ax.bar_label(bars, labels=[f"{v:.0%}" for v in values], padding=3)
ax.axvline(0.5, color=COLORS["grey"], linestyle=":", linewidth=1.2)
ax.text(0.51, rows[0] + 0.62, "chance", color=COLORS["grey"])
ax.set_axisbelow(True)
ax.set(
    ylim=(rows[-1] - 0.6, rows[0] + 0.8),
    yticks=rows,
    yticklabels=[labels[m] for m in order],
    xlim=(0, 1.12),
    xlabel="score on the test half",
)
fig.suptitle(f"Accuracy flatters; the rare class is {y_test.mean():.1%} of rows")  # centred on the figure
ax.xaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(xmax=1, decimals=0))
ax.grid(axis="y", visible=False)
fig.legend(loc="outside lower center", ncols=2)
save_figure(fig, "accuracy_vs_balanced")

# %%
# Plot: precision, recall and F1 against the threshold
# ----------------------------------------------------
fig, ax = plt.subplots()
ax.plot(thresholds, precision_at, color=COLORS["blue"], linewidth=2, label="precision")
ax.plot(thresholds, recall_at, color=COLORS["orange"], linewidth=2, label="recall")
ax.plot(thresholds, f1_at, color=COLORS["green"], linewidth=2, linestyle="--", label="F1")
ax.axvline(0.5, color=COLORS["grey"], linestyle=":", linewidth=1.2)
ax.text(0.51, 0.97, "default\nthreshold 0.5", va="top", color=COLORS["grey"])
ax.axvline(tuned_threshold, color=COLORS["green"], linestyle=":", linewidth=1.2)
ax.text(tuned_threshold + 0.01, 0.03, "chosen for F1\non training data", va="bottom", color=COLORS["green"])
ax.set(
    xlim=(0, 1),
    ylim=(0, 1.02),
    xlabel="threshold on the predicted probability of the rare class",
    ylabel="score for the rare class",
    title="Raising the threshold buys precision with recall",
)
ax.legend(loc="center right")
save_figure(fig, "threshold")

# %%
# Plot: the ROC curve
# -------------------
fig, ax = plt.subplots(figsize=(4.8, 4.8))
styles = {"plain": (COLORS["blue"], "-"), "balanced": (COLORS["orange"], "--")}
for name, (fpr, tpr, _) in roc.items():
    colour, style = styles[name]
    ax.plot(
        fpr,
        tpr,
        color=colour,
        linestyle=style,
        linewidth=2,
        label=f"{short_labels[name]} (AUC {scores[name]['roc_auc']:.2f})",
    )
ax.plot([0, 1], [0, 1], color=COLORS["grey"], linestyle=":", linewidth=1.2, label="chance (AUC 0.50)")
for name, (fpr, tpr) in operating_point.items():
    ring(ax, fpr, tpr, colour=styles[name][0], label=f"{short_labels[name]}: threshold 0.5")
ax.set(
    xlim=(-0.01, 1.01),
    ylim=(-0.01, 1.01),
    xlabel="false-positive rate (common rows flagged)",
    ylabel="true-positive rate (recall)",
    title="Class weights move the point, not the curve",
)
ax.set_aspect("equal")
ax.legend(loc="lower right")
save_figure(fig, "roc")

# %%
# Metrics
# -------
write_metrics(
    {
        "samples": int(y.size),
        "features": X.shape[1],
        "test_size": int(y_test.size),
        "test_rare": int(y_test.sum()),
        "train_rare": int(y_train.sum()),
        "rare_share": float(y_test.mean()),
        "scores": scores,
        "class_weights": {"common": class_weights[0], "rare": class_weights[1]},
        "operating_points": {name: {"fpr": fpr, "tpr": tpr} for name, (fpr, tpr) in operating_point.items()},
        "picked_by": picked_by,
        "cv_scores": cv_scores,
        "thresholds": thresholds,
        "precision_at": precision_at,
        "recall_at": recall_at,
        "f1_at": f1_at,
        "low_threshold": float(thresholds[low]),
        "precision_low": precision_at[low],
        "recall_low": recall_at[low],
        "precision_default": precision_at[high],
        "recall_default": recall_at[high],
        "tuned_threshold": tuned_threshold,
        "tuned_precision": tuned_precision,
        "tuned_recall": tuned_recall,
        "tuned_f1": tuned_f1,
        "kfold_rare": kfold_rare,
        "stratified_rare": stratified_rare,
        "kfold_rare_range": max(kfold_rare) - min(kfold_rare),
        "stratified_rare_range": max(stratified_rare) - min(stratified_rare),
        "regression_r2": regression_r2,
        "diabetes_test_size": int(yd_test.size),
    },
    claims=[
        "scores.majority.accuracy > 0.9",  # always answering "common" already looks excellent
        "scores.majority.balanced_accuracy == 0.5",  # ... and balanced accuracy says it is chance
        "scores.majority.predicted_rare == 0 and scores.majority.recall == 0",  # it never finds a rare row
        "scores.plain.accuracy > scores.majority.accuracy",
        "scores.plain.accuracy - scores.majority.accuracy < 0.02",  # the real model barely beats it on accuracy
        "scores.plain.balanced_accuracy > scores.majority.balanced_accuracy + 0.1",  # balanced accuracy separates them
        "scores.random.balanced_accuracy < 0.55 and scores.random.roc_auc < 0.55",  # random guessing is near chance
        "scores.balanced.recall > 2 * scores.plain.recall",  # class weights find far more rare rows
        "scores.balanced.accuracy < scores.plain.accuracy",  # ... at a cost in accuracy
        "scores.balanced.accuracy < scores.random.accuracy",  # ... below even random guessing
        "scores.balanced.precision < scores.plain.precision",  # ... and in precision
        "scores.balanced.balanced_accuracy > scores.plain.balanced_accuracy + 0.1",
        "abs(scores.balanced.roc_auc - scores.plain.roc_auc) < 0.02",  # the ranking barely changes
        "scores.plain.roc_auc > 0.85",  # the model ranks rows well
        "scores.plain.recall < 0.5",  # yet at threshold 0.5 it misses most rare rows
        "picked_by.accuracy == 'none' and picked_by.balanced_accuracy == 'balanced'",  # the metric decides the pick
        "precision_low < precision_default and recall_low > recall_default",  # the threshold trade-off
        "precision_default > 0.5 and scores.plain.predicted_rare < test_rare",  # at 0.5: few flags, mostly right
        "scores.balanced.predicted_rare > 3 * scores.plain.predicted_rare",  # weights: many more flags
        "scores.balanced.recall > max(scores.random.recall, scores.majority.recall)",
        "tuned_threshold < 0.5",  # F1 wants a lower threshold than 0.5 here
        "tuned_f1 > scores.plain.f1",  # ... and the threshold chosen on training data pays off on the test half
        "abs(scores.balanced.f1 - scores.plain.f1) < 0.02",  # F1 barely tells the two weightings apart
        "operating_points.plain.fpr < 0.05 and operating_points.balanced.fpr > 2 * operating_points.plain.fpr",
        "tuned_recall > recall_default",
        "stratified_rare_range <= 1 and kfold_rare_range >= 4",  # stratified folds keep the rare class even
        "abs(regression_r2.mean_baseline) < 0.01",  # the mean baseline explains essentially nothing
        "regression_r2.linear > regression_r2.mean_baseline + 0.3",  # the measurements do
        "class_weights.rare > 5 * class_weights.common",
    ],
    data="make_classification (2,000 rows, about 5% rare class) and diabetes (scikit-learn load_diabetes)",
)
