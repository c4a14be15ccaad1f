"""Shared plumbing for figure scripts: one look, stable files, metrics as JSON.

Every figure script imports from here so that the scripts themselves read like
a short tutorial (data, train, plot, metrics) and the details that keep the
site reproducible and readable in both colour schemes live in one place.

- ``use_site_style()`` sets a transparent background and the site palette.
- ``save_figure(fig, "name")`` writes ``name.svg`` for the light theme and
  ``name.dark.svg`` for the dark theme, byte-identical from run to run.
- ``write_metrics(...)`` writes ``metrics.json``: every number the prose may
  quote, and the claims the build checks against them.

The output folder comes from ``DW_OUTPUT_DIR`` (set by the build); run on its
own, a script writes into ``.cache/standalone/<script name>/``.
"""

from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

SEED = 0

# Okabe-Ito colours, told apart by people with colour-vision deficiencies.
# Light-theme shade -> dark-theme shade; save_figure swaps them in the dark SVG.
COLORS = {
    "blue": "#0072b2",
    "orange": "#d55e00",
    "green": "#009e73",
    "purple": "#b04a8a",
    "yellow": "#b07800",
    "grey": "#6b6b6b",
}
_DARK = {
    "#0072b2": "#5cb3f0",
    "#d55e00": "#ff8f5a",
    "#009e73": "#3fd2a8",
    "#b04a8a": "#e69ac8",
    "#b07800": "#f5c04a",
    "#6b6b6b": "#a6a6a6",
    "#1a1a1a": "#e6e6e6",  # text, ticks, axes
    "#d0d0d0": "#474c57",  # grid
}
FOREGROUND = "#1a1a1a"
CYCLE = [COLORS[name] for name in ("blue", "orange", "green", "purple", "yellow", "grey")]


def use_site_style() -> None:
    """The site look: transparent background, palette that reads in both themes."""
    plt.rcParams.update(
        {
            "figure.figsize": (6.4, 4.0),
            "figure.facecolor": "none",
            "axes.facecolor": "none",
            "savefig.facecolor": "none",
            "savefig.transparent": True,
            "axes.edgecolor": FOREGROUND,
            "axes.labelcolor": FOREGROUND,
            "text.color": FOREGROUND,
            "xtick.color": FOREGROUND,
            "ytick.color": FOREGROUND,
            "grid.color": "#d0d0d0",
            "axes.grid": True,
            "grid.linewidth": 0.6,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": matplotlib.cycler(color=CYCLE),
            "legend.frameon": False,
            "font.size": 10,
            "svg.hashsalt": "dials-and-weights",  # stable ids inside the SVG
            "svg.fonttype": "path",  # text as shapes: no font to fetch, same look everywhere
            "path.simplify": True,
        }
    )


def output_dir() -> Path:
    """Where this run writes: the build's folder, or a local one when run by hand."""
    folder = os.environ.get("DW_OUTPUT_DIR")
    path = Path(folder) if folder else Path(".cache") / "standalone" / Path(sys.argv[0]).stem
    path.mkdir(parents=True, exist_ok=True)
    return path


def save_figure(fig: Any, name: str) -> None:
    """Write ``name.svg`` and its dark-theme twin ``name.dark.svg``, then close the figure."""
    target = output_dir() / f"{name}.svg"
    fig.savefig(target, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    plt.close(fig)
    light = target.read_text(encoding="utf-8")
    dark = light
    for light_colour, dark_colour in _DARK.items():
        dark = dark.replace(light_colour, dark_colour)
    (output_dir() / f"{name}.dark.svg").write_text(dark, encoding="utf-8")


def _rounded(value: Any) -> Any:
    """Plain JSON types, floats to 6 significant digits so tiny BLAS noise cannot leak into pages."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return None if math.isnan(value) else (1e308 if value > 0 else -1e308)
        return float(f"{value:.6g}")
    if isinstance(value, dict):
        return {str(k): _rounded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    if hasattr(value, "item"):
        return _rounded(value.item())
    raise TypeError(f"cannot write {type(value).__name__} to metrics.json")


def write_metrics(metrics: dict[str, Any], *, claims: list[str], data: str, seed: int = SEED) -> None:
    """Write every quotable number, and the claims the build must see hold."""
    record = {"claims": list(claims), "data": data, "metrics": _rounded(metrics), "seed": seed}
    text = json.dumps(record, indent=2, sort_keys=True) + "\n"
    (output_dir() / "metrics.json").write_text(text, encoding="utf-8")


def ring(ax: Any, x: float, y: float, *, colour: str, label: str, size: float = 10) -> None:
    """Circle one point of a curve (the best value, the elbow...) and name it in the legend."""
    ax.plot(
        [x],
        [y],
        marker="o",
        markersize=size,
        markerfacecolor="none",
        markeredgecolor=colour,
        markeredgewidth=2,
        linestyle="none",
        label=label,
    )
