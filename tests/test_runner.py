"""The figure runner: caching, atomic outputs, time limits and failure reports, with real subprocesses."""

from __future__ import annotations

import json
import platform
import sys
import textwrap
from pathlib import Path

import pytest

from dials_weights.runs.cache_key import script_key
from dials_weights.runs.figures import figure_jobs
from dials_weights.runs.runner import progress_line, run_jobs

GOOD = """
import json, os, pathlib
out = pathlib.Path(os.environ["DW_OUTPUT_DIR"])
(out / "plot.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
(out / "metrics.json").write_text(json.dumps({"claims": ["x > 1"], "metrics": {"x": 2}, "data": "d", "seed": 0}))
"""


def write(folder: Path, name: str, code: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.py"
    path.write_text(textwrap.dedent(code))
    return path


@pytest.fixture(params=["fork server", "fresh interpreter"])
def project(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with one good script, run through the fork server (Linux) and without it."""
    monkeypatch.setenv("DW_FORK_SERVER", "1" if request.param == "fork server" else "0")
    write(tmp_path / "scripts" / "figures", "good", GOOD)
    return tmp_path


def run(project: Path, **kwargs):
    jobs = figure_jobs(project / "scripts" / "figures", project)
    return run_jobs(jobs, project / ".cache", cwd=project, **kwargs)


def test_a_good_script_runs_once_then_comes_from_the_cache(project: Path):
    first = run(project)
    assert [r.status for r in first] == ["ran"]
    assert (first[0].output_dir / "plot.svg").is_file()
    second = run(project)
    assert [r.status for r in second] == ["cached"]
    lines: list[str] = []
    run(project, force=True, progress=lambda result, done, total: lines.append(progress_line(result, done, total)))
    assert lines[0].startswith("running 1 figure and notebook script(s)")
    assert lines[1].startswith("[1/1] scripts/figures/good.py ") and lines[1].endswith(" s")
    assert [r.status for r in run(project, force=True)] == ["ran"]


def test_a_long_wait_says_which_scripts_are_still_running(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from dials_weights.runs import runner

    monkeypatch.setattr(runner, "QUIET_SECONDS", 0.5)
    write(tmp_path / "scripts" / "figures", "slow", "import time\ntime.sleep(3)\n" + textwrap.dedent(GOOD))
    lines: list[str] = []
    run(tmp_path, progress=lambda result, done, total: lines.append(progress_line(result, done, total)))
    waiting = [line for line in lines if "still running" in line]
    assert waiting and waiting[0].startswith("[0/1] still running: scripts/figures/slow.py ("), lines
    assert lines[-1].startswith("[1/1] scripts/figures/slow.py "), lines


def test_a_script_that_raises_reports_its_own_traceback_and_leaves_nothing(project: Path):
    good = run(project)[0].output_dir
    write(project / "scripts" / "figures", "broken", "def train():\n    raise ValueError('no data here')\ntrain()\n")
    results = {r.job.name: r for r in run(project)}
    broken = results["broken"]
    assert broken.status == "failed"
    message = str(broken.problems[0])
    assert message.startswith("scripts/figures/broken.py: broken failed (exit code 1):")
    assert "ValueError: no data here" in message and "line 2, in train" in message
    assert "runner.py" not in message and "fork_server" not in message and "runpy" not in message
    assert results["good"].status == "cached" and good.is_dir()
    assert not (project / ".cache" / "figures" / "broken").exists()
    assert list((project / ".cache" / "tmp").iterdir()) == []


def test_a_script_that_hangs_is_stopped_at_its_limit(project: Path):
    write(project / "scripts" / "figures", "hangs", "import time\ntime.sleep(60)\n")
    results = {r.job.name: r for r in run(project, timeout=2)}
    assert results["hangs"].status == "failed"
    assert "did not finish within 2 s and was stopped" in str(results["hangs"].problems[0])
    assert results["hangs"].seconds < 10
    assert results["good"].status == "ran"


def test_a_script_that_writes_no_metrics_fails(project: Path):
    write(project / "scripts" / "figures", "quiet", "print('hello')\n")
    results = {r.job.name: r for r in run(project)}
    assert "wrote no metrics.json" in str(results["quiet"].problems[0])
    assert not (project / ".cache" / "figures" / "quiet").exists()


def test_a_claim_that_stops_holding_fails_and_keeps_the_old_output(project: Path):
    old = run(project)[0].output_dir
    write(project / "scripts" / "figures", "good", GOOD.replace('"x": 2', '"x": 0'))
    result = run(project)[0]
    assert result.status == "failed"
    assert "the claim 'x > 1' no longer holds (x=0)" in str(result.problems[0])
    assert old.is_dir(), "the last good output must survive a failed run"


def test_cache_key_ignores_newline_style_but_not_code(tmp_path: Path):
    script = write(tmp_path, "s", "x = 1\ny = 2\n")
    key = script_key(script, tmp_path)
    script.write_bytes(b"x = 1\r\ny = 2\r\n")
    assert script_key(script, tmp_path) == key
    script.write_text("x = 1\ny = 3\n")
    assert script_key(script, tmp_path) != key


def test_cache_key_follows_helpers_and_data_files(tmp_path: Path):
    folder = tmp_path / "scripts" / "figures"
    write(folder, "_helpers", "SEED = 0\n")
    (tmp_path / "points.csv").write_text("1,2\n")
    script = write(folder, "s", "from _helpers import SEED\nopen('points.csv')\n")
    key = script_key(script, tmp_path)
    write(folder, "_helpers", "SEED = 1\n")
    assert script_key(script, tmp_path) != key
    key = script_key(script, tmp_path)
    (tmp_path / "points.csv").write_text("1,3\n")
    assert script_key(script, tmp_path) != key


def test_scripts_run_in_parallel(project: Path):
    folder = project / "scripts" / "figures"
    for name in ("slow_a", "slow_b"):
        write(folder, name, "import time\ntime.sleep(1.5)\n" + GOOD)
    results = run(project, workers=2)
    assert all(r.status == "ran" for r in results)
    assert sys.platform != "linux" or max(r.seconds for r in results) < 3


def test_exit_codes_and_signals_are_reported_as_such(project: Path):
    folder = project / "scripts" / "figures"
    write(folder, "exits", "import sys\nsys.exit(3)\n")
    write(folder, "killed", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n")
    results = {r.job.name: str(r.problems[0]) for r in run(project) if r.problems}
    assert "exits failed (exit code 3)" in results["exits"]
    assert "killed was killed by signal 9 (SIGKILL), possibly out of memory" in results["killed"]


def test_the_fork_server_gives_the_same_bytes_as_a_fresh_interpreter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    script = """
import json, os, pathlib, sys
import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from dials_weights.runs import figure_style
figure_style.use_site_style()  # legible on a phone, as the build requires
plt.rcParams["svg.hashsalt"] = "t"
out = pathlib.Path(os.environ["DW_OUTPUT_DIR"])
fig, ax = plt.subplots()
ax.plot(np.random.default_rng(0).normal(size=20))
fig.savefig(out / "plot.svg", metadata={"Date": None})
record = {"claims": [], "metrics": {"hash": hash("seeded"), "argv": sys.argv[0].endswith("same.py")}, "data": "d"}
(out / "metrics.json").write_text(json.dumps(record))
"""
    outputs = []
    for mode in ("1", "0"):
        monkeypatch.setenv("DW_FORK_SERVER", mode)
        project = tmp_path / mode
        write(project / "scripts" / "figures", "same", script)
        [result] = run(project)
        assert result.status == "ran", result.problems
        outputs.append({p.name: p.read_bytes() for p in result.output_dir.iterdir() if p.name != ".manifest.json"})
    assert outputs[0] == outputs[1]


def test_every_run_gets_the_same_blas_kernels_whatever_the_processor(project: Path):
    """The numbers the prose quotes must not change with the CI machine's processor (arithmetic.py)."""
    write(
        project / "scripts" / "figures",
        "kernels",
        """
import json, os, pathlib
import numpy as np
from threadpoolctl import threadpool_info
np.ones((4, 4)) @ np.ones((4, 4))
found = sorted({str(pool.get("architecture")) for pool in threadpool_info() if pool.get("internal_api") == "openblas"})
out = pathlib.Path(os.environ["DW_OUTPUT_DIR"])
(out / "plot.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
record = {"claims": [], "metrics": {"kernels": found, "threads": os.environ["OPENBLAS_NUM_THREADS"]}, "data": "d"}
(out / "metrics.json").write_text(json.dumps(record))
""",
    )
    results = {r.job.name: r for r in run(project)}
    metrics = json.loads((results["kernels"].output_dir / "metrics.json").read_text())["metrics"]
    assert metrics["threads"] == "1"
    flags = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").is_file() else ""
    if platform.machine() == "x86_64" and " avx2" in flags and " fma" in flags:
        assert metrics["kernels"] == ["Haswell"], metrics
