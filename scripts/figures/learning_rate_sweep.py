"""Learning rate, as a dial: 25 step sizes, from crawling to blowing up.

The run is the one in ``learning_rate.py``: a linear model learns to predict
disease progression from ten standardised measurements of 442 patients (the
diabetes data that ships with scikit-learn) by plain gradient descent, from
all-zero weights, for 300 steps over all the data. Always predicting the
average gives a loss (mean squared error) of exactly 1; the best straight line,
found in closed form by least squares, gets about 0.48. A run reaches the
target when its loss comes within 3% of that minimum, and diverges when its
loss passes one million or ends above where it started.

Here the learning rate takes 25 values from 0.001 to 0.5, close together near
2 divided by the largest curvature of the loss (its Hessian's largest
eigenvalue), the rate above which theory says gradient descent must blow up.
The default position is the rate that reaches the target in the fewest steps.

What to look for: small rates crawl (the smallest never reaches the target in
300 steps); each larger rate gets there sooner, until the rate passes the
theoretical limit and the loss shoots up and off the chart instead.
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.datasets import load_diabetes

from _figure_helpers import axis, curve, mark, panel, rule, use_site_style, write_metrics, write_sweep

use_site_style()

RATES = [0.001, 0.0015, 0.002, 0.003, 0.004, 0.005, 0.007, 0.01, 0.015, 0.02, 0.03, 0.04, 0.05]
RATES += [0.07, 0.1, 0.12, 0.15, 0.18, 0.2, 0.22, 0.24, 0.26, 0.3, 0.4, 0.5]
STEPS = 300
TARGET_MARGIN = 1.03
BLOW_UP = 1e6

# %%
# Data
# ----
diabetes = load_diabetes()
x = (diabetes.data - diabetes.data.mean(axis=0)) / diabetes.data.std(axis=0)
y = (diabetes.target - diabetes.target.mean()) / diabetes.target.std()
samples, features = x.shape
design = np.column_stack([x, np.ones(samples)])
coefficients, *_ = np.linalg.lstsq(design, y, rcond=None)
min_loss = float(np.mean((design @ coefficients - y) ** 2))
target_loss = TARGET_MARGIN * min_loss
stability_limit = 2 / float(np.linalg.eigvalsh(2 * design.T @ design / samples).max())


# %%
# Train: one gradient-descent run per rate
# ----------------------------------------
def gradient_descent(rate: float) -> tuple[list[float], bool]:
    """Loss before each step (and after the last one), until the run ends or blows up."""
    weights, bias = np.zeros(features), 0.0
    losses: list[float] = []
    for _ in range(STEPS + 1):
        error = x @ weights + bias - y
        with np.errstate(over="ignore", invalid="ignore"):
            loss = float(np.mean(error**2))
        losses.append(loss)
        if not np.isfinite(loss) or loss > BLOW_UP:
            return losses, True
        weights = weights - rate * 2 * x.T @ error / samples
        bias = bias - rate * 2 * float(np.mean(error))
    return losses, losses[-1] > losses[0]


# The curve is drawn at about 50 steps spaced evenly on a log scale (plenty for the eye).
SHOWN_STEPS = [int(s) for s in np.unique(np.geomspace(1, STEPS, 60).round())]
runs = []
for rate in RATES:
    losses, diverged = gradient_descent(rate)
    reached = [step for step, loss in enumerate(losses) if loss <= target_loss]
    runs.append(
        {
            "steps_to_target": None if diverged or not reached else reached[0],
            "final_loss": None if diverged else losses[-1],
            "loss": [losses[s] if s < len(losses) else None for s in SHOWN_STEPS],
        }
    )

# %%
# The dial
# --------
sweep = write_sweep(
    "learning_rate",
    parameter="learning rate",
    symbol="learning rate",
    key="lr",
    values=RATES,
    scale="log",
    value_format="g",
    runs=runs,
    numbers={
        "steps_to_target": ("steps to reach the target", "d", "never"),
        "final_loss": (f"loss after {STEPS} steps", ".3f", "blew up"),
    },
    best=("steps_to_target", "min"),
    shared={"steps": SHOWN_STEPS},
    panels=[
        panel(
            rule(y=target_loss, colour="grey", label="target"),
            curve("steps", "@default.loss", colour="grey", width=1.2, label="fastest rate"),
            curve("steps", "loss", colour="blue", label="this rate"),
            x=axis("gradient-descent step (log scale)", scale="log", domain=(1, STEPS), ticks=[1, 3, 10, 30, 100, 300]),
            y=axis("loss", domain=(0.4, 1.3), ticks=[0.4, 0.6, 0.8, 1.0, 1.2], tick_format=".1f"),
            height=3.0,
        ),
        panel(
            rule(x=stability_limit, colour="orange", label="stability limit"),
            curve("@values", "@numbers.steps_to_target", colour="blue"),
            mark("@value", "@number.steps_to_target", colour="blue"),
            x=axis("learning rate (log scale)", scale="log", domain=(0.0008, 0.6), ticks=[0.001, 0.01, 0.1]),
            y=axis("steps to the target", scale="log", domain=(1, STEPS), ticks=[1, 3, 10, 30, 100, 300]),
            height=3.0,
        ),
    ],
    layout=[[0, 1]],
)

# %%
# Metrics
# -------
diverged_rates = [rate for rate, run in zip(RATES, runs, strict=True) if run["final_loss"] is None]
stable_rates = [rate for rate in RATES if rate not in diverged_rates]
reaching = [rate for rate, run in zip(RATES, runs, strict=True) if run["steps_to_target"] is not None]
write_metrics(
    {
        "samples": samples,
        "features": features,
        "steps": STEPS,
        "min_loss": min_loss,
        "target_loss": target_loss,
        "stability_limit": stability_limit,
        "learning_rate": sweep,
        "best_rate": sweep["best_value"],
        "steps_best": sweep["best"]["steps_to_target"],
        "smallest_rate": RATES[0],
        "largest_rate": RATES[-1],
        "smallest_reaching_rate": min(reaching),
        "steps_smallest_reaching": sweep["numbers"]["steps_to_target"][RATES.index(min(reaching))],
        "diverged_rates": diverged_rates,
        "smallest_diverging_rate": min(diverged_rates),
        "largest_stable_rate": max(stable_rates),
    },
    claims=[
        "largest_rate in diverged_rates",  # the top of the dial blows up
        "smallest_diverging_rate > stability_limit > largest_stable_rate",  # exactly where theory says
        "smallest_rate not in diverged_rates and smallest_reaching_rate > smallest_rate",  # the bottom crawls
        "0 < learning_rate.best_index < learning_rate.positions - 1",  # the fastest rate is inside the range
        "steps_smallest_reaching > 10 * steps_best",  # too small a rate is more than ten times slower
        "best_rate < stability_limit",  # the fastest rate sits below the edge of instability
    ],
    data="diabetes (scikit-learn load_diabetes, 442 patients, 10 measurements)",
)
