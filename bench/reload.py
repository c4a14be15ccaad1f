"""Edit to reload under `mkdocs serve`, measured from outside as a contributor feels it.

Start `mkdocs serve` on a copy, wait until it answers, then save one entry with a unique
marker and poll the served page (every 50 ms) until the marker is there. The time runs from
the save to the first response that shows it. The plain twin, served by plain MkDocs, is the
baseline: the same file saved, the same page polled.
"""

from __future__ import annotations

import re
import subprocess
import time
import uuid
from pathlib import Path

from common import ENV, PYTHON, PartResult, Row, fetch, free_port, median, say, seconds, stop, wait_until
from workspace import Workspace

ENTRY = "learning-rate"
GOAL = 1.0
TIMEOUT = 300.0


SERVING = re.compile(r"Serving on (http://\S+)")


def _serving_url(log: Path) -> str | None:
    """The address MkDocs printed (it serves under site_url's path, e.g. /dials-and-weights/)."""
    found = SERVING.search(log.read_text(errors="replace"))
    return found.group(1).rstrip("/") + "/" if found else None


def _serve(project: Path, edited: Path, page: str, edits: int, label: str) -> dict:
    port = free_port()
    log_path = project.parent / f"serve-{project.name}-{port}.log"
    log = log_path.open("wb")
    started = time.perf_counter()
    server = subprocess.Popen(
        [PYTHON, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        base = ""

        def answers() -> bool:
            nonlocal base
            base = base or _serving_url(log_path) or ""
            return bool(base) and fetch(base + page) is not None

        answered = wait_until(answers, TIMEOUT, 0.2)
        if answered is None or server.poll() is not None:
            raise RuntimeError(f"{label}: mkdocs serve did not answer within {TIMEOUT:.0f} s (see {log_path})")
        startup = time.perf_counter() - started
        say(f"  {label}: serving after {startup:.1f} s")
        time.sleep(2)  # let the file watcher settle after the first build
        original = edited.read_text(encoding="utf-8")
        reloads = []
        for n in range(edits):
            marker = f"benchmark{uuid.uuid4().hex[:12]}"
            text = re.sub(r"(## In simple terms\n+)", rf"\1{marker} ", original, count=1)
            assert marker in text, f"no 'In simple terms' section in {edited}"
            saved = time.perf_counter()
            edited.write_text(text, encoding="utf-8")
            seen = wait_until(lambda marker=marker: marker in (fetch(base + page) or ""), TIMEOUT)
            if seen is None:
                raise RuntimeError(f"{label}: the edit never showed at {base + page} (see {log_path})")
            reloads.append(time.perf_counter() - saved)
            say(f"  {label}: save → page shows it {n + 1}/{edits}: {reloads[-1]:.2f} s")
            time.sleep(1.5)  # the next save starts from a quiet server
        edited.write_text(original, encoding="utf-8")
        return {"startup_seconds": startup, "reload_seconds": reloads, "median": median(reloads)}
    finally:
        stop(server)
        log.close()


def reload(ws: Workspace, edits: int) -> PartResult:
    page = f"glossary/{ENTRY}/"
    say("edit to reload under mkdocs serve")
    ours = _serve(ws.real, ws.real / "glossary" / f"{ENTRY}.md", page, edits, "ours")
    plain = _serve(ws.plain, ws.plain / "docs" / "glossary" / f"{ENTRY}.md", page, edits, "plain")
    ratio = ours["median"] / plain["median"]
    return PartResult(
        [
            Row(
                "serve",
                f"`mkdocs serve`: save one entry → served page shows it (median of {edits}), ours / plain",
                seconds(ours["median"]),
                seconds(plain["median"]),
                ratio,
                f"≤ {GOAL:.1f} s",
                ours["median"] <= GOAL,
                runs=edits,
            ),
            Row(
                "serve",
                "`mkdocs serve`: start → first answer, ours / plain",
                seconds(ours["startup_seconds"]),
                seconds(plain["startup_seconds"]),
                ours["startup_seconds"] / plain["startup_seconds"],
            ),
        ],
        {"entry": ENTRY, "ours": ours, "plain": plain},
    )
