"""Shared plumbing for figure scripts: one look, stable files, metrics as JSON.

Every figure script imports from here so that the scripts themselves read like
a short tutorial (data, train, plot, metrics) and the details that keep the
site reproducible and readable in both colour schemes live in one place.

- ``use_site_style()`` sets a transparent background, the site palette and type that stays
  legible on a phone (``dials_weights.figure_style``, shared with the walkthroughs).
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

from dials_weights import figure_style  # noqa: E402

SEED = 0

# The site's figure style lives in the generator, shared with the walkthrough notebooks:
# Okabe-Ito colours told apart by people with colour-vision deficiencies (COLORS, and the
# dark-theme shade of each), 11 pt type on a 4.8 inch figure, log axes labelled 0.01, 0.1, 1.
# Every text must stay at least 11 px on a 390 px phone: keep the default width and type size,
# stack side-by-side panels, and keep legends inside the figure (the build checks each SVG).
COLORS = figure_style.COLORS
FOREGROUND = figure_style.FOREGROUND
CYCLE = figure_style.CYCLE
_DARK = figure_style.DARK


def use_site_style() -> None:
    """The site look: transparent background, a palette that reads in both themes, phone-sized type."""
    figure_style.use_site_style()


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
    (output_dir() / f"{name}.dark.svg").write_text(figure_style.dark_svg(light), encoding="utf-8")
    problem = figure_style.legibility_problem(light, f"{name}.svg")
    if problem:  # the build stops on it too; said here as well for a script run by hand
        print(f"warning: {problem}", file=sys.stderr)


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
