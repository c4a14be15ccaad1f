"""Polynomial degree, as a dial: from a straight line to a curve that swings between the points.

The data are those of ``model_capacity.py``: thirty noisy points drawn from
``y = sin(pi * x)`` on ``[-1, 1]`` plus Gaussian noise (sd 0.2), fixed seed.
The degree of a polynomial fitted to them by least squares is its capacity: a
straight line (degree 1) has two coefficients to bend with, degree 15 has 16.

For each degree from 1 to 15 (the dial's 15 positions) we fit the polynomial
once on all thirty points, to draw it, and score it by 5-fold cross-validation:
fitted five times on 24 points and scored on the 6 left out, the training and
validation errors (root mean squared error) averaged over the folds. The
default position is the degree with the lowest validation error.

What to look for: low degrees miss the curve even on the training points
(underfitting); from the best degree on, training error keeps falling while
validation error climbs, and the fitted curve swings wildly between the points
near the ends (overfitting).
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import KFold, validation_curve
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import PolynomialFeatures

from _figure_helpers import SEED, axis, curve, dots, mark, panel, use_site_style, write_metrics, write_sweep

use_site_style()
rng = np.random.default_rng(SEED)

# %%
# Data (as in model_capacity.py)
# ------------------------------
N_POINTS = 30
NOISE_SD = 0.2


def true_curve(x: np.ndarray) -> np.ndarray:
    return np.sin(np.pi * x)


x = np.sort(rng.uniform(-1.0, 1.0, size=N_POINTS))
y = true_curve(x) + rng.normal(0.0, NOISE_SD, size=N_POINTS)
X = x.reshape(-1, 1)

# %%
# Train: cross-validated errors and one fit on all points, per degree
# -------------------------------------------------------------------
DEGREES = np.arange(1, 16)
FOLDS = 5


def polynomial(degree: int = 1) -> Pipeline:
    return make_pipeline(PolynomialFeatures(degree=degree), LinearRegression())


train_scores, val_scores = validation_curve(
    polynomial(),
    X,
    y,
    param_name="polynomialfeatures__degree",
    param_range=DEGREES,
    cv=KFold(n_splits=FOLDS, shuffle=True, random_state=SEED),
    scoring="neg_root_mean_squared_error",
    n_jobs=1,
)
train_errors, val_errors = -train_scores.mean(axis=1), -val_scores.mean(axis=1)
grid = np.linspace(-1.0, 1.0, 121)
runs = [
    {
        "train_rmse": float(train_errors[i]),
        "val_rmse": float(val_errors[i]),
        "fit": polynomial(int(degree)).fit(X, y).predict(grid.reshape(-1, 1)),
    }
    for i, degree in enumerate(DEGREES)
]

# %%
# The dial
# --------
sweep = write_sweep(
    "degree",
    parameter="polynomial degree",
    symbol="degree",
    key="degree",
    values=DEGREES,
    value_format="d",
    runs=runs,
    numbers={
        "val_rmse": ("validation error (RMSE)", ".3f"),
        "train_rmse": ("training error", ".3f"),
    },
    best=("val_rmse", "min"),
    shared={"grid": grid, "truth": true_curve(grid), "x": x, "y": y},
    panels=[
        panel(
            curve("grid", "truth", colour="grey", width=1.2, dash=True, label="true curve"),
            dots("x", "y", colour="blue", size=3.0, label="training points"),
            curve("grid", "fit", colour="orange", label="fitted polynomial"),
            x=axis("x", domain=(-1.05, 1.05), ticks=[-1, -0.5, 0, 0.5, 1]),
            y=axis("y", domain=(-1.7, 1.7), ticks=[-1.5, -1, -0.5, 0, 0.5, 1, 1.5]),
            height=3.0,
        ),
        panel(
            curve("@values", "@numbers.train_rmse", colour="blue", label="training"),
            curve("@values", "@numbers.val_rmse", colour="orange", label="validation"),
            mark("@value", "@number.train_rmse", colour="blue"),
            mark("@value", "@number.val_rmse", colour="orange"),
            x=axis("polynomial degree", domain=(0.5, 15.5), ticks=[1, 5, 10, 15], tick_format="d"),
            y=axis("RMSE (5-fold CV, log)", scale="log", domain=(0.05, 5), ticks=[0.1, 0.2, 0.5, 1, 2]),
            height=3.0,
        ),
    ],
    layout=[[0, 1]],
)

# %%
# Metrics
# -------
write_metrics(
    {
        "n_points": N_POINTS,
        "noise_sd": NOISE_SD,
        "cv_folds": FOLDS,
        "degree": sweep,
        "best_degree": sweep["best_value"],
        "val_rmse_best": sweep["best"]["val_rmse"],
        "train_rmse_best": sweep["best"]["train_rmse"],
        "val_rmse_line": sweep["numbers"]["val_rmse"][0],
        "train_rmse_line": sweep["numbers"]["train_rmse"][0],
        "val_rmse_highest": sweep["numbers"]["val_rmse"][-1],
        "train_rmse_highest": sweep["numbers"]["train_rmse"][-1],
    },
    claims=[
        "0 < degree.best_index < degree.positions - 1",  # the best capacity is inside the range
        "train_rmse_line > 2 * train_rmse_best",  # a straight line underfits even its training points
        "val_rmse_line > val_rmse_best",  # ...and validates worse
        "train_rmse_highest < train_rmse_best",  # the most flexible fits the training points best
        "val_rmse_highest > 2 * val_rmse_best",  # ...and predicts new points far worse
    ],
    data=f"synthetic: y = sin(pi x) + noise (sd {NOISE_SD}), {N_POINTS} points, seed {SEED}",
)
