"""Fresh clone to `make serve` answering, and the longest silence on the way.

``git clone`` of this repository (its committed state) into a temporary folder, then
``make serve`` in a terminal (a pseudo-terminal, so programs print as they would for a
person) with no virtual environment and an empty figure cache. pip and uv get new, empty cache
folders (``PIP_CACHE_DIR``, ``UV_CACHE_DIR``): every package is downloaded from the index, as
on a machine that never installed them. The clock stops when the server answers; every chunk of output
is timed, and the longest gap between two of them (or from the start to the first) is
the longest a contributor waits without news.

The baseline is what a plain MkDocs + Material site asks of a contributor: a new venv, ``pip
install`` of the same pinned MkDocs, Material and mkdocs-jupyter (same empty cache), and
``mkdocs serve`` of the plain twin.
"""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import tempfile
import time
from pathlib import Path

from common import ENV, ROOT, PartResult, Row, fetch, free_port, say, seconds, stop
from workspace import Workspace

GOAL_SECONDS = 90.0
GOAL_GAP = 10.0  # our reading of "progress all the way": never ten seconds without a line
TIMEOUT = 1800.0
PLAIN_PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-jupyter")


def _in_terminal(command: list[str], cwd: Path, url: str, env: dict[str, str], log: Path) -> dict:
    """Run ``command`` on a pseudo-terminal until ``url`` answers; time to answer, output gaps."""
    parent, child = pty.openpty()
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdin=child, stdout=child, stderr=child, start_new_session=True
    )
    os.close(child)
    chunks: list[tuple[float, bytes]] = []
    answered = None
    last_poll = 0.0
    try:
        while time.perf_counter() - started < TIMEOUT:
            ready, _, _ = select.select([parent], [], [], 0.2)
            now = time.perf_counter() - started
            if ready:
                try:
                    data = os.read(parent, 65536)
                except OSError:
                    data = b""
                if data:
                    chunks.append((now, data))
            if process.poll() is not None and not ready:
                break
            if now - last_poll >= 0.5:
                last_poll = now
                if fetch(url, timeout=2) is not None:
                    answered = time.perf_counter() - started
                    break
    finally:
        stop(process)
        os.close(parent)
    text = b"".join(c for _, c in chunks).decode("utf-8", "replace")
    log.write_text(text)
    end = answered if answered is not None else time.perf_counter() - started
    stamps = [0.0] + [t for t, _ in chunks if t <= end] + [end]
    gaps = [(b - a, a) for a, b in zip(stamps, stamps[1:], strict=False)]
    gap, gap_at = max(gaps)
    before_gap = _last_line(b"".join(c for t, c in chunks if t <= gap_at).decode("utf-8", "replace"))
    if answered is None:
        raise RuntimeError(f"{' '.join(command)} never answered at {url} (exit {process.returncode}); see {log}")
    return {"seconds": answered, "longest_gap": gap, "gap_starts_at": gap_at, "line_before_gap": before_gap}


def _last_line(text: str) -> str:
    lines = [line for line in re.split(r"[\r\n]+", re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)) if line.strip()]
    return lines[-1].strip()[:160] if lines else "(nothing printed yet)"


def _env(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in ENV.items() if not k.startswith(("VIRTUAL_ENV", "PIP_"))}
    env["PATH"] = ":".join(p for p in env.get("PATH", "").split(":") if ".venv" not in p)
    env["PIP_CACHE_DIR"] = str(folder / "pip-cache")  # new and empty: nothing installed before
    env["UV_CACHE_DIR"] = str(folder / "uv-cache")  # the same for uv, should the Makefile use it
    env["TERM"] = "xterm"
    return env


def _pins() -> list[str]:
    lock = (ROOT / "requirements.lock").read_text().splitlines()
    return [line for line in lock if line.split("==")[0].lower() in PLAIN_PACKAGES]


def fresh_clone(ws: Workspace) -> PartResult:
    say("fresh clone → make serve answering (empty pip cache, new venv, empty figure cache)")
    with tempfile.TemporaryDirectory(prefix="dw-clone-") as tmp:
        folder = Path(tmp)
        clone = folder / "clone"
        subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(clone)], check=True)
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        ours = _in_terminal(
            ["make", "serve", f"ADDR=127.0.0.1:{port}"], clone, url, _env(folder), ws.work / "fresh-clone.log"
        )
        say(f"  ours: answered after {ours['seconds']:.1f} s; longest silence {ours['longest_gap']:.1f} s")

        plain_folder = folder / "plain"
        plain_folder.mkdir()
        port = free_port()
        url = f"http://127.0.0.1:{port}/"
        venv = plain_folder / "venv"
        script = (
            f"python3 -m venv {venv} && {venv}/bin/python -m pip install {' '.join(_pins())} && "
            f"cd {ws.plain} && {venv}/bin/mkdocs serve --dev-addr 127.0.0.1:{port}"
        )
        plain = _in_terminal(["sh", "-c", script], plain_folder, url, _env(plain_folder), ws.work / "fresh-plain.log")
        say(f"  plain: answered after {plain['seconds']:.1f} s; longest silence {plain['longest_gap']:.1f} s")
    rows = [
        Row(
            "clone",
            "fresh clone → `make serve` answering, ours / plain",
            seconds(ours["seconds"]),
            seconds(plain["seconds"]),
            ours["seconds"] / plain["seconds"],
            f"≤ {GOAL_SECONDS:.0f} s",
            ours["seconds"] <= GOAL_SECONDS,
            runs=1,
        ),
        Row(
            "clone",
            "longest silence on the way, ours / plain",
            seconds(ours["longest_gap"]),
            seconds(plain["longest_gap"]),
            ours["longest_gap"] / plain["longest_gap"],
            f"≤ {GOAL_GAP:.0f} s",
            ours["longest_gap"] <= GOAL_GAP,
            f"ours silent after: {ours['line_before_gap']}",
            runs=1,
        ),
    ]
    return PartResult(
        rows, {"ours": ours, "plain": plain, "caches": "pip and uv: new and empty (PIP_CACHE_DIR, UV_CACHE_DIR)"}
    )
