"""Shared pieces for the classical-model figures: one toy data set and one way to draw a classifier's regions.

The k-nearest-neighbour and SVM figures use the same two interleaved half-moons,
so that a reader comparing the pages sees two models on the same points.

- ``moons()`` returns those points and their labels (0 or 1), fixed by the seed.
- ``draw_regions(ax, score, X, y, threshold=...)`` shades where a classifier says
  0 and where it says 1, draws the boundary between them and the points on top.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from sklearn.datasets import make_moons

from _figure_helpers import COLORS, SEED

MOONS_SAMPLES = 400
MOONS_NOISE = 0.35  # standard deviation of the Gaussian noise added to each point
CLASS_COLOURS = (COLORS["blue"], COLORS["orange"])
CLASS_MARKERS = ("o", "^")  # shape as well as colour tells the classes apart


def moons() -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved half-moons with noise: the classes overlap near the tips."""
    X, y = make_moons(n_samples=MOONS_SAMPLES, noise=MOONS_NOISE, random_state=SEED)
    return X, y


def grid_for(X: np.ndarray, steps: int = 100) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A regular grid covering the points with a small margin, and its points as rows."""
    (x_min, y_min), (x_max, y_max) = X.min(axis=0) - 0.4, X.max(axis=0) + 0.4
    xx, yy = np.meshgrid(np.linspace(x_min, x_max, steps), np.linspace(y_min, y_max, steps))
    return xx, yy, np.column_stack([xx.ravel(), yy.ravel()])


def draw_regions(
    ax: Any,
    score: Callable[[np.ndarray], np.ndarray],
    X: np.ndarray,
    y: np.ndarray,
    *,
    threshold: float,
    marker_size: float = 9,
) -> None:
    """Shade the two predicted regions, draw the boundary, then the points coloured by their label."""
    xx, yy, points = grid_for(X)
    zz = score(points).reshape(xx.shape)
    ax.contourf(xx, yy, zz, levels=[-np.inf, threshold, np.inf], colors=list(CLASS_COLOURS), alpha=0.16)
    ax.contour(xx, yy, zz, levels=[threshold], colors=[COLORS["grey"]], linewidths=1.2)
    for label in (0, 1):
        chosen = y == label
        ax.scatter(
            X[chosen, 0],
            X[chosen, 1],
            s=marker_size,
            marker=CLASS_MARKERS[label],
            color=CLASS_COLOURS[label],
            linewidths=0,
            alpha=0.85,
            label=f"class {label}",
        )
    ax.set(xlim=(xx.min(), xx.max()), ylim=(yy.min(), yy.max()), xticks=[], yticks=[])
    ax.grid(False)
