"""Learning rate: the same model, the same data, five step sizes.

A linear model predicts disease progression from ten measurements of 442
patients (the diabetes data that ships with scikit-learn). Inputs and target
are standardised, so always predicting the average gives a loss (mean
squared error) of exactly 1; the best straight-line fit, found in closed form
by least squares, gets ``min_loss``.

Plain gradient descent starts every run from all-zero weights and takes 300
steps, each one moving the weights against the gradient of the loss on all
442 patients, scaled by the learning rate. Only the learning rate changes
between runs: 0.003, 0.01, 0.03, 0.1 and 0.3.

A run counts as having reached the target when its loss is within 3% of the
least-squares minimum. A run counts as diverged when its loss passes one
million (we stop recording it there) or ends above where it started. The
best rate is the one that reaches the target in the fewest steps without
diverging.

For this loss there is a hard limit: any rate above 2 divided by the largest
eigenvalue of the loss's curvature (its Hessian) makes gradient descent
blow up. We compute that limit too, to check the picture against the theory.

What to look for: each tenfold smaller rate needs roughly ten times as many
steps to reach the target. The largest rate overshoots further at every
step: its loss passes a million long before the step budget runs out. The
best rate sits within a factor of a few of the stability limit
(``best_rate_to_limit``).
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.datasets import load_diabetes

from _figure_helpers import COLORS, SEED, save_figure, use_site_style, write_metrics

use_site_style()
rng = np.random.default_rng(SEED)  # unused: every run starts from zero weights and uses all the data

RATES = [0.003, 0.01, 0.03, 0.1, 0.3]
STEPS = 300
TARGET_MARGIN = 1.03  # the target is 3% above the lowest possible loss
BLOW_UP = 1e6  # a loss past this counts as diverged, and we stop recording

# %%
# Data
# ----
diabetes = load_diabetes()
x = (diabetes.data - diabetes.data.mean(axis=0)) / diabetes.data.std(axis=0)
y = (diabetes.target - diabetes.target.mean()) / diabetes.target.std()
samples, features = x.shape

# The lowest loss any straight line can reach, and the target derived from it.
design = np.column_stack([x, np.ones(samples)])
coefficients, *_ = np.linalg.lstsq(design, y, rcond=None)
min_loss = float(np.mean((design @ coefficients - y) ** 2))
target_loss = TARGET_MARGIN * min_loss

# The stability limit: the loss's curvature is the same everywhere (it is a
# quadratic), and a rate above 2 / (largest curvature) overshoots more at
# every step.
hessian = 2 * design.T @ design / samples
stability_limit = 2 / float(np.linalg.eigvalsh(hessian).max())


# %%
# Train
# -----
def gradient_descent(rate: float) -> tuple[np.ndarray, bool]:
    """Loss before each step (and after the last one); True if the run blew up."""
    weights, bias = np.zeros(features), 0.0
    losses = []
    for _ in range(STEPS + 1):
        error = x @ weights + bias - y
        with np.errstate(over="ignore", invalid="ignore"):  # a diverging run may overflow; caught just below
            loss = float(np.mean(error**2))
        losses.append(loss)
        if not np.isfinite(loss) or loss > BLOW_UP:
            return np.array(losses), True
        weights = weights - rate * 2 * x.T @ error / samples
        bias = bias - rate * 2 * float(np.mean(error))
    return np.array(losses), bool(losses[-1] > losses[0])


runs = {rate: gradient_descent(rate) for rate in RATES}


# %%
# Evaluate
# --------
def steps_to(losses: np.ndarray) -> int | None:
    """The first step count at which the loss is at or below the target, or None."""
    reached = np.flatnonzero(losses <= target_loss)
    return int(reached[0]) if reached.size else None


diverged_rates = [rate for rate, (_, blew_up) in runs.items() if blew_up]
steps_to_target = {rate: steps_to(losses) for rate, (losses, _) in runs.items()}
candidates = [rate for rate in RATES if rate not in diverged_rates and steps_to_target[rate] is not None]
best_rate = min(candidates, key=lambda rate: (steps_to_target[rate], runs[rate][0][-1]))
smallest_rate, largest_rate = min(RATES), max(RATES)
diverging_rate = max(diverged_rates) if diverged_rates else None
diverged_at_step = {rate: len(runs[rate][0]) - 1 for rate in diverged_rates}
best_rate_to_limit = best_rate / stability_limit
# Steps needed at a rate ten times smaller, divided by the steps at the larger rate.
tenfold_pairs = [(0.003, 0.03), (0.01, 0.1)]
tenfold_step_ratios = [steps_to_target[small] / steps_to_target[large] for small, large in tenfold_pairs]

# %%
# Plot
# ----
import matplotlib.pyplot as plt  # noqa: E402

# Two panels share the step axis: the top one, on a log scale, has room for
# the run that blows up; the bottom one zooms in on the runs that settle.
# Steps are on a log scale too, so that 7 steps and 250 steps both get room;
# each curve starts after the first step (before it, every run has loss 1).
colours = dict(zip(RATES, [COLORS[c] for c in ("purple", "yellow", "blue", "green", "orange")], strict=True))
fig, (top, bottom) = plt.subplots(2, 1, figsize=(4.8, 6.0), sharex=True, height_ratios=(1, 1.6))
for rate, (losses, blew_up) in runs.items():
    steps = np.arange(1, len(losses))
    label = f"{rate}" + (" (diverges)" if blew_up else " (best)" if rate == best_rate else "")
    top.plot(steps, losses[1:], color=colours[rate], linewidth=2, label=label)
    bottom.plot(steps, losses[1:], color=colours[rate], linewidth=2)
    if steps_to_target[rate] is not None:  # a dot where the run first reaches the target
        bottom.plot(steps_to_target[rate], losses[steps_to_target[rate]], "o", color=colours[rate], markersize=5)
for rate, step in diverged_at_step.items():
    top.annotate(
        f"past a million\nat step {step}",
        (step, runs[rate][0][-1]),
        xytext=(-8, 0),
        textcoords="offset points",
        ha="right",
        va="center",
        color=colours[rate],
    )
top.set(
    yscale="log",
    ylim=(0.2, 1e7),
    yticks=[1, 1e3, 1e6],
    ylabel="loss (log)",
    title="Mean squared error over 300 steps,\nper learning rate",
)
handles, labels = top.get_legend_handles_labels()
# Under the plots, where no curve runs.
bottom.legend(handles, labels, title="learning rate", loc="upper center", bbox_to_anchor=(0.5, -0.28), ncols=3)
bottom.axhline(target_loss, color=COLORS["grey"], linestyle="--", linewidth=1.2)
bottom.text(1.1, target_loss - 0.01, "target", ha="left", va="top", color=COLORS["grey"])
bottom.set(
    xscale="log",
    xlim=(1, STEPS),
    ylim=(0.45, 1.02),
    xlabel="gradient-descent step (log scale)",
    ylabel="loss (zoomed in)",
    xticks=[1, 3, 10, 30, 100, 300],
)
bottom.xaxis.set_major_formatter(plt.matplotlib.ticker.ScalarFormatter())
bottom.xaxis.set_minor_formatter(plt.matplotlib.ticker.NullFormatter())
save_figure(fig, "learning_rates")

# %%
# Metrics
# -------
key = str  # dict keys are rates written as text, e.g. "0.01"
write_metrics(
    {
        "samples": samples,
        "features": features,
        "steps": STEPS,
        "rates": RATES,
        "smallest_rate": smallest_rate,
        "largest_rate": largest_rate,
        "best_rate": best_rate,
        "diverged_rates": diverged_rates,
        "diverging_rate": diverging_rate,
        "diverged_at_step": {key(rate): step for rate, step in diverged_at_step.items()},
        "blow_up_threshold": BLOW_UP,
        "stability_limit": stability_limit,
        "min_loss": min_loss,
        "target_loss": target_loss,
        "steps_to_target": {key(rate): steps for rate, steps in steps_to_target.items()},
        "steps_best": steps_to_target[best_rate],
        "steps_smallest": steps_to_target[smallest_rate],
        "final_losses": {key(rate): losses[-1] for rate, (losses, _) in runs.items()},
        "final_loss_best": runs[best_rate][0][-1],
        "final_loss_smallest": runs[smallest_rate][0][-1],
        "best_rate_to_limit": best_rate_to_limit,
        "diverged_at_step_largest": diverged_at_step.get(largest_rate),
        "tenfold_step_ratios": tenfold_step_ratios,
        "diverging_rate_to_limit": diverging_rate / stability_limit if diverging_rate else None,
        # The plotted curves: loss after each step, until the run ended or blew up.
        "curves": {key(rate): losses for rate, (losses, _) in runs.items()},
    },
    claims=[
        "largest_rate in diverged_rates",  # the largest rate blows up
        "diverging_rate == largest_rate and len(diverged_rates) == 1",  # ... and it is the only one
        "steps_smallest > 10 * steps_best",  # too small a rate is more than ten times slower
        # a tenfold smaller rate needs roughly ten times as many steps (between 5 and 20 times)
        "5 < tenfold_step_ratios[0] < 20 and 5 < tenfold_step_ratios[1] < 20",
        "best_rate_to_limit > 0.25",  # the best rate is within a factor of four of the limit
        "diverged_at_step_largest < steps / 2",  # it blows up well before the budget runs out
        "largest_rate > stability_limit and best_rate < stability_limit",  # the theory agrees with the runs
        "final_loss_best <= target_loss",  # the best run ends on target
    ],
    data="diabetes (scikit-learn load_diabetes, 442 patients, 10 measurements)",
)
