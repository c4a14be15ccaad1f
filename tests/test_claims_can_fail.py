"""Every claim of every figure script and walkthrough can fail.

A claim holds a sentence of the glossary to its run only if a different run
could make it false. For each script family (one figure script, or one
notebook), the claims its real run wrote are re-evaluated with each value
they read perturbed (see ``claim_perturbation.py``): every value must be able
to break its claim on its own. A claim no perturbation can break (``x == x``,
``len(xs) >= 0``, or ``a > 0 or b > 0`` where one side is vacuous) is a defect.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claim_perturbation import read_paths, unbreakable_paths
from dials_weights.runs.claims import evaluate_claim
from dials_weights.runs.figures import METRICS_FILE, discover_scripts
from dials_weights.runs.notebooks import CLAIMS_FILE, discover_notebooks

REPO = Path(__file__).resolve().parent.parent
SCRIPTS = [p.stem for p in discover_scripts(REPO / "scripts" / "figures")]
NOTEBOOKS = [p.stem for p in discover_notebooks(REPO / "scripts" / "notebooks")]


# The checker itself: it must tell a claim that can fail from one that cannot.


@pytest.mark.parametrize(
    ("claim", "metrics", "dead"),
    [
        ("a < b", {"a": 1, "b": 2}, []),
        ("x == x", {"x": 3.5}, [("x",)]),
        ("len(xs) >= 0", {"xs": [1, 2]}, [("xs",)]),
        ("a > 0 or b > 0", {"a": 1.0, "b": -5.0}, [("b",)]),
        ("1 < 2", {}, [()]),
        ("flag", {"flag": True}, []),
        ("d['k'] > 2 * d['j']", {"d": {"k": 9, "j": 4}}, []),
        ("xs[0] > xs[-1]", {"xs": [3.0, 2.0, 1.0]}, []),
        ("min(xs) == last", {"xs": [3.0, 2.0, 1.0], "last": 1.0}, []),
        ("r in rs", {"r": 0.3, "rs": [0.3]}, []),
        ("min(xs) < max(xs)", {"xs": [1, 2, 2]}, []),
    ],
)
def test_the_checker_finds_claims_that_cannot_fail(claim: str, metrics: dict, dead: list) -> None:
    assert evaluate_claim(claim, metrics)
    assert unbreakable_paths(claim, metrics) == dead


def test_read_paths_follow_attributes_and_constant_indices() -> None:
    assert read_paths("a.b['c'] < d[-1] + len(e)") == [("a", "b", "c"), ("d", -1), ("e",)]


# The real claims, from the build's own cache.


def _record(project: Path, kind: str, name: str, file_name: str) -> dict:
    folder = project / ".cache" / "dials-weights" / kind / name
    runs = [run for run in folder.iterdir() if (run / file_name).is_file() and not run.name.startswith(".")]
    assert len(runs) == 1, f"expected one cached run of {name} with {file_name}, found {len(runs)}"
    return json.loads((runs[0] / file_name).read_text(encoding="utf-8"))


def _assert_every_claim_can_fail(claims: list[str], values: dict, owner: str) -> None:
    assert claims, f"{owner} states no claims"
    defects = []
    for claim in claims:
        assert evaluate_claim(claim, values), f"{owner}: '{claim}' does not hold on the real run"
        dead = unbreakable_paths(claim, values)
        if dead:
            defects.append(f"'{claim}': nothing in {dead} can make it false")
    assert not defects, f"{owner} has claims that cannot fail:\n" + "\n".join(defects)


@pytest.mark.slow
@pytest.mark.parametrize("script", SCRIPTS)
def test_every_figure_claim_can_fail(repo_site: Path, script: str) -> None:
    record = _record(repo_site, "figures", script, METRICS_FILE)
    _assert_every_claim_can_fail(record["claims"], record["metrics"], f"scripts/figures/{script}.py")


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_notebook_claim_can_fail(repo_site: Path, notebook: str) -> None:
    record = _record(repo_site, "notebooks", notebook, CLAIMS_FILE)
    _assert_every_claim_can_fail(record["claims"], record["values"], f"scripts/notebooks/{notebook}.py")
