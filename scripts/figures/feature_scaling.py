"""Feature scaling: why the units of the inputs matter, and where to fit the scaler.

Three small runs on data that ships with scikit-learn.

1. Distances. The wine data hold 13 chemical measurements of 178 wines from
   three cultivars (the label to predict). The measurements come in very
   different units: proline is in the hundreds, several others are below one.
   A k-nearest-neighbour classifier and an RBF support vector machine are
   scored by 5-fold stratified cross-validation twice: on the raw numbers, and
   with ``StandardScaler`` (each feature shifted to mean 0 and divided by its
   standard deviation) as the first step of a pipeline.

2. Where the scaler is fitted. The scaled k-nearest-neighbour score is worked
   out again with the scaler fitted once on all 178 wines before
   cross-validation (a small leak: each held-out fold helped set the scaling),
   to see how much the leak changes the number. A second, sharper case uses
   pure noise: 200 rows of 1,000 random features with random labels, half of
   each class. Keeping the 10 features most correlated with the label and then
   running logistic regression can only score about 50% honestly. We select
   the features once on all rows before cross-validation (leaky), and inside a
   pipeline so that each fold selects from its own training part (honest).

3. Penalties. A lasso regression (an L1 penalty of strength ``alpha``) is
   fitted to the diabetes data on the same 50 training patients as the ridge
   figure of the regularization entry (the other 392 validate), for 25 values
   of ``alpha`` from 0.01 to 100 on a log scale: once on standardised
   features, once on the raw units. We count the coefficients the penalty
   leaves non-zero, and note which features survive.

What to look for: scaling lifts both distance-based models by a wide margin.
Fitting the scaler on all the data barely moves the score, while selecting
features on all the data makes pure noise look predictable; the pipeline
brings it back to chance. As ``alpha`` grows the lasso keeps fewer features,
its validation error dips at a moderate strength, and without scaling it
drops features for their units, not their usefulness.
"""

# %%
# Setup
# -----
import warnings

import numpy as np
from sklearn.datasets import load_diabetes, load_wine
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.linear_model import Lasso, LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score, train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from _figure_helpers import COLORS, SEED, ring, save_figure, use_site_style, write_metrics

use_site_style()
rng = np.random.default_rng(SEED)  # draws the pure-noise data set in part 2

FOLDS = 5
folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)

# %%
# Data
# ----
wine = load_wine()
X_wine, y_wine = wine.data, wine.target
wine_spread = X_wine.std(axis=0)

N_NOISE_ROWS, N_NOISE_FEATURES, N_KEPT = 200, 1000, 10
X_noise = rng.normal(size=(N_NOISE_ROWS, N_NOISE_FEATURES))
y_noise = np.repeat([0, 1], N_NOISE_ROWS // 2)
rng.shuffle(y_noise)

diabetes = load_diabetes(scaled=False)  # raw units: years, kg/m², mmHg, mg/dL, ...
diabetes_names = list(diabetes.feature_names)
X_d_train, X_d_val, y_d_train, y_d_val = train_test_split(
    diabetes.data, diabetes.target, train_size=50, random_state=SEED
)

# %%
# Train, part 1: raw numbers against scaled ones
# ----------------------------------------------
models = {"k-nearest neighbours": KNeighborsClassifier(), "RBF SVM": SVC()}
raw = {name: cross_val_score(model, X_wine, y_wine, cv=folds).mean() for name, model in models.items()}
scaled = {
    name: cross_val_score(make_pipeline(StandardScaler(), model), X_wine, y_wine, cv=folds).mean()
    for name, model in models.items()
}

# %%
# Train, part 2: preprocessing outside cross-validation (leaky) or inside it
# -------------------------------------------------------------------------
scaler_outside = cross_val_score(
    KNeighborsClassifier(), StandardScaler().fit_transform(X_wine), y_wine, cv=folds
).mean()
scaler_inside = scaled["k-nearest neighbours"]

selector = SelectKBest(f_classif, k=N_KEPT)
selected_everywhere = selector.fit_transform(X_noise, y_noise)  # chosen by looking at every row's label
selection_outside = cross_val_score(LogisticRegression(), selected_everywhere, y_noise, cv=folds).mean()
selection_inside = cross_val_score(
    make_pipeline(SelectKBest(f_classif, k=N_KEPT), LogisticRegression()), X_noise, y_noise, cv=folds
).mean()

# %%
# Train, part 3: the lasso on scaled and on raw features
# ------------------------------------------------------
ALPHAS = np.logspace(-2, 2, 25)


def lasso_run(alpha: float, scale: bool) -> tuple[np.ndarray, float]:
    """Coefficients and validation RMSE of one lasso fit."""
    lasso = Lasso(alpha=alpha, max_iter=100_000)
    model = make_pipeline(StandardScaler(), lasso) if scale else lasso
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a fit that did not converge would stop the script
        model.fit(X_d_train, y_d_train)
    error = float(np.sqrt(np.mean((model.predict(X_d_val) - y_d_val) ** 2)))
    return lasso.coef_.copy(), error


runs = {scale: [lasso_run(alpha, scale) for alpha in ALPHAS] for scale in (True, False)}
kept = {scale: np.array([int(np.count_nonzero(c)) for c, _ in runs[scale]]) for scale in runs}
lasso_errors = np.array([error for _, error in runs[True]])


def survivors(coefficients: np.ndarray) -> list[str]:
    return [name for name, value in zip(diabetes_names, coefficients, strict=True) if value != 0]


# %%
# Evaluate
# --------
best_index = int(np.argmin(lasso_errors))
best_alpha = float(ALPHAS[best_index])
kept_scaled_at_best = survivors(runs[True][best_index][0])
kept_raw_at_best = survivors(runs[False][best_index][0])
last_nonempty = int(np.flatnonzero(kept[True] > 0)[-1])  # the strongest penalty that still keeps a feature
mean_baseline = float(np.sqrt(np.mean((y_d_val - y_d_train.mean()) ** 2)))
order = np.argsort(wine_spread)
classes, class_counts = np.unique(y_wine, return_counts=True)

# %%
# Plot: how far apart the wine features' units are
# -------------------------------------------------
import matplotlib.pyplot as plt  # noqa: E402

# Narrower than the site default: the feature names beside the bars take the rest of the width.
fig, ax = plt.subplots(figsize=(3.6, 4.8))
names = [wine.feature_names[i].replace("_", " ").replace("od280/od315 of diluted wines", "OD280/OD315") for i in order]
ax.barh(names, wine_spread[order], color=COLORS["blue"])
ax.set(
    xscale="log",
    xlabel=f"standard deviation across the {y_wine.size} wines,\nin the feature's own units (log scale)",
    title=f"The {X_wine.shape[1]} wine features span\nmore than three powers of ten",
)
ax.grid(axis="y", visible=False)
save_figure(fig, "wine_spread")

# %%
# Plot: accuracy with and without scaling, and with the scaler or selector leaking
# --------------------------------------------------------------------------------
fig, (top, bottom) = plt.subplots(2, 1, figsize=(4.8, 7.0), sharex=True)
rows = [
    ("k-NN, raw units", raw["k-nearest neighbours"], COLORS["grey"]),
    ("k-NN, scaled\nin a pipeline", scaled["k-nearest neighbours"], COLORS["blue"]),
    ("SVM, raw units", raw["RBF SVM"], COLORS["grey"]),
    ("SVM, scaled\nin a pipeline", scaled["RBF SVM"], COLORS["blue"]),
]
top.barh([r[0] for r in rows][::-1], [r[1] for r in rows][::-1], color=[r[2] for r in rows][::-1])
top.set_title(f"Wine, {FOLDS}-fold accuracy:\nscaling is what makes distances work")
leak_rows = [
    ("wine k-NN, scaler\nfitted on all rows", scaler_outside, COLORS["orange"]),
    ("wine k-NN, scaler\nin a pipeline", scaler_inside, COLORS["blue"]),
    ("noise, features\npicked on all rows", selection_outside, COLORS["orange"]),
    ("noise, features\npicked in a pipeline", selection_inside, COLORS["blue"]),
]
bottom.barh([r[0] for r in leak_rows][::-1], [r[1] for r in leak_rows][::-1], color=[r[2] for r in leak_rows][::-1])
bottom.axvline(0.5, ymax=0.5, color=COLORS["grey"], linestyle="--", linewidth=1.2, label="chance")
bottom.legend(loc="lower right")
bottom.set_title("Fitted outside cross-validation (orange)\nor inside it (blue)")
bottom.set(xlim=(0, 1.08), xlabel="cross-validated accuracy")
for ax in (top, bottom):
    ax.grid(axis="y", visible=False)
    for bar in ax.patches:
        ax.text(bar.get_width() + 0.01, bar.get_y() + bar.get_height() / 2, f"{bar.get_width():.0%}", va="center")
fig.tight_layout()
save_figure(fig, "scaling_and_leakage")

# %%
# Plot: the lasso's strength, features kept and validation error
# --------------------------------------------------------------
fig, (top, bottom) = plt.subplots(2, 1, figsize=(4.8, 6.4), sharex=True)
top.step(ALPHAS, kept[True], where="mid", color=COLORS["blue"], linewidth=2, label="standardised features")
top.step(ALPHAS, kept[False], where="mid", color=COLORS["grey"], linewidth=1.5, linestyle="--", label="raw units")
top.set(ylabel="non-zero coefficients", yticks=[0, 2, 4, 6, 8, 10], ylim=(-0.5, 10.5))
top.set_title(f"Lasso on {y_d_train.size} diabetes patients:\na stronger penalty keeps fewer features")
top.legend(loc="lower left")
bottom.plot(ALPHAS, lasso_errors, color=COLORS["orange"], linewidth=2, label="validation (standardised)")
bottom.axhline(mean_baseline, color=COLORS["grey"], linestyle="--", linewidth=1.2, label="predict the average")
ring(bottom, best_alpha, lasso_errors[best_index], colour=COLORS["green"], label=f"best alpha = {best_alpha:.3g}")
bottom.set(
    xscale="log",
    xlabel="alpha, the penalty strength (log scale)",
    ylabel=f"validation RMSE\n({y_d_val.size} patients)",
)
bottom.legend(loc="center left")
for ax in (top, bottom):
    ax.axvline(best_alpha, color=COLORS["green"], linestyle=":", linewidth=1.2)
fig.tight_layout()
save_figure(fig, "lasso_strength")

# %%
# Metrics
# -------
wine_names = list(wine.feature_names)
write_metrics(
    {
        # part 1
        "wine_samples": int(y_wine.size),
        "wine_features": len(wine_names),
        "wine_classes": int(classes.size),
        "wine_class_counts": class_counts,
        "wine_widest_feature": wine_names[order[-1]],
        "wine_widest_spread": float(wine_spread[order[-1]]),
        "wine_narrowest_feature": wine_names[order[0]],
        "wine_narrowest_spread": float(wine_spread[order[0]]),
        "wine_spread_ratio": float(wine_spread[order[-1]] / wine_spread[order[0]]),
        "proline_min": float(X_wine[:, wine_names.index("proline")].min()),
        "proline_max": float(X_wine[:, wine_names.index("proline")].max()),
        "hue_min": float(X_wine[:, wine_names.index("hue")].min()),
        "hue_max": float(X_wine[:, wine_names.index("hue")].max()),
        "folds": FOLDS,
        "knn_raw": raw["k-nearest neighbours"],
        "knn_scaled": scaled["k-nearest neighbours"],
        "svm_raw": raw["RBF SVM"],
        "svm_scaled": scaled["RBF SVM"],
        # part 2
        "scaler_outside": scaler_outside,
        "scaler_inside": scaler_inside,
        "scaler_leak_gap": float(scaler_outside - scaler_inside),
        "noise_rows": N_NOISE_ROWS,
        "noise_features": N_NOISE_FEATURES,
        "noise_kept": N_KEPT,
        "selection_outside": selection_outside,
        "selection_inside": selection_inside,
        # part 3
        "lasso_alphas": ALPHAS,
        "n_lasso_alphas": int(ALPHAS.size),
        "smallest_alpha": float(ALPHAS[0]),
        "largest_alpha": float(ALPHAS[-1]),
        "lasso_train": int(y_d_train.size),
        "lasso_val": int(y_d_val.size),
        "lasso_errors": lasso_errors,
        "kept_scaled": kept[True],
        "kept_raw": kept[False],
        "kept_scaled_never_rises": bool(np.all(np.diff(kept[True]) <= 0)),
        "best_lasso_index": best_index,
        "best_lasso_alpha": best_alpha,
        "best_lasso_error": float(lasso_errors[best_index]),
        "smallest_alpha_error": float(lasso_errors[0]),
        "largest_alpha_error": float(lasso_errors[-1]),
        "mean_baseline": mean_baseline,
        "kept_smallest_alpha": int(kept[True][0]),
        "kept_at_best": int(kept[True][best_index]),
        "kept_largest_alpha": int(kept[True][-1]),
        "kept_raw_largest_alpha": int(kept[False][-1]),
        "kept_scaled_at_best": kept_scaled_at_best,
        "kept_raw_at_best": kept_raw_at_best,
        "n_kept_raw_at_best": len(kept_raw_at_best),
        "last_survivors": survivors(runs[True][last_nonempty][0]),
        "last_survivors_alpha": float(ALPHAS[last_nonempty]),
        "s5_spread_raw": float(diabetes.data[:, diabetes_names.index("s5")].std()),
        "s1_spread_raw": float(diabetes.data[:, diabetes_names.index("s1")].std()),
    },
    claims=[
        # part 1: scaling decides whether distances mean anything
        "wine_spread_ratio > 1000",  # the units differ by more than three powers of ten
        "knn_scaled > knn_raw + 0.2",  # k-NN gains more than 20 points from scaling
        "svm_scaled > svm_raw + 0.2",  # so does the RBF SVM
        "max(knn_raw, svm_raw) < 0.75 and min(knn_scaled, svm_scaled) > 0.9",  # about two thirds raw, over 90% scaled
        # part 2: a leaky scaler barely matters, a leaky selector matters a lot
        "abs(scaler_leak_gap) < 0.02",  # fitting the scaler on all wines moves the score by under 2 points
        "selection_outside > 0.62",  # selecting on all rows makes noise look predictable
        "abs(selection_inside - 0.5) < 0.1",  # inside the pipeline the score is back near chance
        "selection_outside > selection_inside + 0.15",  # a large, visible gap
        # part 3: the lasso's strength
        "kept_smallest_alpha == 10 and kept_largest_alpha == 0",  # from every feature kept to none
        "kept_scaled_never_rises",  # a stronger penalty never keeps more features here
        "0 < best_lasso_index < n_lasso_alphas - 1",  # the best strength is inside the range
        "0 < kept_at_best < 10",  # ... and it drops some features but not all
        "best_lasso_error < smallest_alpha_error",  # the penalty beats (almost) none on new patients
        "abs(largest_alpha_error - mean_baseline) < 0.01",  # with every coefficient zero it predicts the average
        "last_survivors == ['bmi', 's5']",  # scaled, body-mass index and s5 are the last features standing
        "kept_raw_largest_alpha > 0",  # on raw units the strongest penalty still keeps some features
        "'s5' in kept_scaled_at_best and 's5' not in kept_raw_at_best",  # raw units drop it at the same alpha
        "s5_spread_raw < 1 and s1_spread_raw > 10",  # because its raw spread is tiny, its coefficient must be large
    ],
    data="wine (load_wine, 178 wines); 200 x 1,000 random normal noise, seed 0; diabetes (load_diabetes, raw units)",
)
