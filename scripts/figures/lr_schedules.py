"""Stochastic gradient descent and learning-rate schedules on one small regression problem.

The problem is the one in ``learning_rate.py``: a linear model predicting
disease progression from ten standardised measurements of 442 patients (the
diabetes data that ships with scikit-learn), mean squared error as the loss.
Its lowest possible loss is known exactly from least squares, so every curve
here shows the *excess* loss: how far above that minimum a run is, measured
on all 442 patients.

Stochastic gradient descent (SGD) estimates each gradient from a mini-batch
of 8 patients, drawn without replacement from a fresh shuffle every epoch,
so one epoch is 56 steps. Full-batch gradient descent uses all 442 patients
for each step, so one epoch is one step. Every run starts from zero weights
and lasts 30 epochs.

Figure 1 compares full-batch gradient descent (at 0.1, the best rate found
in ``learning_rate.py``) with SGD at a constant rate of 0.03 and of 0.003.
Figure 2 keeps SGD and changes the learning rate during training, starting
from 0.03 each time:

- constant: 0.03 throughout;
- step decay: divided by 10 after half the epochs and again after three quarters;
- cosine: from 0.03 down to 0 along half a cosine wave;
- warm-up, then cosine: rising linearly from near 0 to 0.03 over the first
  3 epochs, then the cosine;
- reduce on plateau: divided by 5 whenever the loss on all patients, checked
  after each epoch, has not set a new low by at least 1% for 2 epochs in a row.

What to look for: SGD at the larger rate gets close to the minimum within a
fraction of an epoch, long before full-batch gradient descent does, and then
stops improving: the noise of its mini-batch gradients keeps it hovering
above the minimum, higher for the larger rate. Every schedule that lowers
the rate late in training lets it settle far closer. Reduce-on-plateau
mistakes the early noise for a plateau: it cuts the rate soon, gains a head
start, and then has too small a rate left to finish as low as the others.
The warm-up changes little on this easy, convex problem.
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.datasets import load_diabetes

from _figure_helpers import COLORS, SEED, save_figure, use_site_style, write_metrics

use_site_style()

BATCH = 8
EPOCHS = 30
GD_RATE = 0.1
SGD_RATES = [0.03, 0.003]
PEAK_RATE = 0.03
WARM_UP_EPOCHS = 3
PLATEAU_PATIENCE = 2
PLATEAU_FACTOR = 5.0
PLATEAU_MIN_GAIN = 0.01  # a new low must beat the old by this fraction
CLOSE = 0.05  # "close to the minimum": excess loss at or below this

# %%
# Data
# ----
diabetes = load_diabetes()
x = (diabetes.data - diabetes.data.mean(axis=0)) / diabetes.data.std(axis=0)
y = (diabetes.target - diabetes.target.mean()) / diabetes.target.std()
design = np.column_stack([x, np.ones(len(y))])  # the last column carries the intercept
samples = len(y)
steps_per_epoch = -(-samples // BATCH)  # the last batch of each epoch is smaller
total_steps = EPOCHS * steps_per_epoch
coefficients, *_ = np.linalg.lstsq(design, y, rcond=None)
min_loss = float(np.mean((design @ coefficients - y) ** 2))


def excess_loss(weights: np.ndarray) -> float:
    return float(np.mean((design @ weights - y) ** 2)) - min_loss


# %%
# Train
# -----
def sgd(rate_for_step) -> tuple[np.ndarray, np.ndarray]:
    """Excess loss after every step, and the rate used at every step.

    ``rate_for_step(step, epoch_losses)`` returns the rate for the next step;
    ``epoch_losses`` holds the excess loss at the end of each finished epoch.
    """
    rng = np.random.default_rng(SEED)  # the same batches for every run
    weights = np.zeros(design.shape[1])
    losses, rates, epoch_losses = [], [], []
    for _ in range(EPOCHS):
        order = rng.permutation(samples)
        for start in range(0, samples, BATCH):
            batch = order[start : start + BATCH]
            rate = rate_for_step(len(losses), epoch_losses)
            error = design[batch] @ weights - y[batch]
            weights = weights - rate * 2 * design[batch].T @ error / len(batch)
            losses.append(excess_loss(weights))
            rates.append(rate)
        epoch_losses.append(losses[-1])
    return np.array(losses), np.array(rates)


def full_batch() -> np.ndarray:
    """Excess loss after every step of full-batch gradient descent: one step per epoch."""
    weights = np.zeros(design.shape[1])
    losses = []
    for _ in range(EPOCHS):
        weights = weights - GD_RATE * 2 * design.T @ (design @ weights - y) / samples
        losses.append(excess_loss(weights))
    return np.array(losses)


def step_decay(step: int, _) -> float:
    return PEAK_RATE * (1.0 if step < total_steps / 2 else 0.1 if step < 3 * total_steps / 4 else 0.01)


def cosine(step: int, _) -> float:
    return PEAK_RATE * 0.5 * (1 + np.cos(np.pi * step / total_steps))


def warm_up_then_cosine(step: int, _) -> float:
    warm = WARM_UP_EPOCHS * steps_per_epoch
    if step < warm:
        return PEAK_RATE * (step + 1) / warm
    return PEAK_RATE * 0.5 * (1 + np.cos(np.pi * (step - warm) / (total_steps - warm)))


class ReduceOnPlateau:
    """Divide the rate by PLATEAU_FACTOR when the loss has not set a new low for PLATEAU_PATIENCE epochs."""

    def __init__(self) -> None:
        self.rate, self.best, self.waited, self.seen, self.cuts = PEAK_RATE, np.inf, 0, 0, 0

    def __call__(self, step: int, epoch_losses: list[float]) -> float:
        for loss in epoch_losses[self.seen :]:  # once per finished epoch
            if loss < self.best * (1 - PLATEAU_MIN_GAIN):
                self.best, self.waited = loss, 0
            else:
                self.waited += 1
                if self.waited >= PLATEAU_PATIENCE:
                    self.rate, self.waited, self.cuts = self.rate / PLATEAU_FACTOR, 0, self.cuts + 1
        self.seen = len(epoch_losses)
        return self.rate


gd_losses = full_batch()
constant_runs = {rate: sgd(lambda step, _, rate=rate: rate) for rate in SGD_RATES}
plateau = ReduceOnPlateau()
schedules = {
    "constant": constant_runs[PEAK_RATE],
    "step decay": sgd(step_decay),
    "cosine": sgd(cosine),
    "warm-up, then cosine": sgd(warm_up_then_cosine),
    "reduce on plateau": sgd(plateau),
}

# %%
# Evaluate
# --------
epoch_of_step = (np.arange(total_steps) + 1) / steps_per_epoch


def epoch_means(losses: np.ndarray) -> np.ndarray:
    """The excess loss averaged over each epoch's steps: one value per epoch."""
    return losses.reshape(EPOCHS, steps_per_epoch).mean(axis=1)


def after_epochs(losses: np.ndarray, epochs: int) -> float:
    return float(losses[epochs * steps_per_epoch - 1])


last_five = {rate: float(losses[-5 * steps_per_epoch :].mean()) for rate, (losses, _) in constant_runs.items()}
final_epoch = {name: float(epoch_means(losses)[-1]) for name, (losses, _) in schedules.items()}
# the first step (or, for full batch, epoch) at which each run gets within CLOSE of the minimum
reach = {rate: int(np.flatnonzero(losses <= CLOSE)[0]) + 1 for rate, (losses, _) in constant_runs.items()}
gd_reach = int(np.flatnonzero(gd_losses <= CLOSE)[0]) + 1

# %%
# Plot: SGD against full-batch gradient descent
# ---------------------------------------------
import matplotlib.pyplot as plt  # noqa: E402

fig, ax = plt.subplots()
for rate, colour in zip(SGD_RATES, (COLORS["orange"], COLORS["blue"]), strict=True):
    ax.plot(
        epoch_of_step,
        constant_runs[rate][0],
        color=colour,
        linewidth=1.0,
        label=f"SGD, batches of {BATCH}, rate {rate}",
    )
ax.plot(
    np.arange(1, EPOCHS + 1),
    gd_losses,
    "-o",
    color=COLORS["green"],
    linewidth=2,
    markersize=3.5,
    label=f"full batch, rate {GD_RATE} (one step per epoch)",
)
ax.set(
    yscale="log",
    xlim=(0, EPOCHS),
    ylim=(5e-4, 1),
    xlabel="epoch",
    ylabel="loss above the minimum (log scale)",
    title="SGD gets close fast, then hovers;\nfull batch creeps on",
)
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2))  # under the plot, clear of the noisy curve
save_figure(fig, "sgd_noise")

# %%
# Plot: schedules
# ---------------
schedule_colours = {
    "constant": COLORS["grey"],
    "step decay": COLORS["orange"],
    "cosine": COLORS["blue"],
    "warm-up, then cosine": COLORS["green"],
    "reduce on plateau": COLORS["purple"],
}
fig, (top, bottom) = plt.subplots(2, 1, figsize=(4.8, 6.0), sharex=True, height_ratios=(1, 1.3))
epochs_axis = np.arange(1, EPOCHS + 1)
for name, (losses, rates) in schedules.items():
    colour = schedule_colours[name]
    top.plot(epoch_of_step, rates, color=colour, linewidth=1.8, label=name)
    bottom.plot(epochs_axis, epoch_means(losses), "-o", color=colour, linewidth=1.8, markersize=3)
top.set(ylabel="learning rate", title="Five schedules with the same peak rate")
handles, labels = top.get_legend_handles_labels()
bottom.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.25), ncols=2)  # under the plots
bottom.set(
    yscale="log",
    xlim=(0, EPOCHS),
    xlabel="epoch",
    ylabel="loss above the minimum\n(epoch average, log scale)",
)
save_figure(fig, "schedules")

# %%
# Metrics
# -------
plateau_rates = schedules["reduce on plateau"][1]
KEYS = {  # metric keys for the schedules
    "constant": "constant",
    "step decay": "step_decay",
    "cosine": "cosine",
    "warm-up, then cosine": "warm_up_cosine",
    "reduce on plateau": "plateau",
}
write_metrics(
    {
        "samples": samples,
        "batch_size": BATCH,
        "steps_per_epoch": steps_per_epoch,
        "epochs": EPOCHS,
        "min_loss": min_loss,
        "gd_rate": GD_RATE,
        "close": CLOSE,
        "sgd_rates": SGD_RATES,
        "peak_rate": PEAK_RATE,
        "warm_up_epochs": WARM_UP_EPOCHS,
        "plateau_patience": PLATEAU_PATIENCE,
        "plateau_factor": PLATEAU_FACTOR,
        "plateau_cuts": plateau.cuts,
        "plateau_first_cut_epoch": float(epoch_of_step[np.flatnonzero(plateau_rates < PEAK_RATE)[0]]),
        "plateau_final_rate": float(plateau_rates[-1]),
        "gd_after_2": float(gd_losses[1]),
        "gd_final": float(gd_losses[-1]),
        "gd_reach": gd_reach,
        "sgd_fast_after_2": after_epochs(constant_runs[0.03][0], 2),
        "sgd_slow_after_2": after_epochs(constant_runs[0.003][0], 2),
        "sgd_fast_last_five": last_five[0.03],
        "sgd_slow_last_five": last_five[0.003],
        "sgd_fast_epochs_6_to_10": float(constant_runs[0.03][0][5 * steps_per_epoch : 10 * steps_per_epoch].mean()),
        "sgd_fast_reach_steps": reach[0.03],
        "sgd_slow_reach_steps": reach[0.003],
        "sgd_fast_reach_epochs": reach[0.03] / steps_per_epoch,
        "sgd_slow_reach_epochs": reach[0.003] / steps_per_epoch,
        "final_epoch": {KEYS[name]: value for name, value in final_epoch.items()},
        "epoch_10": {KEYS[name]: float(epoch_means(losses)[9]) for name, (losses, _) in schedules.items()},
        "constant_over_cosine": final_epoch["constant"] / final_epoch["cosine"],
        "curves": {KEYS[name]: epoch_means(losses) for name, (losses, _) in schedules.items()},
    },
    claims=[
        # SGD gets close long before full-batch GD...
        "sgd_fast_reach_epochs * 5 < gd_reach and sgd_fast_reach_epochs < 1",
        "sgd_fast_reach_steps < sgd_slow_reach_steps",
        # ... then hovers: the larger rate sits higher, and full batch ends lower than it.
        "sgd_fast_last_five > 2 * sgd_slow_last_five",
        "gd_final < sgd_fast_last_five",
        # The larger rate has stopped improving: epochs 6-10 and the last five average about the same.
        "0.5 < sgd_fast_epochs_6_to_10 / sgd_fast_last_five < 2",
        # The smaller rate ends level with full batch.
        "abs(sgd_slow_last_five - gd_final) < 0.3 * gd_final",
        # Every schedule that lowers the rate ends far below the constant rate.
        "final_epoch['step_decay'] < final_epoch['constant'] / 5",
        "final_epoch['cosine'] < final_epoch['constant'] / 5",
        "final_epoch['warm_up_cosine'] < final_epoch['constant'] / 5",
        "final_epoch['plateau'] < final_epoch['constant'] / 3",
        "plateau_cuts >= 1",
        # Reduce-on-plateau cuts early: lowest of all at epoch 10, yet it ends above cosine.
        "epoch_10['plateau'] < min(epoch_10['constant'], epoch_10['step_decay'], epoch_10['cosine'])",
        "epoch_10['plateau'] < epoch_10['warm_up_cosine']",
        "final_epoch['plateau'] > 1.3 * final_epoch['cosine']",
        "final_epoch['plateau'] > max(final_epoch['step_decay'], final_epoch['warm_up_cosine'])",
        "plateau_first_cut_epoch <= 6",
        # The constant rate has stopped improving by epoch 10; step decay and cosine end close together.
        "0.5 < final_epoch['constant'] / epoch_10['constant'] < 2",
        "abs(final_epoch['step_decay'] - final_epoch['cosine']) < 0.3 * final_epoch['cosine']",
        # Warm-up makes little difference here.
        "abs(final_epoch['warm_up_cosine'] - final_epoch['cosine']) < 0.3 * final_epoch['cosine']",
    ],
    data="diabetes (scikit-learn load_diabetes, 442 patients, 10 measurements)",
)
