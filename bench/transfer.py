"""Bytes transferred to show each kind of page, as Debian's Chromium fetches them over gzip.

Each page loads in a fresh browser context (an empty cache: a reader's first visit) at
1280×900, from ``gzip_server``; once the network has been quiet for two seconds, every
response is summed by what it is, headers plus the body as sent (compressed), as the server
counted them (the browser's count misses a web worker's script): HTML, CSS, JS, images (figures, icons), search data
(``search/`` files and Material's ``search_index.json``) and other (fonts, data files).
Requests a page's web workers make are counted too (Material's search worker fetches the
index).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from urllib.parse import urlsplit

from common import PartResult, Row, kb, say
from gzip_server import Server
from workspace import Workspace

CHROMIUM = os.environ.get("DW_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [  # as tests/conftest.py
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGES = {  # kind of page -> its path on both sites
    "home": "",
    "entry": "glossary/learning-rate/",
    "A–Z": "glossary/",
    "walkthrough": "walkthroughs/tune_a_model/",
}
KINDS = ("html", "css", "js", "images", "search", "other")
GOAL = 150_000


def kind_of(url: str, resource_type: str) -> str:
    path = urlsplit(url).path
    name = path.rsplit("/", 1)[-1]
    if "/search/" in path or name == "search_index.json":
        return "search"
    if resource_type == "document":
        return "html"
    if resource_type == "stylesheet" or name.endswith(".css"):
        return "css"
    if resource_type == "script" or name.endswith((".js", ".mjs")):
        return "js"
    if resource_type == "image" or name.endswith((".svg", ".png", ".jpg", ".webp", ".gif", ".ico")):
        return "images"
    return "other"


QUIET = 2.0  # seconds without a request starting or ending: the page has fetched what it fetches unprompted
MOST = 60.0


def page_bytes(browser, url: str, server: Server) -> dict:  # type: ignore[no-untyped-def]
    """Transferred bytes by kind, and every request, for one first visit to ``url``.

    After the load event, wait until no request has started or ended for two seconds (a web
    worker may fetch well after the load event on a busy machine). The bytes are those the
    server sent (headers and body); the browser's own count is kept beside them, but it reports
    no body for a web worker's script."""
    first = len(server.sent)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    finished, failed, started = [], [], []
    last = [time.monotonic()]

    def note(bucket: list):  # type: ignore[no-untyped-def]
        def handler(request) -> None:  # type: ignore[no-untyped-def]
            bucket.append(request)
            last[0] = time.monotonic()

        return handler

    context.on("request", note(started))
    context.on("requestfinished", note(finished))
    context.on("requestfailed", note(failed))
    page = context.new_page()
    response = page.goto(url, wait_until="load", timeout=120_000)
    if response is None or response.status != 200:
        raise RuntimeError(f"{url} answered {response and response.status}")
    begun = time.monotonic()
    while time.monotonic() - begun < MOST:
        page.wait_for_timeout(250)
        if len(started) == len(finished) + len(failed) and time.monotonic() - last[0] >= QUIET:
            break
    browser_sizes, types = {}, {}
    for request in finished:
        sizes = request.sizes()
        path = urlsplit(request.url).path
        browser_sizes[path] = browser_sizes.get(path, 0) + sizes["responseBodySize"] + sizes["responseHeadersSize"]
        types[path] = request.resource_type
    context.close()
    totals = dict.fromkeys(KINDS, 0)
    requests = []
    for target, headers, body in server.sent[first:]:
        path = urlsplit(target).path
        kind = kind_of(path, types.get(path, ""))
        totals[kind] += headers + body
        requests.append({"path": path, "kind": kind, "bytes": headers + body, "browser": browser_sizes.get(path)})
    return {
        "total": sum(totals.values()),
        "by_kind": totals,
        "browser_total": sum(browser_sizes.values()),
        "requests": requests,
        "failed": [r.url for r in failed],
    }


def measure_sites(sites: dict[str, Path]) -> dict:
    """{site label: {page kind: page_bytes(...)}} for each built site."""
    from playwright.sync_api import sync_playwright

    out: dict[str, dict] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for label, site in sites.items():
                server = Server(site)
                with server as base:
                    out[label] = {}
                    for kind, path in PAGES.items():
                        out[label][kind] = page_bytes(browser, base + path, server)
                        say(f"  {label} {kind}: {out[label][kind]['total'] / 1000:.1f} KB")
        finally:
            browser.close()
    return out


def split(by_kind: dict) -> str:
    return ", ".join(f"{k} {v / 1000:.0f}" for k, v in by_kind.items() if v)


def transfer(ws: Workspace) -> PartResult:
    say("bytes transferred per kind of page (Chromium, gzip)")
    data = measure_sites({"ours": ws.site(ws.real), "plain": ws.site(ws.plain)})
    rows = []
    for kind in PAGES:
        ours, plain = data["ours"][kind], data["plain"][kind]
        rows.append(
            Row(
                "bytes",
                f"bytes to show a page, gzip: {kind}, ours / plain",
                kb(ours["total"]),
                kb(plain["total"]),
                ours["total"] / plain["total"],
                f"≤ {GOAL // 1000} KB",
                ours["total"] <= GOAL,
                f"ours KB: {split(ours['by_kind'])}; plain KB: {split(plain['by_kind'])}",
                runs=1,
            )
        )
    return PartResult(rows, data)
