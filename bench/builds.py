"""Build times: the real site warm, the real site with synthetic entries added, synthetic scale.

Ours and plain builds alternate (ours, plain, ours, plain...) so that a burst of load on a
shared machine falls on both; each figure is the median of the repeats.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Callable
from pathlib import Path

import synthetic
from common import Measured, PartResult, Row, folder_size, median, mib, say, seconds, slope
from workspace import Workspace, build

GOAL_RATIO = 1.25
GOAL_5000_SECONDS = 40.0
GOAL_PEAK = 2**30


def _pair(ours: Path, plain: Path, times: int, label: str, builder: Callable[[Path], Measured] = build) -> dict:
    """Alternate builds of two projects; medians of time and peak memory, and site sizes."""
    runs: dict[str, list[Measured]] = {"ours": [], "plain": []}
    for n in range(times):
        for kind, project in (("ours", ours), ("plain", plain)):
            m = builder(project)
            say(f"  {label}, {kind} {n + 1}/{times}: {m.seconds:.2f} s, peak {m.peak_rss / 2**20:.0f} MiB")
            runs[kind].append(m)
    out = {}
    for kind, project in (("ours", ours), ("plain", plain)):
        out[kind] = {
            "seconds": [m.seconds for m in runs[kind]],
            "median_seconds": median([m.seconds for m in runs[kind]]),
            "peak_rss": max(m.peak_rss for m in runs[kind]),
            "site_bytes": folder_size(project / "site"),
        }
    out["ratio"] = out["ours"]["median_seconds"] / out["plain"]["median_seconds"]
    out["runs"] = times
    return out


def _ratio_row(part: str, measure: str, data: dict, goal: float = GOAL_RATIO) -> Row:
    ours, plain = data["ours"]["median_seconds"], data["plain"]["median_seconds"]
    return Row(
        part,
        measure,
        seconds(ours),
        seconds(plain),
        data["ratio"],
        f"≤ {goal:.2f}×",
        data["ratio"] <= goal,
        runs=data["runs"],
    )


def warm(ws: Workspace, times: int) -> PartResult:
    """The real site with every figure cached, against the plain twin."""
    ours, plain = ws.real, ws.plain
    say("warm build: one untimed build of each first (fills MkDocs' and mkdocs-jupyter's caches)")
    ws.build(ours)
    ws.build(plain)
    data = _pair(ours, plain, times, "warm build", ws.build)
    return PartResult([_ratio_row("warm", "warm build of the real site, ours / plain", data)], {"warm": data})


LARGE = 2000  # sizes from here on may be measured fewer times (--large-repeat)


def added(ws: Workspace, counts: list[int], times: int, large_times: int) -> PartResult:
    """The real site with N synthetic entries added (and the plain twin of that)."""
    result = PartResult()
    for count in counts:
        say(f"real site + {count} synthetic entries")
        ours = ws.copy(ws.real, f"added-{count}")
        synthetic.add_entries(ours / "glossary", count)
        plain = ws.plain_twin(ours, ws.work / f"added-{count}-plain")
        data = _pair(ours, plain, large_times if count >= LARGE else times, f"+{count} entries")
        result.data[str(count)] = data
        result.rows.append(_ratio_row("added", f"{count:,} synthetic entries added, ours / plain", data))
    return result


def scale(ws: Workspace, sizes: list[int], times: int, large_times: int) -> PartResult:
    """Synthetic glossaries of each size, ours and plain: time, peak memory, site size, growth."""
    result = PartResult()
    for size in sizes:
        say(f"synthetic glossary of {size:,} entries")
        ours, plain = ws.work / f"scale-{size}", ws.work / f"scale-{size}-plain"
        for folder in (ours, plain):
            shutil.rmtree(folder, ignore_errors=True)
        synthetic.write_glossary(ours, size)
        synthetic.write_plain(plain, size)
        data = _pair(ours, plain, large_times if size >= LARGE else times, f"{size:,} entries")
        result.data[str(size)] = data
        o, p = data["ours"], data["plain"]
        result.rows += [
            Row(
                "scale",
                f"{size:,} entries: build, ours / plain",
                seconds(o["median_seconds"]),
                seconds(p["median_seconds"]),
                data["ratio"],
                runs=data["runs"],
            ),
            Row(
                "scale",
                f"{size:,} entries: peak memory, ours / plain",
                mib(o["peak_rss"]),
                mib(p["peak_rss"]),
                o["peak_rss"] / p["peak_rss"],
                runs=data["runs"],
            ),
            Row(
                "scale",
                f"{size:,} entries: site size, ours / plain",
                mib(o["site_bytes"]),
                mib(p["site_bytes"]),
                o["site_bytes"] / p["site_bytes"],
            ),
        ]
    if len(sizes) >= 2:
        exponents = {}
        for kind in ("ours", "plain"):
            times_ = [result.data[str(s)][kind]["median_seconds"] for s in sizes]
            exponents[kind] = {
                "fit": slope(sizes, times_),
                "largest_two": math.log(times_[-1] / times_[-2]) / math.log(sizes[-1] / sizes[-2]),
            }
        result.data["growth_exponent"] = exponents
        span = f"{sizes[0]:,}–{sizes[-1]:,}"
        for which, label in (("fit", f"fit over {span}"), ("largest_two", f"{sizes[-2]:,}→{sizes[-1]:,}")):
            ours_e, plain_e = exponents["ours"][which], exponents["plain"][which]
            result.rows.append(
                Row(
                    "scale",
                    f"growth exponent of build time, {label}, ours / plain",
                    f"{ours_e:.2f}",
                    f"{plain_e:.2f}",
                    ours_e / plain_e,
                    "≈ 1 (linear)",
                    ours_e <= 1.1,
                )
            )
    largest = str(max(sizes))
    o = result.data[largest]["ours"]
    met = o["median_seconds"] <= GOAL_5000_SECONDS and o["peak_rss"] < GOAL_PEAK
    note = "" if max(sizes) == 5000 else f"measured at {int(largest):,} entries, not 5,000: the goal does not apply"
    result.rows.append(
        Row(
            "scale",
            f"{int(largest):,} entries, full build (time, peak memory)",
            f"{seconds(o['median_seconds'])}, {mib(o['peak_rss'])}",
            seconds(result.data[largest]["plain"]["median_seconds"]),
            result.data[largest]["ratio"],
            "≤ 40 s, < 1 GiB",
            met if not note else None,
            note,
            runs=result.data[largest]["runs"],
        )
    )
    return result
