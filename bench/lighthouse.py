"""Lighthouse scores of each kind of page, served with gzip, ours and plain.

Lighthouse 12.2.3 is the npm package pinned in ``bench/npm/package.json`` (its
lock beside it); ``make bench`` installs it with ``npm ci`` into
``bench/npm/node_modules`` (git-ignored). It drives Debian's Chromium
(``CHROME_PATH``) headless with its default settings: a mobile device and simulated
throttling, which estimates the metrics from the observed run, so a loaded machine lowers
the performance score. Median of the runs per page and category.

The last report of each of our pages is kept in ``bench/results/lighthouse/`` (git-ignored;
open one in the Lighthouse viewer to see what a score lost), and the row's note gives the
metrics the performance score is made of.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

from common import ROOT, PartResult, Row, median, say
from gzip_server import Server
from transfer import CHROMIUM, PAGES
from workspace import Workspace

FOLDER = ROOT / "bench" / "npm"
BINARY = FOLDER / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
GOALS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
REPORTS = ROOT / "bench" / "results" / "lighthouse"
METRICS = {  # the audits behind the performance score, as the note shows them
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}
FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-sync"


def unavailable() -> str:
    """Why Lighthouse cannot run here, or '' when it can."""
    if not BINARY.exists():
        return f"Lighthouse is not installed: run `npm ci --prefix {FOLDER.relative_to(ROOT)}` (needs npm and Node 18+)"
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM}"
    return ""


def score(url: str, keep: Path | None = None) -> dict[str, float | str]:
    """The four category scores, and under "metrics" what the performance score is made of."""
    with tempfile.TemporaryDirectory(prefix="dw-lighthouse-") as folder:
        report = Path(folder) / "report.json"
        result = subprocess.run(
            [
                str(BINARY),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--chrome-flags={FLAGS}",
                "--only-categories=" + ",".join(CATEGORIES),
            ],
            capture_output=True,
            text=True,
            timeout=600,
            env={**os.environ, "CHROME_PATH": CHROMIUM, "TMPDIR": folder},
        )
        if result.returncode != 0 or not report.is_file():
            raise RuntimeError(f"lighthouse {url} exited {result.returncode}: {result.stderr[-2000:]}")
        data = json.loads(report.read_text())
        if keep is not None:
            keep.parent.mkdir(parents=True, exist_ok=True)
            report.replace(keep)
    if data.get("runtimeError"):
        raise RuntimeError(f"lighthouse {url}: {data['runtimeError']}")
    scores: dict[str, float | str] = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
    audits = data.get("audits", {})
    scores["metrics"] = ", ".join(
        f"{short} {audits[name].get('displayValue', '?')}".replace("\xa0", " ")
        for name, short in METRICS.items()
        if name in audits
    )
    return scores


def lighthouse(ws: Workspace, times: int) -> PartResult:
    why = unavailable()
    if why:
        say(f"Lighthouse: not measured: {why}")
        return PartResult([Row("lighthouse", "Lighthouse", "not measured", note=why)], {"error": why})
    say("Lighthouse, served with gzip")
    data: dict = {}
    for label, site in (("ours", ws.site(ws.real)), ("plain", ws.site(ws.plain))):
        data[label] = {}
        with Server(site) as base:
            for kind, path in PAGES.items():
                runs = []
                for n in range(times):
                    keep = REPORTS / f"{kind.replace('–', '-')}.json" if label == "ours" else None
                    runs.append(score(base + path, keep))
                    say(f"  {label} {kind} {n + 1}/{times}: {runs[-1]}")
                median_scores = {c: median([float(r[c]) for r in runs]) for c in CATEGORIES}
                data[label][kind] = {"runs": runs, "median": median_scores}
    rows = []
    for kind in PAGES:
        ours, plain = data["ours"][kind]["median"], data["plain"][kind]["median"]
        met = all(ours[c] >= GOALS[c] for c in CATEGORIES)
        rows.append(
            Row(
                "lighthouse",
                f"Lighthouse {kind}: performance, accessibility, best practices, SEO; ours / plain",
                ", ".join(f"{ours[c]:.0f}" for c in CATEGORIES),
                ", ".join(f"{plain[c]:.0f}" for c in CATEGORIES),
                ours["performance"] / plain["performance"],
                "≥ 95, 100, 100, 100",
                met,
                note=f"ours, last run: {data['ours'][kind]['runs'][-1]['metrics']}",
                runs=times,
            )
        )
    return PartResult(rows, data)
