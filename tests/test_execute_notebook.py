"""Executing walkthrough notebooks: real kernels in real subprocesses, as the build runs them.

Each run starts a Python kernel (a few seconds), so the passing notebook is
run twice once per module and both runs are shared by the tests below.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from dials_weights.notebooks import notebook_jobs
from dials_weights.runner import TRACEBACK_LINES, run_jobs

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
    """``python -m dials_weights.execute_notebook`` with the environment the runner gives it."""
    output_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DW_OUTPUT_DIR": str(output_dir),
        "MPLBACKEND": "Agg",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "dials_weights.execute_notebook", str(source)],
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
