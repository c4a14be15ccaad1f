"""Run build-time scripts in subprocesses, in parallel, with a time limit and a cache.

Figure and notebook scripts are code from pull requests, so each runs with
least privilege: a short, listed environment (no inherited secrets), its own
scratch folder as working directory, home and temporary folder, and a time
limit that a background process cannot stretch (output goes to files, not to
pipes a child could hold open, and every process of the run is killed when
it ends). What a run writes into the project outside its scratch folder is
reported by ``changes_outside``.

Only a run that exits cleanly *and* passes its output check is moved into the
cache, by renaming its output folder (atomic on one file system), with a
manifest of what it wrote. A cached run whose files no longer match their
manifest is treated as missing and runs again, so a damaged cache repairs
itself; ``force`` replaces cached runs.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..problems import Problem
from ..processes import process_alive
from .arithmetic import arithmetic_env

OUTPUT_ENV = "DW_OUTPUT_DIR"
SCRIPT_ENV = "DW_SCRIPT"  # the script's path as contributors know it, for its own messages
MANIFEST = ".manifest.json"
TRACEBACK_LINES = 12
KINDS = ("figures", "notebooks")
# The only variables a script inherits; everything else (tokens, keys, CI secrets) stays behind.
PASSED_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "PYTHONPATH", "SYSTEMROOT")
FIXED_ENV = {
    "MPLBACKEND": "Agg",
    "PYTHONHASHSEED": "0",
    "PYTHONDONTWRITEBYTECODE": "1",  # no __pycache__ in scripts/: it would wake `mkdocs serve`
    "PYTHONNOUSERSITE": "1",
    **arithmetic_env(),
}


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
    forkable: bool = False  # a plain Python script the fork server may run (command = python <source>)


@dataclass
class RunResult:
    job: Job
    status: str  # "ran", "cached" or "failed"
    seconds: float = 0.0
    output_dir: Path | None = None
    problems: list[Problem] = field(default_factory=list)


def cache_dir_for(cache_root: Path, job: Job) -> Path:
    return cache_root / job.kind / job.name / job.key


QUIET_SECONDS = 8.0  # the longest a contributor waits without a line while scripts run


@dataclass(frozen=True)
class Waiting:
    """Scripts still running when none has finished for a while: said, so a long wait is never silent."""

    running: tuple[tuple[str, float], ...]  # (script, seconds so far), the longest-running first


Progress = Callable[["RunResult | Waiting | None", int, int], None]


def run_jobs(
    jobs: Sequence[Job],
    cache_root: Path,
    *,
    timeout: float = 120.0,
    workers: int | None = None,
    force: bool = False,
    cwd: Path | None = None,
    progress: Progress | None = None,
) -> list[RunResult]:
    """Run the stale jobs (all of them when ``force``), reuse the rest; results in job order.

    ``progress(result, done, total)`` is called as each job that had to run finishes, and with a
    ``Waiting`` when nothing has finished for ``QUIET_SECONDS``.
    """
    cache_root.mkdir(parents=True, exist_ok=True)
    remove_orphans(cache_root)
    workers = workers or os.cpu_count() or 1
    stale = [job for job in jobs if force or not intact(cache_dir_for(cache_root, job))]
    done = 0
    if stale and progress is not None:
        progress(None, 0, len(stale))
    server = ForkServer.start(cache_root) if _use_fork_server() and any(job.forkable for job in stale) else None

    running: dict[str, float] = {}
    lock = threading.Lock()
    last_said = [time.monotonic()]

    def one(job: Job) -> RunResult:
        nonlocal done
        final = cache_dir_for(cache_root, job)
        if job not in stale:
            return RunResult(job, "cached", 0.0, final)
        with lock:
            running[job.display] = time.monotonic()
        result = _run(job, cache_root, final, timeout, server if job.forkable else None)
        with lock:
            running.pop(job.display, None)
            done += 1
            last_said[0] = time.monotonic()
        if progress is not None:
            progress(result, done, len(stale))
        return result

    quiet = threading.Event()

    def say_who_is_running() -> None:
        while not quiet.wait(1.0):
            now = time.monotonic()
            with lock:
                if now - last_said[0] < QUIET_SECONDS or not running:
                    continue
                last_said[0] = now
                waiting = Waiting(tuple(sorted(((n, now - t) for n, t in running.items()), key=lambda w: -w[1])))
            if progress is not None:
                progress(waiting, done, len(stale))

    if stale and progress is not None:
        threading.Thread(target=say_who_is_running, daemon=True).start()
    try:
        if len(stale) <= 1:
            return [one(job) for job in jobs]
        # The longest jobs first, so a slow notebook does not start last on an idle core.
        order = sorted(jobs, key=lambda job: job.forkable)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            results = dict(zip(order, pool.map(one, order), strict=True))
        return [results[job] for job in jobs]
    finally:
        quiet.set()
        if server is not None:
            server.stop()


def script_env(scratch: Path, output: Path, cache_root: Path, display: str = "") -> dict[str, str]:
    """The whole environment a script gets: listed variables, and folders of its own."""
    env = {name: os.environ[name] for name in PASSED_ENV if name in os.environ}
    env.setdefault("PATH", os.defpath)
    env.update(FIXED_ENV)
    env.update(
        {
            OUTPUT_ENV: str(output),
            SCRIPT_ENV: display,
            "HOME": str(scratch / "home"),
            "TMPDIR": str(scratch / "tmp"),
            # Shared between runs so matplotlib does not rebuild its font list for every script.
            "MPLCONFIGDIR": str(cache_root / "matplotlib"),
        }
    )
    return env


FORK_SERVER_ENV = "DW_FORK_SERVER"


def _use_fork_server() -> bool:
    """On Linux unless DW_FORK_SERVER=0. Elsewhere (macOS) forking after numpy has loaded its
    BLAS is not safe, so every script starts its own interpreter there."""
    return sys.platform.startswith("linux") and os.environ.get(FORK_SERVER_ENV, "1") not in ("0", "false", "no")


class ForkServer:
    """The runner's side of ``fork_server``: start it, ask it for children, wait for them."""

    def __init__(self, process: subprocess.Popen[str], home: Path):
        self.process = process
        self.home = home
        self.lock = threading.Lock()

    @classmethod
    def start(cls, cache_root: Path) -> ForkServer | None:
        home = cache_root / "tmp" / f"server-{os.getpid()}-home"
        home.mkdir(parents=True, exist_ok=True)
        (cache_root / "matplotlib").mkdir(parents=True, exist_ok=True)
        env = script_env(home.parent, home, cache_root)  # no secrets for the parent of every script either
        env["HOME"] = env["TMPDIR"] = str(home)
        try:
            process = subprocess.Popen(
                (sys.executable, "-m", "dials_weights.runs.fork_server"),
                cwd=home,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                start_new_session=True,
            )
            assert process.stdout is not None
            if process.stdout.readline().strip() != "ready":
                raise OSError("the fork server did not start")
        except (OSError, AssertionError):
            return None  # scripts then start their own interpreters, as before
        return cls(process, home)

    def launch(self, request: Mapping[str, object]) -> int:
        assert self.process.stdin is not None and self.process.stdout is not None
        with self.lock:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
            return int(self.process.stdout.readline())

    def stop(self) -> None:
        """Closing its input ends the server once its last child has been reaped."""
        assert self.process.stdin is not None and self.process.stdout is not None
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()
        shutil.rmtree(self.home, ignore_errors=True)


def _run(job: Job, cache_root: Path, final: Path, timeout: float, server: ForkServer | None = None) -> RunResult:
    scratch_root = cache_root / "tmp"
    scratch_root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f"{job.name}-{os.getpid()}-", dir=scratch_root))
    output = scratch / "out"
    for folder in (output, scratch / "home", scratch / "tmp", cache_root / "matplotlib"):
        folder.mkdir(parents=True, exist_ok=True)
    env = script_env(scratch, output, cache_root, job.display)
    started = time.perf_counter()
    try:
        returncode = (
            _run_forked(server, job, scratch, env, timeout, str(output))
            if server is not None
            else _run_process(job, scratch, env, timeout, str(output))
        )
        seconds = time.perf_counter() - started
        if returncode is None:
            return _failed(
                job,
                scratch,
                seconds,
                f"did not finish within {timeout:.0f} s and was stopped",
                "make it faster (fewer epochs, a smaller sample) or look for an endless loop",
            )
        if returncode != 0:
            tail = _traceback_tail((scratch / "stderr.txt").read_text(encoding="utf-8", errors="replace"))
            how = _how_it_ended(returncode)
            return _failed(
                job,
                scratch,
                seconds,
                f"{how}:\n{tail}" if tail else how,
                f"run '{job.rerun_hint or 'python ' + job.display}' to see the whole error",
            )
        problems = job.check(output) if job.check else []
        if problems:
            shutil.rmtree(scratch, ignore_errors=True)
            return RunResult(job, "failed", seconds, None, problems)
        write_manifest(output)
        _publish(output, final)
        shutil.rmtree(scratch, ignore_errors=True)
        return RunResult(job, "ran", seconds, final)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


def _run_process(job: Job, scratch: Path, env: dict[str, str], timeout: float, marker: str) -> int | None:
    """The script in a fresh interpreter; its exit code, or None when it ran out of time."""
    with open(scratch / "stdout.txt", "wb") as stdout, open(scratch / "stderr.txt", "wb") as stderr:
        process = subprocess.Popen(
            job.command,
            cwd=scratch,
            env=env,
            stdout=stdout,
            stderr=stderr,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            return process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
        finally:
            _kill_everything(process.pid, marker)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)


def _run_forked(
    server: ForkServer, job: Job, scratch: Path, env: dict[str, str], timeout: float, marker: str
) -> int | None:
    """The script in a child of the fork server; its exit code (minus a signal), or None on timeout."""
    status = scratch / "status"
    request = {
        "script": str(job.source.resolve()),
        "cwd": str(scratch),
        "env": env,
        "stdout": str(scratch / "stdout.txt"),
        "stderr": str(scratch / "stderr.txt"),
        "status": str(status),
    }
    pid = server.launch(request)
    deadline = time.monotonic() + timeout
    try:
        while not status.exists():
            if time.monotonic() > deadline:
                return None
            time.sleep(0.02)
        return int(status.read_text(encoding="utf-8"))
    finally:
        _kill_everything(pid, marker)
        for _ in range(250):  # the server reaps the child and records how it ended
            if status.exists():
                break
            time.sleep(0.02)


def _how_it_ended(returncode: int) -> str:
    if returncode >= 0:
        return f"failed (exit code {returncode})"
    number = -returncode
    try:
        name = signal.Signals(number).name
    except ValueError:
        name = "an unknown signal"
    hint = ", possibly out of memory" if number == signal.SIGKILL else ""
    return f"was killed by signal {number} ({name}){hint}"


def _kill_everything(pid: int, marker: str) -> None:
    """End the script and everything it started, including processes that left its group.

    The script leads its own session and process group, which covers ordinary children;
    a child that started a session of its own still carries the run's unique output
    folder in its environment, which finds it.
    """
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    needle = f"{OUTPUT_ENV}={marker}\0".encode()
    proc = Path("/proc")
    if proc.is_dir():
        for entry in proc.iterdir():
            if entry.name.isdigit() and int(entry.name) != os.getpid():
                with contextlib.suppress(OSError):
                    if needle in (entry / "environ").read_bytes() + b"\0":
                        os.kill(int(entry.name), signal.SIGKILL)


def _failed(job: Job, scratch: Path, seconds: float, message: str, hint: str) -> RunResult:
    shutil.rmtree(scratch, ignore_errors=True)
    return RunResult(job, "failed", seconds, None, [Problem(job.display, None, f"{job.name} {message}", hint)])


def _traceback_tail(stderr: str) -> str:
    """The end of the script's own traceback: the lines a contributor needs."""
    lines = [line for line in stderr.rstrip().splitlines() if line.strip()]
    start = max((i for i, line in enumerate(lines) if line.startswith("Traceback")), default=0)
    tail = lines[start:][-TRACEBACK_LINES:]
    return "\n".join("    " + line for line in tail)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_manifest(folder: Path) -> None:
    """Record every output file's size and hash, so later builds can tell a damaged cache entry."""
    files = {p.name: [p.stat().st_size, _digest(p)] for p in sorted(folder.iterdir()) if p.is_file()}
    (folder / MANIFEST).write_text(json.dumps(files, indent=1, sort_keys=True) + "\n", encoding="utf-8")


# folder -> stamps of its files when they last matched their manifest. A folder whose stamps are
# unchanged is not hashed again (a `mkdocs serve` rebuild checks every cached run).
_VERIFIED: dict[Path, dict[str, tuple[int, int]]] = {}


def _stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.iterdir()}


def intact(folder: Path) -> bool:
    """A cached run whose files are all there, unchanged; anything else is run again."""
    try:
        stamps = _stamps(folder)
        if _VERIFIED.get(folder) == stamps:
            return True
        files = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if not isinstance(files, dict):
            return False
        if set(stamps) - {MANIFEST} != set(files):
            return False
        good = all(
            (folder / name).stat().st_size == size and _digest(folder / name) == digest
            for name, (size, digest) in files.items()
        )
    except (OSError, ValueError, TypeError):
        return False
    if good:
        _VERIFIED[folder] = stamps
    return good


def _publish(output: Path, final: Path) -> None:
    """Move a finished run into place in one rename, replacing a cached run of the same key."""
    final.parent.mkdir(parents=True, exist_ok=True)
    replaced = final.with_name(f"{final.name}.replaced-{os.getpid()}")
    if final.exists():
        os.rename(final, replaced)
    try:
        os.rename(output, final)
    except OSError:
        if not final.is_dir():  # a concurrent build published the same key first: keep theirs
            raise
    finally:
        shutil.rmtree(replaced, ignore_errors=True)


def remove_orphans(cache_root: Path) -> None:
    """Scratch folders of runs whose build process has gone (interrupted builds)."""
    scratch_root = cache_root / "tmp"
    if not scratch_root.is_dir():
        return
    for folder in scratch_root.iterdir():
        parts = folder.name.rsplit("-", 2)
        if len(parts) == 3 and parts[1].isdigit() and not process_alive(int(parts[1])):
            shutil.rmtree(folder, ignore_errors=True)


def prune(cache_root: Path, in_use: set[Path], names: set[tuple[str, str]] | None = None) -> None:
    """Drop cached runs that the current good build does not use, and folders of removed scripts.

    ``names``: the (kind, name) of every current job; job folders not among them are removed.
    """
    for kind in KINDS:
        for job_folder in (cache_root / kind).glob("*") if (cache_root / kind).is_dir() else []:
            if names is not None and (kind, job_folder.name) not in names:
                shutil.rmtree(job_folder, ignore_errors=True)
                continue
            for run in job_folder.iterdir():
                if run.is_dir() and run.resolve() not in in_use:
                    shutil.rmtree(run, ignore_errors=True)


def python_command(script: Path) -> tuple[str, ...]:
    return (sys.executable, str(script.resolve()))


# --- what scripts changed in the project --------------------------------------------------------

SKIPPED = frozenset({"node_modules", "__pycache__"})


def snapshot(root: Path, skip: Sequence[Path] = ()) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file under ``root`` that a build reads or keeps.

    Left out: version control, virtual environments, built sites and tool caches (hidden
    folders and ``site*`` at the top), except the ``.cache`` folder (script outputs) and
    ``.github``; and the ``skip`` folders.
    """
    skipped = {p.resolve() for p in skip}
    found: dict[str, tuple[int, int]] = {}
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        top = here == root
        dirs[:] = [
            d
            for d in dirs
            if d not in SKIPPED
            and not (top and (d.startswith("site") or (d.startswith(".") and d not in (".cache", ".github"))))
            and (here / d).resolve() not in skipped
        ]
        for name in files:
            path = here / name
            with contextlib.suppress(OSError):
                stat = path.lstat()
                found[path.relative_to(root).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return found


def changes_outside(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    """Files added, changed or deleted between two snapshots, sorted, with what happened."""
    changed = [f"{p} (new)" for p in after if p not in before]
    changed += [f"{p} (changed)" for p in after if p in before and after[p] != before[p]]
    changed += [f"{p} (deleted)" for p in before if p not in after]
    return sorted(changed)


def progress_line(result: RunResult | Waiting | None, done: int, total: int) -> str:
    """'[3/13] scripts/figures/learning_rate.py 6.4 s', as each script that had to run finishes.

    Before the first one (``result`` None): how many will run, and on how many cores; during a
    long wait, which scripts are still running.
    """
    if isinstance(result, Waiting):
        shown = ", ".join(f"{name} ({seconds:.0f} s)" for name, seconds in result.running[:3])
        more = f" and {len(result.running) - 3} more" if len(result.running) > 3 else ""
        return f"[{done}/{total}] still running: {shown}{more}"
    if result is None:
        cores = os.cpu_count() or 1
        return f"running {total} figure and notebook script(s) that changed, {min(cores, total)} at a time"
    status = "" if result.status == "ran" else " FAILED"
    return f"[{done}/{total}] {result.job.display} {result.seconds:.1f} s{status}"
