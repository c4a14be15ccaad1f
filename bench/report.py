"""The machine's facts for the JSON, and the table (terminal and Markdown) made from the JSON's rows."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from common import ROOT

PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-jupyter", "Markdown", "pymdown-extensions", "playwright")


def _output(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=30, cwd=ROOT).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _proc(name: str, key: str) -> str:
    """A field of /proc/cpuinfo or /proc/meminfo ('' elsewhere)."""
    path = Path("/proc") / name
    lines = path.read_text().splitlines() if path.is_file() else []
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(key)), "")


def machine() -> dict:
    cpu = _proc("cpuinfo", "model name") or platform.processor()
    memory = int((_proc("meminfo", "MemTotal") or "0 kB").split()[0]) * 1024
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    lighthouse = ROOT / "bench" / "npm" / "node_modules" / "lighthouse" / "package.json"
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_bytes": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "packages": versions,
        "chromium": _output([os.environ.get("DW_CHROMIUM", "/usr/bin/chromium"), "--version"]),
        "node": _output(["node", "--version"]),
        "lighthouse": json.loads(lighthouse.read_text())["version"] if lighthouse.is_file() else None,
    }


def git() -> dict:
    return {
        "commit": _output(["git", "rev-parse", "HEAD"]),
        "branch": _output(["git", "rev-parse", "--abbrev-ref", "HEAD"]),
        "uncommitted_changes": bool(_output(["git", "status", "--porcelain", "--untracked-files=no"])),
    }


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}×"


def _runs(row: dict) -> str:
    return "" if row.get("runs") is None else str(row["runs"])


def _met(value: bool | None) -> str:
    return {True: "yes", False: "no", None: ""}[value]


def terminal_table(rows: list[dict]) -> str:
    header = ("measure", "ours", "baseline", "ratio", "goal", "runs", "met")
    cells = [
        (r["measure"], r["value"], r["baseline"], _ratio(r["ratio"]), r["goal"], _runs(r), _met(r["met"])) for r in rows
    ]
    widths = [max(len(c[i]) for c in [header, *cells]) for i in range(len(header))]
    widths[0] = min(widths[0], 70)
    lines = []
    for n, cell in enumerate([header, *cells]):
        measure = cell[0] if len(cell[0]) <= widths[0] else cell[0][: widths[0] - 1] + "…"
        parts = [measure.ljust(widths[0])] + [c.rjust(w) for c, w in zip(cell[1:6], widths[1:6], strict=True)]
        lines.append("  ".join(parts) + "  " + cell[6])
        if n == 0:
            lines.append("-" * len(lines[0]))
        elif rows[n - 1]["note"]:
            lines.append(f"    {rows[n - 1]['note']}")
    return "\n".join(lines)


def markdown_table(rows: list[dict]) -> str:
    lines = [
        "| measure | ours | baseline | ours / baseline | goal | runs | met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | :---: |",
    ]
    notes = []
    for r in rows:
        measure = r["measure"] + (f" ({len(notes) + 1})" if r["note"] else "")
        if r["note"]:
            notes.append(r["note"])
        cells = (measure, r["value"], r["baseline"], _ratio(r["ratio"]), r["goal"], _runs(r), _met(r["met"]))
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    if notes:
        lines.append("")
        lines += [f"{n}. {note}" for n, note in enumerate(notes, start=1)]
    return "\n".join(lines)


def all_rows(result: dict) -> list[dict]:
    return [row for part in result["parts"].values() for row in part.get("rows", [])]
