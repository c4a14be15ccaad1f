"""Regularisation: ridge coefficients shrink as the penalty grows.

Ridge regression is least squares plus a penalty, ``alpha`` times the sum of
the squared coefficients. The penalty strength ``alpha`` is a hyperparameter:
at ``alpha`` near 0 ridge is ordinary least squares, and as ``alpha`` grows
every coefficient is pulled towards zero.

The data are the diabetes measurements that ship with scikit-learn: ten
features (age, sex, body-mass index, blood pressure and six blood-serum
measurements, s1 to s6) and disease progression one year later, for 442
patients. We learn from only 50 of them, drawn with a fixed seed: ten
coefficients are a lot to pin down from fifty patients, and that is where a
penalty pays. The other 392 patients are the validation set. Features are
standardised with the 50 training patients' means and spreads, so each
coefficient reads as "change in progression per standard deviation of this
feature" and the penalty treats all ten alike.

For each of 25 values of ``alpha`` from 0.01 to 10,000 (evenly spaced on a log
scale) one ridge model is fitted on the 50 patients; we record its ten
coefficients and its root mean squared error (RMSE) on both sets. The
validation error is drawn against a reference: predicting the training
patients' average progression for everyone.

What to look for: the coefficients as a whole shrink towards zero as
``alpha`` grows (their L2 norm falls at every step), but not each one
steadily: some swap sign, and some grow for a while before shrinking
(``sign_changing_features`` and ``growing_features`` list them). The validation error
first falls, reaches its lowest point at a moderate ``alpha``, then climbs
towards the reference as the penalty flattens the model into predicting the
average.
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Ridge
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from _figure_helpers import COLORS, SEED, ring, save_figure, use_site_style, write_metrics

use_site_style()
rng = np.random.default_rng(SEED)  # unused: the split below carries its own seed

# %%
# Data
# ----
N_TRAIN = 50
diabetes = load_diabetes()
feature_names = list(diabetes.feature_names)
X_train, X_val, y_train, y_val = train_test_split(diabetes.data, diabetes.target, train_size=N_TRAIN, random_state=SEED)

# %%
# Train: one ridge model per alpha
# --------------------------------
ALPHAS = np.logspace(-2, 4, 25)


def rmse(model, X: np.ndarray, y: np.ndarray) -> float:
    return float(np.sqrt(np.mean((model.predict(X) - y) ** 2)))


coefs, train_errors, val_errors = [], [], []
for alpha in ALPHAS:
    model = make_pipeline(StandardScaler(), Ridge(alpha=alpha, random_state=SEED)).fit(X_train, y_train)
    coefs.append(model[-1].coef_)
    train_errors.append(rmse(model, X_train, y_train))
    val_errors.append(rmse(model, X_val, y_val))
coefs = np.array(coefs)  # one row per alpha, one column per feature
train_errors, val_errors = np.array(train_errors), np.array(val_errors)

# %%
# Evaluate
# --------
coef_norms = np.linalg.norm(coefs, axis=1)
# Features whose coefficient changes sign somewhere along the path, and features
# whose coefficient grows in size at some step up in alpha.
sign_changing = [name for i, name in enumerate(feature_names) if np.any(np.diff(np.sign(coefs[:, i])) != 0)]
growing = [name for i, name in enumerate(feature_names) if np.any(np.diff(np.abs(coefs[:, i])) > 0)]
# How strongly the two cholesterol measurements move together in the training patients.
s1_s2_correlation = float(
    np.corrcoef(X_train[:, feature_names.index("s1")], X_train[:, feature_names.index("s2")])[0, 1]
)
best_index = int(np.argmin(val_errors))
best_alpha = float(ALPHAS[best_index])
# The four features with the largest coefficients under the weakest penalty get
# their own colour and label; the other six are drawn in grey.
n_highlight = 4
highlighted = [int(i) for i in np.argsort(-np.abs(coefs[0]))[:n_highlight]]
baseline_val_error = float(np.sqrt(np.mean((y_val - y_train.mean()) ** 2)))

# %%
# Plot: the coefficient path
# --------------------------
import matplotlib.pyplot as plt  # noqa: E402

SERUM = {"s1": "total chol.", "s2": "LDL", "s3": "HDL", "s4": "chol./HDL", "s5": "triglycerides", "s6": "glucose"}


def label(name: str) -> str:
    return f"{name} ({SERUM[name]})" if name in SERUM else name


fig, ax = plt.subplots(figsize=(4.8, 4.0))
for i in range(len(feature_names)):
    if i not in highlighted:
        ax.plot(ALPHAS, coefs[:, i], color=COLORS["grey"], linewidth=1, alpha=0.8)
for rank, i in enumerate(highlighted):
    colour = [COLORS["blue"], COLORS["orange"], COLORS["green"], COLORS["purple"]][rank]
    ax.plot(ALPHAS, coefs[:, i], color=colour, linewidth=2, label=label(feature_names[i]))
ax.plot([], [], color=COLORS["grey"], linewidth=1, label="other six")
ax.axhline(0, color=COLORS["grey"], linewidth=0.8)
ax.axvline(best_alpha, color=COLORS["yellow"], linestyle=":", linewidth=1.5, label=f"best alpha ({best_alpha:.3g})")
ax.set(
    xscale="log",
    xlabel="alpha (penalty strength, log scale)",
    ylabel="coefficient (per SD of feature)",
    title=f"Ridge on {N_TRAIN} patients: coefficients shrink",
)
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncol=2, columnspacing=1.2)
save_figure(fig, "coefficient_path")

# %%
# Plot: validation error
# ----------------------
# The reference line is the validation error of the simplest possible model:
# predict the training patients' average progression for everyone.
fig, ax = plt.subplots(figsize=(4.8, 3.6))
ax.plot(ALPHAS, val_errors, color=COLORS["orange"], linewidth=2, label=f"validation ({y_val.size} patients)")
ax.axhline(baseline_val_error, color=COLORS["grey"], linestyle="--", linewidth=1.2, label="predict the average")
ax.axvline(best_alpha, color=COLORS["yellow"], linestyle=":", linewidth=1.5)
ring(ax, best_alpha, val_errors[best_index], colour=COLORS["yellow"], label=f"best alpha ({best_alpha:.3g})")
ax.set(
    xscale="log",
    xlabel="alpha (penalty strength, log scale)",
    ylabel="RMSE (disease progression)",
    title="Validation error is lowest at a moderate penalty",
)
ax.legend(loc="center left")
save_figure(fig, "validation_error")

# %%
# Metrics
# -------
write_metrics(
    {
        "n_train": N_TRAIN,
        "n_val": int(y_val.size),
        "n_features": len(feature_names),
        "feature_names": feature_names,
        "alphas": ALPHAS,
        "smallest_alpha": min(ALPHAS),
        "largest_alpha": max(ALPHAS),
        "n_alphas": int(ALPHAS.size),
        "coef_path": {name: coefs[:, i] for i, name in enumerate(feature_names)},
        "highlighted_features": [feature_names[i] for i in highlighted],
        "coef_norms": coef_norms,
        "coef_norm_smallest_alpha": float(coef_norms[0]),
        "coef_norm_best_alpha": float(coef_norms[best_index]),
        "coef_norm_largest_alpha": float(coef_norms[-1]),
        "coef_norm_decreasing": bool(np.all(np.diff(coef_norms) < 0)),
        "train_errors": train_errors,
        "val_errors": val_errors,
        "best_index": best_index,
        "best_alpha": best_alpha,
        "best_val_error": float(val_errors[best_index]),
        "val_error_smallest_alpha": float(val_errors[0]),
        "val_error_largest_alpha": float(val_errors[-1]),
        "train_error_smallest_alpha": float(train_errors[0]),
        "train_error_largest_alpha": float(train_errors[-1]),
        "baseline_val_error": baseline_val_error,
        "sign_changing_features": sign_changing,
        "n_sign_changing": len(sign_changing),
        "growing_features": growing,
        "n_growing": len(growing),
        "train_error_never_falls": bool(np.all(np.diff(train_errors) >= 0)),
        "s1_s2_correlation": s1_s2_correlation,
    },
    claims=[
        "coef_norm_largest_alpha < coef_norm_smallest_alpha",  # the penalty shrinks the coefficients
        "coef_norm_decreasing",  # ...at every step up in alpha
        "0 < best_index < n_alphas - 1",  # the best penalty is inside the range
        "best_val_error < val_error_smallest_alpha",  # some penalty beats (almost) plain least squares
        "best_val_error < val_error_largest_alpha",  # too much penalty underfits
        "val_error_largest_alpha < baseline_val_error",  # ...approaching, not passing, "predict the average"
        "best_val_error < baseline_val_error - 10",  # the tuned model beats the average by a clear margin
        "train_error_smallest_alpha < train_error_largest_alpha",  # the penalty always costs training fit
        "n_sign_changing >= 1",  # some coefficients change sign along the path...
        "n_growing >= 1",  # ...and some grow for a while, although the norm always falls
        "train_error_never_falls",  # every step up in alpha costs training fit
        # LDL cholesterol changes sign: it moves together with total cholesterol, and the penalty
        # shifts weight between such partners.
        "'s2' in sign_changing_features and s1_s2_correlation > 0.8",
    ],
    data="diabetes (scikit-learn load_diabetes): 50 patients to train, 392 to validate",
)
