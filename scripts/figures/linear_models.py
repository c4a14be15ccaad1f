"""Linear models: least squares in closed form, logistic regression, their losses, and double descent.

Four short experiments on data that ships with scikit-learn.

1. **Closed form.** Least squares can be solved in one step from the normal
   equations, ``(X^T X) w = X^T y``. On the diabetes data (442 patients, 10
   measurements) that gives the same weights as ``LinearRegression``, which
   calls a least-squares solver (``scipy.linalg.lstsq``) instead. On a badly
   conditioned problem, a degree-10 polynomial in ``x`` on [0, 1] whose exact
   weights we know, forming ``X^T X`` squares the condition number and the
   normal equations lose many digits that ``lstsq`` keeps.

2. **Linear regression and mean squared error.** ``LinearRegression`` on
   three quarters of the diabetes patients, scored on the other quarter:
   all ten measurements, body-mass index alone, and the mean of the training
   targets as a baseline. We also measure how much of the mean squared error
   comes from the tenth of patients with the largest errors.

3. **Logistic regression and cross-entropy.** ``LogisticRegression`` (after
   ``StandardScaler``) on the breast-cancer data, three quarters for training
   and a quarter for validation, first with the default ``C=1`` and then with
   ``C`` from 0.001 to 1,000. For each validation tumour we compare two
   penalties on the probability ``p`` the model gave to the right class:
   cross-entropy, ``-ln p``, and squared error, ``(1 - p)^2``, together with
   how hard each one pulls on the model's score for that tumour (the
   derivative of the penalty with respect to the score).

4. **Double descent.** A regression target from ``make_friedman1`` (8
   inputs, noise) with 60 training points. The model is linear in ``p``
   random ReLU features ``max(0, x @ W)`` with a fixed random ``W``; only the
   output weights are fitted, by minimum-norm least squares
   (``numpy.linalg.lstsq``), for ``p`` from 2 to 600. Past ``p = 60`` the
   features can fit the 60 training points exactly, and ``lstsq`` returns the
   exact fit with the smallest weights. Every ``p`` is repeated for 10 random
   draws of ``W`` and we report the median error on 400 test points; a ridge
   penalty (``lambda = 1``) is fitted alongside for comparison.

What to look for: the two closed-form routes agree on real data and part ways
on an ill-conditioned one. All ten measurements predict better than BMI alone,
which beats the mean, yet most of the variation stays unexplained, and a few
patients dominate the squared error. Smaller ``C`` shrinks the logistic
weights, and the validation loss is best in between. Squared error never
charges more than 1 for a tumour and pulls weakly on a confident mistake;
cross-entropy does both without limit. In the random-features model the test
error falls, shoots up where the number of features reaches the number of
training points, and falls again beyond it; the ridge penalty removes the
peak.
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.datasets import load_breast_cancer, load_diabetes, make_friedman1
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.metrics import log_loss
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from _figure_helpers import COLORS, SEED, ring, save_figure, use_site_style, write_metrics

use_site_style()
rng = np.random.default_rng(SEED)

# %%
# 1. Closed form: the normal equations against a least-squares solver
# ------------------------------------------------------------------
diabetes = load_diabetes()
dx_train, dx_val, dy_train, dy_val = train_test_split(diabetes.data, diabetes.target, test_size=0.25, random_state=SEED)
design = np.column_stack([np.ones(len(dx_train)), dx_train])  # a column of ones for the intercept
normal_weights = np.linalg.solve(design.T @ design, design.T @ dy_train)
linear = LinearRegression().fit(dx_train, dy_train)
normal_vs_sklearn = float(np.max(np.abs(normal_weights[1:] - linear.coef_)) / np.max(np.abs(linear.coef_)))
cond_diabetes = float(np.linalg.cond(design))

# An ill-conditioned problem with a known answer: y is exactly a degree-10
# polynomial whose 11 weights are all 1.
DEGREE = 10
grid_x = np.linspace(0.0, 1.0, 60)
powers = np.vander(grid_x, DEGREE + 1, increasing=True)  # columns 1, x, x², ..., x¹⁰
true_weights = np.ones(DEGREE + 1)
exact_y = powers @ true_weights
via_normal = np.linalg.solve(powers.T @ powers, powers.T @ exact_y)
via_lstsq, *_ = np.linalg.lstsq(powers, exact_y, rcond=None)
cond_powers = float(np.linalg.cond(powers))
cond_gram = float(np.linalg.cond(powers.T @ powers))
error_normal = float(np.max(np.abs(via_normal - true_weights)))
error_lstsq = float(np.max(np.abs(via_lstsq - true_weights)))


# %%
# 2. Linear regression, scored by mean squared error
# --------------------------------------------------
def mse(predicted: np.ndarray, actual: np.ndarray) -> float:
    return float(np.mean((predicted - actual) ** 2))


BMI = diabetes.feature_names.index("bmi")
predicted = linear.predict(dx_val)
mse_all = mse(predicted, dy_val)
mse_bmi = mse(LinearRegression().fit(dx_train[:, [BMI]], dy_train).predict(dx_val[:, [BMI]]), dy_val)
mse_mean = mse(np.full(len(dy_val), dy_train.mean()), dy_val)
r2_all = 1 - mse_all / float(np.var(dy_val))
mae_all = float(np.mean(np.abs(predicted - dy_val)))
squared = np.sort((predicted - dy_val) ** 2)[::-1]
worst_count = int(np.ceil(0.1 * len(squared)))
worst_share = float(squared[:worst_count].sum() / squared.sum())

# %%
# 3. Logistic regression, cross-entropy and the inverse regularisation strength C
# -------------------------------------------------------------------------------
cancer = load_breast_cancer()
cx_train, cx_val, cy_train, cy_val = train_test_split(
    cancer.data, cancer.target, test_size=0.25, stratify=cancer.target, random_state=SEED
)
logistic = make_pipeline(StandardScaler(), LogisticRegression()).fit(cx_train, cy_train)
scores = logistic.decision_function(cx_val)  # w·x + b, before the sigmoid
p_benign = logistic.predict_proba(cx_val)[:, 1]  # class 1 is "benign" in this data set
p_right = np.where(cy_val == 1, p_benign, 1 - p_benign)  # probability given to the correct class
cross_entropy = -np.log(p_right)
squared_error = (1 - p_right) ** 2
# How hard each loss pulls on the score s, for p = sigmoid(s): |d loss / d s|.
pull_ce = 1 - p_right
pull_se = 2 * (1 - p_right) * p_right * (1 - p_right)
worst = int(np.argmin(p_right))
mistakes = int(np.sum(p_right < 0.5))

C_VALUES = [0.001, 0.01, 0.1, 1.0, 10.0, 100.0, 1000.0]
c_fits = {
    c: make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=5000)).fit(cx_train, cy_train) for c in C_VALUES
}
c_weight_norm = {c: float(np.linalg.norm(m[-1].coef_)) for c, m in c_fits.items()}
c_train_loss = {c: float(log_loss(cy_train, m.predict_proba(cx_train))) for c, m in c_fits.items()}
c_val_loss = {c: float(log_loss(cy_val, m.predict_proba(cx_val))) for c, m in c_fits.items()}
best_c = min(C_VALUES, key=lambda c: c_val_loss[c])
c_p_right = {
    c: np.where(cy_val == 1, p, 1 - p) for c, p in ((c, m.predict_proba(cx_val)[:, 1]) for c, m in c_fits.items())
}
c_confidence = {c: float(np.mean(np.maximum(p, 1 - p))) for c, p in c_p_right.items()}  # mean top probability
c_confident_mistakes = {c: int(np.sum(p < 0.01)) for c, p in c_p_right.items()}  # under 1% for the true class

# %%
# 4. Double descent with random ReLU features
# -------------------------------------------
N_TRAIN, N_TEST, INPUTS, DRAWS, RIDGE = 60, 400, 8, 10, 1.0
fx, fy = make_friedman1(n_samples=N_TRAIN + N_TEST, n_features=INPUTS, noise=1.0, random_state=SEED)
fx = (fx - fx.mean(axis=0)) / fx.std(axis=0)
fy = (fy - fy.mean()) / fy.std()
fx_train, fx_test, fy_train, fy_test = fx[:N_TRAIN], fx[N_TRAIN:], fy[:N_TRAIN], fy[N_TRAIN:]
FEATURES = sorted(
    {*np.unique(np.geomspace(2, 10 * N_TRAIN, 22).round().astype(int)), N_TRAIN - 3, N_TRAIN, N_TRAIN + 3}
)

train_err = np.empty((DRAWS, len(FEATURES)))
test_err = np.empty_like(train_err)
ridge_err = np.empty_like(train_err)
weight_norm = np.empty_like(train_err)
for draw in range(DRAWS):
    projection = np.random.default_rng(SEED + 1 + draw).normal(size=(INPUTS, max(FEATURES))) / np.sqrt(INPUTS)
    all_train, all_test = np.maximum(fx_train @ projection, 0), np.maximum(fx_test @ projection, 0)
    for j, p in enumerate(FEATURES):  # the first p features of this draw: each model extends the last
        f_train, f_test = all_train[:, :p], all_test[:, :p]
        weights, *_ = np.linalg.lstsq(f_train, fy_train, rcond=None)  # minimum norm once p >= n
        train_err[draw, j] = mse(f_train @ weights, fy_train)
        test_err[draw, j] = mse(f_test @ weights, fy_test)
        weight_norm[draw, j] = np.linalg.norm(weights)
        ridge = f_train.T @ np.linalg.solve(f_train @ f_train.T + RIDGE * np.eye(N_TRAIN), fy_train)
        ridge_err[draw, j] = mse(f_test @ ridge, fy_test)
dd_train, dd_test, dd_ridge, dd_norm = (np.median(a, axis=0) for a in (train_err, test_err, ridge_err, weight_norm))
features = np.array(FEATURES)
under, over = features < N_TRAIN, features > N_TRAIN
peak = int(np.argmax(dd_test))
at_threshold = FEATURES.index(N_TRAIN)
best_under = int(np.flatnonzero(under)[np.argmin(dd_test[under])])
best_over = int(np.flatnonzero(over)[np.argmin(dd_test[over])])

# %%
# Plot: predicted against actual progression
# ------------------------------------------
import matplotlib.pyplot as plt  # noqa: E402

fig, ax = plt.subplots()
ax.scatter(dy_val, predicted, s=14, color=COLORS["blue"], linewidths=0, label="validation patients")
edges = [min(dy_val.min(), predicted.min()), max(dy_val.max(), predicted.max())]
ax.plot(edges, edges, color=COLORS["grey"], linestyle="--", linewidth=1.2, label="perfect prediction")
ax.axhline(dy_train.mean(), color=COLORS["orange"], linestyle=":", linewidth=1.5, label="baseline: training mean")
ax.set(
    xlabel="actual progression after one year",
    ylabel="predicted progression",
    title=f"Ten measurements, new patients: R² = {r2_all:.2f}",
)
ax.legend(loc="upper left", fontsize=9)
save_figure(fig, "predicted_vs_actual")

# %%
# Plot: the logistic curve
# ------------------------
fig, ax = plt.subplots()
s_grid = np.linspace(scores.min() - 1, scores.max() + 1, 400)
ax.plot(s_grid, 1 / (1 + np.exp(-s_grid)), color=COLORS["grey"], linewidth=2, label="sigmoid of the score")
jitter = rng.uniform(-0.03, 0.03, size=len(cy_val))
classes = [(0, "malignant (drawn at 0)", COLORS["orange"], "s"), (1, "benign (drawn at 1)", COLORS["blue"], "o")]
for label, name, colour, marker in classes:
    keep = cy_val == label
    ax.scatter(scores[keep], cy_val[keep] + jitter[keep], s=14, color=colour, marker=marker, linewidths=0, label=name)
wrong = p_right < 0.5
ax.scatter(
    scores[wrong],
    cy_val[wrong] + jitter[wrong],
    s=90,
    facecolors="none",
    edgecolors=COLORS["purple"],
    linewidths=1.5,
    label="misclassified",
)
ax.axvline(0, color=COLORS["grey"], linestyle=":", linewidth=1)
ax.set(
    xlabel="score w·x + b (standardised measurements)",
    ylabel="probability of benign",
    title="Logistic regression: score in, probability out",
)
ax.legend(loc="upper left", fontsize=9)
save_figure(fig, "logistic_curve")

# %%
# Plot: what C does to the weights and the loss
# ---------------------------------------------
fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.4, 5.6), sharex=True)
top.plot(C_VALUES, [c_weight_norm[c] for c in C_VALUES], color=COLORS["purple"], marker="o", markersize=4, linewidth=2)
top.set(
    yscale="log", ylabel="size of the weights\n(L2 norm, log scale)", title="Larger C: weaker penalty, larger weights"
)
bottom.plot(
    C_VALUES,
    [c_train_loss[c] for c in C_VALUES],
    color=COLORS["blue"],
    marker="o",
    markersize=4,
    linewidth=2,
    label="training",
)
bottom.plot(
    C_VALUES,
    [c_val_loss[c] for c in C_VALUES],
    color=COLORS["orange"],
    marker="o",
    markersize=4,
    linewidth=2,
    label="validation",
)
ring(bottom, best_c, c_val_loss[best_c], colour=COLORS["green"], label=f"best: C = {best_c:g}")
bottom.set(xscale="log", yscale="log", xlabel="C (log scale)", ylabel="cross-entropy (log scale)")
for axis in (top.yaxis, bottom.xaxis, bottom.yaxis):  # plain numbers, not powers of ten; no minor ticks
    axis.set_major_formatter("{x:g}")
    axis.set_minor_locator(plt.NullLocator())
bottom.legend(loc="lower left", fontsize=9)
fig.tight_layout()
save_figure(fig, "logistic_c")

# %%
# Plot: two penalties for the same probabilities
# ----------------------------------------------
fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.4, 6.0), sharex=True)
p_grid = np.linspace(0.002, 1, 500)
top.plot(p_grid, -np.log(p_grid), color=COLORS["orange"], linewidth=2, label="cross-entropy  −ln p")
top.plot(p_grid, (1 - p_grid) ** 2, color=COLORS["blue"], linewidth=2, label="squared error  (1 − p)²")
top.scatter(p_right, cross_entropy, s=14, color=COLORS["orange"], linewidths=0, zorder=3)
top.scatter(p_right, squared_error, s=14, color=COLORS["blue"], linewidths=0, zorder=3, label="validation tumours")
top.set(ylim=(0, 4), ylabel="penalty for one tumour", title="The price of a wrong answer")
top.legend(loc="upper right", fontsize=9)
bottom.plot(p_grid, 1 - p_grid, color=COLORS["orange"], linewidth=2, label="cross-entropy")
bottom.plot(p_grid, 2 * (1 - p_grid) ** 2 * p_grid, color=COLORS["blue"], linewidth=2, label="squared error")
bottom.scatter(p_right, pull_ce, s=14, color=COLORS["orange"], linewidths=0, zorder=3)
bottom.scatter(p_right, pull_se, s=14, color=COLORS["blue"], linewidths=0, zorder=3)
bottom.annotate(
    "worst validation\ntumour",
    (p_right[worst], pull_se[worst]),
    xytext=(30, -5),
    textcoords="offset points",
    fontsize=9,
    arrowprops={"arrowstyle": "->", "color": COLORS["grey"]},
)
bottom.set(
    xlabel="probability p the model gave to the correct class",
    ylabel="pull on the score\n|d penalty / d score|",
    title="How hard each penalty pushes the model to fix it",
)
bottom.legend(loc="upper right", fontsize=9)
fig.tight_layout()
save_figure(fig, "penalties")

# %%
# Plot: double descent
# --------------------
fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.4, 6.2), sharex=True, height_ratios=(1, 1.6))
for ax in (top, bottom):
    ax.axvline(N_TRAIN, color=COLORS["grey"], linestyle="--", linewidth=1.2)
top.plot(features, dd_train, color=COLORS["blue"], marker="o", markersize=3, linewidth=2, label="training error")
top.text(N_TRAIN * 1.08, dd_train.max() * 0.8, f"p = n = {N_TRAIN}:\nfits every\ntraining point", fontsize=9)
top.set(ylabel="training MSE", title="Minimum-norm least squares on p random features")
top.legend(loc="upper right", fontsize=9)
bottom.plot(
    features, dd_test, color=COLORS["orange"], marker="o", markersize=3, linewidth=2, label="test error, no penalty"
)
bottom.plot(
    features, dd_ridge, color=COLORS["green"], linestyle="--", linewidth=2, label=f"test error, ridge λ = {RIDGE:g}"
)
ring(bottom, features[best_under], dd_test[best_under], colour=COLORS["purple"], label="best with p < n")
ring(bottom, features[best_over], dd_test[best_over], colour=COLORS["blue"], label="best with p > n")
bottom.set(
    xscale="log",
    yscale="log",
    xlabel="number of random features p (log scale)",
    ylabel="test MSE (log scale)",
)
for axis in (bottom.xaxis, bottom.yaxis):
    axis.set_major_formatter("{x:g}")
    axis.set_minor_locator(plt.NullLocator())
bottom.legend(loc="upper right", fontsize=9)
fig.tight_layout()
save_figure(fig, "double_descent")

# %%
# Metrics
# -------
write_metrics(
    {
        # closed form
        "diabetes_patients": int(len(diabetes.target)),
        "diabetes_train": int(len(dy_train)),
        "diabetes_val": int(len(dy_val)),
        "normal_vs_sklearn": normal_vs_sklearn,
        "cond_diabetes": cond_diabetes,
        "cond_diabetes_gram": float(np.linalg.cond(design.T @ design)),
        "degree": DEGREE,
        "cond_powers": cond_powers,
        "cond_gram": cond_gram,
        "error_normal": error_normal,
        "error_lstsq": error_lstsq,
        # linear regression and MSE
        "mse_all": mse_all,
        "mse_bmi": mse_bmi,
        "mse_mean": mse_mean,
        "rmse_all": mse_all**0.5,
        "rmse_bmi": mse_bmi**0.5,
        "rmse_mean": mse_mean**0.5,
        "mae_all": mae_all,
        "r2_all": r2_all,
        "predicted_spread": float(np.std(predicted)),
        "actual_spread": float(np.std(dy_val)),
        "worst_count": worst_count,
        "worst_share": worst_share,
        # logistic regression and cross-entropy
        "cancer_train": int(len(cy_train)),
        "cancer_val": int(len(cy_val)),
        "logistic_accuracy": float(np.mean((p_benign > 0.5) == cy_val)),
        "logistic_log_loss": float(np.mean(cross_entropy)),
        "logistic_squared_error": float(np.mean(squared_error)),
        "logistic_iterations": int(logistic[-1].n_iter_[0]),
        "mistakes": mistakes,
        "worst_p": float(p_right[worst]),
        "worst_ce": float(cross_entropy[worst]),
        "worst_se": float(squared_error[worst]),
        "worst_pull_ce": float(pull_ce[worst]),
        "worst_pull_se": float(pull_se[worst]),
        "max_pull_se": 8 / 27,  # the squared-error pull peaks at p = 1/3
        "c_values": C_VALUES,
        "c_weight_norm": {f"{c:g}": v for c, v in c_weight_norm.items()},
        "c_train_loss": {f"{c:g}": v for c, v in c_train_loss.items()},
        "c_val_loss": {f"{c:g}": v for c, v in c_val_loss.items()},
        "best_c": best_c,
        "confidence_small_c": c_confidence[min(C_VALUES)],
        "confidence_default_c": c_confidence[1.0],
        "confident_mistakes_default_c": c_confident_mistakes[1.0],
        "confident_mistakes_large_c": c_confident_mistakes[max(C_VALUES)],
        "mistake_max_abs_score": float(np.abs(scores[p_right < 0.5]).max()),
        "max_abs_score": float(np.abs(scores).max()),
        "weight_norm_small_c": c_weight_norm[min(C_VALUES)],
        "weight_norm_default_c": c_weight_norm[1.0],
        "weight_norm_large_c": c_weight_norm[max(C_VALUES)],
        "val_loss_small_c": c_val_loss[min(C_VALUES)],
        "val_loss_best_c": c_val_loss[best_c],
        "val_loss_large_c": c_val_loss[max(C_VALUES)],
        "smallest_c": min(C_VALUES),
        "largest_c": max(C_VALUES),
        # double descent
        "dd_train_points": N_TRAIN,
        "dd_test_points": N_TEST,
        "dd_inputs": INPUTS,
        "dd_draws": DRAWS,
        "dd_ridge": RIDGE,
        "dd_features": features,
        "dd_train_error": dd_train,
        "dd_test_error": dd_test,
        "dd_ridge_error": dd_ridge,
        "dd_weight_norm": dd_norm,
        "dd_peak_features": int(features[peak]),
        "dd_peak_error": float(dd_test[peak]),
        "dd_threshold_error": float(dd_test[at_threshold]),
        "dd_threshold_ridge_error": float(dd_ridge[at_threshold]),
        "dd_best_under_features": int(features[best_under]),
        "dd_best_under_error": float(dd_test[best_under]),
        "dd_best_over_features": int(features[best_over]),
        "dd_best_over_error": float(dd_test[best_over]),
        "dd_largest_features": int(features[-1]),
        "dd_largest_error": float(dd_test[-1]),
        "dd_max_ridge_error": float(dd_ridge.max()),
        "dd_max_train_error_over": float(dd_train[features >= N_TRAIN].max()),
        "dd_train_error_before": float(dd_train[at_threshold - 1]),
        "dd_threshold_norm": float(dd_norm[at_threshold]),
        "dd_largest_norm": float(dd_norm[-1]),
        "dd_smallest_norm": float(dd_norm[0]),
    },
    claims=[
        # closed form: the normal equations agree with LinearRegression on real data ...
        "normal_vs_sklearn < 1e-9",
        "cond_diabetes < 1000",  # the diabetes design is well conditioned
        # forming X^T X squares the condition number
        "abs(cond_diabetes_gram / (cond_diabetes * cond_diabetes) - 1) < 0.1",
        "abs(cond_gram / (cond_powers * cond_powers) - 1) < 0.1",
        # ... but on an ill-conditioned problem they lose far more digits than lstsq
        "cond_gram > 1e14 and error_normal > 1e4 * error_lstsq and error_lstsq < 1e-6",
        # more information predicts better: all ten > BMI alone > the mean
        "mse_all < mse_bmi < mse_mean",
        "r2_all < 0.5",  # most of the variation stays unexplained
        "predicted_spread < actual_spread",  # predictions huddle closer to the average than the truth does
        "worst_share > 3 * 0.1",  # the worst tenth of patients carries over a third of the squared error
        # logistic regression: accurate, with a few mistakes
        "logistic_accuracy > 0.9 and mistakes >= 1 and logistic_iterations < 100",
        "mistake_max_abs_score < 0.2 * max_abs_score",  # the mistakes are close calls, near a score of zero
        # a strong penalty makes timid probabilities; a weak one, confident mistakes
        "confidence_small_c < confidence_default_c - 0.15",
        "confident_mistakes_large_c > confident_mistakes_default_c",
        # smaller C, smaller weights, at every step
        "c_weight_norm['0.001'] < c_weight_norm['0.01'] < c_weight_norm['0.1'] < c_weight_norm['1']",
        "c_weight_norm['1'] < c_weight_norm['10'] < c_weight_norm['100'] < c_weight_norm['1000']",
        # training loss keeps falling with C; validation loss is best inside the range
        "c_train_loss['1000'] < c_train_loss['100'] < c_train_loss['10'] < c_train_loss['1']",
        "c_train_loss['1'] < c_train_loss['0.1'] < c_train_loss['0.01'] < c_train_loss['0.001']",
        "smallest_c < best_c < largest_c and val_loss_best_c < val_loss_small_c and val_loss_best_c < val_loss_large_c",
        # the worst tumour: cross-entropy charges more than squared error, and pulls harder
        "worst_p < 0.2 and worst_ce > 2 * worst_se",
        "worst_pull_ce > 3 * worst_pull_se and worst_pull_se < 0.6 * max_pull_se",
        "worst_pull_ce > 0.8",  # close to cross-entropy's largest possible pull, 1
        "logistic_log_loss < 0.25 * 0.693",  # far below the ln 2 of a coin flip
        # double descent: the test error peaks at the interpolation threshold ...
        "dd_peak_features == dd_train_points",
        "dd_peak_error > 3 * dd_best_under_error",
        # ... where training error has just reached zero
        "dd_max_train_error_over < 1e-20 and dd_train_error_before > 0.001",
        # ... then descends again, below the best model with fewer features than points
        "dd_largest_error < dd_peak_error / 3 and dd_best_over_error < dd_best_under_error",
        "dd_best_over_features > 2 * dd_train_points",
        # the weights are largest at the threshold
        "dd_threshold_norm > 3 * dd_largest_norm and dd_threshold_norm > 10 * dd_smallest_norm",
        # a ridge penalty removes the peak
        "dd_threshold_ridge_error < dd_threshold_error / 3 and dd_max_ridge_error < dd_peak_error / 3",
        # with very few features the penalty barely matters: the two test curves start together
        "abs(dd_ridge_error[0] - dd_test_error[0]) < 0.05 * dd_test_error[0]",
    ],
    data=(
        "load_diabetes (442 patients), load_breast_cancer (569 tumours), "
        "make_friedman1 (460 points, 8 inputs, noise 1) and a synthetic degree-10 polynomial; seed 0"
    ),
)
