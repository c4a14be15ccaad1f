"""README.md's performance section is generated from the benchmark's JSON, never typed by hand.

This checks only that the section matches bench/results/latest.json (a behaviour); the
benchmark itself is not part of the tests.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LATEST = REPO / "bench" / "results" / "latest.json"


def test_readme_performance_section_is_generated_from_the_latest_results() -> None:
    if not LATEST.is_file():
        pytest.skip("no benchmark results committed yet")
    result = subprocess.run(
        [sys.executable, "-B", str(REPO / "bench" / "readme.py"), str(LATEST), "--check"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, (
        "README.md's performance section differs from bench/results/latest.json: "
        "run `python bench/readme.py` (never edit the section by hand)\n" + result.stdout + result.stderr
    )
