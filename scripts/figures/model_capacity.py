"""Model capacity: too simple, about right, too flexible.

Thirty noisy points are drawn from a smooth curve, ``y = sin(pi * x)`` on
``[-1, 1]`` plus Gaussian noise, with a fixed seed. Polynomials of every degree
from 1 to 15 are fitted to them by least squares. The degree is the model's
*capacity*: a degree-15 polynomial has 16 coefficients to bend with, a
straight line has two.

The validation curve over the degree comes from 5-fold cross-validation on the
thirty points: each degree is fitted five times on 24 points and scored on the
6 left out, and the training and validation errors (root mean squared error)
are averaged over the five folds. The best degree is the one with the lowest
validation error.

The pictures are different fits: each of the three degrees shown is fitted
once on all thirty points. Their errors on those thirty points are recorded
too (``fit_error_*``), next to the error of the true curve itself on the same
points (``true_curve_error``): what is left of the noise once the pattern is
known exactly.

What to look for: the straight line misses the curve even on the points it
was trained on (underfitting), and its validation error is hardly higher
than its training error. The degree-15 polynomial follows the training points
more closely than any other, closer even than the true curve does, so it has
absorbed part of the noise; it swings between the points, and its validation
error is far above the best degree's (overfitting). The best degree sits in
between, where the validation error bottoms out, close to the noise level.
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import KFold, validation_curve
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import PolynomialFeatures

from _figure_helpers import COLORS, SEED, ring, save_figure, use_site_style, write_metrics

use_site_style()
rng = np.random.default_rng(SEED)

# %%
# Data
# ----
# Inputs live on [-1, 1], where the powers x, x², ..., x¹⁵ all stay between
# -1 and 1; that keeps least squares well conditioned up to degree 15.
N_POINTS = 30
NOISE_SD = 0.2


def true_curve(x: np.ndarray) -> np.ndarray:
    return np.sin(np.pi * x)


x = np.sort(rng.uniform(-1.0, 1.0, size=N_POINTS))
y = true_curve(x) + rng.normal(0.0, NOISE_SD, size=N_POINTS)
X = x.reshape(-1, 1)

# %%
# Train: one validation curve over the degree
# -------------------------------------------
DEGREES = np.arange(1, 16)
FOLDS = 5


def polynomial(degree: int = 1) -> Pipeline:
    return make_pipeline(PolynomialFeatures(degree=degree), LinearRegression())


folds = KFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
train_scores, val_scores = validation_curve(
    polynomial(),
    X,
    y,
    param_name="polynomialfeatures__degree",
    param_range=DEGREES,
    cv=folds,
    scoring="neg_root_mean_squared_error",
    n_jobs=1,
)
# Scores are negated errors (higher is better); flip the sign back.
train_errors = -train_scores.mean(axis=1)
val_errors = -val_scores.mean(axis=1)

# %%
# Evaluate
# --------
best_index = int(np.argmin(val_errors))
low_degree, best_degree, high_degree = int(DEGREES[0]), int(DEGREES[best_index]), int(DEGREES[-1])


def errors_at(degree: int) -> tuple[float, float]:
    index = DEGREES.tolist().index(degree)
    return float(train_errors[index]), float(val_errors[index])


train_error_low, val_error_low = errors_at(low_degree)
train_error_best, val_error_best = errors_at(best_degree)
train_error_high, val_error_high = errors_at(high_degree)

# For the pictures, each of the three degrees is fitted once on all 30 points.
grid = np.linspace(-1.0, 1.0, 400)
shown = {d: polynomial(d).fit(X, y) for d in (low_degree, best_degree, high_degree)}
fitted = {d: model.predict(grid.reshape(-1, 1)) for d, model in shown.items()}


def rmse(predicted: np.ndarray) -> float:
    return float(np.sqrt(np.mean((predicted - y) ** 2)))


# Errors on the thirty points of the fits drawn, and of the true curve itself.
fit_errors = {d: rmse(model.predict(X)) for d, model in shown.items()}
true_curve_error = rmse(true_curve(x))

# %%
# Plot: three fits of growing capacity
# ------------------------------------
import matplotlib.pyplot as plt  # noqa: E402

panels = [(low_degree, "underfits"), (best_degree, "about right"), (high_degree, "overfits")]
# One panel above the other, so that each keeps the whole width on a phone.
fig, axes = plt.subplots(3, 1, figsize=(4.8, 7.2), sharex=True)
for ax, (degree, verdict) in zip(axes, panels, strict=True):
    ax.plot(grid, true_curve(grid), color=COLORS["grey"], linewidth=1.2, linestyle="--", label="true curve")
    ax.scatter(x, y, s=14, color=COLORS["blue"], linewidths=0, label="training points", zorder=3)
    ax.plot(grid, fitted[degree], color=COLORS["orange"], linewidth=2, label="fitted polynomial")
    ax.set(title=f"degree {degree}: {verdict}", ylabel="y", ylim=(-1.6, 1.6), xticks=[-1, 0, 1])
axes[-1].set(xlabel="x")
fig.legend(*axes[0].get_legend_handles_labels(), loc="lower center", ncol=2, bbox_to_anchor=(0.5, 1.0))
fig.tight_layout()
save_figure(fig, "polynomial_fits")

# %%
# Plot: training and validation error against the degree
# ------------------------------------------------------
fig, ax = plt.subplots(figsize=(4.8, 3.6))
ax.plot(DEGREES, train_errors, color=COLORS["blue"], marker="o", markersize=4, linewidth=2, label="training")
ax.plot(DEGREES, val_errors, color=COLORS["orange"], marker="o", markersize=4, linewidth=2, label="validation")
ax.axvline(best_degree, color=COLORS["green"], linestyle=":", linewidth=1.5)
ring(ax, best_degree, val_error_best, colour=COLORS["green"], label=f"best: degree {best_degree}")
ax.set(
    xlabel="polynomial degree (capacity)",
    ylabel="RMSE (5-fold CV)",
    yscale="log",
    xticks=DEGREES[::2],
    title="Training error falls, validation error turns up",
)
ax.set_yticks([0.1, 0.2, 0.5, 1, 2])
ax.yaxis.set_major_formatter("{x:g}")
ax.yaxis.set_minor_formatter("")
ax.legend(loc="upper left")
save_figure(fig, "error_vs_degree")

# %%
# Metrics
# -------
write_metrics(
    {
        "n_points": N_POINTS,
        "noise_sd": NOISE_SD,
        "cv_folds": FOLDS,
        "degrees": DEGREES,
        "train_errors": train_errors,
        "val_errors": val_errors,
        "low_degree": low_degree,
        "best_degree": best_degree,
        "high_degree": high_degree,
        "train_error_low": train_error_low,
        "val_error_low": val_error_low,
        "train_error_best": train_error_best,
        "val_error_best": val_error_best,
        "train_error_high": train_error_high,
        "val_error_high": val_error_high,
        "fit_error_low": fit_errors[low_degree],
        "fit_error_best": fit_errors[best_degree],
        "fit_error_high": fit_errors[high_degree],
        "true_curve_error": true_curve_error,
        # How the errors compare, as ratios the text quotes.
        "fit_error_high_to_true_curve": fit_errors[high_degree] / true_curve_error,
        "val_error_best_to_noise": val_error_best / NOISE_SD,
        "val_to_train_error_low": val_error_low / train_error_low,
        "val_to_train_error_high": val_error_high / train_error_high,
    },
    claims=[
        "low_degree < best_degree < high_degree",  # the sweet spot is inside the range
        "train_error_high < train_error_best",  # more capacity fits the training points better...
        "min(train_errors) == train_error_high",  # ...and degree 15 fits them best of all
        "val_error_high > val_error_best",  # ...but predicts unseen points worse
        "train_error_low > 2 * train_error_best",  # the straight line underfits even its own training data
        "val_error_low > val_error_best",  # and it validates worse than the best degree too
        "val_to_train_error_low < 1.25",  # ...with only a small gap: high error on both sides
        "val_to_train_error_high > 3",  # the flexible model's gap is wide
        # The degree-15 curve drawn misses its points by less than the true curve does: it absorbed noise.
        "fit_error_high_to_true_curve < 0.9",
        "fit_error_low > 2 * true_curve_error",  # the straight line drawn misses by far more than the noise
        "abs(val_error_best_to_noise - 1) < 0.25",  # the best validation error is within 25% of the noise level
    ],
    data=f"synthetic: y = sin(pi x) + noise (sd {NOISE_SD}), {N_POINTS} points, seed {SEED}",
)
