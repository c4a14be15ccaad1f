"""Run build-time scripts in subprocesses, in parallel, with a time limit and a cache.

Each job runs in its own process with a fresh temporary output folder. Only a
run that exits cleanly *and* passes its output check is moved into the cache,
by renaming the whole folder (atomic on one file system). A failed or killed
run leaves nothing behind, so earlier good outputs and other jobs' cache
entries are never touched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem

OUTPUT_ENV = "DW_OUTPUT_DIR"
TRACEBACK_LINES = 12


@dataclass(frozen=True)
class Job:
    """One script to run: where its outputs go is decided by the runner."""

    name: str
    kind: str  # "figures" or "notebooks": the cache sub-folder
    source: Path
    display: str  # the path contributors know, e.g. scripts/figures/overfitting.py
    key: str
    command: tuple[str, ...]
    check: Callable[[Path], list[Problem]] | None = field(default=None, compare=False)
    rerun_hint: str = ""  # the command that shows the whole error; default: python <display>


@dataclass
class RunResult:
    job: Job
    status: str  # "ran", "cached" or "failed"
    seconds: float = 0.0
    output_dir: Path | None = None
    problems: list[Problem] = field(default_factory=list)


def cache_dir_for(cache_root: Path, job: Job) -> Path:
    return cache_root / job.kind / job.name / job.key


def run_jobs(
    jobs: Sequence[Job],
    cache_root: Path,
    *,
    timeout: float = 120.0,
    workers: int | None = None,
    force: bool = False,
    cwd: Path | None = None,
) -> list[RunResult]:
    """Run the stale jobs (all of them when ``force``), reuse the rest; results in job order."""
    cache_root.mkdir(parents=True, exist_ok=True)
    workers = workers or os.cpu_count() or 1

    def one(job: Job) -> RunResult:
        final = cache_dir_for(cache_root, job)
        if final.is_dir() and not force:
            return RunResult(job, "cached", 0.0, final)
        return _run(job, cache_root, final, timeout, cwd)

    if len(jobs) <= 1:
        return [one(job) for job in jobs]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, jobs))


def _run(job: Job, cache_root: Path, final: Path, timeout: float, cwd: Path | None) -> RunResult:
    scratch_root = cache_root / "tmp"
    scratch_root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f"{job.name}-", dir=scratch_root))
    env = {
        **os.environ,
        OUTPUT_ENV: str(scratch),
        "MPLBACKEND": "Agg",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",  # no __pycache__ in scripts/: it would wake `mkdocs serve`
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    started = time.perf_counter()
    try:
        process = subprocess.Popen(
            job.command,
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            process.communicate()
            seconds = time.perf_counter() - started
            return _failed(
                job,
                scratch,
                seconds,
                f"did not finish within {timeout:.0f} s and was stopped",
                "make it faster (fewer epochs, a smaller sample) or look for an endless loop",
            )
        seconds = time.perf_counter() - started
        if process.returncode != 0:
            tail = _traceback_tail(stderr.decode("utf-8", "replace"))
            return _failed(
                job,
                scratch,
                seconds,
                f"failed (exit code {process.returncode}):\n{tail}",
                f"run '{job.rerun_hint or 'python ' + job.display}' to see the whole error",
            )
        problems = job.check(scratch) if job.check else []
        if problems:
            shutil.rmtree(scratch, ignore_errors=True)
            return RunResult(job, "failed", seconds, None, problems)
        _publish(scratch, final)
        return RunResult(job, "ran", seconds, final)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):  # it ended by itself in the meantime
        os.killpg(process.pid, signal.SIGKILL)


def _failed(job: Job, scratch: Path, seconds: float, message: str, hint: str) -> RunResult:
    shutil.rmtree(scratch, ignore_errors=True)
    return RunResult(job, "failed", seconds, None, [Problem(job.display, None, f"{job.name} {message}", hint)])


def _traceback_tail(stderr: str) -> str:
    """The end of the script's own traceback: the lines a contributor needs."""
    lines = [line for line in stderr.rstrip().splitlines() if line.strip()]
    start = max((i for i, line in enumerate(lines) if line.startswith("Traceback")), default=0)
    tail = lines[start:][-TRACEBACK_LINES:]
    return "\n".join("    " + line for line in tail)


def _publish(scratch: Path, final: Path) -> None:
    """Move a finished run into place in one rename (older runs are pruned after a good build)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.rename(scratch, final)
    except OSError:
        if not final.is_dir():  # a concurrent build published the same key first: keep theirs
            raise
        shutil.rmtree(scratch, ignore_errors=True)


def prune(cache_root: Path, in_use: set[Path]) -> None:
    """Drop cached runs that the current good build does not use (other keys of the same jobs)."""
    for kind in ("figures", "notebooks"):
        for job_folder in (cache_root / kind).glob("*") if (cache_root / kind).is_dir() else []:
            for run in job_folder.iterdir():
                if run.is_dir() and run.resolve() not in in_use:
                    shutil.rmtree(run, ignore_errors=True)


def python_command(script: Path) -> tuple[str, ...]:
    return (sys.executable, str(script))


def format_timings(results: Sequence[RunResult]) -> list[str]:
    """One log line per job: what ran, what came from the cache, how long it took."""
    lines = []
    for result in results:
        if result.status == "cached":
            lines.append(f"{result.job.display}: cached (inputs unchanged, not re-run)")
        else:
            lines.append(f"{result.job.display}: {result.status} in {result.seconds:.1f} s")
    return lines
