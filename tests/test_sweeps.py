"""Sweeps and dials without a site: the helper that declares a sweep, the checks the build runs on
it, the embed syntax and its problems, and the static block a page gets."""

from __future__ import annotations

import copy
import gzip
import html
import importlib
import json
import re
import sys
from pathlib import Path

import pytest

from dials_weights.runs import sweeps
from dials_weights.runs.figures import FigureCatalogue, FigureOutput, check_outputs
from dials_weights.site import dials

REPO = Path(__file__).resolve().parent.parent
FIGURES = REPO / "scripts" / "figures"
VALUES = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233]


@pytest.fixture
def helpers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """scripts/figures/_figure_helpers.py, writing into a temporary folder."""
    monkeypatch.setenv("DW_OUTPUT_DIR", str(tmp_path / "out"))
    monkeypatch.syspath_prepend(str(FIGURES))
    module = importlib.import_module("_figure_helpers")
    module.use_site_style()
    return module


def declare(helpers, name: str = "k", values=VALUES, **changes):
    """A small but complete sweep: an accuracy that peaks at 13, drawn as a curve with a ring."""
    h = helpers
    runs = [
        {"val": 1 - abs(i - 5) / 10, "train": 1 - i / 40, "curve": [j * i / 10 for j in range(5)]}
        for i, _ in enumerate(values)
    ]
    options = {
        "parameter": "number of things k",
        "symbol": "k",
        "key": "k",
        "values": values,
        "scale": "log",
        "value_format": "d",
        "runs": runs,
        "numbers": {"val": ("validation accuracy", ".2f"), "train": ("training accuracy", ".2f", "none")},
        "best": ("val", "max"),
        "shared": {"steps": [0, 1, 2, 3, 4]},
        "panels": [
            h.panel(h.curve("steps", "curve", colour="blue", label="this k"), x=h.axis("step"), y=h.axis("value")),
            h.panel(
                h.curve("@values", "@numbers.val", colour="orange", label="validation"),
                h.mark("@value", "@number.val", colour="orange"),
                x=h.axis("k", scale="log"),
                y=h.axis("accuracy", tick_format=".0%"),
            ),
        ],
        "layout": [[0, 1]],
    }
    options.update(changes)
    return h.write_sweep(name, **options)


# ----------------------------------------------------------------------------------------------
# Declaring a sweep: write_sweep(...) in the figure helpers


def test_write_sweep_writes_data_figures_and_returns_the_summary(helpers, tmp_path: Path):
    summary = declare(helpers)
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == ["k.dark.svg", "k.svg", "k.sweep.json"]
    record = json.loads((out / "k.sweep.json").read_text())
    assert record["values"] == VALUES and record["value_text"] == [str(v) for v in VALUES]
    assert len(record["runs"]) == len(VALUES)
    assert record["default"] == 5 and summary["best_index"] == 5 and summary["best_value"] == 13
    assert summary["best"] == {"val": 1.0, "train": 0.875}
    assert summary["numbers"]["val"] == [run["numbers"]["val"] for run in record["runs"]]
    run = record["runs"][5]
    assert run["text"] == {"val": "1.00", "train": "0.88"} and run["draw"] == {"curve": [0.0, 0.5, 1.0, 1.5, 2.0]}
    assert [n["key"] for n in record["numbers"]] == ["val", "train"]
    assert record["numbers"][1]["missing"] == "none"
    # Axes get a domain and ticks (with their text) from every position's data.
    x_axis, y_axis = record["panels"][1]["x"], record["panels"][1]["y"]
    assert x_axis["domain"][0] <= 1 and x_axis["domain"][1] >= 233
    assert y_axis["tick_text"] == [format(t, ".0%") for t in y_axis["ticks"]]
    assert sweeps.shape_problems(record, "k") == []
    assert sweeps.summary_problems(record, summary) == []


def test_write_sweep_output_is_byte_identical_run_to_run(helpers, tmp_path: Path):
    declare(helpers)
    first = {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()}
    declare(helpers)
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == first
    text = first["k.sweep.json"].decode()
    assert text == json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"


def test_drawing_data_is_quantised_and_numbers_are_not(helpers, tmp_path: Path):
    h = helpers
    runs = [{"val": 0.123456789 + i, "curve": [1 / 3, 2 / 3, float("nan")]} for i in range(len(VALUES))]
    declare(
        h,
        runs=runs,
        numbers={"val": ("v", ".3f")},
        best=("val", "min"),
        panels=[h.panel(h.curve("steps", "curve", colour="blue"), x=h.axis("x"), y=h.axis("y"))],
        shared={"steps": [0, 1, 2]},
        layout=None,
    )
    record = json.loads((tmp_path / "out" / "k.sweep.json").read_text())
    assert record["runs"][0]["numbers"]["val"] == 0.123457  # as metrics.json rounds
    assert record["runs"][0]["draw"]["curve"] == [0.3333, 0.6667, None]  # four digits; NaN is a gap
    assert record["layout"] == [[0]]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"values": VALUES[:11]}, "11 positions; a dial needs 12 to 40"),
        ({"values": list(range(1, 42))}, "41 positions"),
        ({"values": [*VALUES[:11], 100]}, "values must increase"),
        ({"best": ("nothing", "max")}, "name one of the numbers"),
        ({"key": "has space"}, "must be simple identifiers"),
        ({"layout": [[0]]}, "must use each of the 2 panels once"),
    ],
)
def test_write_sweep_refuses_a_malformed_sweep(helpers, changes: dict, message: str):
    if "values" in changes and len(changes["values"]) != len(VALUES):
        changes["runs"] = [{"val": 0.5, "train": 0.5, "curve": [0] * 5} for _ in changes["values"]]
    with pytest.raises(ValueError, match=re.escape(message)):
        declare(helpers, **changes)


def test_write_sweep_refuses_a_name_no_position_has(helpers):
    h = helpers
    panels = [h.panel(h.curve("steps", "nowhere", colour="blue"), x=h.axis("x"), y=h.axis("y"))]
    with pytest.raises(KeyError, match="no data named 'nowhere'"):
        declare(h, panels=panels, layout=None)
    with pytest.raises(ValueError, match="unknown colour 'pink'"):
        h.curve("steps", "curve", colour="pink")


def test_a_figure_script_can_run_claims_over_its_sweep(helpers, tmp_path: Path):
    summary = declare(helpers)
    helpers.write_metrics(
        {"k": summary},
        claims=["0 < k.best_index < k.positions - 1", "k.numbers.val[0] < k.best.val"],
        data="made up",
    )
    assert check_outputs(tmp_path / "out", display="scripts/figures/x.py") == []


# ----------------------------------------------------------------------------------------------
# The build's checks on what a script wrote (figures.check_outputs -> sweeps.check_sweeps)


@pytest.fixture
def written(helpers, tmp_path: Path) -> Path:
    summary = declare(helpers)
    helpers.write_metrics({"k": summary}, claims=[], data="made up")
    return tmp_path / "out"


def rewrite(folder: Path, change) -> None:
    path = folder / "k.sweep.json"
    record = json.loads(path.read_text())
    change(record)
    path.write_text(json.dumps(record))


def problems_of(folder: Path) -> list[str]:
    return [p.message for p in check_outputs(folder, display="scripts/figures/x.py")]


def test_the_build_accepts_what_write_sweep_wrote(written: Path):
    assert problems_of(written) == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda r: r.update(default=0), "the default must be the best setting the sweep found"),
        (lambda r: r["runs"].pop(), "it has 11 runs for 12 values"),
        (lambda r: r["runs"][3]["numbers"].pop("val"), "run 3 has no number or text for val"),
        (lambda r: r.update(values=r["values"][:11], value_text=r["value_text"][:11]), "11 positions"),
        (lambda r: r["panels"][0]["layers"][0].update(kind="pie"), "unknown kind 'pie'"),
        (lambda r: r["panels"][0]["layers"][0].update(colour="pink"), "a colour outside"),
        (lambda r: r["panels"][0]["layers"][0].update(y="nowhere"), "names 'nowhere'"),
        (lambda r: r.update(key="Not A Key"), "its key 'Not A Key'"),
    ],
)
def test_the_build_refuses_a_broken_sweep(written: Path, change, message: str):
    rewrite(written, change)
    problems = problems_of(written)
    assert any(message in p for p in problems), problems


def test_the_summary_in_metrics_must_agree_with_the_runs(written: Path):
    metrics_path = written / "metrics.json"
    record = json.loads(metrics_path.read_text())
    record["metrics"]["k"]["best"]["val"] = 0.99  # a claim would check a number the dial does not show
    metrics_path.write_text(json.dumps(record))
    assert any("summary's 'best'" in p for p in problems_of(written))
    del record["metrics"]["k"]
    metrics_path.write_text(json.dumps(record))
    assert any("no summary of it" in p for p in problems_of(written))


def test_a_dial_over_its_data_budget_fails(written: Path, monkeypatch: pytest.MonkeyPatch):
    size = sweeps.gzip_size((written / "k.sweep.json").read_bytes())
    monkeypatch.setattr(sweeps, "DATA_BUDGET", size - 1)
    assert any("over the" in p and "KB a dial may fetch" in p for p in problems_of(written))


# ----------------------------------------------------------------------------------------------
# The embed syntax and its problems, with file and line


def catalogue_with(folder: Path | None, scripts=("knn_sweep", "plain")) -> FigureCatalogue:
    outputs = {}
    if folder is not None:
        outputs["knn_sweep"] = FigureOutput("knn_sweep", "scripts/figures/knn_sweep.py", folder, [], {}, "data", 0)
        plain = folder.parent / "plain"
        plain.mkdir(exist_ok=True)
        outputs["plain"] = FigureOutput("plain", "scripts/figures/plain.py", plain, [], {}, "data", 0)
    return FigureCatalogue(list(scripts), outputs)


def test_dial_syntax_in_inline_code_is_shown_not_expanded():
    text = 'Write `![Alt](dial:knn_sweep "Cap.")` to embed one: ![Real](dial:knn_sweep "Cap.")'
    assert [d.alt for d in dials.find_dials(text)] == ["Real"]
    out = dials.substitute_dials(text, lambda ref: f"<{ref.alt}>")
    assert out == 'Write `![Alt](dial:knn_sweep "Cap.")` to embed one: <Real>'


def test_dial_embeds_are_found_outside_code_only():
    text = 'a\n![Alt](dial:knn_sweep/k "Cap [[x]].")\n```\n![No](dial:x "y")\n```\n![B](dial:s) <!-- ![C](dial:c) -->'
    found = dials.find_dials(text, first_line=10)
    assert [(d.line, d.name, d.alt, d.caption) for d in found] == [
        (11, "knn_sweep/k", "Alt", "Cap [[x]]."),
        (15, "s", "B", ""),
    ]
    assert found[0].script == "knn_sweep" and found[0].sweep == "k" and found[1].sweep is None


def messages(text: str, catalogue) -> list[tuple[int | None, str, str]]:
    return [(p.line, p.message, p.hint) for p in dials.check_dials(text, 1, "glossary/x.md", catalogue)]


def test_a_good_dial_has_no_problem(written: Path):
    catalogue = catalogue_with(written)
    assert messages('![Alt](dial:knn_sweep "Cap.")', catalogue) == []
    assert messages('![Alt](dial:knn_sweep/k "Cap.")', catalogue) == []


@pytest.mark.parametrize(
    ("text", "message", "hint"),
    [
        ('![](dial:knn_sweep "Cap.")', "the dial 'knn_sweep' has no alt text", "describe what the figure shows"),
        ('![A {{ x.y }}](dial:knn_sweep "C")', "must be plain text", "the dial adds the numbers"),
        ("![Alt](dial:knn_sweep)", "the dial 'knn_sweep' has no caption", "add one in quotes"),
        ('![Alt](dial:knn-sweep "C")', "'knn-sweep' is not a dial name", "dial:<script>"),
        (
            '![Alt](dial:knn_swep "C")',
            "unknown dial 'knn_swep': there is no scripts/figures/knn_swep.py",
            "did you mean 'knn_sweep'?",
        ),
        ('![Alt](dial:plain "C")', "scripts/figures/plain.py writes no sweep", "write_sweep"),
        ('![Alt](dial:knn_sweep/kk "C")', "scripts/figures/knn_sweep.py writes no sweep 'kk'", "did you mean 'k'?"),
    ],
)
def test_dial_problems_name_the_line_and_a_fix(written: Path, text: str, message: str, hint: str):
    found = messages("intro\n\n" + text, catalogue_with(written))
    assert len(found) == 1, found
    line, got, got_hint = found[0]
    assert line == 3 and message in got and hint in got_hint


def test_a_script_with_several_sweeps_needs_the_sweep_named(written: Path):
    (written / "other.sweep.json").write_text((written / "k.sweep.json").read_text())
    [(_, message, hint)] = messages('![Alt](dial:knn_sweep "C")', catalogue_with(written))
    assert "writes 2 sweeps: say which one" in message and "dial:knn_sweep/k or dial:knn_sweep/other" in hint


def test_dials_in_walkthrough_notebooks_are_refused(tmp_path: Path):
    notebook = tmp_path / "scripts" / "notebooks" / "walk.py"
    notebook.parent.mkdir(parents=True)
    notebook.write_text('# %% [markdown]\n# ![Alt](dial:knn_sweep "C")\n')
    [problem] = dials.dial_problems([], [notebook], tmp_path, catalogue_with(None))
    assert problem.path == "scripts/notebooks/walk.py" and problem.line == 2
    assert "walkthrough" in problem.message and "figure:<script>/<sweep>.svg" in problem.hint


# ----------------------------------------------------------------------------------------------
# The static block, and the page's script and style


def test_the_static_block_has_both_variants_a_table_and_escaped_text(written: Path, tmp_path: Path):
    sweep = sweeps.read_sweep("knn_sweep", written / "k.sweep.json")
    hostile = copy.deepcopy(sweep.record)
    hostile["symbol"] = "k<script>"
    hostile["numbers"][0]["label"] = 'val "&" <b>'
    hostile["runs"][0]["text"]["val"] = "</td><script>alert(1)</script>"
    sweep = sweeps.Sweep("knn_sweep", "k", sweep.path, hostile)
    ref = dials.find_dials('![A "quoted" <alt> & more](dial:knn_sweep "Cap.")')[0]
    block = dials.dial_html(ref, sweep, "How this was made.", lambda path: "../../" + path)
    assert "<script>" not in block and "</td><script>" not in block
    assert 'data-alt="A &quot;quoted&quot; &lt;alt&gt; &amp; more"' in block
    assert 'data-dial="knn_sweep/k" data-key="k"' in block
    light = '<img src="../../figures/knn_sweep/k.svg#only-light" alt="A &quot;quoted&quot; &lt;alt&gt; &amp; more'
    assert light in block
    assert 'src="../../figures/knn_sweep/k.dark.svg#only-dark"' in block
    assert 'width="' in block and 'height="' in block  # the page reserves the figure's space
    rows = re.findall(r"<tr><th scope=\"row\">", block)
    assert len(rows) == len(VALUES)
    assert '<th scope="row">13 (best)</th>' in block
    assert '<th scope="col">val "&amp;" &lt;b&gt;</th>' in block  # element text: quotes need no escape
    assert "Shown at k&lt;script&gt; = 13" in block  # in the static image's alt text too
    assert "\n\n" not in block.split("</figcaption>")[1]  # no blank line would end the HTML block early


@pytest.mark.parametrize(
    ("page_url", "prefix"),
    [("", ""), ("glossary/overfitting/", "../../"), ("guides/faq.html", "../"), ("a/b/c.html", "../../")],
)
def test_pages_with_a_dial_get_the_script_and_style_by_relative_url(page_url: str, prefix: str):
    page = (
        '<html><head><title>t</title></head><body><article><div class="dw-dial" data-dial="a/b"></div>'
        "</article></body></html>"
    )
    out = dials.add_dial_assets(page, page_url)
    assert f'<link rel="stylesheet" href="{prefix}assets/dials-weights/dials.css">\n</head>' in out
    assert f'<script src="{prefix}assets/dials-weights/dials.js" defer></script>\n</article>' in out
    plain = page.replace('class="dw-dial"', 'class="other"')
    assert dials.add_dial_assets(plain, page_url) == plain


def test_the_widget_palette_is_the_figure_palette():
    """dials.css colours each figure colour name as _figure_helpers does, in both palettes."""
    sys.path.insert(0, str(FIGURES))
    try:
        helpers = importlib.import_module("_figure_helpers")
    finally:
        sys.path.remove(str(FIGURES))
    css = (REPO / "src" / "dials_weights" / "assets" / "dials.css").read_text()
    light_block, dark_block = re.findall(r"\.dw-dial \{([^}]*)\}", css)[:2]
    light = dict(re.findall(r"--dw-([a-z]+): (#[0-9a-f]{6})", light_block))
    dark = dict(re.findall(r"--dw-([a-z]+): (#[0-9a-f]{6})", dark_block))
    expected = {**helpers.COLORS, "fg": helpers.FOREGROUND, "grid": "#d0d0d0"}
    assert light == expected
    assert dark == {name: helpers._DARK[colour] for name, colour in expected.items()}
    assert set(expected) - {"grid"} == set(sweeps.COLOURS)


def test_the_widget_uses_no_html_parsing_or_eval():
    source = (REPO / "src" / "dials_weights" / "assets" / "dials.js").read_text()
    script = re.sub(r"(?m)(^|\s)//.*$", "", re.sub(r"/\*.*?\*/", "", source, flags=re.S))  # code, not comments
    assert "class Dial" in script and "fragment" in script
    for forbidden in (
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "eval(",
        "new Function",
        "document.write",
        ".style.",
        'setAttribute("style"',
        'setAttribute("on',
    ):
        assert forbidden not in script, forbidden
    assert len(gzip.compress(source.encode(), 9)) < 30_000


def test_dial_assets_are_served_next_to_their_figures(written: Path):
    assets = dials.dial_assets(catalogue_with(written))
    assert assets == {"figures/knn_sweep/k.sweep.json": written / "k.sweep.json"}


def test_text_in_html_helpers_is_escaped():
    assert html.escape('"') == "&quot;"  # dial_html relies on quote=True being the default
