"""The real glossary, built once with real MkDocs into a temporary folder."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import build

from dials_weights.figures import METRICS_FILE

pytestmark = pytest.mark.slow

SITE_HOST = "dials-and-weights.github.io"


def metrics_of(project: Path, script: str) -> dict:
    [folder] = (project / ".cache" / "dials-weights" / "figures" / script).iterdir()
    return json.loads((folder / METRICS_FILE).read_text())["metrics"]


def test_parameter_page_shows_the_fit_and_its_numbers(repo_site: Path):
    page = (repo_site / "site" / "glossary" / "parameter" / "index.html").read_text()
    assert 'src="../../figures/regression_fit/fit.svg#only-light"' in page
    assert 'src="../../figures/regression_fit/fit.dark.svg#only-dark"' in page
    assert (repo_site / "site" / "figures" / "regression_fit" / "fit.svg").read_text().startswith("<?xml")
    metrics = metrics_of(repo_site, "regression_fit")
    assert f'data-metric="regression_fit.slope">{metrics["slope"]:.2f}<' in page
    assert f'data-metric="regression_fit.intercept">{metrics["intercept"]:.1f}<' in page


def test_every_quoted_metric_equals_its_metrics_file(repo_site: Path):
    from dials_weights.markup import format_metric
    from dials_weights.validation import lookup_metric

    quotes = 0
    for page in (repo_site / "site").rglob("*.html"):
        for script, key, shown in re.findall(r'data-metric="([a-z0-9_]+)\.([^"]+)">([^<]*)<', page.read_text()):
            value = lookup_metric(metrics_of(repo_site, script), key)
            assert value is not None, f"{page}: {script}.{key} is not in the metrics"
            assert shown in {format_metric(value, spec) for spec in ("", ".0f", ".1f", ".2f", ".3f", ".4f", ".0%",
                                                                     ".1%", ".2%", ",d", "d", ".3g", ".2g", ".4g")}
            quotes += 1
    assert quotes > 0


class _Requests(HTMLParser):
    """Every URL an HTML page makes the browser fetch by itself (not links a reader clicks)."""

    FETCHING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest", "apple-touch-icon"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "link" and not self.FETCHING_RELS & set(values.get("rel", "").split()):
            return
        for name in ("src", "href", "data", "poster") if tag != "a" else ():
            if values.get(name):
                self.urls.append(values[name])
        for candidate in values.get("srcset", "").split(","):
            if candidate.strip():
                self.urls.append(candidate.split()[0])


def third_party_requests(site: Path) -> list[str]:
    offenders = []
    for page in site.rglob("*.html"):
        parser = _Requests()
        parser.feed(page.read_text(encoding="utf-8"))
        offenders += [f"{page.relative_to(site)}: {u}" for u in parser.urls if urlsplit(u).netloc or u.startswith("//")]
    css_url = re.compile(r"(?:url\(\s*[\"']?|@import\s+[\"'])((?:https?:)?//[^\"')]+)")
    for sheet in site.rglob("*.css"):
        offenders += [f"{sheet.relative_to(site)}: {u}" for u in css_url.findall(sheet.read_text(encoding="utf-8"))]
    return offenders


def test_no_page_loads_anything_from_another_host(repo_site: Path):
    """No <link>, <script>, <img>, <iframe> or CSS url()/@import points off the site."""
    assert third_party_requests(repo_site / "site") == []


def test_the_second_build_runs_no_script(repo_site: Path):
    log = (repo_site / "build.log").read_text()
    assert " ran in " in log or "cached" in log
    again = build(repo_site, repo_site / "site-again")
    assert again.returncode == 0, again.stderr
    lines = [line for line in again.stderr.splitlines() if "figures: scripts/" in line]
    assert lines and all("cached (inputs unchanged, not re-run)" in line for line in lines)
