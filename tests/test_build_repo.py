"""The real glossary, built once with real MkDocs into a temporary folder."""

from __future__ import annotations

import html
import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import build
from dials_weights.runs.figures import METRICS_FILE

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
    assert f'data-metric="regression_fit.slope" data-format=".2f">{metrics["slope"]:.2f}<' in page
    assert f'data-metric="regression_fit.intercept" data-format=".1f">{metrics["intercept"]:.1f}<' in page


def test_every_quoted_metric_equals_its_metrics_file(repo_site: Path):
    from dials_weights.glossary.markup import format_metric
    from dials_weights.glossary.validation import lookup_metric

    quotes = 0
    for page in (repo_site / "site").rglob("*.html"):
        pattern = r'data-metric="([a-z0-9_]+)\.([^"]+)" data-format="([^"]*)">([^<]*)<'
        for script, key, spec, shown in re.findall(pattern, page.read_text()):
            value = lookup_metric(metrics_of(repo_site, script), key)
            assert value is not None, f"{page}: {script}.{key} is not in the metrics"
            assert html.unescape(shown) == format_metric(value, html.unescape(spec)), f"{page}: {script}.{key}"
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
    assert "] scripts/" in log or "reused from the cache" in log
    again = build(repo_site, repo_site / "site-again")
    assert again.returncode == 0, again.stderr
    ran = [line for line in again.stderr.splitlines() if "] scripts/" in line or "running " in line]
    assert not ran, f"the second build ran scripts: {ran}"
    assert "unchanged, outputs reused from the cache" in again.stderr


CORE_FIGURES = {
    "parameter": ("regression_fit/fit.svg", ["regression_fit.slope", "regression_fit.intercept"]),
    "hyperparameter": ("regression_fit/loss.svg", ["regression_fit.learning_rate", "regression_fit.gd_steps"]),
    "overfitting": ("overfitting/accuracy.svg", ["overfitting.best_epoch"]),
    "hyperparameter-tuning": ("grid_vs_random/search.svg", ["grid_vs_random.grid_best_score"]),
    "learning-rate": ("learning_rate/learning_rates.svg", ["learning_rate.best_rate", "learning_rate.diverging_rate"]),
}


@pytest.mark.parametrize("slug", sorted(CORE_FIGURES))
def test_core_terms_show_their_figure_and_numbers(repo_site: Path, slug: str):
    figure, metrics = CORE_FIGURES[slug]
    page = (repo_site / "site" / "glossary" / slug / "index.html").read_text()
    assert f'src="../../figures/{figure}#only-light"' in page
    for metric in metrics:
        script, key = metric.split(".", 1)
        value = metrics_of(repo_site, script)[key]
        assert re.search(rf'data-metric="{re.escape(metric)}"[^>]*>[^<]+<', page), metric
        assert value is not None


WALKTHROUGHS = ("parameters_vs_hyperparameters", "tune_a_model", "watch_a_network_overfit")


@pytest.mark.parametrize("name", WALKTHROUGHS)
def test_walkthroughs_show_executed_outputs_and_a_download(repo_site: Path, name: str):
    site = repo_site / "site"
    page = (site / "walkthroughs" / name / "index.html").read_text()
    plot_tags = [tag for tag in re.findall(r"<img\b[^>]*>", page) if re.search(r'src="[0-9a-f]{16}\.svg#', tag)]
    assert plot_tags and all('loading="lazy"' in tag and ' alt="' in tag for tag in plot_tags)
    plots = [re.search(r'src="([0-9a-f]{16}\.svg)#only-(light|dark)"', tag).groups() for tag in plot_tags]  # type: ignore[union-attr]
    assert {scheme for _, scheme in plots} == {"light", "dark"}, "no plot in the outputs, or not both palettes"
    assert all((site / "walkthroughs" / name / file).is_file() for file, _ in plots), "a plot's file is missing"
    assert "data:image/svg" not in page, "plots are files beside the page, not inside it"
    printed = re.findall(r'data-mime-type="text/plain"[^>]*>\s*<pre>(.*?)</pre>', page, flags=re.S)
    assert any(re.search(r"\d\.\d", text) for text in printed), "no printed numbers in the outputs"
    assert "Traceback" not in page and "Error" not in "".join(printed)
    assert f'href="../../downloads/{name}.ipynb"' in page
    if name == "parameters_vs_hyperparameters":  # a figure from the figure set, embedded in a notebook
        assert 'src="../../figures/regression_fit/fit.svg#only-light"' in page
        assert "data-metric" not in page and "{{" not in page
    download = json.loads((site / "downloads" / f"{name}.ipynb").read_text())
    assert any(cell.get("outputs") for cell in download["cells"] if cell["cell_type"] == "code")


def test_the_faq_page_links_every_question_back_to_its_entry(repo_site: Path):
    site = repo_site / "site"
    page = (site / "guides" / "faq" / "index.html").read_text()
    entries = json.loads((site / "glossary.json").read_text())["entries"]
    for entry in entries:
        block = page.split(f'id="{entry["slug"]}"', 1)
        assert len(block) == 2, f"{entry['slug']} has no group on the FAQ page"
        assert f'href="../../glossary/{entry["slug"]}/"' in block[1].split("</p>", 1)[0]
        entry_page = (site / "glossary" / entry["slug"] / "index.html").read_text()
        questions = re.findall(r"<details class=\"question\">\s*<summary>(.*?)</summary>", entry_page)
        group = block[1].split('class="dw-faq-source"', 1)[0]
        for question in questions:
            assert f"<summary>{question}</summary>" in group, question


def test_glossary_json_matches_the_entries(repo_site: Path):
    from dials_weights.glossary.entries import load_glossary

    entries, _ = load_glossary(repo_site / "glossary", repo_site)
    data = json.loads((repo_site / "site" / "glossary.json").read_text())
    assert [e["slug"] for e in data["entries"]] == sorted(e.slug for e in entries)
    by_slug = {e.slug: e for e in entries}
    log = ["git", "log", "--format=", "--name-only", "--", "glossary"]
    committed = set(subprocess.run(log, cwd=repo_site, capture_output=True, text=True, check=True).stdout.split())
    for record in data["entries"]:
        entry = by_slug[record["slug"]]
        assert (record["term"], record["short"], record["aliases"]) == (entry.term, entry.short, entry.aliases)
        if entry.path in committed:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["last_updated"] or ""), record
        else:  # an entry being written is normal: it builds, and says so
            page = (repo_site / "site" / "glossary" / entry.slug / "index.html").read_text()
            assert record["last_updated"] is None and "Not committed yet" in page


def test_the_a_to_z_lists_every_entry(repo_site: Path):
    page = (repo_site / "site" / "glossary" / "index.html").read_text()
    for entry in json.loads((repo_site / "site" / "glossary.json").read_text())["entries"]:
        assert f'href="{entry["slug"]}/"' in page


def test_every_page_carries_the_policy_and_no_inline_script(repo_site: Path):
    """The policy allows scripts from the site only; the build refuses pages with inline script."""
    from dials_weights.site.page_guard import META, unsafe_markup

    pages = sorted((repo_site / "site").rglob("*.html"))
    assert len(pages) > 80
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert META in text, f"{page} has no Content-Security-Policy"
        assert unsafe_markup(text) == [], page


def test_at_least_80_entries_and_each_shows_a_real_run(repo_site: Path):
    """Issue 13's bar: every entry page carries a figure (or dial) or a number quoted from a run."""
    entries = json.loads((repo_site / "site" / "glossary.json").read_text())["entries"]
    assert len(entries) >= 80, f"only {len(entries)} entries"
    without = []
    for entry in entries:
        page = (repo_site / "site" / "glossary" / entry["slug"] / "index.html").read_text()
        if 'class="dw-figure"' not in page and "data-metric=" not in page:
            without.append(entry["slug"])
    assert not without, f"entries with neither a figure nor a number from a run: {without}"
