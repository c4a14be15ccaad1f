"""Regression fit: two ways to learn the same two parameters.

A straight line ``progression = slope * bmi + intercept`` is fitted to the
diabetes data that ships with scikit-learn: body-mass index (BMI) against a
measure of disease progression one year later, for 442 patients.

The slope and the intercept are the model's *parameters*: nobody types them
in, they are learned from the data. We learn them twice: once in closed form
(ordinary least squares solves for them directly) and once by gradient
descent, which starts from zero and takes small steps downhill on the loss.
The learning rate and the number of steps are *hyperparameters*: we choose
them, and they decide how quickly gradient descent gets there.

What to look for: both lines coincide, and the loss falls steeply at first,
then levels off at the least-squares minimum.
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.datasets import load_diabetes

from _figure_helpers import COLORS, SEED, save_figure, use_site_style, write_metrics

use_site_style()
rng = np.random.default_rng(SEED)  # unused by the maths, kept so every script seeds the same way

# %%
# Data
# ----
# ``scaled=False`` keeps BMI in kg/m², so the slope reads in everyday units.
diabetes = load_diabetes(scaled=False)
bmi = diabetes.data[:, diabetes.feature_names.index("bmi")]
progression = diabetes.target

# %%
# Train: closed form
# ------------------
# Least squares has an exact answer: solve for the line that minimises the
# mean squared error.
design = np.column_stack([bmi, np.ones_like(bmi)])
(slope_exact, intercept_exact), *_ = np.linalg.lstsq(design, progression, rcond=None)

# %%
# Train: gradient descent
# -----------------------
# Gradient descent works on a standardised input (mean 0, spread 1), which
# keeps one learning rate suitable for both parameters; we convert back to
# kg/m² at the end.
LEARNING_RATE = 0.1
MAX_STEPS = 500
TOLERANCE = 1e-6  # stop when a step improves the loss by less than this fraction

x = (bmi - bmi.mean()) / bmi.std()
weight, bias = 0.0, 0.0
losses = []
for step in range(MAX_STEPS):
    error = weight * x + bias - progression
    losses.append(float(np.mean(error**2)))
    if step > 0 and losses[-2] - losses[-1] < TOLERANCE * losses[-2]:
        break
    weight -= LEARNING_RATE * 2 * np.mean(error * x)
    bias -= LEARNING_RATE * 2 * np.mean(error)
steps_taken = len(losses) - 1
slope_gd = weight / bmi.std()
intercept_gd = bias - slope_gd * bmi.mean()


# %%
# Evaluate
# --------
def rmse(slope: float, intercept: float) -> float:
    return float(np.sqrt(np.mean((slope * bmi + intercept - progression) ** 2)))


rmse_exact = rmse(slope_exact, intercept_exact)
rmse_gd = rmse(slope_gd, intercept_gd)
min_loss = rmse_exact**2  # the least-squares minimum of the mean squared error
# How far above that minimum gradient descent stopped, as a fraction of it.
final_loss_excess = losses[-1] / min_loss - 1

# %%
# Plot: the fitted lines
# ----------------------
import matplotlib.pyplot as plt  # noqa: E402

fig, ax = plt.subplots()
ax.scatter(bmi, progression, s=10, alpha=0.45, color=COLORS["grey"], label="patients", linewidths=0)
grid = np.linspace(bmi.min(), bmi.max(), 2)
# The two lines coincide (the claims below hold them within 1%): the exact line is drawn as a wide
# pale band and gradient descent's as a dashed line on top of it, and the legend says so, so that
# they do not read as one striped line.
ax.plot(
    grid,
    slope_exact * grid + intercept_exact,
    color=COLORS["blue"],
    linewidth=7,
    alpha=0.45,
    solid_capstyle="butt",
    label="closed form (exact)",
)
ax.plot(
    grid,
    slope_gd * grid + intercept_gd,
    color=COLORS["orange"],
    linewidth=1.8,
    linestyle="--",
    label=f"gradient descent, {steps_taken} steps: lands on it",
)
ax.set(
    xlabel="body-mass index (kg/m²)",
    ylabel="disease progression after one year",
    title=f"Learned: slope {slope_exact:.2f}, intercept {intercept_exact:.1f}",
)
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2))  # under the plot, clear of the patients
save_figure(fig, "fit")

# %%
# Plot: the loss falling over the steps
# -------------------------------------
fig, ax = plt.subplots(figsize=(4.8, 3.0))
ax.plot(range(len(losses)), losses, color=COLORS["orange"], linewidth=2, label="gradient descent")
ax.axhline(rmse_exact**2, color=COLORS["blue"], linestyle=":", linewidth=1.5, label="least-squares minimum")
ax.set(
    xlabel="gradient-descent step",
    ylabel="mean squared error",
    yscale="log",
    title=f"Loss over {steps_taken} steps at learning rate {LEARNING_RATE}",
)
ax.legend()
save_figure(fig, "loss")

# %%
# Metrics
# -------
# Every number the glossary quotes about this run, and what must stay true.
write_metrics(
    {
        "samples": int(bmi.size),
        "slope": slope_exact,
        "intercept": intercept_exact,
        "slope_gd": slope_gd,
        "intercept_gd": intercept_gd,
        "rmse": rmse_exact,
        "rmse_gd": rmse_gd,
        "gd_steps": steps_taken,
        "max_steps": MAX_STEPS,
        "learning_rate": LEARNING_RATE,
        "initial_loss": losses[0],
        "final_loss": losses[-1],
        "min_loss": min_loss,
        "final_loss_excess": final_loss_excess,
        "slope_gap": abs(slope_gd - slope_exact) / abs(slope_exact),
        "intercept_gap": abs(intercept_gd - intercept_exact) / abs(intercept_exact),
    },
    claims=[
        "slope > 0",  # heavier patients progress further: the line must rise
        "abs(slope_gd - slope) < 0.01 * abs(slope)",  # both methods agree on the slope...
        "abs(intercept_gd - intercept) < 0.01 * abs(intercept)",  # ...and on the intercept
        "final_loss_excess < 0.001",  # gradient descent ends within 0.1% of the least-squares minimum
        "final_loss < initial_loss / 2",  # the loss visibly falls
        "gd_steps < max_steps",  # gradient descent converged before its step budget
    ],
    data="diabetes (scikit-learn load_diabetes, 442 patients)",
)
