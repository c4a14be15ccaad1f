"""Three knobs on how closely a model can follow its data: SVM kernel, tree depth, training-set size.

Two generated two-dimensional problems (so the boundaries can be drawn) and
the handwritten digits that ship with scikit-learn serve three entries.

- SVM kernel: 400 points in two rings, one inside the other
  (``make_circles``, noise 0.15, fixed seed), half for training and half for
  validation. A support vector classifier is trained with a linear, a
  polynomial and an RBF kernel, all at ``C=1`` and ``gamma="scale"``. The
  polynomial kernel is degree 3 with ``coef0=1``; scikit-learn's default
  ``coef0=0`` is scored too. What to look for: a straight line cannot
  separate a ring from the ring around it and scores near a coin toss; the
  RBF kernel and the polynomial kernel with ``coef0=1`` draw a closed curve
  and score far higher; the default polynomial does much worse than either.
- Tree depth: two interleaving half-moons (``make_moons``, noise 0.4), 300
  points for training and 1,000 fresh points from the same generator for
  validation, so the validation curve is not at the mercy of a few points.
  A decision tree is grown with ``max_depth`` from 1 to 12. What to look
  for: training accuracy climbs almost to a perfect score as the tree deepens;
  validation accuracy peaks at a shallow depth and ends lower. The
  boundary plots show why: the deepest tree carves small boxes around single
  training points.
- Generalization: an RBF support vector classifier reads the digits (8x8
  images, 10 classes), learning from the first 40, 80, ... training images
  of one shuffled order, and is always scored on the same 500 test images.
  What to look for: the training score stays near perfect, the test score
  rises with more data, and the gap between them shrinks.
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.datasets import load_digits, make_circles, make_moons
from sklearn.model_selection import train_test_split
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier
from threadpoolctl import threadpool_limits

from _figure_helpers import COLORS, SEED, ring, save_figure, use_site_style, write_metrics

use_site_style()
threadpool_limits(limits=1)  # small fits: one thread is faster on a shared machine, and repeatable

# %%
# Data
# ----
X_rings, y_rings = make_circles(n_samples=400, noise=0.15, factor=0.5, random_state=SEED)
X_ring_train, X_ring_val, y_ring_train, y_ring_val = train_test_split(
    X_rings, y_rings, test_size=0.5, stratify=y_rings, random_state=SEED
)
X_moons, y_moons = make_moons(n_samples=1300, noise=0.4, random_state=SEED)
X_moon_train, X_moon_val, y_moon_train, y_moon_val = train_test_split(
    X_moons, y_moons, train_size=300, stratify=y_moons, random_state=SEED
)
digits = load_digits()
X_digit_pool, X_digit_test, y_digit_pool, y_digit_test = train_test_split(
    digits.data / 16.0, digits.target, test_size=500, stratify=digits.target, random_state=SEED
)

# %%
# Train: SVM kernels
# ------------------
kernels = {
    "linear": SVC(kernel="linear"),
    "polynomial": SVC(kernel="poly", degree=3, coef0=1),
    "RBF": SVC(kernel="rbf"),
}
kernel_scores = {}
for name, svm in kernels.items():
    svm.fit(X_ring_train, y_ring_train)
    kernel_scores[name] = (svm.score(X_ring_train, y_ring_train), svm.score(X_ring_val, y_ring_val))
default_poly = SVC(kernel="poly", degree=3).fit(X_ring_train, y_ring_train)  # coef0=0: only degree-3 terms
default_poly_val = default_poly.score(X_ring_val, y_ring_val)

# %%
# Train: tree depth
# -----------------
DEPTHS = np.arange(1, 13)
trees = {
    int(d): DecisionTreeClassifier(max_depth=int(d), random_state=SEED).fit(X_moon_train, y_moon_train) for d in DEPTHS
}
tree_train = np.array([trees[d].score(X_moon_train, y_moon_train) for d in trees])
tree_val = np.array([trees[d].score(X_moon_val, y_moon_val) for d in trees])
best_depth = int(DEPTHS[np.argmax(tree_val)])  # the shallowest of the best, if several tie
deepest = int(DEPTHS[-1])
reached_depth = {d: int(tree.get_depth()) for d, tree in trees.items()}
leaves = {d: int(tree.get_n_leaves()) for d, tree in trees.items()}
deepest_tree = trees[int(DEPTHS[-1])].tree_
is_leaf = deepest_tree.children_left == -1
single_point_leaves = int(np.sum(is_leaf & (deepest_tree.n_node_samples == 1)))  # a region for one training point
train_never_falls = bool(np.all(np.diff(tree_train) >= 0))

# %%
# Train: training-set size
# ------------------------
SIZES = [40, 80, 160, 320, 640, len(y_digit_pool)]
order = np.random.default_rng(SEED).permutation(len(y_digit_pool))
size_train, size_test = [], []
for size in SIZES:
    rows = order[:size]  # each training set contains the smaller ones
    svm = SVC().fit(X_digit_pool[rows], y_digit_pool[rows])
    size_train.append(svm.score(X_digit_pool[rows], y_digit_pool[rows]))
    size_test.append(svm.score(X_digit_test, y_digit_test))
size_train, size_test = np.array(size_train), np.array(size_test)
size_gap = size_train - size_test

# %%
# Plot: kernels
# -------------
import matplotlib.pyplot as plt  # noqa: E402


def grid_over(x, margin=0.3, steps=200):
    (x0, y0), (x1, y1) = x.min(axis=0) - margin, x.max(axis=0) + margin
    gx, gy = np.meshgrid(np.linspace(x0, x1, steps), np.linspace(y0, y1, steps))
    return gx, gy, np.column_stack([gx.ravel(), gy.ravel()])


def scatter_classes(ax, x, labels, names=(None, None)):
    for cls, colour, marker in ((0, COLORS["blue"], "o"), (1, COLORS["orange"], "^")):
        ax.scatter(*x[labels == cls].T, s=14, color=colour, marker=marker, alpha=0.7, linewidths=0, label=names[cls])


gx, gy, grid = grid_over(X_rings)
fig, ax = plt.subplots(figsize=(4.8, 5.4), layout="constrained")  # the legend stays inside 4.8 in
scatter_classes(ax, X_ring_train, y_ring_train, names=("outer ring", "inner ring"))
styles = {"linear": ("grey", "-"), "polynomial": ("purple", "--"), "RBF": ("green", "-")}
legend_names = {"linear": "linear", "polynomial": "poly, coef0=1", "RBF": "RBF"}
for name, svm in kernels.items():
    colour, linestyle = styles[name]
    ax.contour(
        gx,
        gy,
        svm.decision_function(grid).reshape(gx.shape),
        levels=[0],
        colors=[COLORS[colour]],
        linestyles=[linestyle],
        linewidths=2.2,
    )
    ax.plot(
        [],
        [],
        color=COLORS[colour],
        linestyle=linestyle,
        linewidth=2.2,
        label=f"{legend_names[name]}: {kernel_scores[name][1]:.2f}",
    )
ax.set(
    aspect="equal",
    xlabel="feature 1",
    ylabel="feature 2",
    title="Where each kernel draws the boundary",
)
ax.legend(
    title="training points, and each kernel's boundary:\nvalidation accuracy",
    loc="upper center",
    bbox_to_anchor=(0.5, -0.14),
    ncols=2,
)
save_figure(fig, "svm_kernels")

# %%
# Plot: accuracy against depth
# ----------------------------
fig, ax = plt.subplots(layout="constrained")
ax.plot(DEPTHS, tree_train, color=COLORS["blue"], linewidth=2, marker="o", markersize=4, label="training")
ax.plot(DEPTHS, tree_val, color=COLORS["orange"], linewidth=2, marker="o", markersize=4, label="validation")
ring(ax, best_depth, tree_val.max(), colour=COLORS["orange"], label=f"best validation: depth {best_depth}", size=12)
ax.set(
    xticks=DEPTHS,
    ylim=(0.66, 1.01),
    xlabel="max_depth",
    ylabel="accuracy",
    title="A deeper tree fits its training points better,\nnot new ones",
)
ax.legend(loc="lower right")
save_figure(fig, "tree_depth")

# %%
# Plot: boundaries at two depths
# ------------------------------
gx, gy, grid = grid_over(X_moons, margin=0.2)
fig, axes = plt.subplots(2, 1, figsize=(4.8, 6.4), sharex=True)
for ax, depth in zip(axes, (best_depth, deepest), strict=True):
    region = trees[depth].predict(grid).reshape(gx.shape)
    ax.contourf(gx, gy, region, levels=[-0.5, 0.5, 1.5], colors=[COLORS["blue"], COLORS["orange"]], alpha=0.15)
    scatter_classes(ax, X_moon_train, y_moon_train)
    ax.set(
        ylabel="feature 2",
        title=f"max_depth={depth}: {leaves[depth]} leaves, validation accuracy {tree_val[depth - 1]:.2f}",
    )
axes[-1].set(xlabel="feature 1")
save_figure(fig, "tree_boundaries")

# %%
# Plot: training-set size
# -----------------------
fig, ax = plt.subplots()
ax.plot(SIZES, size_train, color=COLORS["blue"], linewidth=2, marker="o", markersize=4, label="training images")
ax.plot(SIZES, size_test, color=COLORS["orange"], linewidth=2, marker="o", markersize=4, label="500 test images")
ax.fill_between(SIZES, size_test, size_train, color=COLORS["grey"], alpha=0.15, label="generalization gap")
ax.set(
    xscale="log",
    xticks=SIZES,
    xlabel="number of training images (log scale)",
    ylabel="accuracy",
    title="The same model, more and more training data",
)
ax.xaxis.set_major_formatter(plt.matplotlib.ticker.ScalarFormatter())
ax.xaxis.set_minor_formatter(plt.matplotlib.ticker.NullFormatter())
ax.legend(loc="lower right")
save_figure(fig, "generalization_gap")

# %%
# Metrics
# -------
write_metrics(
    {
        # SVM kernels
        "ring_train": len(y_ring_train),
        "ring_val": len(y_ring_val),
        "kernel_train": {name: scores[0] for name, scores in kernel_scores.items()},
        "kernel_val": {name: scores[1] for name, scores in kernel_scores.items()},
        "default_poly_val": default_poly_val,
        "support_vectors": {name: int(svm.n_support_.sum()) for name, svm in kernels.items()},
        # tree depth
        "moon_train": len(y_moon_train),
        "moon_val": len(y_moon_val),
        "depths": DEPTHS,
        "tree_train": tree_train,
        "tree_val": tree_val,
        "best_depth": best_depth,
        "best_depth_val": tree_val.max(),
        "best_depth_train": tree_train[best_depth - 1],
        "deepest": deepest,
        "deepest_train": tree_train[-1],
        "deepest_val": tree_val[-1],
        "depth1_train": tree_train[0],
        "depth1_val": tree_val[0],
        "reached_depth_deepest": reached_depth[deepest],
        "leaves_best": leaves[best_depth],
        "leaves_deepest": leaves[deepest],
        "single_point_leaves": single_point_leaves,
        "train_never_falls": train_never_falls,
        # generalization
        "sizes": SIZES,
        "digit_test": len(y_digit_test),
        "size_train": size_train,
        "size_test": size_test,
        "size_gap": size_gap,
        "gap_smallest": size_gap[0],
        "gap_largest": size_gap[-1],
        "test_smallest": size_test[0],
        "test_largest": size_test[-1],
        "train_min": size_train.min(),
        "gap_never_grows": bool(np.all(np.diff(size_gap) <= 0)),
        "test_never_falls": bool(np.all(np.diff(size_test) >= 0)),
    },
    claims=[
        # kernels: the straight line is near chance; the curved kernels are far better
        "abs(kernel_val.linear - 0.5) < 0.1",
        "kernel_val.RBF > kernel_val.linear + 0.3",
        "kernel_val.polynomial > kernel_val.linear + 0.3",
        "default_poly_val < kernel_val.polynomial - 0.2 and default_poly_val < kernel_val.RBF - 0.2",
        # tree depth: training climbs to perfect, validation peaks inside and ends lower
        "deepest_train > 0.99 and deepest_train == max(tree_train)",
        "1 < best_depth < deepest",
        "deepest_val < best_depth_val - 0.01",
        "depth1_val < best_depth_val - 0.05 and depth1_train < best_depth_train",
        "leaves_deepest > 2 * leaves_best",
        "train_never_falls",
        "single_point_leaves >= leaves_deepest / 4",
        # generalization: training stays high, test rises, the gap shrinks
        "train_min > 0.9",
        "test_largest > test_smallest + 0.2",
        "gap_largest < gap_smallest / 5",
        "gap_never_grows and test_never_falls",
        "gap_largest < 0.03",
    ],
    data=(
        "two rings (make_circles, 400 points); two half-moons (make_moons, 1,300 points); "
        "digits (scikit-learn load_digits, 1,797 images)"
    ),
)
