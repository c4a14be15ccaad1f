"""'Last updated' dates from git history, deterministic for a given commit.

One ``git log`` walk serves the whole glossary (a subprocess per entry would
cost seconds at thousands of entries). Dates are commit dates, never the
clock, so two builds of one commit print the same page.
"""

from __future__ import annotations

import subprocess
from pathlib import Path


def last_updated(root: Path, folder: str) -> dict[str, str]:
    """Repository path -> ISO date (YYYY-MM-DD) of the last commit that touched it."""
    try:
        result = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--no-renames", "--", folder],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
    except (OSError, subprocess.SubprocessError):
        return {}  # not a git checkout (an unpacked archive): pages simply show no date
    dates: dict[str, str] = {}
    current = ""
    for line in result.stdout.splitlines():
        if line.startswith("\0"):
            current = line[1:]
        elif line.strip() and line not in dates:
            dates[line] = current
    return dates


def source_date_epoch(root: Path) -> str | None:
    """The last commit's time, for SOURCE_DATE_EPOCH-aware tools."""
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True, check=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None
