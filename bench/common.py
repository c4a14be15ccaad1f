"""What every part of the benchmark shares: timed runs with peak memory, medians, progress, rows.

A measured command runs in its own process group, started by a small launcher that reaps
it with ``os.wait4``, whose resource usage covers that process and every descendant it
waited for: ``ru_maxrss`` is then the largest resident set of any process in the build's
tree (MkDocs builds in one process; script runners wait for their children).

Why a launcher: Linux carries a process's peak resident set across fork and exec, so a
command forked straight from this benchmark (hundreds of MiB once it has built the
5,000-entry glossary) reported at least the benchmark's own size: every build after the
scale part read "peak 340 MiB", 100 entries included. The launcher is a fresh interpreter
of a few MiB, and the command it forks starts from that.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
_STARTED = time.monotonic()
# argv: the file to write the peak resident set to (KiB), then the command. Exits as the command did.
_LAUNCHER = """
import os, signal, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(str(usage.ru_maxrss))
if os.WIFSIGNALED(status):
    if os.WTERMSIG(status) not in (signal.SIGKILL, signal.SIGSTOP):
        signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
    os.kill(os.getpid(), os.WTERMSIG(status))
sys.exit(os.WEXITSTATUS(status))
"""


def say(message: str) -> None:
    """One progress line, with the time since the benchmark started."""
    elapsed = time.monotonic() - _STARTED
    print(f"[{int(elapsed // 60):3d}:{elapsed % 60:04.1f}] {message}", flush=True)


@dataclass
class Measured:
    seconds: float
    peak_rss: int  # bytes: the largest resident set in the process tree
    returncode: int
    output: str


class StepFailed(RuntimeError):
    """A measured command failed: the benchmark cannot compare what did not build."""


def run(
    command: Sequence[str],
    cwd: Path,
    *,
    env: dict[str, str] | None = None,
    timeout: float = 3600,
    check: bool = True,
) -> Measured:
    """Run ``command`` to the end; wall time, peak memory and output."""
    with tempfile.TemporaryFile() as log, tempfile.TemporaryDirectory(prefix="dw-peak-") as folder:
        peak_file = Path(folder) / "peak"
        launcher = [PYTHON, "-I", "-S", "-c", _LAUNCHER, str(peak_file), *map(str, command)]
        started = time.perf_counter()
        process = subprocess.Popen(
            launcher, cwd=cwd, env=env or ENV, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        timer = threading.Timer(timeout, lambda: _kill_group(process.pid))
        timer.start()
        try:
            process.wait()
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
        peak_kib = int(peak_file.read_text() or 0) if peak_file.is_file() else 0
    measured = Measured(seconds, peak_kib * 1024, process.returncode, output)
    if check and measured.returncode != 0:
        tail = "\n".join(output.splitlines()[-40:])
        raise StepFailed(f"{' '.join(map(str, command))} (in {cwd}) exited {measured.returncode}:\n{tail}")
    return measured


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def stop(process: subprocess.Popen) -> None:
    """End a server we started (its whole process group), politely first."""
    for sig, wait in ((signal.SIGINT, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def repeat(label: str, times: int, measure: Callable[[], Measured]) -> list[Measured]:
    out = []
    for n in range(times):
        m = measure()
        say(f"  {label} {n + 1}/{times}: {m.seconds:.2f} s, peak {m.peak_rss / 2**20:.0f} MiB")
        out.append(m)
    return out


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Least-squares slope of log y against log x: the growth exponent (1 = linear)."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = statistics.fmean(lx), statistics.fmean(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / sum((a - mx) ** 2 for a in lx)


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str, timeout: float = 5) -> str | None:
    """The page's text, or None while the server does not answer (or answers with an error)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, TimeoutError):
        return None


def wait_until(predicate: Callable[[], object], timeout: float, interval: float = 0.05) -> float | None:
    """Seconds until ``predicate()`` is truthy, or None after ``timeout``."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if predicate():
            return time.perf_counter() - started
        time.sleep(interval)
    return None


def copy_repo(target: Path, *, with_cache: bool = True) -> Path:
    """The working tree as a contributor has it (tracked and new files, uncommitted edits too), with its
    git history (entries' "last updated" dates come from it) and, by default, the figure cache."""
    subprocess.run(["git", "clone", "--quiet", "--shared", "--no-checkout", str(ROOT), str(target)], check=True)
    subprocess.run(["git", "reset", "--quiet"], cwd=target, check=True)  # index = HEAD, work tree untouched
    names = (
        subprocess.run(
            ["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, capture_output=True, check=True
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, names):
        source = ROOT / name
        if source.is_file() and not name.startswith(("bench/npm/", "bench/results/")):
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    if with_cache and (ROOT / ".cache").is_dir():
        for name in ("dials-weights", "mkdocs-jupyter"):
            if (ROOT / ".cache" / name).is_dir():
                shutil.copytree(
                    ROOT / ".cache" / name,
                    target / ".cache" / name,
                    ignore=shutil.ignore_patterns("tmp"),
                    symlinks=True,
                )
    return target


@dataclass
class Row:
    """One line of the table: our figure, its baseline, the ratio, and the goal."""

    part: str
    measure: str
    value: str
    baseline: str = ""
    ratio: float | None = None
    goal: str = ""
    met: bool | None = None  # None: no goal, or not measured
    note: str = ""
    runs: int | None = None  # how many runs the median is of


@dataclass
class PartResult:
    rows: list[Row] = field(default_factory=list)
    data: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        return {"rows": [asdict(r) for r in self.rows], "data": self.data}


def seconds(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def mib(value: float) -> str:
    return f"{value / 2**20:,.0f} MiB"


def kb(value: float) -> str:
    return f"{value / 1000:,.1f} KB"
