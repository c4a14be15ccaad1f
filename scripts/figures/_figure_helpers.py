"""Shared plumbing for figure scripts: one look, stable files, metrics as JSON.

Every figure script imports from here so that the scripts themselves read like
a short tutorial (data, train, plot, metrics) and the details that keep the
site reproducible and readable in both colour schemes live in one place.

- ``use_site_style()`` sets a transparent background, the site palette and type that stays
  legible on a phone (``dials_weights.runs.figure_style``, shared with the walkthroughs).
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

from dials_weights.runs import figure_style  # noqa: E402

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


# ---------------------------------------------------------------------------------------------
# Sweeps: the same run over many values of one hyperparameter, for a dial on the page
#
# A sweep script trains the same thing once per value (each value is a *position* of the dial)
# and hands every run to write_sweep(...). That writes:
#
# - ``<name>.sweep.json``: per position, the numbers the dial quotes and what it draws, plus the
#   drawing itself as data (panels of layers), which the page's dial widget redraws in place;
# - ``<name>.svg`` and ``<name>.dark.svg``: the same drawing at the default position (the best
#   value the sweep found), for readers without JavaScript and for print;
#
# and returns a summary to pass to write_metrics under the sweep's name, so that claims can speak
# about the whole sweep ("0 < k.best_index < k.positions - 1": the best k is inside the range).
#
# A drawing is a list of panels, each an x and a y axis and layers: curve, dots, regions, bars,
# mark and rule. Where a layer needs data it takes a list, or a name looked up in this order:
# "@value" (the position's hyperparameter value), "@values" (all of them), "@number.<key>" (a
# quoted number at this position), "@numbers.<key>" (that number at every position),
# "@default.<name>" (a run's drawing data at the default position), then <name> in the run's own
# drawing data, then in ``shared`` (data every position draws, such as the training points).

SWEEP_FORMAT = 1
SWEEP_POSITIONS = (12, 40)
SWEEP_COLOURS = (*COLORS, "fg")
_DRAW_DIGITS = 4  # drawing data needs no more; numbers the text quotes keep write_metrics' 6


def axis(
    label: str,
    *,
    scale: str = "linear",
    domain: tuple[float, float] | None = None,
    ticks: list[float] | None = None,
    tick_format: str = "g",
    categories: list[str] | None = None,
) -> dict[str, Any]:
    """One axis of a panel; the domain and ticks default to what every position's data needs."""
    if scale not in ("linear", "log"):
        raise ValueError(f"axis {label!r}: scale must be 'linear' or 'log', not {scale!r}")
    spec: dict[str, Any] = {"label": label, "scale": scale, "format": tick_format}
    if domain is not None:
        spec["domain"] = [float(domain[0]), float(domain[1])]
    if ticks is not None:
        spec["ticks"] = [float(t) for t in ticks]
    if categories is not None:
        spec["categories"] = [str(c) for c in categories]
    return spec


def panel(*layers: dict[str, Any], x: dict[str, Any], y: dict[str, Any], height: float = 3.0) -> dict[str, Any]:
    """A plot: two axes and the layers drawn on them, bottom first. ``height`` in inches at full width."""
    return {"x": x, "y": y, "layers": list(layers), "height": float(height)}


def curve(
    x: Any, y: Any, *, colour: str, label: str = "", width: float = 2.0, dash: bool = False, upto: Any = None
) -> dict[str, Any]:
    """A line through (x, y); a None in y breaks it. With ``upto``, only the points with x <= upto."""
    return _layer("curve", x=x, y=y, colour=colour, label=label, width=width, dash=dash, upto=upto)


def dots(
    x: Any,
    y: Any,
    *,
    colour: str | None = None,
    classes: Any = None,
    palette: list[str] | None = None,
    size: float = 3.0,
    label: str = "",
) -> dict[str, Any]:
    """Points, in one colour or coloured by class (a string of digits 0-9 and letters a-z, one per point)."""
    return _layer("dots", x=x, y=y, colour=colour, classes=classes, palette=palette, size=size, label=label)


def regions(
    grid: Any, *, shape: tuple[int, int], extent: tuple[float, float, float, float], palette: list[str]
) -> dict[str, Any]:
    """A class per cell of a grid (rows from the bottom, one character per cell), as pale areas."""
    rows, cols = shape
    edges = [float(e) for e in extent]
    return _layer("regions", grid=grid, shape=[int(rows), int(cols)], extent=edges, palette=palette)


def bars(values: Any, *, colour: str, label: str = "") -> dict[str, Any]:
    """Horizontal bars, one per category of the panel's y axis."""
    return _layer("bars", values=values, colour=colour, label=label)


def mark(x: Any, y: Any, *, colour: str, label: str = "") -> dict[str, Any]:
    """A ring around one point: where the dial stands on a curve drawn over all positions."""
    return _layer("mark", x=x, y=y, colour=colour, label=label)


def rule(*, x: Any = None, y: Any = None, colour: str = "grey", dash: bool = True, label: str = "") -> dict[str, Any]:
    """A vertical (x) or horizontal (y) line across the panel."""
    return _layer("rule", x=x, y=y, colour=colour, dash=dash, label=label)


def _layer(kind: str, **options: Any) -> dict[str, Any]:
    layer = {"kind": kind}
    for key, value in options.items():
        if value is None or value == "" or value is False:
            continue
        layer[key] = _quantised(value)
    for key in ("colour",):
        if key in layer and layer[key] not in SWEEP_COLOURS:
            raise ValueError(f"{kind}: unknown colour {layer[key]!r}; use one of {', '.join(SWEEP_COLOURS)}")
    for name in layer.get("palette", []):
        if name not in SWEEP_COLOURS:
            raise ValueError(f"{kind}: unknown colour {name!r} in palette; use {', '.join(SWEEP_COLOURS)}")
    return layer


def _quantised(value: Any) -> Any:
    """Drawing data as plain JSON, floats to four significant digits (small and stable)."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return float(f"{value:.{_DRAW_DIGITS}g}")
    if isinstance(value, dict):
        return {str(k): _quantised(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_quantised(v) for v in value]
    if hasattr(value, "item"):
        return _quantised(value.item())
    return value


def _text(value: Any, spec: str) -> str:
    """format(), except that a whole float may take an integer spec ("d", ",d")."""
    if spec.endswith("d") and isinstance(value, float) and value.is_integer():
        value = int(value)
    return format(value, spec)


def encode_classes(labels: Any) -> str:
    """Class numbers 0..35 as one character each: compact in JSON, and gzip loves the runs."""
    alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"
    return "".join(alphabet[int(v)] for v in labels)


def write_sweep(
    name: str,
    *,
    parameter: str,
    symbol: str,
    key: str,
    values: Any,
    runs: list[dict[str, Any]],
    numbers: dict[str, tuple[str, ...]],
    best: tuple[str, str],
    panels: list[dict[str, Any]],
    layout: list[list[int]] | None = None,
    scale: str = "linear",
    value_format: str = "g",
    shared: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write a sweep for a dial, and its static figure at the best position; return its summary.

    - ``parameter``: the control's label ("number of neighbours k"); ``symbol``: how sentences
      name it ("k", as in "at k = 7"); ``key``: its name in the page URL ("#k=7").
    - ``values``: the hyperparameter at each position, in dial order; ``scale``: "log" where the
      hyperparameter is scale-like; ``value_format``: a Python format spec for showing a value.
    - ``runs``: one dict per value, holding every number in ``numbers`` and the run's drawing data.
    - ``numbers``: key -> (label, format spec) or (label, format spec, text when the value is None):
      what the dial quotes beside the figure and what the table lists, in this order.
    - ``best``: (number key, "max" or "min"): the default position is the best value by that
      number (the first one on a tie).
    - ``panels``: the drawing (see panel(), curve()...); ``layout``: rows of panel indices side by
      side on a wide screen (default: one panel per row); ``shared``: data every position draws.
    """
    values = _rounded(list(values))
    shared = _quantised(dict(shared or {}))
    layout = layout or [[i] for i in range(len(panels))]
    low, high = SWEEP_POSITIONS
    problems = []
    if not name.isidentifier() or not key.replace("-", "_").isidentifier():
        problems.append(f"name {name!r} and key {key!r} must be simple identifiers")
    if not low <= len(values) <= high:
        problems.append(f"{len(values)} positions; a dial needs {low} to {high}")
    if len(runs) != len(values):
        problems.append(f"{len(runs)} runs for {len(values)} values: give one run per value")
    if any(b <= a for a, b in zip(values, values[1:], strict=False)):
        problems.append("values must increase from one position to the next")
    if scale == "log" and min(values, default=1) <= 0:
        problems.append("a log scale needs values above zero")
    if best[0] not in numbers or best[1] not in ("max", "min"):
        problems.append(f"best={best!r}: name one of the numbers and 'max' or 'min'")
    if sorted(i for row in layout for i in row) != list(range(len(panels))):
        problems.append(f"layout {layout!r} must use each of the {len(panels)} panels once")
    for index, run in enumerate(runs):
        missing = [k for k in numbers if k not in run]
        if missing:
            problems.append(f"run {index} has no {', '.join(missing)}")
    if problems:
        raise ValueError(f"write_sweep({name!r}): " + "; ".join(problems))

    specs = [
        {"key": k, "label": spec[0], "format": spec[1], "missing": spec[2] if len(spec) > 2 else "n/a"}
        for k, spec in numbers.items()
    ]
    table = [{k: _rounded(run[k]) for k in numbers} for run in runs]
    scores = [(row[best[0]], i) for i, row in enumerate(table) if row[best[0]] is not None]
    if not scores:
        raise ValueError(f"write_sweep({name!r}): no position has a value for {best[0]!r}")
    sign = -1 if best[1] == "max" else 1
    default = min(scores, key=lambda s: (sign * s[0], s[1]))[1]
    record = {
        "format": SWEEP_FORMAT,
        "name": name,
        "key": key,
        "parameter": parameter,
        "symbol": symbol,
        "scale": scale,
        "values": values,
        "value_text": [_text(v, value_format) for v in values],
        "default": default,
        "best": {"number": best[0], "goal": best[1]},
        "numbers": specs,
        "runs": [
            {
                "numbers": row,
                "text": {
                    s["key"]: s["missing"] if row[s["key"]] is None else _text(row[s["key"]], s["format"])
                    for s in specs
                },
                "draw": _quantised({k: v for k, v in run.items() if k not in numbers}),
            }
            for row, run in zip(table, runs, strict=True)
        ],
        "shared": shared,
        "layout": layout,
    }
    record["panels"] = [_finish_panel(p, record, i) for i, p in enumerate(panels)]
    text = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
    (output_dir() / f"{name}.sweep.json").write_text(text, encoding="utf-8")
    save_figure(draw_sweep(record, default), name)
    return {
        "parameter": parameter,
        "positions": len(values),
        "values": values,
        "best_index": default,
        "best_value": values[default],
        "best": dict(table[default]),
        "numbers": {k: [row[k] for row in table] for k in numbers},
    }


# --- What a layer's data names resolve to (the widget in the page resolves them the same way)


def sweep_data(record: dict[str, Any], index: int, ref: Any) -> Any:
    """The value a layer option names at one position (see the list above)."""
    if not isinstance(ref, str):
        return ref
    runs = record["runs"]
    if ref == "@value":
        return record["values"][index]
    if ref == "@values":
        return record["values"]
    head, _, tail = ref.partition(".")
    if head == "@number":
        return runs[index]["numbers"][tail]
    if head == "@numbers":
        return [run["numbers"][tail] for run in runs]
    if head == "@default":
        return runs[record["default"]]["draw"][tail]
    if ref in runs[index]["draw"]:
        return runs[index]["draw"][ref]
    if ref in record["shared"]:
        return record["shared"][ref]
    raise KeyError(f"sweep {record['name']!r}: no data named {ref!r} at position {index}")


_DATA_OPTIONS = ("x", "y", "grid", "values", "classes", "upto")


def _finish_panel(spec: dict[str, Any], record: dict[str, Any], number: int) -> dict[str, Any]:
    """Check every name resolves at every position; fill in domains and ticks from all the data."""
    seen: dict[str, list[float]] = {"x": [], "y": []}
    for layer in spec["layers"]:
        for index in range(len(record["values"])):
            data = {o: sweep_data(record, index, layer[o]) for o in _DATA_OPTIONS if o in layer}
            for name in ("x", "y"):
                if name in data:
                    seen[name] += [v for v in _flat(data[name]) if v is not None]
            if layer["kind"] == "bars":
                seen["x"] += [v for v in _flat(data["values"]) if v is not None] + [0.0]
            if layer["kind"] == "regions":
                x0, x1, y0, y1 = layer["extent"]
                seen["x"] += [x0, x1]
                seen["y"] += [y0, y1]
    finished = dict(spec)
    for name in ("x", "y"):
        axis_spec = dict(spec[name])
        if "categories" not in axis_spec:
            if "domain" not in axis_spec:
                if not seen[name]:
                    raise ValueError(f"sweep {record['name']!r}, panel {number}: no data on the {name} axis")
                axis_spec["domain"] = _padded(min(seen[name]), max(seen[name]), axis_spec["scale"])
            if "ticks" not in axis_spec:
                axis_spec["ticks"] = _ticks(axis_spec["domain"], axis_spec["scale"])
            axis_spec["tick_text"] = [_text(t, axis_spec["format"]) for t in axis_spec["ticks"]]
        finished[name] = _quantised(axis_spec)
    return finished


def _flat(value: Any) -> list[Any]:
    if isinstance(value, list):
        return [v for item in value for v in _flat(item)]
    return [value] if isinstance(value, (int, float)) and not isinstance(value, bool) else []


def _padded(low: float, high: float, scale: str) -> list[float]:
    if scale == "log":
        return [10 ** math.floor(math.log10(low)), 10 ** math.ceil(math.log10(high))]
    pad = (high - low) * 0.05 or 1.0
    return [low - pad, high + pad]


def _ticks(domain: list[float], scale: str) -> list[float]:
    from matplotlib.ticker import LogLocator, MaxNLocator

    low, high = domain
    locator = LogLocator(base=10) if scale == "log" else MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10])
    ticks = [float(t) for t in locator.tick_values(low, high) if low - 1e-12 <= t <= high + 1e-12]
    if scale == "log" and len(ticks) < 2:
        ticks = [float(t) for t in LogLocator(base=10, subs=(1, 2, 5)).tick_values(low, high) if low <= t <= high]
    return ticks


# --- The static figure: the same drawing, at one position, with matplotlib


def draw_sweep(record: dict[str, Any], index: int) -> Any:
    """The sweep's drawing at one position, as a matplotlib figure in the site style.

    The static figure is what a phone shows before (or without) the dial's script, so its panels
    are stacked one above the other at the site's figure width, whatever the layout the dial uses
    on a wide screen: side by side, their text would shrink below the legible size on a phone.
    """
    panels = record["panels"]
    order = [number for row in record["layout"] for number in row]
    heights = [panels[number]["height"] for number in order]
    fig, axes = plt.subplots(
        len(order),
        1,
        figsize=(figure_style.WIDTH_IN, sum(heights)),
        height_ratios=heights,
        squeeze=False,
        layout="constrained",
    )
    for ax, number in zip(axes[:, 0], order, strict=True):
        _draw_panel(ax, panels[number], record, index, legend_columns=2)
    return fig


def _colour(name: str) -> str:
    return FOREGROUND if name == "fg" else COLORS[name]


def _draw_panel(ax: Any, spec: dict[str, Any], record: dict[str, Any], index: int, legend_columns: int) -> None:
    import numpy as np
    from matplotlib.collections import PolyCollection

    def data(layer: dict[str, Any], option: str) -> Any:
        return sweep_data(record, index, layer[option]) if option in layer else None

    def floats(values: Any) -> Any:
        return np.array([np.nan if v is None else v for v in values], dtype=float)

    categories = spec["y"].get("categories")
    for layer in spec["layers"]:
        kind, label = layer["kind"], layer.get("label") or None
        colour = _colour(layer.get("colour", "fg"))
        if kind == "curve":
            x, y = floats(data(layer, "x")), floats(data(layer, "y"))
            if "upto" in layer:
                y = np.where(x <= data(layer, "upto"), y, np.nan)
            ax.plot(
                x,
                y,
                color=colour,
                linewidth=layer.get("width", 2.0),
                linestyle="--" if layer.get("dash") else "-",
                label=label,
            )
        elif kind == "dots":
            x, y = floats(data(layer, "x")), floats(data(layer, "y"))
            if "classes" in layer:
                palette = [_colour(c) for c in layer["palette"]]
                colours = [palette[int(c, 36) % len(palette)] for c in data(layer, "classes")]
            else:
                colours = colour
            ax.scatter(x, y, s=(layer.get("size", 3.0) * 1.5) ** 2, c=colours, linewidths=0, label=label, zorder=3)
        elif kind == "regions":
            rows, cols = layer["shape"]
            x0, x1, y0, y1 = layer["extent"]
            grid, width, height = data(layer, "grid"), (x1 - x0) / cols, (y1 - y0) / rows
            palette = [_colour(c) for c in layer["palette"]]
            boxes: dict[int, list[Any]] = {}
            for row in range(rows):
                line = grid[row * cols : (row + 1) * cols]
                start = 0
                for col in range(1, cols + 1):
                    if col == cols or line[col] != line[start]:
                        left, right, bottom = x0 + start * width, x0 + col * width, y0 + row * height
                        boxes.setdefault(int(line[start], 36), []).append(
                            [(left, bottom), (right, bottom), (right, bottom + height), (left, bottom + height)]
                        )
                        start = col
            for cls, polygons in sorted(boxes.items()):
                ax.add_collection(
                    PolyCollection(polygons, facecolors=palette[cls % len(palette)], alpha=0.2, linewidths=0, zorder=0)
                )
        elif kind == "bars":
            values = floats(data(layer, "values"))
            ax.barh(np.arange(len(values)), values, color=colour, height=0.7, label=label, zorder=2)
        elif kind == "mark":
            x, y = data(layer, "x"), data(layer, "y")
            if x is not None and y is not None:
                ax.plot(
                    [x],
                    [y],
                    marker="o",
                    markersize=10,
                    markerfacecolor="none",
                    markeredgecolor=colour,
                    markeredgewidth=2,
                    linestyle="none",
                    label=label,
                    zorder=4,
                )
        elif kind == "rule":
            style = {"color": colour, "linewidth": 1.2, "linestyle": "--" if layer.get("dash") else "-", "label": label}
            if "x" in layer:
                ax.axvline(data(layer, "x"), **style)
            else:
                ax.axhline(data(layer, "y"), **style)
    for name in ("x", "y"):
        axis_spec = spec[name]
        if name == "y" and categories:
            ax.set_yticks(range(len(categories)), categories)
            ax.set_ylim(len(categories) - 0.5, -0.5)
            ax.set_ylabel(axis_spec["label"])
            continue
        getattr(ax, f"set_{name}scale")(axis_spec["scale"])
        getattr(ax, f"set_{name}lim")(*axis_spec["domain"])
        getattr(ax, f"set_{name}ticks")(axis_spec["ticks"], axis_spec["tick_text"])
        getattr(ax, f"set_{name}label")(axis_spec["label"])
        getattr(ax, f"{name}axis").set_minor_locator(matplotlib.ticker.NullLocator())
    if any(layer.get("label") for layer in spec["layers"]):
        ax.legend(
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncols=legend_columns,
            handlelength=1.6,
            borderaxespad=0.2,
            columnspacing=1.2,
        )
