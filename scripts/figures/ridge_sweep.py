"""Regularisation strength, as a dial: ridge coefficients shrink as the penalty grows.

The run is the one in ``regularization.py``: ridge regression (least squares
plus ``alpha`` times the sum of the squared coefficients) learns disease
progression from ten standardised measurements of only 50 patients of the
diabetes data that ships with scikit-learn; the other 392 patients are the
validation set. Features are standardised with the 50 training patients'
means and spreads, so each coefficient reads "change in progression per
standard deviation of this feature" and the penalty treats all ten alike.

The dial turns ``alpha`` through 25 values from 0.01 to 10,000, evenly spaced
on a log scale; each position is one ridge model fitted on the 50 patients.
We draw its ten coefficients and quote its error (root mean squared error,
RMSE) on both sets. The default position is the ``alpha`` with the lowest
validation error.

What to look for: with almost no penalty the coefficients are large and some
fight each other (the blood-serum measurements s1 and s2 pull in opposite
directions); as ``alpha`` grows every coefficient is pulled towards zero,
validation error falls to its lowest point and then climbs again as the model
flattens towards predicting the average.
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

from _figure_helpers import SEED, axis, bars, curve, mark, panel, rule, use_site_style, write_metrics, write_sweep

use_site_style()

# %%
# Data (as in regularization.py)
# ------------------------------
N_TRAIN = 50
diabetes = load_diabetes()
feature_names = list(diabetes.feature_names)
X_train, X_val, y_train, y_val = train_test_split(diabetes.data, diabetes.target, train_size=N_TRAIN, random_state=SEED)
baseline_val_error = float(np.sqrt(np.mean((y_val - y_train.mean()) ** 2)))

# %%
# Train: one ridge model per alpha
# --------------------------------
ALPHAS = np.array([float(f"{a:.3g}") for a in np.logspace(-2, 4, 25)])  # 0.01, 0.0178, ... 10,000


def rmse(model, X: np.ndarray, y: np.ndarray) -> float:
    return float(np.sqrt(np.mean((model.predict(X) - y) ** 2)))


runs = []
for alpha in ALPHAS:
    model = make_pipeline(StandardScaler(), Ridge(alpha=alpha, random_state=SEED)).fit(X_train, y_train)
    coefficients = model[-1].coef_
    runs.append(
        {
            "val_rmse": rmse(model, X_val, y_val),
            "train_rmse": rmse(model, X_train, y_train),
            "coef_size": float(np.linalg.norm(coefficients)),
            "coefficients": coefficients,
        }
    )
largest = float(max(np.abs(run["coefficients"]).max() for run in runs))

# %%
# The dial
# --------
sweep = write_sweep(
    "alpha",
    parameter="penalty strength alpha",
    symbol="alpha",
    key="alpha",
    values=ALPHAS,
    scale="log",
    value_format=",g",
    runs=runs,
    numbers={
        "val_rmse": ("validation error (RMSE)", ".1f"),
        "train_rmse": ("training error", ".1f"),
        "coef_size": ("size of the coefficients", ".0f"),
    },
    best=("val_rmse", "min"),
    panels=[
        panel(
            bars("coefficients", colour="blue"),
            rule(x=0, colour="fg", dash=False),
            x=axis("coefficient (per SD of the feature)", domain=(-1.05 * largest, 1.05 * largest)),
            y=axis("feature", categories=feature_names),
            height=3.2,
        ),
        panel(
            rule(y=baseline_val_error, colour="grey", label="predict the average"),
            curve("@values", "@numbers.train_rmse", colour="blue", label="training"),
            curve("@values", "@numbers.val_rmse", colour="orange", label="validation"),
            mark("@value", "@number.train_rmse", colour="blue"),
            mark("@value", "@number.val_rmse", colour="orange"),
            x=axis(
                "alpha (log scale)", scale="log", domain=(0.005, 20000), ticks=[0.01, 1, 100, 10000], tick_format=",g"
            ),
            y=axis("RMSE (disease progression)"),
            height=3.2,
        ),
    ],
    layout=[[0, 1]],
)

# %%
# Metrics
# -------
sizes = sweep["numbers"]["coef_size"]
write_metrics(
    {
        "n_train": N_TRAIN,
        "n_val": int(y_val.size),
        "alpha": sweep,
        "best_alpha": sweep["best_value"],
        "best_val_rmse": sweep["best"]["val_rmse"],
        "val_rmse_weakest": sweep["numbers"]["val_rmse"][0],
        "val_rmse_strongest": sweep["numbers"]["val_rmse"][-1],
        "baseline_val_rmse": baseline_val_error,
        "coef_size_shrinks": all(b < a for a, b in zip(sizes, sizes[1:], strict=False)),
    },
    claims=[
        "coef_size_shrinks",  # every step up in alpha shrinks the coefficients
        "0 < alpha.best_index < alpha.positions - 1",  # the best penalty is inside the range
        "best_val_rmse < val_rmse_weakest and best_val_rmse < val_rmse_strongest",  # too little and too much lose
        "val_rmse_strongest < baseline_val_rmse",  # heading for "predict the average", not past it
    ],
    data="diabetes (scikit-learn load_diabetes): 50 patients to train, 392 to validate",
)
