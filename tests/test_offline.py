"""The offline copy: explicit page links, and a real browser on file:// where the search still works."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import build
from dials_weights.site.offline import file_url, offline_html

# Validation keeps markup out of entries; what is left must still show as typed, never be parsed:
# set as HTML, these entities would become a <b> element.
HOSTILE = "&lt;b&gt;bold&lt;/b&gt;"
EXTRA_ENTRY = f"""---
term: Delta rule
aliases: [delta learning, "{HOSTILE} trap"]
arguments: [delta_rate]
short: A test term whose alias is hostile markup.
level: beginner
tags: [basics]
related: [alpha]
---

## In simple terms
Delta updates [[alpha]] step by step.

## Definition
A rule that moves a weight by the error times the input.

## Analogy
Like turning a tap a little at a time.

**Where the analogy breaks:** taps have no inputs.

## Real-world example
A one-neuron model learning a straight line.

## FAQ

### Is {HOSTILE} shown as bold text?
No: entry text is shown as text.

### Is it old?
Yes.

### Is it still used?
In teaching.
"""


def test_directory_links_become_page_files():
    assert file_url("glossary/alpha/") == "glossary/alpha/index.html"
    assert file_url(".") == "index.html"
    assert file_url("assets/x.css") == "assets/x.css"
    html = '<head></head><a href="../beta/#faq">b</a><a href="#top">t</a><a href="https://x.org/">x</a>'
    out = offline_html(html)
    assert 'href="../beta/index.html#faq"' in out
    assert 'href="#top"' in out and 'href="https://x.org/"' in out
    assert "<script" not in out, "no shim any more: the search loads from file:// as it is"


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
    (fixture_site / "glossary" / "delta-rule.md").write_text(EXTRA_ENTRY)
    result = build(fixture_site, fixture_site / "site")
    assert result.returncode == 0, result.stderr
    first = (fixture_site / "site" / "offline.zip").read_bytes()
    with zipfile.ZipFile(fixture_site / "site" / "offline.zip") as bundle:
        bundle.extractall(tmp_path / "unpacked")
    root = tmp_path / "unpacked" / "offline"
    assert (root / "search" / "index.js").is_file()
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(m.text))
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto((root / "index.html").as_uri())
    page.click("article a[href='glossary/alpha/index.html']")
    page.wait_for_url("**/glossary/alpha/index.html")
    assert page.locator("h1").inner_text() == "Alpha"
    # From the file system, under the site's policy (scripts from the site only).
    assert "script-src 'self'" in (root / "index.html").read_text(encoding="utf-8")
    page.goto((root / "index.html").as_uri())
    box = page.locator("input[data-dw-search-input]")
    box.click()
    options = page.locator("[data-dw-search-results] [role=option]")

    def first_result(query: str) -> str:
        box.fill(query)
        try:
            page.wait_for_function(
                "q => { const l = document.querySelector('[data-dw-search-results]');"
                " return l.dataset.dwState === 'done' && l.dataset.dwQuery === q; }",
                arg=query,
                timeout=10_000,
            )
        except PlaywrightTimeout:
            pytest.fail(f"no results for {query!r} from the file system: {problems}")
        return options.first.get_attribute("href") if options.count() else ""

    assert first_result("gamma").endswith("glossary/gamma/index.html")  # a term
    assert first_result("betas").endswith("glossary/beta/index.html")  # an alias
    assert first_result("delta_rate").endswith("glossary/delta-rule/index.html")  # an argument
    assert first_result("gama").endswith("glossary/gamma/index.html")  # a typo
    assert first_result("delta lerning").endswith("glossary/delta-rule/index.html")
    # Hostile entry text arrives as text: no element, no handler ran.
    assert first_result(f"{HOSTILE} trap").endswith("glossary/delta-rule/index.html")
    assert f"Also called: {HOSTILE} trap" in options.first.inner_text()
    first_result("shown as bold text")
    assert f"FAQ: Is {HOSTILE} shown as bold text?" in options.first.inner_text()
    assert page.locator("[data-dw-search-results] b").count() == 0
    page.click("[data-dw-search-results] [role=option] >> nth=0")
    page.wait_for_url("**/glossary/delta-rule/index.html#faq")
    page.close()
    csp = [p for p in problems if "Content Security Policy" in p and "search" in p]
    assert not csp, csp
    assert build(fixture_site, fixture_site / "site").returncode == 0
    assert (fixture_site / "site" / "offline.zip").read_bytes() == first, "the archive must be reproducible"
