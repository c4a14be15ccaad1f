"""Benchmark of the site search: index bytes, and time from keystroke to first result in Chromium.

Not part of the tests (tests check behaviour, never speed). Three measures, each a function the
main benchmark can call:

- ``index_sizes(search_dir)``: the search files of a built site, raw and gzip, by kind.
- ``synthetic_index(count)``: the same files for a glossary of ``count`` synthetic entries, made
  from the real ones: each takes a real entry's text and questions, with made-up names and about
  one word in fifteen replaced by a made-up word, so that names, vocabulary and text are as varied
  as a real glossary of that size (a repeated template would compress far better than real text).
- ``measure_queries(site_dir, queries)``: serves a built site, opens search in Debian's Chromium,
  types each query a key at a time and reports the time from the last keystroke to the first
  result on screen, and the bytes (gzip) the query made the page fetch from ``search/``.

With ``--entries N`` the real site's search files are swapped for a synthetic index of N entries
(the entries' own pages are not built; the measure is the search itself).

    python bench/search.py [--site site/] [--entries 5000] [--keep]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from dials_weights.glossary.entries import Entry, Question, Section, load_glossary, slugify  # noqa: E402
from dials_weights.site.render import plain_text  # noqa: E402
from dials_weights.site.search_index import build_search, write_files  # noqa: E402
from dials_weights.site.search_pages import PageText  # noqa: E402
from dials_weights.site.search_pages import Section as PageSection

CHROMIUM = os.environ.get("DW_CHROMIUM", "/usr/bin/chromium")
BUDGET_GZIP = 400_000  # bytes a query may fetch at 5,000 entries
QUERIES = [
    "overfitting",
    "overfiting",
    "hyperparamter",
    "step size",
    "C parameter",
    "regularisation",
    "max_depth",
    "learning_rate_init",
    "what is an epoch",
    "difference between parameter and hyperparameter",
    "stop training early",
    "how to choose the number of clusters",
]
SYLLABLES = [consonant + vowel for consonant in "bdfklmnrstvz" for vowel in "aeio"]


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def index_sizes(search_dir: Path) -> dict[str, int]:
    """Raw and gzip bytes of the search files, by kind: names (index.js), text shards, card blocks."""
    sizes: dict[str, int] = {}
    for path in sorted(search_dir.glob("*.js")):
        kind = path.stem.split("-")[0]
        data = path.read_bytes()
        sizes[f"{kind} raw"] = sizes.get(f"{kind} raw", 0) + len(data)
        sizes[f"{kind} gzip"] = sizes.get(f"{kind} gzip", 0) + gzip_size(data)
        sizes[f"{kind} files"] = sizes.get(f"{kind} files", 0) + 1
        sizes[f"{kind} largest gzip"] = max(sizes.get(f"{kind} largest gzip", 0), gzip_size(data))
    return sizes


def _pseudo(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables))


def synthetic_entries(count: int, seed: int = 0) -> list[Entry]:
    """``count`` entries built from the real ones, with made-up names and a varied vocabulary."""
    real, _ = load_glossary(ROOT / "glossary", ROOT)
    rng = random.Random(seed)
    vocabulary = sorted({_pseudo(rng, rng.randint(2, 4)) for _ in range(25_000)})
    out: list[Entry] = []
    used: set[str] = set()
    for n in range(count):
        base = real[n % len(real)]
        head = _pseudo(rng, 3)
        while head in used:
            head = _pseudo(rng, 3)
        used.add(head)
        term = f"{head.capitalize()} {base.term.split()[-1].lower()}"

        def vary(text: str, base: Entry = base, term: str = term) -> str:
            text = text.replace(base.term, term).replace(base.term.lower(), term.lower())
            pieces = text.split(" ")
            return " ".join(rng.choice(vocabulary) if rng.random() < 1 / 15 else p for p in pieces)

        aliases = [f"{term}s", f"{head}-{base.term.split()[-1].lower()}", head.upper()[:4], f"{_pseudo(rng, 3)} {head}"]
        arguments = [f"{head}_{_pseudo(rng, 2)}"] if n % 2 else []
        out.append(
            replace(
                base,
                slug=slugify(term),
                path=f"glossary/{slugify(term)}.md",
                term=term,
                aliases=aliases,
                arguments=arguments,
                short=vary(base.short),
                sections=[Section(s.title, s.line, vary(s.body)) for s in base.sections],
                faq=[Question(vary(q.question), q.line, vary(q.answer)) for q in base.faq],
            )
        )
    return out


def synthetic_index(count: int, pages: list[PageText] | None = None) -> dict[str, str]:
    """The search files for ``count`` synthetic entries (and, if given, the real site's pages)."""
    return build_search(synthetic_entries(count), pages or [], lambda markdown: plain_text(markdown, lambda q: "0.5"))


def real_pages(site_dir: Path) -> list[PageText]:
    """The real site's page sections, read back from its search blocks (to keep them at 5,000 entries)."""
    import json
    import re

    index = (site_dir / "search" / "index.js").read_text()
    head = json.loads(re.search(r",(\{.*\})\);", index, re.S).group(1))  # type: ignore[union-attr]
    cards: list[list[object]] = []
    for n in range(head["blocks"]):
        text = (site_dir / "search" / f"docs-{n}.js").read_text()
        cards += json.loads(re.search(r",(\[.*\])\);", text, re.S).group(1))  # type: ignore[union-attr]
    pages = [PageText(url, title) for url, title in head["pages"]]
    for card in cards[len(head["entries"]) :]:
        page, anchor, heading, text = card
        pages[int(page)].sections.append(PageSection(str(anchor), str(heading), str(text)))  # type: ignore[call-overload]
    return pages


@dataclass
class QueryMeasure:
    query: str
    first_result_ms: float  # from the last keystroke to the results on screen, as the page measured it
    fetched_gzip: int  # bytes of search/ files this query made the page fetch (gzip, as a server would send)
    files: list[str] = field(default_factory=list)
    first: str = ""


def _serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def measure_queries(site_dir: Path, queries: list[str], *, cold: bool = True) -> list[QueryMeasure]:
    """Each query typed into a fresh page (``cold``: nothing cached) or one after another on one page."""
    from playwright.sync_api import sync_playwright

    server, base = _serve(site_dir)
    out: list[QueryMeasure] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            fetched: list[str] = []
            page.on("request", lambda r: "/search/" in r.url and fetched.append(r.url.split("/search/")[1]))
            for number, query in enumerate(queries):
                if cold or number == 0:
                    fetched.clear()  # a cold query counts what opening search fetched too
                    page.goto(base + "glossary/")
                    page.click("input[data-dw-search-input]")
                    page.wait_for_function("window.__dwSearch && window.__dwSearch.ready", timeout=20_000)
                    page.evaluate("window.__dwSearch.ready")
                if not cold:
                    fetched.clear()
                box = page.locator("input[data-dw-search-input]")
                box.fill("")
                box.press_sequentially(query, delay=40)
                page.wait_for_function(
                    "q => { const l = document.querySelector('[data-dw-search-results]');"
                    " return l.dataset.dwState === 'done' && l.dataset.dwQuery === q; }",
                    arg=query,
                    timeout=20_000,
                )
                ms = float(page.get_attribute("[data-dw-search-results]", "data-dw-ms") or "nan")
                first = page.evaluate(
                    "() => { const o = document.querySelector('[data-dw-search-results] [role=option]');"
                    " return o ? new URL(o.href).pathname : ''; }"
                )
                names = sorted({f.split("?")[0] for f in fetched})
                size = sum(gzip_size((site_dir / "search" / name).read_bytes()) for name in names)
                out.append(QueryMeasure(query, ms, size, names, first))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return out


def build_site(target: Path) -> Path:
    """A strict build of the repository's site into ``target`` (figures come from the cache)."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)]
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    )
    if result.returncode:
        sys.exit(result.stdout + result.stderr)
    return target


def report(title: str, site_dir: Path, measures: list[QueryMeasure]) -> None:
    sizes = index_sizes(site_dir / "search")
    total = sum(v for k, v in sizes.items() if k.endswith(" gzip") and "largest" not in k)
    print(f"\n{title}")
    print(f"  names (index.js): {sizes['index raw'] / 1e3:8.1f} KB raw {sizes['index gzip'] / 1e3:7.1f} KB gzip")
    for kind in ("text", "docs"):
        raw, packed = sizes[kind + " raw"] / 1e3, sizes[kind + " gzip"] / 1e3
        print(
            f"  {kind + ' files':16}: {raw:8.1f} KB raw {packed:7.1f} KB gzip"
            f" in {sizes[kind + ' files']} files (largest {sizes[kind + ' largest gzip'] / 1e3:.1f} KB gzip)"
        )
    print(f"  whole index     : {total / 1e3:8.1f} KB gzip")
    if not measures:
        return
    print(f"  {'query':50} {'first result':>12} {'fetched':>10}  first result")
    for m in measures:
        print(f"  {m.query:50} {m.first_result_ms:9.1f} ms {m.fetched_gzip / 1e3:7.1f} KB  {m.first}")
    times = [m.first_result_ms for m in measures]
    print(
        f"  keystroke to first result: median {statistics.median(times):.1f} ms, max {max(times):.1f} ms;"
        f" fetched per query: max {max(m.fetched_gzip for m in measures) / 1e3:.1f} KB gzip"
        f" (budget {BUDGET_GZIP / 1e3:.0f} KB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the repository's into a temp folder)")
    parser.add_argument("--entries", type=int, default=5000, help="synthetic glossary size (0: skip)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="dw-search-bench-"))
    try:
        site = args.site or build_site(work / "site")
        report("real glossary", site, measure_queries(site, QUERIES))
        if args.entries:
            big = work / "synthetic"
            shutil.copytree(site, big, ignore=shutil.ignore_patterns("*.zip"))
            started = time.perf_counter()
            files = synthetic_index(args.entries, real_pages(site))
            seconds = time.perf_counter() - started
            shutil.rmtree(big / "search")
            write_files(big, files)
            print(f"\n(synthetic index of {args.entries} entries built in {seconds:.1f} s)")
            report(f"{args.entries} synthetic entries", big, measure_queries(big, QUERIES))
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
