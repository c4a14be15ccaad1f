"""Clean builds of one commit, each with fresh caches, produce byte-identical sites.

The first build is the session's `repo_site` (a copy of the working tree, built cold). The second
is a fresh copy of exactly the sources that build saw, built cold again, differing in everything a
reproducible build must not depend on: the folder it runs in, the files' modification times, the
time zone and Python's hash seed. A build date taken from the clock rather than from the commit
only shows across midnight there, so the last test builds the small fixture site from a commit
dated long ago and checks that the dates in its output are that commit's.
"""

from __future__ import annotations

import datetime as dt
import difflib
import gzip
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURE_SITE

pytestmark = pytest.mark.slow

TEXT_SUFFIXES = {".html", ".json", ".xml", ".css", ".js", ".svg", ".txt", ".ipynb", ".map", ".md"}
# What the session build (and test_build_repo) left in the copy besides its sources.
BUILD_LEFTOVERS = {"site", "site-again", ".cache", "build.log"}


def sources_only(root: Path):
    """A copytree filter: the build's leftovers at the top, Python bytecode anywhere."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        skip = {n for n in names if n == "__pycache__"}
        return skip | (BUILD_LEFTOVERS & set(names) if Path(folder) == root else set())

    return ignore


def mkdocs_build(project: Path, site: Path, env: dict[str, str], drop: tuple[str, ...] = ()) -> str:
    """A real `mkdocs build --strict`, as conftest.build runs it, with extra and removed variables."""
    environment = {k: v for k, v in os.environ.items() if k not in drop}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=900,
        env={**environment, "NO_MKDOCS_2_WARNING": "1", **env},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return result.stderr


def tree(site: Path) -> dict[str, bytes]:
    files = {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*")) if p.is_file()}
    # test_ux.py adds screenshots for reviewers to the session build's output: not part of the build.
    return {name: path.read_bytes() for name, path in files.items() if not name.startswith("screenshots/")}


def excerpt(name: str, a: bytes, b: bytes, limit: int = 30) -> str:
    if Path(name).suffix not in TEXT_SUFFIXES:
        return f"  (binary, {len(a)} vs {len(b)} bytes)"
    lines_a, lines_b = a.decode("utf-8", "replace").splitlines(), b.decode("utf-8", "replace").splitlines()
    if len(lines_a) == 1 and len(lines_b) == 1:  # one long line (minified JSON): show where it differs
        at = next((i for i, (x, y) in enumerate(zip(lines_a[0], lines_b[0], strict=False)) if x != y), 0)
        lines_a, lines_b = [lines_a[0][max(0, at - 150) : at + 150]], [lines_b[0][max(0, at - 150) : at + 150]]
    diff = list(difflib.unified_diff(lines_a, lines_b, "first build", "second build", n=1, lineterm=""))
    return "\n".join("  " + line[:300] for line in diff[:limit])


def test_two_clean_builds_are_byte_identical(repo_site: Path, tmp_path: Path):
    second = tmp_path / "elsewhere" / "project"
    # shutil.copy, not copy2: every file gets a new modification time.
    shutil.copytree(repo_site, second, copy_function=shutil.copy, ignore=sources_only(repo_site))
    assert (second / ".git").is_dir() and not (second / ".cache").exists()
    mkdocs_build(second, second / "site", {"TZ": "Pacific/Kiritimati", "PYTHONHASHSEED": "2"})

    first_files, second_files = tree(repo_site / "site"), tree(second / "site")
    assert len(first_files) > 100, "the build produced almost nothing"
    only = sorted(set(first_files) ^ set(second_files))
    differing = sorted(n for n in set(first_files) & set(second_files) if first_files[n] != second_files[n])
    report = [f"only in one build: {name}" for name in only]
    for name in differing:
        report += [f"differs: {name}", excerpt(name, first_files[name], second_files[name])]
    assert not only and not differing, f"{len(only) + len(differing)} file(s) differ:\n" + "\n".join(report)


def test_build_dates_come_from_the_last_commit_not_the_clock(tmp_path: Path):
    commit_date = dt.datetime(2001, 9, 9, 12, 0, tzinfo=dt.UTC)  # far from any day this runs on
    project = tmp_path / "project"
    shutil.copytree(FIXTURE_SITE, project, ignore=shutil.ignore_patterns(".cache", "site"))
    stamp = commit_date.isoformat()
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    git = [
        "git",
        "-c",
        "user.name=Test",
        "-c",
        "user.email=test@dials-weights.invalid",
        "-c",
        "commit.gpgsign=false",
        "-c",
        "core.hooksPath=/dev/null",
        "-c",
        "init.defaultBranch=main",
    ]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "--no-verify", "-q", "-m", "Fixture"]):
        subprocess.run([*git, *command], cwd=project, env=env, check=True, capture_output=True)

    mkdocs_build(project, project / "site", {}, drop=("SOURCE_DATE_EPOCH",))

    sitemap = (project / "site" / "sitemap.xml").read_text()
    dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap))
    assert dates == {commit_date.date().isoformat()}, f"sitemap dates {sorted(dates)} are not the commit's"
    packed = (project / "site" / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(packed).decode() == sitemap
    mtime = int.from_bytes(packed[4:8], "little")  # the gzip header's timestamp
    assert dt.datetime.fromtimestamp(mtime, dt.UTC).date() == commit_date.date()
