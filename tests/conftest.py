"""Shared test helpers: copies of the fixture site and real MkDocs builds in subprocesses."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    # MkDocs answers requests only between rebuilds; on a busy machine a rebuild takes a while.
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode("utf-8")


def wait_for(condition: Callable[[], Any], what: str, timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = condition()
        except OSError:
            value = None
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@contextlib.contextmanager
def serving(project: Path, first_build_timeout: float = 60.0) -> Iterator[str]:
    """`mkdocs serve` on a copy of the fixture site, as a contributor runs it; yields its address.

    The log goes to ``project/serve.log``; the server stops when the block ends.
    """
    port = free_port()
    with (project / "serve.log").open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        base = f"http://127.0.0.1:{port}/fixture/"  # served under the path of site_url
        try:
            wait_for(lambda: "Alpha" in fetch(base + "glossary/alpha/"), "the first build", first_build_timeout)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=20)


@pytest.fixture
def fixture_site(tmp_path: Path) -> Path:
    """A private copy of the small fixture site, safe to break."""
    target = tmp_path / "project"
    shutil.copytree(FIXTURE_SITE, target, ignore=shutil.ignore_patterns(".cache", "site"))
    return target


@pytest.fixture(scope="session")
def repo_site(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """A clean clone-like copy of the working tree (tracked and new files), built once per test run.

    With pytest-xdist the workers share it: the first to ask builds it under a lock in the run's
    common temporary folder, the others wait and reuse it (a build takes minutes, a copy seconds).
    """
    if not hasattr(request.config, "workerinput"):  # not an xdist worker (-n 0, or -p no:xdist)
        return _build_repo_site(tmp_path_factory.mktemp("repo") / "project")
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp().parent
    project = shared / "repo" / "project"
    with FileLock(str(shared / "repo.lock")):
        if not (project / "build.log").is_file():
            shutil.rmtree(shared / "repo", ignore_errors=True)  # a half-copy from a worker that crashed
            _build_repo_site(project)
    return project


def _build_repo_site(project: Path) -> Path:
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    for name in files:
        source = REPO / name
        if source.is_file():
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, project / name)
    if (REPO / ".git").is_dir():
        shutil.copytree(REPO / ".git", project / ".git")
    else:  # a linked worktree, whose .git is a file naming the real one: clone the same history instead
        clone = project / ".clone"
        subprocess.run(["git", "clone", "-q", "--shared", "--no-checkout", str(REPO), str(clone)], check=True)
        (clone / ".git").rename(project / ".git")
        clone.rmdir()
    result = build(project, project / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    (project / "build.log").write_text(result.stderr)
    return project


@pytest.fixture(scope="session")
def served_site(repo_site: Path):
    """The built repository site served on 127.0.0.1 for the whole session; yields its base URL."""
    import functools
    import http.server
    import threading

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
            pass  # one line per request would bury the output of a failing test

        def copyfile(self, source, outputfile) -> None:  # type: ignore[no-untyped-def]
            # The browser stopped wanting the file (a lazy image scrolled past, a page left): not a failure.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                super().copyfile(source, outputfile)

    handler = functools.partial(QuietHandler, directory=str(repo_site / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


CHROMIUM = os.environ.get("DW_CHROMIUM", "/usr/bin/chromium")  # Debian's chromium; CI may point elsewhere
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",  # otherwise Chromium phones home and the closed network refuses it
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (never `playwright install`)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: run `make test`, which installs it")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()
