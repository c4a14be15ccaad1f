"""The cold figure run: every figure and notebook script with an empty cache, on this machine's cores.

Ours is ``dials-weights figures`` as a contributor runs it (the runner's parallel workers),
into a new, empty cache folder each time. The baseline is the same scripts run one after
another by the same runner (one worker), also into an empty cache: what the figure run
cost before it ran in parallel.
"""

from __future__ import annotations

import re
import shutil

from common import PYTHON, PartResult, Row, median, run, say, seconds
from workspace import Workspace

GOAL = 60.0
SEQUENTIAL = """
import sys
from pathlib import Path
from dials_weights.content import script_timeout
from dials_weights.runs.figures import figure_jobs
from dials_weights.runs.notebooks import notebook_jobs
from dials_weights.project import Project
from dials_weights.runs.runner import run_jobs

project = Project.at(Path.cwd())
jobs = figure_jobs(project.figures_dir, project.root) + notebook_jobs(project.notebooks_dir, project.root)
results = run_jobs(jobs, Path(sys.argv[1]), timeout=script_timeout(), workers=1, force=True)
failed = [r.job.display for r in results if r.status != "ran"]
print(f"{len(results)} scripts, one after another; failed: {failed}")
sys.exit(1 if failed else 0)
"""


def cold_figures(ws: Workspace, times: int) -> PartResult:
    say("cold figure run: every script, empty cache; parallel (ours) and one after another (baseline)")
    project = ws.copied  # its figures are not run yet: the first cold run fills its cache
    parallel, sequential, per_script = [], [], []
    for n in range(times):
        cache = ws.work / f"cold-cache-{n}"
        m = run([PYTHON, "-m", "dials_weights", "--cache-dir", str(cache), "figures"], project)
        parallel.append(m.seconds)
        per_script.append({name: float(s) for name, s in re.findall(r"(\S+\.py)\S*\s.*?([0-9.]+) s", m.output)})
        say(f"  parallel {n + 1}/{times}: {m.seconds:.1f} s")
        ws.share_cache(cache)
        shutil.rmtree(cache, ignore_errors=True)
        m = run([PYTHON, "-c", SEQUENTIAL, str(cache)], project)
        sequential.append(m.seconds)
        say(f"  one after another {n + 1}/{times}: {m.seconds:.1f} s")
        shutil.rmtree(cache, ignore_errors=True)
    ours, base = median(parallel), median(sequential)
    return PartResult(
        [
            Row(
                "figures",
                "cold figure run (every script, empty cache), parallel / one after another",
                seconds(ours),
                seconds(base),
                ours / base,
                f"≤ {GOAL:.0f} s",
                ours <= GOAL,
                runs=times,
            )
        ],
        {"parallel_seconds": parallel, "sequential_seconds": sequential, "per_script_seconds": per_script},
    )
