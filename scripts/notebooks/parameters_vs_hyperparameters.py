# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Parameters against hyperparameters in one model
#
# Every trained model holds two kinds of numbers. Some you choose before
# training starts: these are [[hyperparameter|hyperparameters]]. The others
# are filled in by training itself, from the data: these are
# [[parameter|parameters]].
#
# In this walkthrough we build one small model, look at both kinds of number
# side by side, and then turn one dial to see the learned numbers move.
#
# scikit-learn keeps the two apart by a naming rule, which makes the
# difference easy to see in code:
#
# - hyperparameters are the arguments you pass when you create the model, and
#   `get_params()` lists them;
# - learned parameters appear only after `fit()`, as attributes whose names
#   end in an underscore, such as `coef_`.

# %% [markdown]
# ## The data
#
# We use the diabetes data that ships with scikit-learn: ten measurements
# for each of 442 patients (age, sex, body-mass index, blood pressure and six
# blood tests), and a number that says how far the disease had progressed a
# year later. The measurements come already centred and scaled, so each
# coefficient we learn is on a comparable footing.
#
# We keep a quarter of the patients aside to check the model on people it
# did not learn from. The split is seeded, so every run picks the same
# patients.

# %%
import numpy as np
from sklearn.base import clone
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Ridge
from sklearn.model_selection import train_test_split

SEED = 0

diabetes = load_diabetes()
features = diabetes.feature_names
X_train, X_test, y_train, y_test = train_test_split(
    diabetes.data,
    diabetes.target,
    test_size=0.25,
    random_state=SEED,
)
print(f"{len(X_train)} training patients, {len(X_test)} test patients, {len(features)} measurements each")
print("measurements:", ", ".join(features))

# %% [markdown]
# ## Choosing the hyperparameters
#
# Our model is ridge regression: a weighted sum of the ten measurements plus
# a constant, where a penalty keeps the weights from growing large. How hard
# that penalty pushes is the hyperparameter `alpha`. It is a form of
# [[regularization]]: a larger `alpha` trades a closer fit to the training
# data for a simpler, steadier model.
#
# We set `alpha` when we create the model. At this point nothing has been
# learned yet: the model is only a recipe.

# %%
model = Ridge(alpha=0.01)

for name, value in sorted(model.get_params().items()):
    print(f"{name:>14} = {value!r}")

print("\nLearned anything yet?", hasattr(model, "coef_"))

# %% [markdown]
# Every line above is a setting we could have chosen differently. Most keep
# their default values, which is also a choice, made for us by the library's
# authors.

# %% [markdown]
# ## Training fills in the parameters
#
# `fit()` looks at the training patients and finds the weights that make the
# penalised squared error as small as possible. Afterwards the model carries
# new attributes. We list every public one that ends in an underscore.

# %%
model.fit(X_train, y_train)

learned = sorted(name for name in vars(model) if name.endswith("_") and not name.startswith("_"))
for name in learned:
    value = getattr(model, name)
    if isinstance(value, np.ndarray):
        print(f"{name:>14}: array of shape {value.shape}")
    elif isinstance(value, np.generic):
        print(f"{name:>14}: {value.item()!r}")  # a NumPy number, shown as a plain Python one
    else:
        print(f"{name:>14}: {value!r}")

# %% [markdown]
# Not everything with an underscore is a parameter in the strict sense:
#
# - `coef_` and `intercept_` are the model's parameters: one weight per
#   measurement and one constant. Predictions are made from these numbers
#   alone.
# - `n_features_in_` is bookkeeping: how many columns the model saw, so that
#   it can refuse data of the wrong shape later.
# - `solver_` records which algorithm was actually used. The hyperparameter
#   `solver="auto"` asked the library to pick one; this is what it picked.
# - `n_iter_` counts the steps taken by solvers that work step by step. A
#   direct solver such as `"cholesky"` solves the problem in one go and
#   leaves it as `None`.
#
# Here are the learned weights, one per measurement.

# %%
for name, weight in zip(features, model.coef_, strict=True):
    print(f"{name:>4}: {weight:8.2f}")
print(f"intercept: {model.intercept_:.2f}")

# %% [markdown]
# We can check that these numbers really are the whole model: the prediction
# for a patient is the weighted sum of their measurements plus the
# intercept, nothing more.

# %%
by_hand = X_test @ model.coef_ + model.intercept_
matches = bool(np.allclose(by_hand, model.predict(X_test)))
print("prediction by hand matches predict():", matches)

# %% [markdown]
# ## Turning one dial
#
# Now we make a copy of the model with thirty times the penalty and
# train it on exactly the same patients. The only difference between the
# two models is one hyperparameter; `clone()` copies the settings but none of
# the learned numbers.

# %%
strong = clone(model).set_params(alpha=0.3)
before, after = model.get_params(), strong.get_params()
changed = {k: (v, after[k]) for k, v in before.items() if after[k] != v}
print("settings that differ:", changed)

strong.fit(X_train, y_train)

print(f"\n{'':>9} {'alpha=' + str(model.alpha):>10} {'alpha=' + str(strong.alpha):>10}")
for name, weak_w, strong_w in zip(features, model.coef_, strong.coef_, strict=True):
    print(f"{name:>9} {weak_w:10.2f} {strong_w:10.2f}")
print(f"{'L2 norm':>9} {np.linalg.norm(model.coef_):10.1f} {np.linalg.norm(strong.coef_):10.1f}")
print(f"{'sum of |w|':>9} {np.abs(model.coef_).sum():10.1f} {np.abs(strong.coef_).sum():10.1f}")
print(f"{'train R²':>9} {model.score(X_train, y_train):10.3f} {strong.score(X_train, y_train):10.3f}")
print(f"{'test R²':>9} {model.score(X_test, y_test):10.3f} {strong.score(X_test, y_test):10.3f}")

# %% [markdown]
# Same data, same code, different weights: the hyperparameter shapes what
# training is able to learn. Ridge's penalty is the sum of the squared
# weights, so what the stronger penalty is sure to shrink is the L2 norm,
# the square root of that sum (the row `L2 norm`). Single weights need not
# follow: one may grow while others give way, and so the plain sum of their
# sizes (the row below it) is not guaranteed to fall.
#
# The last two rows score both models with R², where 1 means perfect
# predictions and 0 means no better than always guessing the average. On
# the training patients the weaker penalty can never lose, because fitting
# those patients closely is exactly what it is free to do. On the test
# patients, who played no part in training, either model may come out
# ahead: that is the question a penalty is there to answer.

# %% [markdown]
# ## The whole range at once
#
# To see the effect of `alpha` across many values, we train one model per
# value, from almost no penalty to a very strong one. The top panel draws
# each learned weight as a line: three measurements are coloured, the other
# seven are grey. The bottom panel shows the two R² scores for the same
# models. Dotted lines mark the two models we trained above.

# %%
import matplotlib.pyplot as plt

alphas = np.logspace(-3, 3, 40)
fits = [clone(model).set_params(alpha=a).fit(X_train, y_train) for a in alphas]
paths = np.array([fit.coef_ for fit in fits])
highlight = {"bmi": "body-mass index", "s5": "blood test s5", "bp": "blood pressure"}

fig, (top, bottom) = plt.subplots(2, 1, figsize=(4.8, 6.4), sharex=True, height_ratios=[3, 2])
for column, name in enumerate(features):
    if name in highlight:
        top.plot(alphas, paths[:, column], linewidth=2, label=highlight[name])
    else:
        top.plot(alphas, paths[:, column], linewidth=0.8, color="#8a8a8a", alpha=0.7)
top.axhline(0, color="#6b6b6b", linewidth=0.8)
top.set(ylabel="learned weight", title="One hyperparameter, ten learned weights")
top.set_ylim(top=paths.max() * 1.8)  # room for the legend above the curves
top.legend(loc="upper right")

bottom.plot(alphas, [fit.score(X_train, y_train) for fit in fits], linewidth=2, label="training patients")
bottom.plot(alphas, [fit.score(X_test, y_test) for fit in fits], linewidth=2, label="test patients")
bottom.set(xscale="log", xlabel="alpha (penalty strength, log scale)", ylabel="R²")
bottom.legend(loc="lower left")
for axis in (top, bottom):
    for chosen in (model.alpha, strong.alpha):
        axis.axvline(chosen, linestyle=":", linewidth=1, color="#6b6b6b")
plt.show()

# %% [markdown]
# Reading the picture from left to right: with almost no penalty the weights
# are whatever fits the training patients best; as `alpha` grows they are
# squeezed towards zero, some sooner than others, until the model predicts
# little more than the average (a training R² near 0). Their L2 norm falls
# at every step along the way.
#
# The training score only ever falls as the penalty grows. So the best
# `alpha` cannot be read off the training data: it needs data the model did
# not train on. Picking it by the test score would not do either, because
# then the test set would stop being a fair final check. The usual answer
# is [[cross-validation]] inside the training data, driven by a search such
# as [[grid-search]]; the walkthrough "Tune a model end to end" does exactly
# that.
#
# The same split shows up in the simplest model of all. In the glossary's
# [[parameter]] entry a straight line is fitted to one feature of this data
# set, body-mass index; its slope ({{ regression_fit.slope:.2f }}) and
# intercept ({{ regression_fit.intercept:.1f }}) are learned, the learning
# rate that found them is chosen:
#
# ![Scatter of body-mass index against disease progression with two coinciding fitted lines, one exact and one from gradient descent](figure:regression_fit/fit.svg "Two parameters learned twice, by least squares and by gradient descent.")

# %% [markdown]
# ## What the build checks
#
# The site runs this notebook again whenever it changes, and the build
# stops if a sentence above no longer describes the run. Each such sentence
# is written below as a claim over numbers computed above.

# %%
path_norms = np.linalg.norm(paths, axis=1)
train_scores = [fit.score(X_train, y_train) for fit in fits]
CLAIMS = {
    "values": {
        "by_hand_matches": matches,
        "norm_weak": np.linalg.norm(model.coef_),
        "norm_strong": np.linalg.norm(strong.coef_),
        "train_r2_weak": model.score(X_train, y_train),
        "train_r2_strong": strong.score(X_train, y_train),
        "path_norm_steps_up": int(np.sum(np.diff(path_norms) >= 0)),
        "train_score_steps_up": int(np.sum(np.diff(train_scores) > 0)),
        "train_r2_strongest": train_scores[-1],
        "train_r2_weakest": train_scores[0],
    },
    "claims": [
        "by_hand_matches",  # the weights and the intercept are the whole model
        "norm_strong < norm_weak",  # the stronger penalty shrinks the L2 norm
        "train_r2_weak > train_r2_strong",  # on the training patients the weaker penalty cannot lose
        "path_norm_steps_up == 0",  # along the whole range, the L2 norm falls at every step
        "train_score_steps_up == 0",  # the training score only ever falls as the penalty grows
        # at the strongest penalty: little more than the average
        "train_r2_strongest < 0.1 < train_r2_weakest",
    ],
}
