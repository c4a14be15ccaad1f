"""Shared test helpers: copies of the fixture site and real MkDocs builds in subprocesses."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURE_SITE = REPO / "tests" / "fixtures" / "site"


def build(project: Path, site_dir: Path, *, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """A real `mkdocs build --strict`, as a contributor runs it."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        timeout=600,
    )


@pytest.fixture
def fixture_site(tmp_path: Path) -> Path:
    """A private copy of the small fixture site, safe to break."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURE_SITE, target, ignore=shutil.ignore_patterns(".cache", "site"))
    return target


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean clone-like copy of the working tree (tracked and new files), built once per session."""
    project = tmp_path_factory.mktemp("repo") / "project"
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=REPO, capture_output=True,
                           text=True, check=True).stdout.split()
    for name in files:
        source = REPO / name
        if source.is_file():
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, project / name)
    shutil.copytree(REPO / ".git", project / ".git")
    result = build(project, project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    (project / "build.log").write_text(result.stderr)
    return project
