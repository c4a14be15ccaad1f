"""The real site, copied, with its figures cached, and its plain twin: made once, shared by the parts."""

from __future__ import annotations

import shutil
from functools import cached_property
from pathlib import Path

from common import PYTHON, ROOT, Measured, copy_repo, run, say


def build(project: Path, site: str = "site") -> Measured:
    """One `mkdocs build` as a contributor runs it (the project's own config decides --strict)."""
    return run([PYTHON, "-m", "mkdocs", "build", "--site-dir", site], project)


class Workspace:
    def __init__(self, work: Path, *, reuse: bool = False):
        self.work = work
        self.reuse = reuse  # a kept folder: its copies and built sites are used as they are
        self.built: dict[Path, Path] = {}  # project -> its last built site

    @cached_property
    def copied(self) -> Path:
        """A copy of the working tree and its figure cache (which may be stale)."""
        project = self.work / "real"
        if (project / "mkdocs.yml").is_file():
            say(f"reusing the copy in {project} (its content is not refreshed)")
            return project
        say("copying the working tree and its figure cache")
        return copy_repo(project)

    @cached_property
    def real(self) -> Path:
        """The copy with every figure cached.

        Scripts whose outputs are stale run in the copy (never in the working tree, where a file
        saved meanwhile would void the run), and their new outputs are added to the working
        tree's cache so that the next copy starts warm."""
        project = self.copied
        say("running the figure scripts that changed (if any) in the copy")
        figures = run([PYTHON, "-m", "dials_weights", "figures"], project)
        say(f"  figures ready in {figures.seconds:.1f} s")
        self.share_cache(project / ".cache" / "dials-weights")
        return project

    def share_cache(self, cache: Path) -> None:
        """Add the runs in ``cache`` to the copy's cache and the working tree's, where missing."""
        for target in (self.copied / ".cache" / "dials-weights", ROOT / ".cache" / "dials-weights"):
            if target != cache:
                _share_cache(cache, target)

    @cached_property
    def plain(self) -> Path:
        target = self.work / "real-plain"
        if (target / "mkdocs.yml").is_file():
            return target
        return self.plain_twin(self.real, target)

    def plain_twin(self, project: Path, target: Path) -> Path:
        from plain import convert

        say(f"writing the plain MkDocs twin of {project.name}")
        shutil.rmtree(target, ignore_errors=True)
        return convert(project, target)

    def copy(self, project: Path, name: str) -> Path:
        target = self.work / name
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(project, target, symlinks=True, ignore=shutil.ignore_patterns("site", ".site.*"))
        return target

    def build(self, project: Path) -> Measured:
        measured = build(project)
        self.built[project] = project / "site"
        return measured

    def site(self, project: Path) -> Path:
        """The project's built site: the last one a part built, or a build now."""
        if self.reuse and project not in self.built and (project / "site" / "index.html").is_file():
            self.built[project] = project / "site"
        if project not in self.built:
            say(f"building {project.name} once")
            self.build(project)
        return self.built[project]


def _share_cache(source: Path, target: Path) -> None:
    """Add the copy's cached runs that the working tree lacks (each complete, renamed into place)."""
    for kind in ("figures", "notebooks"):
        for run_dir in sorted(source.glob(f"{kind}/*/*")):
            final = target / run_dir.relative_to(source)
            if final.exists() or not run_dir.is_dir():
                continue
            staging = final.with_name(final.name + ".bench-copy")
            shutil.rmtree(staging, ignore_errors=True)
            shutil.copytree(run_dir, staging, symlinks=True)
            staging.rename(final)
