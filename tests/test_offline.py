"""The offline copy: explicit page links, inlined search index, and a real browser on file://."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import build
from dials_weights.offline import file_url, offline_html, offline_search_index


def test_directory_links_become_page_files():
    assert file_url("glossary/alpha/") == "glossary/alpha/index.html"
    assert file_url(".") == "index.html"
    assert file_url("assets/x.css") == "assets/x.css"
    html = '<head></head><a href="../beta/#faq">b</a><a href="#top">t</a><a href="https://x.org/">x</a>'
    out = offline_html(html, "glossary/alpha/index.html")
    assert 'href="../beta/index.html#faq"' in out
    assert 'href="#top"' in out and 'href="https://x.org/"' in out
    assert '<script src="../../assets/dials-weights/iframe-worker-shim.js"></script>' in out


def test_search_index_is_inlined_with_file_locations():
    text = offline_search_index(json.dumps({"docs": [{"location": "glossary/a/#faq"}, {"location": ""}]}))
    assert text.startswith("var __index = ")
    data = json.loads(text.removeprefix("var __index = "))
    assert [d["location"] for d in data["docs"]] == ["glossary/a/index.html#faq", "index.html"]


@pytest.mark.slow
@pytest.mark.browser
def test_the_offline_copy_works_from_the_file_system(fixture_site: Path, tmp_path: Path, browser):
    config = fixture_site / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "repository: https://example.org/repo",
            "repository: https://example.org/repo\n      offline_archive: offline.zip",
        )
    )
    result = build(fixture_site, fixture_site / "site")
    assert result.returncode == 0, result.stderr
    first = (fixture_site / "site" / "offline.zip").read_bytes()
    with zipfile.ZipFile(fixture_site / "site" / "offline.zip") as bundle:
        bundle.extractall(tmp_path / "unpacked")
    root = tmp_path / "unpacked" / "offline"
    assert (root / "search" / "search_index.js").is_file()
    page = browser.new_page()
    page.goto((root / "index.html").as_uri())
    page.click("article a[href='glossary/alpha/index.html']")
    page.wait_for_url("**/glossary/alpha/index.html")
    assert page.locator("h1").inner_text() == "Alpha"
    page.goto((root / "index.html").as_uri())
    # The index and the worker load asynchronously from disk; on a busy machine the first keystrokes
    # can arrive before the worker is ready, so type again until results appear (at most three times).
    box = page.locator("input[data-md-component='search-query']")
    first_result = page.locator(".md-search-result__item a").first
    for attempt in range(3):
        box.fill("")
        box.press_sequentially("gamma", delay=30)
        try:
            first_result.wait_for(timeout=10_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
    assert first_result.get_attribute("href").endswith("glossary/gamma/index.html")
    page.close()
    assert build(fixture_site, fixture_site / "site").returncode == 0
    assert (fixture_site / "site" / "offline.zip").read_bytes() == first, "the archive must be reproducible"
