"""Everything the site is made of, loaded, run and checked in one call.

``prepare`` is what both the MkDocs plugin and ``dials-weights check`` call: it
reads the glossary, runs (or, for ``check``, only looks up) the figure and
notebook scripts, and validates every entry and page against them. It returns
problems instead of raising, so the caller decides how to report them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .dials import dial_problems
from .entries import Entry, load_glossary
from .figures import FigureCatalogue, FigureOutput, figure_jobs, load_output
from .names import NameIndex
from .notebooks import NotebookOutput, load_notebook_output, notebook_jobs
from .problems import Problem, display_path
from .project import Project
from .reading_order import reading_order
from .runner import RunResult, prune, run_jobs
from .validation import check_references, validate_glossary

RERUN_ENV = "DW_RERUN"
TIMEOUT_ENV = "DW_SCRIPT_TIMEOUT"


@dataclass
class Content:
    project: Project
    entries: list[Entry]
    index: NameIndex
    catalogue: FigureCatalogue
    order: list[Entry] = field(default_factory=list)
    runs: list[RunResult] = field(default_factory=list)
    notebooks: dict[str, NotebookOutput] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


def script_timeout() -> float:
    return float(os.environ.get(TIMEOUT_ENV, "120"))


def rerun_requested() -> bool:
    return os.environ.get(RERUN_ENV, "") not in ("", "0", "false", "no")


def prepare(project: Project, *, run_scripts: bool = True, force: bool | None = None) -> Content:
    """Load, run and validate. ``run_scripts=False`` only reads what is already cached."""
    force = rerun_requested() if force is None else force
    entries, problems = load_glossary(project.glossary_dir, project.root)
    figure_job_list = figure_jobs(project.figures_dir, project.root)
    notebook_job_list = notebook_jobs(project.notebooks_dir, project.root)
    runs: list[RunResult] = []
    if run_scripts:
        runs = run_jobs(
            [*figure_job_list, *notebook_job_list],
            project.cache_dir,
            timeout=script_timeout(),
            force=force,
            cwd=project.root,
        )
        outputs: dict[str, FigureOutput] = {}
        notebooks: dict[str, NotebookOutput] = {}
        for result in runs:
            problems.extend(result.problems)
            if result.output_dir is None:
                continue
            if result.job.kind == "figures":
                outputs[result.job.name] = load_output(result)
            else:
                notebooks[result.job.name] = load_notebook_output(result)
        catalogue = FigureCatalogue([job.name for job in figure_job_list], outputs)
    else:
        catalogue = FigureCatalogue.from_cache(figure_job_list, project.cache_dir)
        notebooks = {}
    index = NameIndex(entries)
    problems.extend(validate_glossary(entries, catalogue))
    problems.extend(check_pages(project, index, catalogue))
    bodies = [(e.path, e.body, e.body_line) for e in entries]
    problems.extend(dial_problems(bodies, page_sources(project), project.root, catalogue))  # dials.py
    order, cycle = reading_order(entries)
    problems.extend(cycle)
    return Content(project, entries, index, catalogue, order, runs, notebooks, problems)


def page_sources(project: Project) -> list[Path]:
    """Hand-written pages and notebooks whose syntax we check and expand."""
    pages = sorted(project.docs_dir.rglob("*.md")) if project.docs_dir.is_dir() else []
    notebooks = sorted(project.notebooks_dir.glob("*.py")) if project.notebooks_dir.is_dir() else []
    return pages + [n for n in notebooks if not n.name.startswith("_")]


def check_pages(project: Project, index: NameIndex, catalogue: FigureCatalogue) -> list[Problem]:
    problems: list[Problem] = []
    for source in page_sources(project):
        text = source.read_text(encoding="utf-8")
        problems.extend(check_references(text, 1, display_path(source, project.root), index, catalogue))
    return problems


def prune_cache(content: Content) -> None:
    """After a good build, forget cached runs of older inputs."""
    in_use = {r.output_dir.resolve() for r in content.runs if r.output_dir is not None}
    if in_use:
        prune(content.project.cache_dir, in_use)
