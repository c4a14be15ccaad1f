"""Number of clusters, as a dial: k-means with k from 1 to 14 on points drawn around 4 centres.

The data are those of ``clusters.py``: 500 points in two dimensions drawn
around 4 centres with scikit-learn's ``make_blobs`` (spread 1.0, fixed seed),
so the right answer is known. Each position of the dial is one k-means run
(best of 10 starts, fixed seed) with that many clusters. We draw which cluster
each point joins and where the centres land, and quote two guides to k:

- *inertia*: the sum of squared distances from each point to its centre. It
  only goes down as k grows; one looks for the elbow where it stops dropping
  fast.
- *silhouette score*: how much closer each point sits to its own cluster than
  to the nearest other one, averaged over the points (from -1 to 1, higher is
  better; it needs at least two clusters).

The default position is the k with the highest silhouette score. Clusters are
numbered from left to right (by their centre), so a colour stays on roughly the
same region as k changes; with more than six clusters, colours repeat.

What to look for: with too few clusters k-means merges groups that are plainly
apart; with too many it cuts real groups into slices. Inertia falls steeply up
to 4 and slowly after; the silhouette score peaks at 4.
"""

# %%
# Setup
# -----
import numpy as np
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

from _figure_helpers import (
    SEED,
    axis,
    curve,
    dots,
    encode_classes,
    mark,
    panel,
    use_site_style,
    write_metrics,
    write_sweep,
)

use_site_style()

# %%
# Data (as in clusters.py)
# ------------------------
TRUE_K = 4
N_SAMPLES = 500
CLUSTER_STD = 1.0
X, _ = make_blobs(n_samples=N_SAMPLES, centers=TRUE_K, cluster_std=CLUSTER_STD, random_state=SEED)

# %%
# Train: one k-means per k
# ------------------------
# One thread, so that the order of k-means' additions (and the last digits) never changes.
K_VALUES = list(range(1, 15))
runs = []
with threadpool_limits(limits=1, user_api="openmp"):
    for k in K_VALUES:
        kmeans = KMeans(n_clusters=k, n_init=10, random_state=SEED).fit(X)
        order = np.argsort(np.argsort(kmeans.cluster_centers_[:, 0]))  # cluster number, left to right
        centres = kmeans.cluster_centers_[np.argsort(kmeans.cluster_centers_[:, 0])]
        runs.append(
            {
                "silhouette": float(silhouette_score(X, kmeans.labels_)) if k > 1 else None,
                "inertia": float(kmeans.inertia_),
                "labels": encode_classes(order[kmeans.labels_]),
                "centre_x": centres[:, 0],
                "centre_y": centres[:, 1],
            }
        )

# %%
# The dial
# --------
PALETTE = ["blue", "orange", "green", "purple", "yellow", "grey"]
sweep = write_sweep(
    "clusters",
    parameter="number of clusters k",
    symbol="k",
    key="clusters",
    values=K_VALUES,
    value_format="d",
    runs=runs,
    numbers={
        "silhouette": ("silhouette score", ".3f", "undefined"),
        "inertia": ("inertia", ",.0f"),
    },
    best=("silhouette", "max"),
    shared={"x": X[:, 0], "y": X[:, 1]},
    panels=[
        panel(
            dots("x", "y", classes="labels", palette=PALETTE, size=2.2),
            dots("centre_x", "centre_y", colour="fg", size=5.0, label="cluster centres"),
            x=axis("feature 1"),
            y=axis("feature 2"),
            height=3.4,
        ),
        panel(
            curve("@values", "@numbers.inertia", colour="blue", label="inertia"),
            mark("@value", "@number.inertia", colour="blue"),
            x=axis("number of clusters k", domain=(0.5, 14.5), ticks=[1, 4, 7, 10, 13], tick_format="d"),
            y=axis("inertia", tick_format=",.0f"),
            height=2.4,
        ),
        panel(
            curve("@values", "@numbers.silhouette", colour="green", label="silhouette"),
            mark("@value", "@number.silhouette", colour="green"),
            x=axis("number of clusters k", domain=(0.5, 14.5), ticks=[1, 4, 7, 10, 13], tick_format="d"),
            y=axis("silhouette score", domain=(0.2, 0.7), ticks=[0.3, 0.4, 0.5, 0.6]),
            height=2.4,
        ),
    ],
    layout=[[0], [1, 2]],
)

# %%
# Metrics
# -------
inertias = sweep["numbers"]["inertia"]
write_metrics(
    {
        "n_samples": N_SAMPLES,
        "true_k": TRUE_K,
        "clusters": sweep,
        "best_k": sweep["best_value"],
        "best_silhouette": sweep["best"]["silhouette"],
        "inertia_decreasing": all(b < a for a, b in zip(inertias, inertias[1:], strict=False)),
        "drop_into_true_k": inertias[TRUE_K - 2] - inertias[TRUE_K - 1],
        "drop_after_true_k": inertias[TRUE_K - 1] - inertias[TRUE_K],
    },
    claims=[
        "best_k == true_k",  # the silhouette score finds the number of centres the data came from
        "0 < clusters.best_index < clusters.positions - 1",  # inside the range, not at an end
        "inertia_decreasing",  # more clusters never raise the inertia
        "drop_into_true_k > 5 * drop_after_true_k",  # the elbow: adding a 5th cluster buys little
    ],
    data=f"synthetic: make_blobs, {N_SAMPLES} points, {TRUE_K} centres, spread {CLUSTER_STD}, seed {SEED}",
)
