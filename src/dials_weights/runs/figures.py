"""Figure scripts: discovery, the checks on what they wrote, and the catalogue of outputs.

A figure script lives in ``scripts/figures/<name>.py`` (helpers start with an
underscore) and writes into the folder named by ``DW_OUTPUT_DIR``: one or more
SVG files and ``metrics.json``::

    {"claims": ["best_epoch < epochs"], "data": "digits (scikit-learn)",
     "metrics": {"best_epoch": 23, "epochs": 60}, "seed": 0}
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any

from ..problems import Problem, display_path
from .cache_key import library_versions, script_key
from .claims import failed_claims
from .figure_style import LEGIBILITY_HINT, legibility_problem
from .runner import Job, RunResult, cache_dir_for, intact, python_command
from .sweeps import check_sweeps

METRICS_FILE = "metrics.json"
STYLE = Path(__file__).with_name("figure_style.py")


@cache
def style_key() -> str:
    """The shared figure style draws every figure, so it is part of every script's cache key."""
    return "style:" + hashlib.sha256(STYLE.read_bytes()).hexdigest()


FIGURE_SUFFIXES = (".svg", ".png")


def discover_scripts(folder: Path) -> list[Path]:
    """Every figure script, in name order; files starting with '_' are helpers."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.py") if not p.name.startswith(("_", ".")))


def figure_jobs(folder: Path, root: Path) -> list[Job]:
    jobs = []
    for script in discover_scripts(folder):
        display = display_path(script, root)
        jobs.append(
            Job(
                name=script.stem,
                kind="figures",
                source=script,
                display=display,
                key=script_key(script, root, extra=style_key()),
                command=python_command(script),
                check=partial(check_outputs, display=display),
                forkable=True,
            )
        )
    return jobs


MAX_METRICS_BYTES = 2_000_000  # a page quotes a few numbers; megabytes of metrics are a mistake


class MetricsError(ValueError):
    """metrics.json cannot be used: the message says why, for the script's author."""


def _refuse_constant(name: str) -> object:
    raise MetricsError(f"it holds {name}, which is not a number a page can quote")


def read_metrics_file(path: Path) -> dict[str, Any]:
    """The record a script wrote, checked for shape and types; MetricsError says what is wrong."""
    data = path.read_bytes()
    if len(data) > MAX_METRICS_BYTES:
        raise MetricsError(f"it is {len(data):,} bytes, more than the {MAX_METRICS_BYTES:,} allowed")
    try:
        record = json.loads(data.decode("utf-8"), parse_constant=_refuse_constant)
    except UnicodeDecodeError:
        raise MetricsError("it is not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise MetricsError(f"it is not valid JSON ({error.msg} at line {error.lineno})") from None
    if not isinstance(record, dict):
        raise MetricsError(f"it holds a {type(record).__name__}, not an object with 'metrics' and 'claims'")
    shapes = {"metrics": dict, "claims": list, "data": str}
    for key, kind in shapes.items():
        if key in record and not isinstance(record[key], kind):
            raise MetricsError(f"its '{key}' is a {type(record[key]).__name__}, not a {kind.__name__}")
    if not all(isinstance(c, str) for c in record.get("claims", [])):
        raise MetricsError("its claims must all be text")
    if not isinstance(record.get("seed"), (int, type(None))) or isinstance(record.get("seed"), bool):
        raise MetricsError("its 'seed' must be a whole number")
    return record


def check_outputs(output_dir: Path, *, display: str) -> list[Problem]:
    """A run counts only if it wrote metrics and figures and its claims still hold."""
    metrics_path = output_dir / METRICS_FILE
    if not metrics_path.is_file():
        return [
            Problem(
                display,
                None,
                "wrote no metrics.json",
                "end the script with write_metrics(...) from scripts/figures/_figure_helpers.py",
            )
        ]
    try:
        record = read_metrics_file(metrics_path)
    except MetricsError as error:
        return [
            Problem(
                display, None, f"wrote a metrics.json that cannot be used: {error}", "write it with write_metrics(...)"
            )
        ]
    problems: list[Problem] = []
    if not any(p.suffix in FIGURE_SUFFIXES for p in output_dir.iterdir()):
        problems.append(Problem(display, None, "wrote no figure", "save at least one with save_figure(fig, 'name')"))
    for svg in sorted(output_dir.glob("*.svg")):
        if not is_dark_variant(svg.name) and (small := legibility_problem(svg.read_text("utf-8"), svg.name)):
            problems.append(Problem(display, None, small, LEGIBILITY_HINT))
    metrics = record.get("metrics", {})
    for failed in failed_claims(record.get("claims", []), metrics):
        if not failed.checkable:
            message = f"the claim '{failed.claim}' cannot be checked: {failed.detail}"
            hint = "claims compare metric names written by the same script"
        else:
            message = f"the claim '{failed.claim}' no longer holds ({failed.detail})"
            hint = (
                "the figure would not show what the text says; fix the run, "
                "not the claim, unless the concept really changed"
            )
        problems.append(Problem(display, None, message, hint))
    problems.extend(check_sweeps(output_dir, metrics, display=display))  # a dial's data, if it wrote any
    return problems


@dataclass
class FigureOutput:
    """What one script produced, ready for pages to embed and quote."""

    name: str
    script: str  # repository path of the script
    folder: Path
    files: list[str]
    metrics: dict
    data: str
    seed: object


def load_output(result: RunResult) -> FigureOutput:
    assert result.output_dir is not None
    record = read_metrics_file(result.output_dir / METRICS_FILE)
    files = sorted(p.name for p in result.output_dir.iterdir() if p.suffix in FIGURE_SUFFIXES)
    return FigureOutput(
        result.job.name,
        result.job.display,
        result.output_dir,
        files,
        record.get("metrics", {}),
        record.get("data", ""),
        record.get("seed"),
    )


class FigureCatalogue:
    """Scripts known to the build, and the outputs of those that have run."""

    def __init__(self, scripts: list[str], outputs: dict[str, FigureOutput]):
        self.scripts = set(scripts)
        self.outputs = outputs
        self.versions = library_versions()

    @classmethod
    def from_cache(cls, jobs: list[Job], cache_root: Path) -> FigureCatalogue:
        """The outputs already cached for the current inputs (used by the fast ``check``)."""
        outputs = {}
        for job in jobs:
            folder = cache_dir_for(cache_root, job)
            if intact(folder):  # a damaged entry counts as not run yet: the next build repairs it
                outputs[job.name] = load_output(RunResult(job, "cached", 0.0, folder))
        return cls([job.name for job in jobs], outputs)

    def has_script(self, script: str) -> bool:
        return script in self.scripts

    def figure_names(self, script: str) -> set[str] | None:
        output = self.outputs.get(script)
        return None if output is None else {f for f in output.files if not is_dark_variant(f)}

    def metrics(self, script: str) -> dict | None:
        output = self.outputs.get(script)
        return None if output is None else output.metrics

    def output_folders(self) -> list[tuple[str, str]]:
        """Each run's output folder, by script: a folder is named by the run's inputs, so the same
        folders hold the same figures and metrics (what `mkdocs serve` may keep across rebuilds)."""
        return sorted((name, str(output.folder)) for name, output in self.outputs.items())


def is_dark_variant(file_name: str) -> bool:
    return file_name.endswith((".dark.svg", ".dark.png"))


def dark_variant(file_name: str) -> str:
    stem, dot, suffix = file_name.rpartition(".")
    return f"{stem}.dark.{suffix}"
