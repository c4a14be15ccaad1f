"""Walkthrough notebooks: Jupytext percent-format scripts, executed through the runner.

A notebook in ``scripts/notebooks/<name>.py`` is converted, executed and saved
as ``<name>.ipynb`` by ``python -m dials_weights.runs.execute_notebook`` in a
subprocess, under the same cache, time limit and failure reporting as the
figure scripts. Prose edits change the key too (the notebook *is* the page),
but nothing else does.

A notebook that binds ``CLAIMS`` (see ``execute_notebook``) gets a
``claims.json`` beside its ``.ipynb``; a run counts only if every claim in it
still holds, exactly like a figure script's claims.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..problems import Problem, display_path
from .cache_key import script_key
from .claims import failed_claims
from .figure_style import LEGIBILITY_HINT, legibility_problem
from .figures import style_key
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
    # How a notebook is executed and tidied changes its output too, so the executor is in the key,
    # and so is the figure style it draws with.
    executor = hashlib.sha256(EXECUTOR.read_bytes()).hexdigest() + style_key()
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
                command=(sys.executable, "-m", "dials_weights.runs.execute_notebook", str(source)),
                check=partial(_check, name=source.stem, display=display, source=source),
                rerun_hint=f"python -m dials_weights.runs.execute_notebook {display}",
            )
        )
    return jobs


CLAIMS_FILE = "claims.json"  # written by execute_notebook when the notebook binds CLAIMS


def _check(output_dir: Path, *, name: str, display: str, source: Path | None = None) -> list[Problem]:
    notebook = output_dir / f"{name}.ipynb"
    if not notebook.is_file():
        return [Problem(display, None, "the executed notebook was not written", "run it by hand to see why")]
    problems = check_plots(json.loads(notebook.read_text(encoding="utf-8")), display)
    claims_path = output_dir / CLAIMS_FILE
    if not claims_path.is_file():
        return problems
    record = json.loads(claims_path.read_text(encoding="utf-8"))
    text = source.read_text(encoding="utf-8") if source is not None and source.is_file() else ""
    return problems + check_claims(record, display, text)


def check_plots(notebook: dict, display: str) -> list[Problem]:
    """Plots whose text would be too small on a phone, named by their code cell's number."""
    problems = []
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            svg = output.get("data", {}).get("image/svg+xml")
            svg = "".join(svg) if isinstance(svg, list) else svg
            name = f"the plot of cell [{cell.get('execution_count')}]"
            if isinstance(svg, str) and (small := legibility_problem(svg, name)):
                problems.append(Problem(display, None, small, LEGIBILITY_HINT))
    return problems


def claim_line(claim: str, text: str) -> int | None:
    """The line of the notebook's source that states the claim, for the message."""
    for number, line in enumerate(text.splitlines(), start=1):
        if f'"{claim}"' in line or f"'{claim}'" in line:
            return number
    return None


def check_claims(record: dict, display: str, text: str = "") -> list[Problem]:
    """Every claim of a notebook's ``claims.json`` that cannot be checked or no longer holds."""
    problems: list[Problem] = []
    for failed in failed_claims(record.get("claims", []), record.get("values", {})):
        if not failed.checkable:
            message = f"the claim '{failed.claim}' cannot be checked: {failed.detail}"
            hint = "claims compare the names in CLAIMS['values']"
        else:
            message = f"the claim '{failed.claim}' no longer holds ({failed.detail})"
            hint = (
                "the walkthrough's text would no longer match its run; fix the run or the text, "
                "not the claim, unless the concept really changed"
            )
        problems.append(Problem(display, claim_line(failed.claim, text), message, hint))
    return problems


def load_notebook_output(result: RunResult) -> NotebookOutput:
    assert result.output_dir is not None
    return NotebookOutput(result.job.name, result.job.display, result.output_dir / f"{result.job.name}.ipynb")
