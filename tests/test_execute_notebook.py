"""Executing walkthrough notebooks: real kernels in real subprocesses, as the build runs them.

Each run starts a Python kernel (a few seconds), so the passing notebook is
run twice once per module and both runs are shared by the tests below.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from dials_weights.runs.notebooks import check_claims, notebook_jobs
from dials_weights.runs.runner import TRACEBACK_LINES, run_jobs

REPO = Path(__file__).resolve().parent.parent

HEADER = """\
# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---
"""

GOOD = (
    HEADER
    + """
# %% [markdown]
# # A tiny walkthrough
#
# Numbers, then a plot.

# %%
import numpy as np
rng = np.random.default_rng(0)
for step in range(3):
    print("step", step, round(float(rng.normal()), 6))

# %%
import matplotlib.pyplot as plt
fig, ax = plt.subplots()
ax.plot([0, 1, 2], [0, 1, 4], label="squares")
ax.legend()
plt.show()
print("after the plot")

# %%
6 * 7
"""
)

BAD = (
    HEADER
    + """
# %%
total = 1 + 1

# %%
values = [total, 0]
raise ValueError(f"boom at {values}")
"""
)


def execute(source: Path, output_dir: Path) -> subprocess.CompletedProcess[str]:
    """``python -m dials_weights.runs.execute_notebook`` with the environment the runner gives it."""
    output_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DW_OUTPUT_DIR": str(output_dir),
        "MPLBACKEND": "Agg",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "dials_weights.runs.execute_notebook", str(source)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("good")
    source = folder / "tiny.py"
    source.write_text(GOOD, encoding="utf-8")
    outputs = []
    for run in ("first", "second"):
        result = execute(source, folder / run)
        assert result.returncode == 0, result.stderr
        outputs.append(folder / run / "tiny.ipynb")
    return outputs[0], outputs[1]


def test_executed_notebook_has_stable_ids_and_its_outputs(two_runs: tuple[Path, Path]) -> None:
    text = two_runs[0].read_text(encoding="utf-8")
    nb = nbformat.reads(text, as_version=4)
    nbformat.validate(nb)
    assert (nb.nbformat, nb.nbformat_minor) == (4, 5)
    assert [cell.id for cell in nb.cells] == ["cell-1", "cell-2", "cell-3", "cell-4"]
    assert [cell.cell_type for cell in nb.cells] == ["markdown", "code", "code", "code"]
    code = nb.cells[1:]
    assert [cell.execution_count for cell in code] == [1, 2, 3]  # the hidden set-up took no number

    printed = code[0].outputs
    assert len(printed) == 1 and printed[0].output_type == "stream"  # chunks merged into one output
    assert printed[0].text.count("step") == 3

    plot = code[1].outputs
    assert [out.output_type for out in plot] == ["display_data", "stream"]
    svg = plot[0].data["image/svg+xml"]
    assert svg.lstrip().startswith("<?xml") and "<dc:date>" not in svg
    assert plot[1].text == "after the plot\n"

    assert code[2].outputs[0].data["text/plain"] == "42"
    assert code[2].outputs[0].execution_count == 3

    assert "jupytext" not in nb.metadata and "widgets" not in nb.metadata
    assert nb.metadata.kernelspec.name == "python3"
    assert all("execution" not in cell.metadata for cell in nb.cells)
    assert text.endswith("}\n") and "\x1b[" not in text


def test_two_runs_write_identical_bytes(two_runs: tuple[Path, Path]) -> None:
    first, second = two_runs
    assert first.read_bytes() == second.read_bytes()
    assert sorted(p.name for p in first.parent.iterdir()) == ["tiny.ipynb"]  # no scratch file left behind


def test_failing_cell_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    source = tmp_path / "broken.py"
    source.write_text(BAD, encoding="utf-8")
    output_dir = tmp_path / "out"

    result = execute(source, output_dir)

    assert result.returncode == 1
    first_line = result.stderr.splitlines()[0]
    assert "cell 2 at line 13 (values = [total, 0])" in first_line
    assert "ValueError: boom at [2, 0]" in first_line
    assert f"{source}, line 14" in result.stderr  # "Cell In[2], line 2" turned into the file's own line
    assert "\x1b[" not in result.stderr  # no colour codes
    assert len(result.stderr.strip().splitlines()) <= TRACEBACK_LINES  # all of it fits the build's excerpt
    assert list(output_dir.iterdir()) == []


def test_the_build_runner_reports_the_failing_cell(tmp_path: Path) -> None:
    folder = tmp_path / "scripts" / "notebooks"
    folder.mkdir(parents=True)
    (folder / "broken.py").write_text(BAD, encoding="utf-8")

    [result] = run_jobs(notebook_jobs(folder, tmp_path), tmp_path / ".cache", cwd=tmp_path)

    assert result.status == "failed" and result.output_dir is None
    [problem] = result.problems
    assert "scripts/notebooks/broken.py, cell 2 at line 13 (values = [total, 0]): ValueError: boom" in problem.message
    assert not list((tmp_path / ".cache").rglob("*.ipynb"))


# Claims: a notebook states what its run shows, and the build holds it to that.

CLAIMED = (
    HEADER
    + """
# %% [markdown]
# The mean is about two thirds of the largest value.

# %%
import numpy as np
values = np.array([1.0, 2.0, 3.0]) / 3
print(values.mean())

# %%
CLAIMS = {
    "values": {"mean": values.mean(), "values": values, "count": len(values), "flag": bool(values.max() > 0.9)},
    "claims": [
        "mean < max(values)",
        "count == 3 and flag",
    ],
}
"""
)


def test_claims_are_saved_beside_the_notebook_and_the_hidden_cell_is_gone(tmp_path: Path) -> None:
    source = tmp_path / "claimed.py"
    source.write_text(CLAIMED, encoding="utf-8")

    result = execute(source, tmp_path / "out")

    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["claimed.ipynb", "claims.json"]
    record = json.loads((tmp_path / "out" / "claims.json").read_text(encoding="utf-8"))
    assert record["claims"] == ["mean < max(values)", "count == 3 and flag"]
    assert record["values"] == {"count": 3, "flag": True, "mean": 0.666667, "values": [0.333333, 0.666667, 1.0]}
    nb = nbformat.reads((tmp_path / "out" / "claimed.ipynb").read_text(encoding="utf-8"), as_version=4)
    assert [c.cell_type for c in nb.cells] == ["markdown", "code", "code"]  # the saving cell is gone
    assert "_dw_save_claims" not in nb.cells[-1].source and "CLAIMS" in nb.cells[-1].source
    assert check_claims(record, "claimed.py") == []


def test_a_claim_that_no_longer_holds_fails_the_build_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "scripts" / "notebooks"
    folder.mkdir(parents=True)
    (folder / "claimed.py").write_text(CLAIMED.replace("mean < max(values)", "mean > max(values)"), encoding="utf-8")

    [result] = run_jobs(notebook_jobs(folder, tmp_path), tmp_path / ".cache", cwd=tmp_path)

    assert result.status == "failed" and result.output_dir is None  # nothing is published
    [problem] = result.problems
    assert problem.path == "scripts/notebooks/claimed.py"
    assert problem.line == CLAIMED.splitlines().index('        "mean < max(values)",') + 1
    assert "the claim 'mean > max(values)' no longer holds" in problem.message
    assert "mean=0.666667" in problem.message


def test_claims_of_the_wrong_shape_fail_the_run(tmp_path: Path) -> None:
    source = tmp_path / "shapeless.py"
    source.write_text(HEADER + '\n# %%\nCLAIMS = {"claims": ["x > 0"]}\n', encoding="utf-8")

    result = execute(source, tmp_path / "out")

    assert result.returncode == 1
    assert "CLAIMS must be a dictionary with exactly two keys" in result.stderr
    assert list((tmp_path / "out").iterdir()) == []


def test_values_that_cannot_be_saved_are_reported(tmp_path: Path) -> None:
    source = tmp_path / "unsaveable.py"
    source.write_text(HEADER + '\n# %%\nCLAIMS = {"values": {"f": print}, "claims": ["f"]}\n', encoding="utf-8")

    result = execute(source, tmp_path / "out")

    assert result.returncode == 1
    assert "CLAIMS could not be saved" in result.stderr
    assert list((tmp_path / "out").iterdir()) == []


def test_check_claims_reports_names_it_cannot_find() -> None:
    [problem] = check_claims({"values": {"a": 1}, "claims": ["b > a"]}, "scripts/notebooks/x.py", "")
    assert "cannot be checked" in problem.message and "'b'" in problem.message
