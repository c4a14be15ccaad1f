"""The contributor's command line, run as a real subprocess on a copy of the fixture site."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dials_weights", *args], cwd=project, capture_output=True, text=True, timeout=300
    )


def test_check_passes_on_good_content(fixture_site: Path):
    result = cli(fixture_site, "check")
    assert result.returncode == 0, result.stderr
    assert "3 entries checked in" in result.stdout and "no problems" in result.stdout


def test_check_reports_every_problem_with_file_line_and_hint(fixture_site: Path):
    beta = fixture_site / "glossary" / "beta.md"
    beta.write_text(beta.read_text().replace("level: intermediate", "level: expert").replace("[alpha]", "[alpah]"))
    result = cli(fixture_site, "check")
    assert result.returncode == 1
    assert "glossary/beta.md:5: unknown level 'expert' (use one of: beginner, intermediate, advanced)" in result.stderr
    assert "glossary/beta.md:7: unknown related entry 'alpah' (did you mean 'alpha'?)" in result.stderr
    assert "Traceback" not in result.stderr


def test_new_scaffolds_an_entry_that_check_then_guides(fixture_site: Path):
    (fixture_site / "glossary" / "_template.md").write_text((REPO / "glossary" / "_template.md").read_text())
    result = cli(fixture_site, "new", "Learning rate schedule")
    assert result.returncode == 0, result.stderr
    created = fixture_site / "glossary" / "learning-rate-schedule.md"
    text = created.read_text()
    assert text.startswith("---\nterm: Learning rate schedule\n")
    for section in ("## In simple terms", "## Definition", "## Analogy", "## Real-world example", "## FAQ"):
        assert section in text
    check = cli(fixture_site, "check")
    assert check.returncode == 1
    assert "glossary/learning-rate-schedule.md:" in check.stderr
    assert "a hint from the template is still here" in check.stderr
    again = cli(fixture_site, "new", "Learning rate schedule")
    assert again.returncode == 2 and "already exists" in again.stderr


def test_figures_runs_then_caches(fixture_site: Path):
    first = cli(fixture_site, "figures")
    assert first.returncode == 0 and "] scripts/figures/tiny.py " in first.stdout
    second = cli(fixture_site, "figures")
    assert "1 script(s) unchanged, outputs reused from the cache" in second.stdout
    forced = cli(fixture_site, "figures", "--rerun")
    assert "] scripts/figures/tiny.py " in forced.stdout


def test_figures_prints_progress_as_each_script_finishes(fixture_site: Path):
    result = cli(fixture_site, "figures", "--rerun")
    lines = result.stdout.splitlines()
    assert lines[0] == "running 1 figure and notebook script(s) that changed, 1 at a time"
    assert re.fullmatch(r"\[1/1\] scripts/figures/tiny\.py \d+\.\d s", lines[1]), lines
    assert re.fullmatch(r"1 script\(s\) run in \d+\.\d s", lines[2]), lines
