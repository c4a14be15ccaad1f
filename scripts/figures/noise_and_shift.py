"""Two ways the data can betray a model: wrong labels in training, and new data unlike the old.

**Label noise.** The 8x8 handwritten digits that ship with scikit-learn
(1,797 images, pixels scaled to 0..1) are split into 1,000 training images
and 797 validation images, stratified by digit. A share of the training
labels, from none to two in five, is replaced by a different digit chosen
at random; validation labels stay correct. Two k-nearest-neighbour
classifiers learn from each noisy version:

- k = 1, which copies the label of the single closest training image and so
  can store every wrong label;
- k = 25, which takes a vote among 25 neighbours, so one wrong label is
  usually outvoted.

Training accuracy is measured against the labels the model was given (wrong
ones included), validation accuracy against the true digits.

**Distribution shift.** The diabetes data that ships with scikit-learn (442
patients, ten measurements, disease progression a year later) is cut by body
mass index (BMI): the 60% of patients with the lowest BMI are "the clinic we
trained in", the heavier 40% are "the new clinic". Half of the heavier
patients are set aside as the new clinic's test patients. Two regressions, a
linear model and k-nearest neighbours (k = 15, inputs as shipped, already
scaled), are trained twice with the same number of patients:

- **shifted**: on lower-BMI patients only (the rest of the lower-BMI
  patients are the familiar test set);
- **covered**: on a random sample of the same size drawn from the lower-BMI
  training patients and the heavier patients not set aside.

Both are scored on the same set-aside heavier patients by root mean squared
error (RMSE).

What to look for: the 1-NN model scores perfectly on its training labels at every
noise level while its validation accuracy falls by about the share of flipped
labels; the 25-NN model's training accuracy falls instead, tracking the share
of labels left correct, and its validation accuracy barely moves. On the
diabetes data, the model trained on lower-BMI patients does clearly worse on
the heavier ones than on familiar patients, and worse than the same model
trained on data that covered them; k-NN, which can only average targets it
has seen, suffers most.
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.datasets import load_diabetes, load_digits
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import train_test_split
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor

from _figure_helpers import COLORS, SEED, save_figure, use_site_style, write_metrics

use_site_style()
rng = np.random.default_rng(SEED)
NOISE_RATES = [0.0, 0.1, 0.2, 0.3, 0.4]
NEIGHBOURS = (1, 25)

# %%
# Data: digits, with a share of training labels flipped
# -----------------------------------------------------
digits = load_digits()
X_train, X_val, y_train, y_val = train_test_split(
    digits.data / 16.0, digits.target, train_size=1000, stratify=digits.target, random_state=SEED
)


def flip(labels: np.ndarray, rate: float) -> np.ndarray:
    """A copy of the labels with a share ``rate`` of them replaced by a different digit."""
    wrong = rng.choice(labels.size, size=round(rate * labels.size), replace=False)
    noisy = labels.copy()
    noisy[wrong] = (labels[wrong] + rng.integers(1, 10, size=wrong.size)) % 10  # +1..9 mod 10: always different
    return noisy


# %%
# Train and evaluate: label noise
# -------------------------------
train_accuracy = {k: [] for k in NEIGHBOURS}
val_accuracy = {k: [] for k in NEIGHBOURS}
flipped = []
for rate in NOISE_RATES:
    given = flip(y_train, rate)
    flipped.append(int(np.sum(given != y_train)))
    for k in NEIGHBOURS:
        model = KNeighborsClassifier(n_neighbors=k).fit(X_train, given)
        train_accuracy[k].append(model.score(X_train, given))  # against the labels it was given
        val_accuracy[k].append(model.score(X_val, y_val))  # against the true digits

one, many = NEIGHBOURS
one_nn_drop = [val_accuracy[one][0] - v for v in val_accuracy[one]]  # validation accuracy lost, per rate
many_nn_train_gap = [abs(t - (1 - r)) for t, r in zip(train_accuracy[many], NOISE_RATES, strict=True)]

# %%
# Data: diabetes, cut by body-mass index
# --------------------------------------
diabetes = load_diabetes()
X, y = diabetes.data, diabetes.target
bmi = X[:, diabetes.feature_names.index("bmi")]
cut = np.quantile(bmi, 0.6)
lower, heavier = np.flatnonzero(bmi < cut), np.flatnonzero(bmi >= cut)
lower_train, lower_test = train_test_split(lower, test_size=0.3, random_state=SEED)
heavier_pool, heavier_test = train_test_split(heavier, test_size=0.5, random_state=SEED)
covered_train = rng.choice(np.concatenate([lower_train, heavier_pool]), size=lower_train.size, replace=False)


# %%
# Train and evaluate: distribution shift
# --------------------------------------
def rmse(model, rows: np.ndarray) -> float:
    return float(np.sqrt(np.mean((model.predict(X[rows]) - y[rows]) ** 2)))


regressors = {"linear": LinearRegression, "knn": lambda: KNeighborsRegressor(n_neighbors=15)}
shift = {}
for name, make in regressors.items():
    shifted = make().fit(X[lower_train], y[lower_train])
    covered = make().fit(X[covered_train], y[covered_train])
    shift[name] = {
        "shifted_familiar": rmse(shifted, lower_test),
        "shifted_new": rmse(shifted, heavier_test),
        "covered_new": rmse(covered, heavier_test),
        "shifted_new_bias": float(np.mean(shifted.predict(X[heavier_test]) - y[heavier_test])),
        "shifted_new_underprediction": float(np.mean(y[heavier_test] - shifted.predict(X[heavier_test]))),
    }
highest_seen = float(y[lower_train].max())
new_above_highest = int(np.sum(y[heavier_test] > highest_seen))

# %%
# Plot: label noise
# -----------------
import matplotlib.pyplot as plt  # noqa: E402

fig, ax = plt.subplots()
rates = np.array(NOISE_RATES)
ax.plot(rates, 1 - rates, color=COLORS["grey"], linestyle=":", linewidth=1.5, label="share of labels left correct")
styles = {one: COLORS["orange"], many: COLORS["blue"]}
for k in NEIGHBOURS:
    ax.plot(rates, train_accuracy[k], "--o", color=styles[k], linewidth=1.5, markersize=4, label=f"k = {k}, training")
    ax.plot(rates, val_accuracy[k], "-o", color=styles[k], linewidth=2.2, markersize=5, label=f"k = {k}, validation")
ax.set(
    xticks=rates,
    xlabel="share of training labels flipped to a wrong digit",
    ylabel="accuracy",
    ylim=(0.5, 1.02),
    title="Memorising wrong labels costs validation accuracy",
)
ax.xaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(xmax=1, decimals=0))
ax.yaxis.set_major_formatter(plt.matplotlib.ticker.PercentFormatter(xmax=1, decimals=0))
ax.legend(loc="lower left", fontsize=9)
save_figure(fig, "label_noise")

# %%
# Plot: distribution shift
# ------------------------
fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.4, 6.2), height_ratios=(1, 1.2))
bins = np.linspace(bmi.min(), bmi.max(), 25)
top.hist(bmi[lower_train], bins=bins, color=COLORS["blue"], alpha=0.8, label="trained on (lower BMI)")
top.hist(bmi[heavier_test], bins=bins, color=COLORS["orange"], alpha=0.8, label="new clinic's test patients")
top.set(xlabel="body-mass index (as shipped: centred and scaled)", ylabel="patients", title="The inputs move")
top.legend(loc="upper right", fontsize=9)
bars = [
    ("shifted_familiar", "trained on lower BMI,\nscored on lower BMI", COLORS["blue"]),
    ("shifted_new", "trained on lower BMI,\nscored on the new clinic", COLORS["orange"]),
    ("covered_new", "trained on both,\nscored on the new clinic", COLORS["green"]),
]
names = {"linear": "linear regression", "knn": "k-NN (k = 15)"}
width = 0.26
for offset, (key, label, colour) in zip((-width, 0, width), bars, strict=True):
    values = [shift[model][key] for model in regressors]
    drawn = bottom.bar(np.arange(len(regressors)) + offset, values, width=width, color=colour, label=label)
    bottom.bar_label(drawn, labels=[f"{v:.0f}" for v in values], padding=2, fontsize=9)
bottom.set(
    xticks=np.arange(len(regressors)),
    xticklabels=[names[m] for m in regressors],
    ylabel="error (RMSE, lower is better)",
    ylim=(0, max(v for m in shift.values() for v in m.values()) * 1.15),
    title="… and the error follows",
)
bottom.grid(axis="x", visible=False)
bottom.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=1)
fig.tight_layout(h_pad=1.5)
save_figure(fig, "distribution_shift")

# %%
# Metrics
# -------
write_metrics(
    {
        "train_size": int(y_train.size),
        "val_size": int(y_val.size),
        "noise_rates": NOISE_RATES,
        "flipped": flipped,
        "neighbours": list(NEIGHBOURS),
        "train_accuracy_1nn": train_accuracy[one],
        "val_accuracy_1nn": val_accuracy[one],
        "train_accuracy_25nn": train_accuracy[many],
        "val_accuracy_25nn": val_accuracy[many],
        "one_nn_drop": one_nn_drop,
        "largest_1nn_drop_gap": max(abs(d - r) for d, r in zip(one_nn_drop, NOISE_RATES, strict=True)),
        "largest_25nn_train_gap": max(many_nn_train_gap),
        "val_25nn_drop": val_accuracy[many][0] - val_accuracy[many][-1],
        "patients": int(y.size),
        "bmi_quantile_cut": 0.6,
        "lower_train": int(lower_train.size),
        "lower_test": int(lower_test.size),
        "heavier_test": int(heavier_test.size),
        "covered_train": int(covered_train.size),
        "covered_heavier": int(np.isin(covered_train, heavier).sum()),
        "shift": shift,
        "highest_seen": highest_seen,
        "bmi_progression_correlation": float(np.corrcoef(bmi, y)[0, 1]),
        "new_above_highest": new_above_highest,
    },
    claims=[
        "min(train_accuracy_1nn) == 1",  # k = 1 fits its training labels perfectly, wrong ones included
        "largest_1nn_drop_gap < 0.03",  # ... and loses validation accuracy about one-for-one with the flips
        "val_accuracy_1nn[0] > val_accuracy_25nn[0]",  # with clean labels, k = 1 is the better model
        "val_accuracy_25nn[-1] > val_accuracy_1nn[-1] + 0.25",  # with many flips, k = 25 is far better
        "val_25nn_drop < 0.03",  # k = 25 barely notices the noise on validation data
        "largest_25nn_train_gap < 0.05",  # its training accuracy tracks the share of labels left correct
        "train_accuracy_25nn[-1] < val_accuracy_25nn[-1] - 0.3",  # below its validation score
        "shift.knn.shifted_new > 1.5 * shift.knn.shifted_familiar",  # the new clinic is much harder for k-NN
        "shift.linear.shifted_new > shift.linear.shifted_familiar",  # ... and harder for the linear model
        "shift.knn.covered_new > shift.knn.shifted_familiar",  # the new patients are harder even when covered...
        "shift.linear.covered_new > shift.linear.shifted_familiar",
        "shift.knn.shifted_new > shift.knn.covered_new + 10",  # ... but data that covered them helps k-NN
        "shift.linear.shifted_new > shift.linear.covered_new",  # ... and the linear model
        "shift.knn.shifted_new - shift.knn.covered_new > shift.linear.shifted_new - shift.linear.covered_new",
        "shift.knn.shifted_new_underprediction > 30",  # k-NN predicts far too little progression for the new patients
        "abs(shift.linear.shifted_new_bias) < abs(shift.knn.shifted_new_bias)",  # the linear model less so
        "bmi_progression_correlation > 0.3",  # progression rises with BMI
        "abs(shift.linear.shifted_familiar - shift.knn.shifted_familiar) < 3",  # on familiar patients they tie
        "new_above_highest > 0",  # some new patients progress beyond anything in the training data
    ],
    data="digits (scikit-learn load_digits, 1,797 images) and diabetes (scikit-learn load_diabetes, 442 patients)",
)
