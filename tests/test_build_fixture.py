"""Real `mkdocs build --strict` runs of the small fixture site: what pages show, and how bad input fails."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import build

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from conftest import FIXTURE_SITE

    project = tmp_path_factory.mktemp("fixture") / "project"
    shutil.copytree(FIXTURE_SITE, project, ignore=shutil.ignore_patterns(".cache", "site"))
    site = project / "site"
    result = build(project, site)
    assert result.returncode == 0, result.stderr
    return site


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def test_each_entry_gets_a_page_with_its_sections_in_order(built: Path):
    page = read(built, "glossary/alpha/index.html")
    headings = re.findall(r'<h2 id="([^"]+)"', page)
    assert headings == [
        "in-simple-terms",
        "definition",
        "analogy",
        "real-world-example",
        "faq",
        "related-terms",
        "mentioned-in",
    ]
    assert '<p class="dw-lead">The first test term, which the other terms build on.</p>' in page
    assert 'class="dw-level dw-level--beginner"' in page
    assert page.count('<details class="question">') == 3
    assert '<meta name="description" content="The first test term, which the other terms build on.">' in page


def test_figures_and_metrics_come_from_the_script(built: Path):
    page = read(built, "glossary/alpha/index.html")
    assert 'src="../../figures/tiny/line.svg#only-light"' in page
    assert (built / "figures" / "tiny" / "line.svg").is_file()
    assert '<span class="dw-metric" data-metric="tiny.answer" data-format="">42</span>' in page
    home = read(built, "index.html")
    assert '<span class="dw-metric" data-metric="tiny.ratio" data-format=".1%">25.0%</span>' in home


def test_cross_references_link_with_relative_urls_and_previews(built: Path):
    home = read(built, "index.html")
    assert '<a href="glossary/alpha/" data-dw-preview="alpha">alpha</a>' in home
    beta = read(built, "glossary/beta/index.html")
    assert '<a href="../alpha/" data-dw-preview="alpha">the first term</a>' in beta
    assert '<script src="../../assets/dials-weights/preview.js" defer></script>' in beta
    previews = json.loads(read(built, "previews/a.json"))
    assert previews["alpha"]["short"] == "The first test term, which the other terms build on."
    assert previews["alpha"]["figure"] == "figures/tiny/line.svg"


def test_backlinks_and_read_first(built: Path):
    alpha = read(built, "glossary/alpha/index.html")
    mentioned = alpha.split('id="mentioned-in"')[1].split("</p>")[0]
    assert 'href="../beta/"' in mentioned and 'href="../gamma/"' not in mentioned
    beta = read(built, "glossary/beta/index.html")
    mentioned = beta.split('id="mentioned-in"')[1].split("</p>")[0]
    assert 'href="../alpha/"' in mentioned and 'href="../gamma/"' in mentioned
    assert "<strong>Read first:</strong>" in beta


def test_an_entry_not_committed_yet_builds_and_says_so(built: Path):
    """The fixture is not a git checkout: every entry is one being written."""
    assert "Not committed yet" in read(built, "glossary/alpha/index.html")
    assert json.loads(read(built, "glossary.json"))["entries"][0]["last_updated"] is None


def test_index_pages(built: Path):
    az = read(built, "glossary/index.html")
    for slug in ("alpha", "beta", "gamma"):
        assert f'href="{slug}/"' in az
    assert 'href="#a"' in az and 'id="a"' in az
    start = read(built, "glossary/start-here/index.html")
    assert start.index('href="../alpha/"') < start.index('href="../beta/"')
    assert (built / "glossary" / "tags" / "extra" / "index.html").is_file()


def test_glossary_json_and_json_ld(built: Path):
    data = json.loads(read(built, "glossary.json"))
    assert [e["slug"] for e in data["entries"]] == ["alpha", "beta", "gamma"]
    assert data["entries"][0]["url"] == "https://example.org/fixture/glossary/alpha/"
    page = read(built, "glossary/alpha/index.html")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1)
    graph = json.loads(block)["@graph"]
    assert graph[0]["name"] == "Alpha"
    assert graph[1]["@type"] == "FAQPage" and len(graph[1]["mainEntity"]) == 3


def test_second_build_reruns_nothing(fixture_site: Path):
    first = build(fixture_site, fixture_site / "site")
    assert "] scripts/figures/tiny.py " in first.stderr
    second = build(fixture_site, fixture_site / "site")
    assert "1 script(s) unchanged, outputs reused from the cache" in second.stderr
    assert "] scripts/figures/tiny.py " not in second.stderr


def test_compiled_theme_templates_are_kept_for_the_next_build(built: Path):
    """MkDocs compiles the theme's templates anew for every build; Jinja's bytecode cache keeps them."""
    kept = list((built.parent / ".cache" / "dials-weights" / "templates").glob("*.cache"))
    assert len(kept) >= 10, f"only {len(kept)} compiled templates kept"
