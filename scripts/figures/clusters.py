"""Choosing the number of clusters: inertia and silhouette against k.

k-means needs the number of clusters ``k`` before it starts: it is a
hyperparameter, and with no labels there is no validation accuracy to pick
it by. Two common guides are computed here for every ``k`` from 2 to 10:

- *inertia*: the sum of squared distances from each point to its cluster's
  centre. It can only go down as ``k`` grows (more centres, shorter
  distances), so one looks for the *elbow*, the ``k`` after which an extra
  cluster buys little. We locate it as the ``k`` where the drop from ``k - 1``
  to ``k`` is largest compared with the drop from ``k`` to ``k + 1``.
- *silhouette score*: for each point, how much closer it sits to its own
  cluster than to the nearest other one, averaged over all points; from -1 to
  1, higher is better. We take the ``k`` with the highest score.

The data are 500 points in two dimensions drawn around 4 centres with
scikit-learn's ``make_blobs`` (spread 1.0, fixed seed), so the right answer is
known. Each k-means run keeps the best of 10 starts, with a fixed seed.

What to look for: inertia keeps falling, steeply up to the number of centres
the data were drawn from and slowly after it (the elbow); the silhouette
score peaks at that same number.
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

from _figure_helpers import COLORS, SEED, ring, save_figure, use_site_style, write_metrics

use_site_style()
rng = np.random.default_rng(SEED)  # unused: make_blobs and KMeans carry their own seed

# %%
# Data
# ----
TRUE_K = 4
N_SAMPLES = 500
CLUSTER_STD = 1.0
X, _ = make_blobs(n_samples=N_SAMPLES, centers=TRUE_K, cluster_std=CLUSTER_STD, random_state=SEED)

# %%
# Train: one k-means per k
# ------------------------
# k-means adds up per-thread partial sums; with one thread the order of those
# additions, and so the last digits of every result, is the same on every run,
# whether or not the caller has limited the threads.
K_VALUES = np.arange(2, 11)
inertias, silhouettes = [], []
with threadpool_limits(limits=1, user_api="openmp"):
    for k in K_VALUES:
        kmeans = KMeans(n_clusters=int(k), n_init=10, random_state=SEED).fit(X)
        inertias.append(float(kmeans.inertia_))
        silhouettes.append(float(silhouette_score(X, kmeans.labels_)))
inertias, silhouettes = np.array(inertias), np.array(silhouettes)

# %%
# Evaluate
# --------
best_index = int(np.argmax(silhouettes))
best_k_silhouette = int(K_VALUES[best_index])
drops = -np.diff(inertias)  # drops[i]: inertia saved going from K_VALUES[i] to K_VALUES[i + 1]
elbow_ratio = drops[:-1] / drops[1:]  # for K_VALUES[1:-1]: drop into k over drop out of k
elbow_index = 1 + int(np.argmax(elbow_ratio))
elbow_k = int(K_VALUES[elbow_index])
inertia_decreasing = bool(np.all(drops > 0))

# %%
# Plot
# ----
import matplotlib.pyplot as plt  # noqa: E402

fig, (top, bottom) = plt.subplots(2, 1, figsize=(4.8, 5.0), sharex=True)
top.plot(K_VALUES, inertias, color=COLORS["blue"], marker="o", markersize=5, linewidth=2)
ring(top, elbow_k, inertias[elbow_index], colour=COLORS["orange"], label=f"elbow: k = {elbow_k}", size=12)
top.set(ylabel="inertia", title=f"k-means on {N_SAMPLES} points drawn around {TRUE_K} centres")
top.legend(loc="upper right")

bottom.plot(K_VALUES, silhouettes, color=COLORS["green"], marker="o", markersize=5, linewidth=2)
ring(
    bottom,
    best_k_silhouette,
    silhouettes[best_index],
    colour=COLORS["orange"],
    label=f"best: k = {best_k_silhouette}",
    size=12,
)
bottom.set(xlabel="number of clusters k", ylabel="silhouette score", xticks=K_VALUES)
bottom.legend(loc="upper right")
for ax in (top, bottom):
    ax.margins(y=0.15)  # room for the rings at the extremes
fig.align_ylabels([top, bottom])
save_figure(fig, "choosing_k")

# %%
# Metrics
# -------
write_metrics(
    {
        "n_samples": N_SAMPLES,
        "cluster_std": CLUSTER_STD,
        "true_k": TRUE_K,
        "k_values": K_VALUES,
        "inertias": inertias,
        "silhouettes": silhouettes,
        "best_k_silhouette": best_k_silhouette,
        "best_silhouette": float(silhouettes[best_index]),
        "elbow_k": elbow_k,
        "inertia_decreasing": inertia_decreasing,
    },
    claims=[
        "best_k_silhouette == true_k",  # the silhouette recovers the number of centres
        "elbow_k == true_k",  # and so does the elbow rule
        "inertia_decreasing",  # more clusters never raise the inertia
        "inertias[0] > inertias[-1]",
    ],
    data=f"synthetic: make_blobs, {N_SAMPLES} points, {TRUE_K} centres, spread {CLUSTER_STD}, seed {SEED}",
)
