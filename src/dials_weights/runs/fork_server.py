"""A process that imports the heavy libraries once and forks a fresh child for each figure script.

Importing numpy, scikit-learn and matplotlib costs more than a figure script's
own work for most of our scripts, and the build runs dozens of them. The
runner starts this server once per build, with the scripts' listed
environment (so a child reading its parent's environment finds no secret
either); the server imports the libraries and then, for each request, forks a
child that sets up the script's own environment, folder and output files and
runs it as ``__main__``. A child is as isolated from the others as a fresh
interpreter: its own process, session, folder and environment, and a copy of
the server's pristine state (nothing has been plotted or drawn there).

Protocol (one JSON object per line on stdin): ``{"script", "cwd", "env",
"stdout", "stderr", "status"}``; the server answers each with the child's pid
on stdout. When a child ends, the server writes its wait status to the
``status`` file (the child's exit code, or minus the signal that killed it).
"""

from __future__ import annotations

import json
import os
import runpy
import signal
import sys
import traceback
from pathlib import Path

PRELOAD = (
    "numpy",
    "scipy.linalg",
    "matplotlib",
    "sklearn",
    "sklearn.datasets",
    "sklearn.model_selection",
    "sklearn.linear_model",
    "sklearn.neighbors",
    "sklearn.neural_network",
    "sklearn.svm",
    "sklearn.tree",
    "sklearn.ensemble",
    "sklearn.preprocessing",
    "sklearn.pipeline",
    "sklearn.metrics",
)

_children: dict[int, str] = {}  # pid -> its status file


def _reap(signum: int, frame: object) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        target = _children.pop(pid, None)
        if target is not None:
            Path(target + ".part").write_text(str(os.waitstatus_to_exitcode(status)), encoding="utf-8")
            os.replace(target + ".part", target)


def _run_child(request: dict[str, object]) -> None:
    """In the forked child: become the script's own process, then run it as __main__."""
    code = 1
    try:
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        env = request["env"]
        assert isinstance(env, dict)
        os.environ.clear()
        os.environ.update(env)
        os.chdir(str(request["cwd"]))
        for fd, name in ((1, "stdout"), (2, "stderr")):
            target = os.open(str(request[name]), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(target, fd)
            os.close(target)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        script = str(request["script"])
        sys.argv = [script]
        sys.path[0] = str(Path(script).parent)
        try:
            runpy.run_path(script, run_name="__main__")
            code = 0
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
        except BaseException as error:
            # The script's own frames only, as a fresh `python script.py` would print them.
            frames = error.__traceback__
            while frames is not None and frames.tb_frame.f_code.co_filename != script:
                frames = frames.tb_next
            traceback.print_exception(type(error), error, frames)
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)


def main() -> None:
    for name in PRELOAD:
        __import__(name)
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot  # noqa: F401 - the costliest import of all

    signal.signal(signal.SIGCHLD, _reap)
    print("ready", flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        # SIGCHLD waits until the child is on record, however quickly it ends.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
        pid = os.fork()
        if pid == 0:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
            _run_child(request)
        _children[pid] = str(request["status"])
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})
        print(pid, flush=True)


if __name__ == "__main__":
    main()
