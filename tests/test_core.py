"""Smaller core pieces: claims, markup, names, reading order, backlinks, JSON export, layering."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dials_weights.glossary.entries import Entry
from dials_weights.glossary.links import backlinks
from dials_weights.glossary.markup import FigureEmbed, MetricQuote, XRef, find_references, format_metric
from dials_weights.glossary.names import NameIndex
from dials_weights.glossary.reading_order import reading_order
from dials_weights.runs.claims import ClaimError, evaluate_claim
from dials_weights.site.export import entry_json_ld, glossary_json
from dials_weights.site.site_files import relative_url


def make(slug: str, *, level: str = "beginner", prerequisites=(), body: str = "", aliases=()) -> Entry:
    return Entry(
        slug=slug,
        path=f"glossary/{slug}.md",
        source=Path(f"{slug}.md"),
        term=slug.title(),
        short=f"About {slug}.",
        level=level,
        prerequisites=list(prerequisites),
        body=body,
        aliases=list(aliases),
        related=[],
        tags=["basics"],
    )


def test_claims_compare_metrics():
    metrics = {"best": 3, "epochs": 10, "rates": [0.1, 1.0], "gap": 0.2}
    assert evaluate_claim("best < epochs", metrics)
    assert evaluate_claim("1.0 in rates and gap > 0.05", metrics)
    assert not evaluate_claim("max(rates) < 0.5", metrics)
    with pytest.raises(ClaimError, match="no metric named 'nope'"):
        evaluate_claim("nope > 1", metrics)
    with pytest.raises(ClaimError, match="not allowed"):
        evaluate_claim("__import__('os')", metrics)


def test_markup_finds_references_with_lines_and_skips_code():
    text = (
        "See [[overfitting]] and [[overfit|this]].\n```\n[[not-this]]\n```\n{{ fit.slope:.2f }}\n"
        '![Alt](figure:fit/line.svg "Cap")'
    )
    refs = find_references(text, first_line=10)
    assert list(refs) == [
        XRef(10, "overfitting", None, "[[overfitting]]"),
        XRef(10, "overfit", "this", "[[overfit|this]]"),
        MetricQuote(14, "fit", "slope", ".2f", "{{ fit.slope:.2f }}"),
        FigureEmbed(15, "fit/line.svg", "Alt", "Cap", '![Alt](figure:fit/line.svg "Cap")'),
    ]


def test_metric_formats():
    assert format_metric(0.12345, ".1%") == "12.3%"
    assert format_metric(10.2331, ".2f") == "10.23"
    assert format_metric(7, "") == "7"


def test_names_resolve_loosely_by_slug_term_or_alias():
    index = NameIndex([make("learning-rate", aliases=["step size"])])
    for name in ("learning-rate", "Learning rate", "learning_rate", "Step-Size"):
        assert index.resolve(name).slug == "learning-rate"
    assert index.resolve("learning") is None
    assert index.suggest("learning-rates") == "did you mean 'learning-rate'?"


def test_reading_order_puts_prerequisites_first_then_easier_levels():
    entries = [make("c", level="advanced", prerequisites=["a"]), make("b", level="intermediate"), make("a")]
    order, problems = reading_order(entries)
    assert problems == []
    assert [e.slug for e in order] == ["a", "b", "c"]


def test_a_prerequisite_cycle_names_its_entries():
    entries = [make("a", prerequisites=["b"]), make("b", prerequisites=["a"])]
    _, problems = reading_order(entries)
    assert len(problems) == 1
    assert "the prerequisites form a cycle:" in problems[0].message
    assert "a" in problems[0].message and "b" in problems[0].message


def test_backlinks_list_each_linking_entry_once():
    a = make("a", body="[[b]] and again [[B]]")
    b = make("b", body="[[a]]")
    c = make("c", body="[[b]] [[c]]")
    links = backlinks([a, b, c], NameIndex([a, b, c]))
    assert [e.slug for e in links["b"]] == ["a", "c"]
    assert [e.slug for e in links["a"]] == ["b"]
    assert "c" not in links


def test_glossary_json_holds_every_entry():
    data = json.loads(glossary_json([make("b"), make("a")], "https://x.org/", {"glossary/a.md": "2026-01-02"}))
    assert [e["slug"] for e in data["entries"]] == ["a", "b"]
    first = data["entries"][0]
    assert first["url"] == "https://x.org/glossary/a/"
    assert first["last_updated"] == "2026-01-02"
    assert set(first) >= {"slug", "term", "aliases", "short", "level", "tags", "related", "url", "last_updated"}


def test_json_ld_is_a_defined_term_in_a_set():
    entry = make("a")
    data = entry_json_ld(entry, "https://x.org/", lambda text: text)
    term = data["@graph"][0]
    assert term["@type"] == "DefinedTerm" and term["name"] == "A"
    assert term["inDefinedTermSet"]["@type"] == "DefinedTermSet"


def test_relative_urls():
    assert relative_url("walkthroughs/tune/", "glossary/overfitting/") == "../../glossary/overfitting/"
    assert relative_url("", "glossary/a/") == "glossary/a/"


def test_the_core_does_not_import_mkdocs():
    code = (
        "import sys, dials_weights.content, dials_weights.cli;"
        "import dials_weights.site.site_files, dials_weights.site.notebooks_site;"
        "print('mkdocs' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_syntax_inside_inline_code_is_shown_not_expanded():
    refs = find_references("Write `[[slug]]` or `{{ script.key }}` to link [[beta]] and quote {{ tiny.answer }}.")
    assert [r.source for r in refs] == ["[[beta]]", "{{ tiny.answer }}"]
    caption = '![A line](figure:tiny/line.svg "Made with `plot()` and [[beta]].")'
    assert [type(r).__name__ for r in find_references(caption)] == ["FigureEmbed", "XRef"]


def test_the_page_lists_each_alias_once_whatever_its_spelling():
    from dials_weights.site.furniture import distinct_aliases

    entry = Entry(slug="optimizer", path="glossary/optimizer.md", source=Path("optimizer.md"), term="Optimizer")
    entry.aliases = ["optimizers", "optimiser", "optimisation algorithm", "optimization algorithm", "k-NN", "kNN"]
    assert distinct_aliases(entry) == ["optimisation algorithm", "k-NN"]
