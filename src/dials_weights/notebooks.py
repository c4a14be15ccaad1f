"""Walkthrough notebooks: Jupytext percent-format scripts, executed through the runner.

A notebook in ``scripts/notebooks/<name>.py`` is converted, executed and saved
as ``<name>.ipynb`` by ``python -m dials_weights.execute_notebook`` in a
subprocess, under the same cache, time limit and failure reporting as the
figure scripts. Prose edits change the key too (the notebook *is* the page),
but nothing else does.
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .cache_key import script_key
from .problems import Problem, display_path
from .runner import Job, RunResult


@dataclass
class NotebookOutput:
    name: str
    script: str  # repository path of the source
    notebook: Path  # the executed .ipynb in the cache


def discover_notebooks(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.py") if not p.name.startswith(("_", ".")))


EXECUTOR = Path(__file__).with_name("execute_notebook.py")


def notebook_jobs(folder: Path, root: Path) -> list[Job]:
    # How a notebook is executed and tidied changes its output too, so the executor is in the key.
    executor = hashlib.sha256(EXECUTOR.read_bytes()).hexdigest()
    jobs = []
    for source in discover_notebooks(folder):
        display = display_path(source, root)
        jobs.append(
            Job(
                name=source.stem,
                kind="notebooks",
                source=source,
                display=display,
                key=script_key(source, root, extra="notebook:" + executor),
                command=(sys.executable, "-m", "dials_weights.execute_notebook", str(source)),
                check=partial(_check, name=source.stem, display=display),
                rerun_hint=f"python -m dials_weights.execute_notebook {display}",
            )
        )
    return jobs


def _check(output_dir: Path, *, name: str, display: str) -> list[Problem]:
    if not (output_dir / f"{name}.ipynb").is_file():
        return [Problem(display, None, "the executed notebook was not written", "run it by hand to see why")]
    return []


def load_notebook_output(result: RunResult) -> NotebookOutput:
    assert result.output_dir is not None
    return NotebookOutput(result.job.name, result.job.display, result.output_dir / f"{result.job.name}.ipynb")
