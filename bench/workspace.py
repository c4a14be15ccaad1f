"""The real site, copied, with its figures cached, and its plain twin: made once, shared by the parts."""

from __future__ import annotations

import shutil
from functools import cached_property
from pathlib import Path

from common import PYTHON, Measured, copy_repo, run, say


def build(project: Path, site: str = "site") -> Measured:
    """One `mkdocs build` as a contributor runs it (the project's own config decides --strict)."""
    return run([PYTHON, "-m", "mkdocs", "build", "--site-dir", site], project)


class Workspace:
    def __init__(self, work: Path):
        self.work = work
        self.built: dict[Path, Path] = {}  # project -> its last built site

    @cached_property
    def real(self) -> Path:
        """A copy of the working tree, figures run (from the repository's cache when it has them)."""
        say("copying the repository and running its figure scripts (cached ones are reused)")
        project = copy_repo(self.work / "real")
        figures = run([PYTHON, "-m", "dials_weights", "figures"], project)
        say(f"  figures ready in {figures.seconds:.1f} s")
        return project

    @cached_property
    def plain(self) -> Path:
        return self.plain_twin(self.real, self.work / "real-plain")

    def plain_twin(self, project: Path, target: Path) -> Path:
        from plain import convert

        say(f"writing the plain MkDocs twin of {project.name}")
        return convert(project, target)

    def copy(self, project: Path, name: str) -> Path:
        target = self.work / name
        shutil.copytree(project, target, symlinks=True, ignore=shutil.ignore_patterns("site", ".site.*"))
        return target

    def build(self, project: Path) -> Measured:
        measured = build(project)
        self.built[project] = project / "site"
        return measured

    def site(self, project: Path) -> Path:
        """The project's built site: the last one a part built, or a build now."""
        if project not in self.built:
            say(f"building {project.name} once")
            self.build(project)
        return self.built[project]
