"""Everything the site is made of, loaded, run and checked in one call.

``prepare`` is what both the MkDocs plugin and ``dials-weights check`` call: it
reads the glossary, runs (or, for ``check``, only looks up) the figure and
notebook scripts, and validates every entry and page against them. It returns
problems instead of raising, so the caller decides how to report them.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .glossary.content_rules import PAGE_TAGS, html_problems, link_problems
from .glossary.entries import Entry, find_entry_files, link_problem, load_glossary, salvaged_names, slug_for
from .glossary.names import NameIndex
from .glossary.reading_order import reading_order
from .glossary.validation import check_references, validate_glossary
from .problems import Problem, display_path
from .project import Project
from .runs.figures import FigureCatalogue, FigureOutput, MetricsError, figure_jobs, load_output
from .runs.notebooks import NotebookOutput, load_notebook_output, notebook_jobs
from .runs.runner import Progress, RunResult, cache_dir_for, changes_outside, intact, prune, run_jobs, snapshot
from .site.dials import dial_problems

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
    warnings: list[Problem] = field(default_factory=list)  # worth saying, not worth stopping for
    outside_writes: list[Problem] = field(default_factory=list)  # also in problems: files scripts changed


def script_timeout() -> float:
    return float(os.environ.get(TIMEOUT_ENV, "120"))


def rerun_requested() -> bool:
    return os.environ.get(RERUN_ENV, "") not in ("", "0", "false", "no")


def prepare(
    project: Project,
    *,
    run_scripts: bool = True,
    force: bool | None = None,
    progress: Progress | None = None,
    strict_writes: bool = True,
) -> Content:
    """Load, run and validate. ``run_scripts=False`` only reads what is already cached.

    ``strict_writes``: files changed outside the scripts' folders while they ran fail the
    build (CI, ``mkdocs build``). Under ``mkdocs serve`` the contributor may be saving files
    meanwhile, so the change is reported as a warning (``Content.warnings``) instead.
    """
    force = rerun_requested() if force is None else force
    entries, problems = load_glossary(project.glossary_dir, project.root)
    figure_job_list = figure_jobs(project.figures_dir, project.root)
    notebook_job_list = notebook_jobs(project.notebooks_dir, project.root)
    runs: list[RunResult] = []
    warnings: list[Problem] = []
    outside_writes: list[Problem] = []
    if run_scripts:
        watched = _watched_folders(project)
        # Walking the project to see what scripts write costs a tenth of a rebuild: only when one will run.
        jobs = [*figure_job_list, *notebook_job_list]
        will_run = force or not all(intact(cache_dir_for(project.cache_dir, job)) for job in jobs)
        before = {folder: snapshot(folder, _own_folders(project)) for folder in watched} if will_run else {}
        runs = run_jobs(
            [*figure_job_list, *notebook_job_list],
            project.cache_dir,
            timeout=script_timeout(),
            force=force,
            progress=progress,
        )
        if before and any(r.status != "cached" for r in runs):
            outside = _writes_outside(project, watched, before, runs)
            if outside and not strict_writes:
                warnings.extend(outside)
            elif outside:
                # Any of the scripts that ran may have done it: none of their outputs is kept.
                for result in runs:
                    if result.status == "ran" and result.output_dir is not None:
                        shutil.rmtree(result.output_dir, ignore_errors=True)
                        result.status, result.output_dir = "failed", None
                problems.extend(outside)
                outside_writes = outside
        outputs: dict[str, FigureOutput] = {}
        notebooks: dict[str, NotebookOutput] = {}
        for result in runs:
            problems.extend(result.problems)
            if result.output_dir is None:
                continue
            try:
                if result.job.kind == "figures":
                    outputs[result.job.name] = load_output(result)
                else:
                    notebooks[result.job.name] = load_notebook_output(result)
            except (OSError, MetricsError):
                problems.append(
                    Problem(
                        result.job.display,
                        None,
                        "its cached output vanished while this build read it (another build sharing the cache?)",
                        "build again; two builds at once should use different --cache-dir folders",
                    )
                )
        catalogue = FigureCatalogue([job.name for job in figure_job_list], outputs)
    else:
        catalogue = FigureCatalogue.from_cache(figure_job_list, project.cache_dir)
        notebooks = {}
    loaded = {e.slug for e in entries}
    unreadable = [
        name for p in find_entry_files(project.glossary_dir) if slug_for(p) not in loaded for name in salvaged_names(p)
    ]
    index = NameIndex(entries, unreadable)
    problems.extend(validate_glossary(entries, catalogue, unreadable))
    problems.extend(check_pages(project, index, catalogue))
    bodies = [(e.path, e.body, e.body_line) for e in entries]
    problems.extend(dial_problems(bodies, page_sources(project), project.root, catalogue))  # dials.py
    order, cycle = reading_order(entries)
    problems.extend(cycle)
    return Content(project, entries, index, catalogue, order, runs, notebooks, problems, warnings, outside_writes)


def _watched_folders(project: Project) -> list[Path]:
    """The project, and the cache when it lives elsewhere: where a script has no business writing."""
    folders = [project.root]
    if not project.cache_dir.is_relative_to(project.root):
        folders.append(project.cache_dir)
    return folders


def _own_folders(project: Project) -> list[Path]:
    """Folders the runner and the build write while scripts run: scratch space, matplotlib's
    font cache, and the other tools' caches beside ours."""
    others = (
        [p for p in project.cache_dir.parent.iterdir() if p != project.cache_dir]
        if project.cache_dir.parent.is_dir()
        else []
    )
    return [project.cache_dir / "tmp", project.cache_dir / "matplotlib", project.cache_dir / "site-notebooks", *others]


def _writes_outside(
    project: Project, watched: list[Path], before: dict[Path, dict[str, tuple[int, int]]], runs: list[RunResult]
) -> list[Problem]:
    published = [r.output_dir for r in runs if r.status == "ran" and r.output_dir is not None]
    changed: list[str] = []
    for folder in watched:
        for change in changes_outside(before[folder], snapshot(folder, _own_folders(project))):
            path = folder / change.rsplit(" (", 1)[0]
            if not any(path.is_relative_to(p) or path.parent.name.startswith(p.name + ".replaced-") for p in published):
                changed.append(display_path(path, project.root) + " (" + change.rsplit(" (", 1)[1])
    if not changed:
        return []
    scripts = ", ".join(r.job.display for r in runs if r.status != "cached")
    shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
    return [
        Problem(
            scripts.split(", ")[0],
            None,
            f"files outside the scripts' own folders changed while these scripts ran ({scripts}): {shown}",
            "a figure or notebook script may write only into the folder named by DW_OUTPUT_DIR; "
            "read the scripts this change touches before running them again",
        )
    ]


def page_sources(project: Project) -> list[Path]:
    """Hand-written pages and notebooks whose syntax we check and expand."""
    pages = sorted(project.docs_dir.rglob("*.md")) if project.docs_dir.is_dir() else []
    notebooks = sorted(project.notebooks_dir.glob("*.py")) if project.notebooks_dir.is_dir() else []
    return pages + [n for n in notebooks if not n.name.startswith("_")]


def linked_files(project: Project) -> list[Problem]:
    """Symbolic links anywhere in the content folders: MkDocs would publish what they point at."""
    problems = []
    for folder in (project.docs_dir, project.glossary_dir, project.figures_dir, project.notebooks_dir):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_symlink() and (problem := link_problem(path, folder, project.root)):
                    problems.append(problem)
    return problems


def check_pages(project: Project, index: NameIndex, catalogue: FigureCatalogue) -> list[Problem]:
    problems = linked_files(project)
    for source in page_sources(project):
        if source.is_symlink():
            continue  # reported above
        path = display_path(source, project.root)
        try:
            text = source.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            problems.append(Problem(path, None, "the file is not UTF-8 text", "save it with the UTF-8 encoding"))
            continue
        problems.extend(check_references(text, 1, path, index, catalogue))
        markdown = text if source.suffix == ".md" else notebook_markdown(text)
        problems.extend(html_problems(markdown, 1, path, allowed=PAGE_TAGS))
        problems.extend(link_problems(markdown, 1, path))
    return problems


def notebook_markdown(source: str) -> str:
    """The Markdown cells of a Jupytext percent script, comment marks removed, line numbers kept."""
    out: list[str] = []
    markdown = False
    for line in source.split("\n"):
        if line.startswith("# %%"):
            markdown = "[markdown]" in line or "[md]" in line
            out.append("")
        elif markdown and (line.startswith("# ") or line == "#"):
            out.append(line[2:])
        else:
            out.append("")
    return "\n".join(out)


def prune_cache(content: Content) -> None:
    """After a good build, forget cached runs of older inputs and of scripts that were removed."""
    in_use = {r.output_dir.resolve() for r in content.runs if r.output_dir is not None}
    if in_use:
        prune(content.project.cache_dir, in_use, {(r.job.kind, r.job.name) for r in content.runs})
