"""'Last updated' dates from git history, deterministic for a given commit.

One ``git log`` walk serves the whole glossary (a subprocess per entry would
cost seconds at thousands of entries). Dates are commit dates, never the
clock, so two builds of one commit print the same page.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

# (root, folder) -> (the repository's state when read, the dates): history changes only with a
# commit or checkout, so a `mkdocs serve` rebuild reuses the walk until then.
_DATES: dict[tuple[Path, str], tuple[tuple[int, ...], dict[str, str]]] = {}


def _history_stamp(root: Path) -> tuple[int, ...]:
    """Changes whenever HEAD moves: the mtimes of git's HEAD log and index ((), if not found)."""
    stamps = []
    for name in ("logs/HEAD", "HEAD", "index"):
        path = root / ".git" / name
        if path.exists():
            stamps.append(path.stat().st_mtime_ns)
    return tuple(stamps)


def last_updated(root: Path, folder: str) -> dict[str, str]:
    """Repository path -> ISO date (YYYY-MM-DD) of the last commit that touched it."""
    stamp = _history_stamp(root)
    memo = _DATES.get((root, folder))
    if stamp and memo is not None and memo[0] == stamp:
        return memo[1]
    dates = _walk_history(root, folder)
    if stamp:
        _DATES[(root, folder)] = (stamp, dates)
    return dates


def _walk_history(root: Path, folder: str) -> dict[str, str]:
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
