"""Benchmark: how fast the glossary is for contributors and readers, against baselines from the same run.

Not part of the tests (tests check behaviour, never speed). ``make bench`` runs every part;
``python bench/run.py --only warm,bytes`` runs some. Each figure is the median of several
runs and sits beside its baseline, plain MkDocs + Material on the same Markdown, measured in
the same run; the goals are those of issue 11. Parts (see bench/README.md):

  figures     cold figure run, parallel, against the scripts one after another
  warm        warm build of the real site, against its plain twin
  bytes       bytes to show each kind of page, in Chromium over gzip
  lighthouse  Lighthouse scores of each kind of page, served with gzip
  search      search index size and keystroke to result (bench/search.py, when there)
  dials       dial widget and data sizes (bench/dials.py, when there)
  serve       save an entry under `mkdocs serve` until the served page shows it
  added       the real site with 200 and 2,000 synthetic entries added
  scale       synthetic glossaries of 100, 1,000 and 5,000 entries: time, memory, size, growth
  clone       fresh clone to `make serve` answering, and the longest silence on the way

A run of every part (not --quick) writes bench/results/<time>-<commit>.json and
bench/results/latest.json, and regenerates README.md's performance section from it;
other runs write under bench/results/partial/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in bench/
from common import ROOT, PartResult, Row, say  # noqa: E402
from report import all_rows, git, machine, terminal_table  # noqa: E402
from workspace import Workspace  # noqa: E402

PARTS = ("figures", "warm", "bytes", "lighthouse", "search", "dials", "serve", "added", "scale", "clone")
RESULTS = ROOT / "bench" / "results"


def _numbers(text: str) -> list[int]:
    return [int(x.replace("_", "")) for x in text.split(",") if x.strip()]


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts ({','.join(PARTS)})")
    parser.add_argument("--skip", default="", help="comma-separated parts to leave out")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the median is reported (default 3)")
    parser.add_argument("--repeat-for", default="", help="runs for some parts, e.g. figures=1,lighthouse=1")
    parser.add_argument("--large-repeat", type=int, help="runs at 2,000 entries and more (default: --repeat)")
    parser.add_argument("--sizes", type=_numbers, default=[100, 1000, 5000], help="synthetic glossary sizes")
    parser.add_argument("--added", type=_numbers, default=[200, 2000], help="synthetic entries added to the real site")
    parser.add_argument("--edits", type=int, default=5, help="saves under mkdocs serve (default 5)")
    parser.add_argument("--quick", action="store_true", help="small sizes, one run each: to try the benchmark")
    parser.add_argument("--json", type=Path, help="where to write the results (default: under bench/results/)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--reuse", type=Path, help="work in a folder kept by --keep (its copies are not refreshed)")
    args = parser.parse_args(argv)
    args.parts = [p for p in PARTS if p in args.only.split(",") and p not in args.skip.split(",")]
    unknown = set(args.only.split(",") + args.skip.split(",")) - set(PARTS) - {""}
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}; parts are {', '.join(PARTS)}")
    if args.quick:
        args.repeat, args.sizes, args.added, args.edits = 1, [20, 100], [20], 2
    try:
        args.repeats = {p: args.repeat for p in PARTS} | {
            k: int(v) for k, v in (item.split("=") for item in args.repeat_for.split(",") if item)
        }
    except ValueError:
        parser.error("--repeat-for takes part=runs pairs, e.g. figures=1,lighthouse=1")
    args.large_repeat = args.large_repeat or args.repeats["scale"]
    args.complete = args.parts == list(PARTS) and not args.quick
    return args


def measure(part: str, ws: Workspace, args: argparse.Namespace) -> PartResult:
    import builds
    import cold_figures
    import fresh_clone
    import hooks
    import lighthouse
    import reload
    import transfer

    if part == "figures":
        return cold_figures.cold_figures(ws, args.repeats["figures"])
    if part == "warm":
        return builds.warm(ws, args.repeats["warm"])
    if part == "bytes":
        return transfer.transfer(ws)
    if part == "lighthouse":
        return lighthouse.lighthouse(ws, args.repeats["lighthouse"])
    if part == "search":
        return hooks.search(ws)
    if part == "dials":
        return hooks.dials(ws)
    if part == "serve":
        return reload.reload(ws, args.edits)
    if part == "added":
        return builds.added(ws, args.added, args.repeats["added"], min(args.large_repeat, args.repeats["added"]))
    if part == "scale":
        return builds.scale(ws, args.sizes, args.repeats["scale"], min(args.large_repeat, args.repeats["scale"]))
    return fresh_clone.fresh_clone(ws)


class LoadSampler:
    """The 1-minute load average every 15 s while the benchmark runs."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self.stopped = threading.Event()
        threading.Thread(target=self._sample, daemon=True).start()

    def _sample(self) -> None:
        while not self.stopped.wait(0 if not self.samples else 15):
            self.samples.append(os.getloadavg()[0])

    def summary(self, start: tuple[float, ...]) -> dict:
        self.stopped.set()
        return {
            "start": list(start),
            "end": list(os.getloadavg()),
            "mean_1min": sum(self.samples) / len(self.samples) if self.samples else start[0],
            "max_1min": max(self.samples, default=start[0]),
            "note": "the machine was shared with other work while the benchmark ran: absolute times are inflated;"
            " compare ratios, each against a baseline measured in the same run",
        }


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    load_start = os.getloadavg()
    sampler = LoadSampler()
    started = datetime.now(UTC)
    say(f"benchmark: {', '.join(args.parts)}; {args.repeat} run(s) per figure; load average {load_start[0]:.1f}")
    work = args.reuse.resolve() if args.reuse else Path(tempfile.mkdtemp(prefix="dw-bench-"))
    ws = Workspace(work, reuse=bool(args.reuse))
    result: dict = {
        "schema": 1,
        "started": started.isoformat(timespec="seconds"),
        "git": git(),
        "machine": machine(),
        "options": {k: v for k, v in vars(args).items() if k not in ("json", "only", "skip", "reuse")},
        "parts": {},
    }
    failed = []
    try:
        for part in args.parts:
            part_started, part_load = time.perf_counter(), os.getloadavg()[0]
            try:
                outcome = measure(part, ws, args).as_json()
            except Exception as error:  # noqa: BLE001 - one failing part must not lose the others
                say(f"{part}: FAILED: {error}")
                failed.append(part)
                why = f"{type(error).__name__}: {str(error)[:2000]}"
                outcome = {
                    "rows": [vars(Row(part, part, "failed", note=why.splitlines()[0][:300]))],
                    "data": {"error": why, "traceback": traceback.format_exc()},
                }
            outcome["seconds"] = time.perf_counter() - part_started
            outcome["load_1min"] = [part_load, os.getloadavg()[0]]
            result["parts"][part] = outcome
            say(f"{part} done in {outcome['seconds']:.0f} s")
    finally:
        result["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
        result["load"] = sampler.summary(load_start)
        path = write(result, args)
        if args.keep or args.reuse:
            say(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(terminal_table(all_rows(result)))
    print(f"\nresults: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    if args.complete:  # a failed part shows as "failed" in the section, with its reason
        import readme

        readme.main([str(RESULTS / "latest.json")])
    return 1 if failed else 0


def write(result: dict, args: argparse.Namespace) -> Path:
    stamp = result["started"].replace(":", "").replace("-", "")[:15] + "-" + (result["git"]["commit"][:8] or "nogit")
    if args.json:
        path = args.json
    elif args.complete:
        path = RESULTS / f"{stamp}.json"
    else:
        path = RESULTS / "partial" / f"{stamp}-{'-'.join(args.parts)}{'-quick' if args.quick else ''}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(result, indent=1, ensure_ascii=False) + "\n"
    path.write_text(text)
    if args.complete and not args.json:
        (RESULTS / "latest.json").write_text(text)
    return path


if __name__ == "__main__":
    sys.exit(main())
