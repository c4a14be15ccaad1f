"""Grid search against random search, with the same budget.

An RBF support-vector classifier has two hyperparameters that interact: ``C``
(the price of each training point left inside the margin or on the wrong
side) and ``gamma`` (how fast the kernel's similarity between two points fades
with their distance). We tune both on 300 tumours drawn (stratified,
seeded) from the breast-cancer data that ships with scikit-learn, each
candidate scored by the same 3-fold stratified cross-validation (accuracy).
The search box is ``C`` from 0.01 to 10,000 and ``gamma`` from 0.000001 to 1,
both on log scales.

The background is a dense map of that box: 9 x 9 combinations evenly spaced
in log ``C`` and log ``gamma``, each scored by cross-validation. A real search
cannot afford such a map; it gets a budget. Here both searches get 9
evaluations:

- grid search tries every combination of 3 values per hyperparameter, each in
  the middle of one third of the log range (C = 0.1, 10, 1000; gamma = 0.00001,
  0.001, 0.1);
- random search draws 9 combinations, each hyperparameter log-uniformly over
  the whole box, with a fixed seed.

The other 269 tumours are a test set: each search's winner is
refitted on the 300 and scored there once.

What to look for: the good region is a diagonal band (a larger ``C`` makes up
for a smaller ``gamma``): along the map's rows, the best ``C`` moves up as
``gamma`` moves down (``band_slope``, the slope of log best ``C`` against log
``gamma`` over the rows the band crosses, is negative). The grid tries only 3 distinct values of each
hyperparameter, three times over; the random points try 9 distinct values of
each, so they probe the band in more places. With so small a budget either
search can come out ahead on a given seed, and the winner by cross-validation
need not be the winner on the test set: the figure shows where each search
looked, not a verdict.
"""

# %%
# Setup
# -----
import numpy as np
from scipy.stats import loguniform
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import (
    GridSearchCV,
    RandomizedSearchCV,
    StratifiedKFold,
    cross_val_score,
    train_test_split,
)
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

from _figure_helpers import COLORS, SEED, save_figure, use_site_style, write_metrics

use_site_style()
rng = np.random.default_rng(SEED)  # unused: each split and search below carries its own seed

# %%
# Data
# ----
# 300 tumours keep the 81-cell map cheap; the rest are held back as a test set.
N_SAMPLES = 300
cancer = load_breast_cancer()
X, X_test, y, y_test = train_test_split(
    cancer.data, cancer.target, train_size=N_SAMPLES, stratify=cancer.target, random_state=SEED
)


def svm() -> Pipeline:
    return make_pipeline(StandardScaler(), SVC(kernel="rbf", random_state=SEED))


folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=SEED)

# %%
# Train: the dense map (what no search gets to see)
# -------------------------------------------------
C_RANGE = (1e-2, 1e4)
GAMMA_RANGE = (1e-6, 1e0)
MAP_STEPS = 9
map_c = np.logspace(np.log10(C_RANGE[0]), np.log10(C_RANGE[1]), MAP_STEPS)
map_gamma = np.logspace(np.log10(GAMMA_RANGE[0]), np.log10(GAMMA_RANGE[1]), MAP_STEPS)
score_map = np.array(
    [
        [cross_val_score(svm().set_params(svc__C=c, svc__gamma=g), X, y, cv=folds).mean() for c in map_c]
        for g in map_gamma
    ]
)  # rows: gamma, columns: C

# %%
# Train: grid search and random search, 9 evaluations each
# --------------------------------------------------------
GRID_C = [1e-1, 1e1, 1e3]
GRID_GAMMA = [1e-5, 1e-3, 1e-1]
budget = len(GRID_C) * len(GRID_GAMMA)

grid_search = GridSearchCV(
    svm(), {"svc__C": GRID_C, "svc__gamma": GRID_GAMMA}, cv=folds, scoring="accuracy", n_jobs=1
).fit(X, y)
random_search = RandomizedSearchCV(
    svm(),
    {"svc__C": loguniform(*C_RANGE), "svc__gamma": loguniform(*GAMMA_RANGE)},
    n_iter=budget,
    cv=folds,
    scoring="accuracy",
    n_jobs=1,
    random_state=SEED,
).fit(X, y)


# %%
# Evaluate
# --------
def tried(search: GridSearchCV | RandomizedSearchCV) -> list[list[float]]:
    """Every point a search evaluated, as [C, gamma, mean CV accuracy]."""
    results = search.cv_results_
    return [
        [float(p["svc__C"]), float(p["svc__gamma"]), float(s)]
        for p, s in zip(results["params"], results["mean_test_score"], strict=True)
    ]


grid_points, random_points = tried(grid_search), tried(random_search)
best = {
    name: {
        "c": float(search.best_params_["svc__C"]),
        "gamma": float(search.best_params_["svc__gamma"]),
        "score": float(search.best_score_),
        "test": float(search.score(X_test, y_test)),
    }
    for name, search in (("grid", grid_search), ("random", random_search))
}
map_best_row, map_best_col = np.unravel_index(int(np.argmax(score_map)), score_map.shape)

# The diagonal band: for each value of gamma whose row comes within BAND_MARGIN of the
# map's best score, the C that scores best in that row; then the slope of log C against log gamma.
BAND_MARGIN = 0.02
band_rows = [row for row in range(MAP_STEPS) if score_map[row].max() >= score_map.max() - BAND_MARGIN]
band_best_c = [float(map_c[int(np.argmax(score_map[row]))]) for row in band_rows]
band_slope = float(np.polyfit(np.log10(map_gamma[band_rows]), np.log10(band_best_c), 1)[0])
# Points a search spent well outside the band: more than OFF_BAND below the map's best score.
OFF_BAND = 0.05
off_band = {
    name: sum(p[2] < score_map.max() - OFF_BAND for p in pts)
    for name, pts in (("grid", grid_points), ("random", random_points))
}

# %%
# Plot
# ----
import matplotlib.pyplot as plt  # noqa: E402


def cell_edges(centres: np.ndarray) -> np.ndarray:
    """Cell borders halfway (in log space) between the map's sample points."""
    logs = np.log10(centres)
    half = (logs[1] - logs[0]) / 2
    return 10 ** np.concatenate([logs - half, [logs[-1] + half]])


fig, ax = plt.subplots(figsize=(4.4, 4.8))  # the colour bar and its label take the rest of the width
# Thin edges in each cell's own colour hide the hairline seams that some SVG
# renderers leave between neighbouring cells.
mesh = ax.pcolormesh(
    cell_edges(map_c),
    cell_edges(map_gamma),
    score_map,
    cmap="viridis",
    shading="flat",
    edgecolors="face",
    linewidth=0.5,
)
colourbar = fig.colorbar(mesh, ax=ax, pad=0.02)
colourbar.set_label("mean CV accuracy (9 x 9 map)")
colourbar.outline.set_visible(False)

searches = [
    ("grid", grid_points, "s", COLORS["orange"]),
    ("random", random_points, "o", COLORS["blue"]),
]
for name, points, marker, colour in searches:
    cs, gammas, _ = np.array(points).T
    ax.scatter(
        cs,
        gammas,
        marker=marker,
        s=55,
        color=colour,
        edgecolors="white",
        linewidths=1.2,
        zorder=3,
        label=f"{name} search (best {best[name]['score']:.3f})",
    )
    ax.scatter(
        [best[name]["c"]],
        [best[name]["gamma"]],
        marker=marker,
        s=190,
        color=colour,
        edgecolors="white",
        linewidths=2.5,
        zorder=4,
    )
ax.scatter(
    [],
    [],
    marker="o",
    s=190,
    color=COLORS["grey"],
    edgecolors="white",
    linewidths=2.5,
    label="large: each search's best",
)
ax.set(xscale="log", yscale="log", xlabel="C", ylabel="gamma", title=f"Same budget: {budget} evaluations each")
ax.grid(False)
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), handletextpad=0.3)
save_figure(fig, "search")

# %%
# Metrics
# -------
write_metrics(
    {
        "data_samples": N_SAMPLES,
        "test_samples": int(y_test.size),
        "cv_folds": folds.get_n_splits(),
        "budget": budget,
        "c_range": list(C_RANGE),
        "gamma_range": list(GAMMA_RANGE),
        "map_steps": MAP_STEPS,
        "map_c": map_c,
        "map_gamma": map_gamma,
        "score_map": score_map,  # rows follow map_gamma, columns map_c
        "map_best_score": float(score_map.max()),
        "map_best_c": float(map_c[map_best_col]),
        "map_best_gamma": float(map_gamma[map_best_row]),
        "map_worst_score": float(score_map.min()),
        "grid_points": grid_points,
        "random_points": random_points,
        "grid_best_c": best["grid"]["c"],
        "grid_best_gamma": best["grid"]["gamma"],
        "grid_best_score": best["grid"]["score"],
        "grid_test_score": best["grid"]["test"],
        "random_best_c": best["random"]["c"],
        "random_best_gamma": best["random"]["gamma"],
        "random_best_score": best["random"]["score"],
        "random_test_score": best["random"]["test"],
        "grid_distinct_c": len({p[0] for p in grid_points}),
        "random_distinct_c": len({p[0] for p in random_points}),
        "grid_distinct_gamma": len({p[1] for p in grid_points}),
        "random_distinct_gamma": len({p[1] for p in random_points}),
        "band_margin": BAND_MARGIN,
        "band_gammas": [float(map_gamma[row]) for row in band_rows],
        "band_best_c": band_best_c,
        "band_rows": len(band_rows),
        "band_slope": band_slope,
        "band_first_gamma": float(map_gamma[band_rows[0]]),
        "band_first_c": band_best_c[0],
        "band_last_gamma": float(map_gamma[band_rows[-1]]),
        "band_last_c": band_best_c[-1],
        "off_band_margin": OFF_BAND,
        "off_band_points": round(OFF_BAND * 100),
        "grid_points_off_band": off_band["grid"],
        "random_points_off_band": off_band["random"],
    },
    claims=[
        "len(grid_points) == budget and len(random_points) == budget",  # same budget for both
        "grid_distinct_c < random_distinct_c",  # random search tries more distinct values of C...
        "grid_distinct_gamma < random_distinct_gamma",  # ...and of gamma
        # The good settings form a diagonal band: the best C rises as gamma falls, over several rows.
        "band_rows >= 3 and band_slope < -0.5",
        "band_first_gamma < band_last_gamma and band_first_c > band_last_c",  # the ends of the band, as quoted
        "grid_points_off_band >= 3",  # the axis-aligned grid spends several points well off the band
    ],
    data="breast cancer Wisconsin (scikit-learn load_breast_cancer): 300 tumours for search, 269 for test",
)
