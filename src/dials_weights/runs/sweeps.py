"""Sweeps: a figure script's runs over the values of one hyperparameter, checked before a dial shows them.

A sweep script calls ``write_sweep(...)`` (``scripts/figures/_figure_helpers.py``), which writes
``<name>.sweep.json`` into the script's output folder, next to ``<name>.svg`` (the drawing at the
best position) and ``metrics.json`` (where the script passes the sweep's summary under ``<name>``,
so that claims can speak about the whole sweep). The file, written with sorted keys and rounded
floats so that it is byte-identical from build to build::

    {"format": 1, "name": "k", "key": "k", "parameter": "number of neighbours k", "symbol": "k",
     "scale": "log", "values": [1, 3, ...], "value_text": ["1", "3", ...], "default": 6,
     "best": {"number": "val_accuracy", "goal": "max"},
     "numbers": [{"key": "val_accuracy", "label": "validation accuracy", "format": ".2f", "missing": "n/a"}],
     "runs": [{"numbers": {"val_accuracy": 0.9}, "text": {"val_accuracy": "0.90"}, "draw": {...}}, ...],
     "shared": {...}, "panels": [...], "layout": [[0, 1]]}

``check_sweeps`` is part of a figure script's output check: a sweep whose shape is wrong, whose
default is not its best position, whose summary in ``metrics.json`` disagrees with its runs or whose
data is over the budget fails the build like a broken claim does.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..problems import Problem

SWEEP_SUFFIX = ".sweep.json"
FORMAT = 1
POSITIONS = (12, 40)
DATA_BUDGET = 100_000  # bytes of gzip per dial, fetched when it scrolls into view
LAYER_KINDS = frozenset({"curve", "dots", "regions", "bars", "mark", "rule"})
COLOURS = frozenset({"blue", "orange", "green", "purple", "yellow", "grey", "fg"})
DATA_OPTIONS = ("x", "y", "grid", "values", "classes", "upto")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
KEY = re.compile(r"^[a-z][a-z0-9_-]*$")
HINT = "write sweeps with write_sweep(...) from scripts/figures/_figure_helpers.py"


@dataclass(frozen=True)
class Sweep:
    """One sweep as the site uses it: who wrote it, where it lies and what it holds."""

    script: str
    name: str
    path: Path
    record: dict[str, Any]

    @property
    def key(self) -> str:
        return str(self.record["key"])

    @property
    def default(self) -> int:
        return int(self.record["default"])

    @property
    def positions(self) -> int:
        return len(self.record["values"])


def sweep_files(folder: Path) -> dict[str, Path]:
    """The sweeps a script's output folder holds, by name."""
    if not folder.is_dir():
        return {}
    return {p.name[: -len(SWEEP_SUFFIX)]: p for p in sorted(folder.glob(f"*{SWEEP_SUFFIX}"))}


def read_sweep(script: str, path: Path) -> Sweep:
    record = json.loads(path.read_text(encoding="utf-8"))
    return Sweep(script, path.name[: -len(SWEEP_SUFFIX)], path, record)


def gzip_size(data: bytes) -> int:
    """Bytes after gzip at level 9 with no timestamp: what a server sends for a compressed file."""
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def check_sweeps(output_dir: Path, metrics: dict[str, Any], *, display: str) -> list[Problem]:
    """Every sweep a script wrote: its shape, its best position, its summary in metrics.json, its size."""
    problems: list[Problem] = []
    for name, path in sweep_files(output_dir).items():

        def add(message: str, hint: str = HINT, name: str = name) -> None:
            problems.append(Problem(display, None, f"sweep '{name}': {message}", hint))

        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            add(f"{path.name} is not valid JSON ({error.msg})")
            continue
        shape = shape_problems(record, name)
        for message in shape:
            add(message)
        if shape:
            continue
        for message in summary_problems(record, metrics.get(name)):
            add(message, f"pass write_sweep's result to write_metrics as {{'{name}': ...}}, unchanged")
        size = gzip_size(path.read_bytes())
        if size > DATA_BUDGET:
            add(
                f"its data is {size / 1000:.0f} KB gzipped, over the {DATA_BUDGET // 1000} KB a dial may fetch",
                "draw less per position: fewer grid cells or curve points, or fewer positions",
            )
    return problems


def shape_problems(record: Any, name: str) -> list[str]:
    """What is wrong with a sweep record's shape, in words; empty when the widget can draw it."""
    if not isinstance(record, dict):
        return ["the file does not hold a JSON object"]
    wanted = {"format", "name", "key", "parameter", "symbol", "scale", "values", "value_text", "default"}
    wanted |= {"best", "numbers", "runs", "shared", "panels", "layout"}
    missing = sorted(wanted - set(record))
    if missing:
        return [f"it has no {', '.join(missing)}"]
    found: list[str] = []
    if record["format"] != FORMAT:
        found.append(f"format {record['format']!r} is not {FORMAT}")
    if record["name"] != name or not NAME.match(str(name)):
        found.append(f"its name {record['name']!r} must match its file and be a Python identifier")
    if not isinstance(record["key"], str) or not KEY.match(record["key"]):
        found.append(f"its key {record['key']!r} must be lower-case letters, digits, '-' or '_' (it goes in URLs)")
    for field in ("parameter", "symbol"):
        if not isinstance(record[field], str) or not record[field].strip():
            found.append(f"'{field}' must be text")
    values, runs = record["values"], record["runs"]
    low, high = POSITIONS
    if not isinstance(values, list) or not all(_is_number(v) for v in values):
        return [*found, "'values' must be a list of numbers"]
    if not low <= len(values) <= high:
        found.append(f"it has {len(values)} positions; a dial needs {low} to {high}")
    if any(b <= a for a, b in zip(values, values[1:], strict=False)):
        found.append("its values must increase from one position to the next")
    if record["scale"] not in ("linear", "log") or (record["scale"] == "log" and min(values, default=1) <= 0):
        found.append(f"scale {record['scale']!r} must be 'linear', or 'log' with values above zero")
    if not isinstance(record["value_text"], list) or len(record["value_text"]) != len(values):
        found.append("'value_text' must give one text per value")
    numbers = record["numbers"]
    if not isinstance(numbers, list) or not numbers or not all(_is_number_spec(n) for n in numbers):
        return [*found, "'numbers' must list {key, label, format, missing} for each quoted number"]
    keys = [n["key"] for n in numbers]
    if not isinstance(runs, list) or len(runs) != len(values):
        return [*found, f"it has {len(runs) if isinstance(runs, list) else 'no'} runs for {len(values)} values"]
    for index, run in enumerate(runs):
        if not isinstance(run, dict) or not {"numbers", "text", "draw"} <= set(run):
            found.append(f"run {index} must hold 'numbers', 'text' and 'draw'")
            continue
        absent = [k for k in keys if k not in run["numbers"] or not isinstance(run["text"].get(k), str)]
        if absent:
            found.append(f"run {index} has no number or text for {', '.join(absent)}")
        elif not all(v is None or _is_number(v) for v in run["numbers"].values()):
            found.append(f"run {index} has a number that is not a number")
    if found:
        return found
    found += _best_problems(record, keys)
    found += _drawing_problems(record)
    return found


def _best_problems(record: dict[str, Any], keys: list[str]) -> list[str]:
    best = record["best"]
    if not isinstance(best, dict) or best.get("number") not in keys or best.get("goal") not in ("max", "min"):
        return ["'best' must name one of its numbers and the goal 'max' or 'min'"]
    default = record["default"]
    if not isinstance(default, int) or not 0 <= default < len(record["values"]):
        return [f"its default position {default!r} is not one of its positions"]
    expected = best_position(record)
    if default != expected:
        return [
            f"its default is position {default}, but the best {best['number']} ({best['goal']}) "
            f"is at position {expected}: the default must be the best setting the sweep found"
        ]
    return []


def best_position(record: dict[str, Any]) -> int | None:
    """The first position with the best value of the sweep's ``best`` number."""
    number, goal = record["best"]["number"], record["best"]["goal"]
    scores = [(run["numbers"][number], i) for i, run in enumerate(record["runs"]) if run["numbers"][number] is not None]
    if not scores:
        return None
    sign = -1 if goal == "max" else 1
    return min(scores, key=lambda s: (sign * s[0], s[1]))[1]


def _drawing_problems(record: dict[str, Any]) -> list[str]:
    found: list[str] = []
    panels, layout = record["panels"], record["layout"]
    if not isinstance(panels, list) or not panels:
        return ["it has no panels to draw"]
    if not isinstance(layout, list) or sorted(i for row in layout for i in row) != list(range(len(panels))):
        found.append("its layout must place each panel once")
    for number, panel in enumerate(panels):
        where = f"panel {number}"
        for name in ("x", "y"):
            axis = panel.get(name) if isinstance(panel, dict) else None
            if not isinstance(axis, dict) or not isinstance(axis.get("label"), str):
                found.append(f"{where} has no {name} axis with a label")
            elif "categories" not in axis and not (
                isinstance(axis.get("domain"), list)
                and len(axis["domain"]) == 2
                and isinstance(axis.get("ticks"), list)
                and len(axis.get("tick_text", [])) == len(axis["ticks"])
            ):
                found.append(f"{where}: the {name} axis needs a domain and ticks with their text")
        if found:
            continue
        for layer in panel.get("layers", []):
            kind = layer.get("kind")
            if kind not in LAYER_KINDS:
                found.append(f"{where} has a layer of unknown kind {kind!r}")
                continue
            colours = [layer["colour"]] if "colour" in layer else []
            colours += layer.get("palette", [])
            if any(c not in COLOURS for c in colours):
                found.append(f"{where}: a {kind} layer uses a colour outside {', '.join(sorted(COLOURS))}")
            for option in DATA_OPTIONS:
                ref = layer.get(option)
                if isinstance(ref, str) and not all(_resolves(record, i, ref) for i in range(len(record["runs"]))):
                    found.append(f"{where}: the {kind} layer's {option} names {ref!r}, which not every position has")
    return found


def _resolves(record: dict[str, Any], index: int, ref: str) -> bool:
    if ref in ("@value", "@values"):
        return True
    head, _, tail = ref.partition(".")
    if head in ("@number", "@numbers"):
        return tail in record["runs"][index]["numbers"]
    if head == "@default":
        return tail in record["runs"][record["default"]]["draw"]
    return ref in record["runs"][index]["draw"] or ref in record["shared"]


def summary_problems(record: dict[str, Any], summary: Any) -> list[str]:
    """The summary in metrics.json must say what the runs say: claims are checked against it."""
    if not isinstance(summary, dict):
        return ["metrics.json has no summary of it, so no claim can check it"]
    default = record["default"]
    numbers = {n["key"]: [run["numbers"][n["key"]] for run in record["runs"]] for n in record["numbers"]}
    expected = {
        "values": record["values"],
        "positions": len(record["values"]),
        "best_index": default,
        "best_value": record["values"][default],
        "best": {key: column[default] for key, column in numbers.items()},
        "numbers": numbers,
    }
    return [
        f"its summary's '{key}' in metrics.json ({summary.get(key)!r:.60}) differs from its runs ({value!r:.60})"
        for key, value in expected.items()
        if summary.get(key) != value
    ]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_number_spec(spec: Any) -> bool:
    return isinstance(spec, dict) and all(isinstance(spec.get(k), str) for k in ("key", "label", "format", "missing"))
