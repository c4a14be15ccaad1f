"""Rows measured by modules other engineers own: ``bench/search.py`` and ``bench/dials.py``.

Each is called through what its own docstring documents, on the real site built by the
warm part (or built once for it). A module that is not there yet, or whose function is
missing or fails, gives the row "not measured yet" with the reason, never a crash.

- ``dials.measure(site_dir) -> dict``: widget code and dial data sizes, gzip.
- ``search.index_sizes(search_dir) -> dict`` and ``search.measure_queries(site_dir, queries)``
  (``search.QUERIES``): search index size and keystroke-to-first-result time.
"""

from __future__ import annotations

import gzip
import importlib
import time
import traceback
from pathlib import Path

from common import PartResult, Row, kb, median, say
from workspace import Workspace

HERE = Path(__file__).parent


def _module(name: str):  # type: ignore[no-untyped-def]
    if not (HERE / f"{name}.py").is_file():
        return None, f"bench/{name}.py is not on this branch yet"
    try:
        return importlib.import_module(name), ""
    except Exception as error:  # noqa: BLE001 - their module, our report
        return None, f"bench/{name}.py does not import: {type(error).__name__}: {error}"


def _not_measured(part: str, measure: str, why: str) -> PartResult:
    say(f"{measure}: not measured yet ({why})")
    return PartResult([Row(part, measure, "not measured yet", note=why)], {"error": why})


def dials(ws: Workspace) -> PartResult:
    module, why = _module("dials")
    if module is None or not hasattr(module, "measure"):
        return _not_measured("dials", "dial widget and data sizes", why or "bench/dials.py has no measure(site_dir)")
    say("dials: sizes on the real site (bench/dials.py)")
    try:
        data = module.measure(ws.site(ws.real))
    except Exception:  # noqa: BLE001
        return _not_measured("dials", "dial widget and data sizes", traceback.format_exc(limit=2).strip())
    budgets = data.get("budgets", {})
    widget = data.get("widget_gzip", {}).get("total")
    dial_data = data.get("dial_data_gzip", {})
    rows = []
    if widget is not None:
        goal = budgets.get("widget", 30_000)
        rows.append(Row("dials", "dial widget code, gzip", kb(widget), goal=f"≤ {goal // 1000} KB", met=widget <= goal))
    if dial_data:
        goal = budgets.get("dial_data", 100_000)
        largest = max(dial_data.values())
        rows.append(
            Row(
                "dials",
                f"largest dial's data of {len(dial_data)}, gzip",
                kb(largest),
                goal=f"≤ {goal // 1000} KB",
                met=largest <= goal,
                note=max(dial_data, key=dial_data.get),
            )
        )
    page = data.get("page_with_two_dials")
    if page:
        goal = budgets.get("page_with_two_dials", 150_000)
        rows.append(
            Row(
                "dials",
                "page with two dials before interaction (dials' part), gzip",
                kb(page["dials_part"]),
                goal=f"< {goal // 1000} KB",
                met=page["dials_part"] < goal,
                note=page.get("page", ""),
            )
        )
    return PartResult(rows or [Row("dials", "dial sizes", "no dials on the site")], data)


def search(ws: Workspace) -> PartResult:
    module, why = _module("search")
    needed = ("index_sizes", "measure_queries", "QUERIES")
    if module is None or not all(hasattr(module, n) for n in needed):
        why = why or f"bench/search.py lacks one of {', '.join(needed)}"
        return _not_measured("search", "search index size and keystroke → first result", why)
    say("search: index size and keystroke to first result (bench/search.py)")
    site = ws.site(ws.real)
    try:
        sizes = module.index_sizes(site / "search")
        started = time.perf_counter()
        queries = module.measure_queries(site, list(module.QUERIES))
        say(f"  {len(queries)} queries in {time.perf_counter() - started:.1f} s")
    except Exception:  # noqa: BLE001
        return _not_measured(
            "search", "search index size and keystroke → first result", traceback.format_exc(limit=2).strip()
        )
    total = sum(v for k, v in sizes.items() if k.endswith(" gzip") and "largest" not in k)
    # At 5,000 synthetic entries: the whole index, and the most a query can fetch (the names file,
    # the eight largest text shards, the twenty largest card blocks), as tests/test_search_index.py.
    say("  search index of 5,000 synthetic entries")
    files = module.synthetic_index(5000)
    size = {path: len(gzip.compress(text.encode(), 6)) for path, text in files.items()}
    shards = sorted((v for k, v in size.items() if "/text-" in k), reverse=True)
    blocks = sorted((v for k, v in size.items() if "/docs-" in k), reverse=True)
    bound = size["search/index.js"] + sum(shards[:8]) + sum(blocks[:20])
    ms = [q.first_result_ms for q in queries]
    fetched = max(q.fetched_gzip for q in queries)
    data = {"index_sizes": sizes, "queries": [vars(q) for q in queries], "synthetic_5000_gzip": size}
    return PartResult(
        [
            Row("search", "search index, whole, gzip (real glossary)", kb(total)),
            Row("search", "search data fetched by one query, largest, gzip", kb(fetched)),
            Row("search", "search index, whole, gzip (5,000 synthetic entries)", kb(sum(size.values()))),
            Row(
                "search",
                "search data one query can fetch at 5,000 entries, upper bound, gzip",
                kb(bound),
                goal="< 400 KB",
                met=bound < 400_000,
            ),
            Row(
                "search",
                f"keystroke → first result, median of {len(ms)} queries",
                f"{median(ms):.0f} ms",
                goal="≤ 100 ms",
                met=median(ms) <= 100,
                note=f"slowest {max(ms):.0f} ms",
            ),
        ],
        data,
    )
