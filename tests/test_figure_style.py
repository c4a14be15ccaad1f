"""The site's figure style: legible on a phone, measured from the SVG itself, in both palettes.

Entry figures and walkthrough plots share ``dials_weights.runs.figure_style``; the build refuses a figure
whose text would show under 11 px in a 390 px phone's text column (358 px), for figure scripts and
notebooks alike. The browser test in test_ux.py measures the same thing in Chromium.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from dials_weights.runs import figure_style
from dials_weights.runs.figure_style import MIN_TEXT_PX, PHONE_COLUMN_PX, dark_svg, legibility_problem, text_sizes
from dials_weights.runs.figures import check_outputs
from dials_weights.runs.notebooks import check_plots
from dials_weights.site.notebooks_site import add_dark_plots


@pytest.fixture
def site_style():
    """use_site_style() for one test: matplotlib's settings and its log scale are put back after."""
    import matplotlib
    from matplotlib import scale

    original = scale._scale_mapping["log"], scale._scale_has_axis_parameter["log"]
    with matplotlib.rc_context():
        figure_style.use_site_style()
        yield
    # Put matplotlib's own log scale back as it was registered (register_scale would warn about it).
    scale._scale_mapping["log"], scale._scale_has_axis_parameter["log"] = original


def svg_of(figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    return buffer.getvalue()


def test_sizes_are_read_from_the_svg_in_points_and_phone_pixels(site_style):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(4.8, 3.2))
    axes = figure.subplots()
    axes.plot([1, 2, 3], [3, 1, 2], label="validation")
    axes.set(title="A title", xlabel="epoch", ylabel="loss")
    axes.text(2, 2, "small note", fontsize=8)
    axes.legend()
    svg = svg_of(figure)
    sizes = {t.text: t for t in text_sizes(svg)}
    assert sizes["epoch"].points == pytest.approx(11)
    assert sizes["A title"].points == pytest.approx(12)
    assert sizes["small note"].points == pytest.approx(8)
    width_pt = float(svg.split('width="', 1)[1].split("pt", 1)[0])
    # Shown at 358 px (the figure is wider), 11 pt of a width_pt-wide figure is 11 * 358 / width_pt px.
    assert sizes["epoch"].phone_px == pytest.approx(11 * PHONE_COLUMN_PX / width_pt, rel=1e-3)
    assert sizes["epoch"].phone_px >= MIN_TEXT_PX
    problem = legibility_problem(svg, "fit.svg")
    assert problem is not None and "'small note'" in problem and "epoch" not in problem


def test_the_site_style_keeps_every_text_legible_and_log_ticks_plain(site_style):
    from matplotlib.figure import Figure

    figure = Figure()  # the style's default size
    axes = figure.subplots()
    axes.plot([0.001, 1, 1000], [1e-5, 1e-2, 1])
    axes.set(xscale="log", yscale="log", xlabel="learning rate", ylabel="loss", title="Loss against rate")
    svg = svg_of(figure)
    assert legibility_problem(svg, "x.svg") is None
    labels = [t.text for t in text_sizes(svg)]
    assert "0.001" in labels and "1000" in labels and "1e\N{MINUS SIGN}5" in labels
    assert not any("^" in label for label in labels), "log ticks must not use superscripts"


def test_a_wide_figure_with_default_type_is_refused(site_style):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 4.0))  # the old width: 11 pt shrinks to about 8.6 px on a phone
    figure.subplots().set(xlabel="epoch")
    problem = legibility_problem(svg_of(figure), "wide.svg")
    assert problem is not None and problem.startswith("wide.svg: on a 390 px phone its text shows as small as")


def test_superscripts_count_at_their_own_size(site_style):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(4.8, 3.2))
    figure.subplots().set(xlabel="$10^{-3}$ of the rate")
    sizes = text_sizes(svg_of(figure))
    [label] = [t for t in sizes if "of the rate" in t.text]
    assert label.points == pytest.approx(11 * 0.7, rel=0.01)  # matplotlib draws superscripts at 70%


def test_the_dark_twin_swaps_the_palette():
    light = '<path style="fill: #1a1a1a; stroke: #0072b2"/><path style="stroke: #d0d0d0"/>'
    assert dark_svg(light) == '<path style="fill: #e6e6e6; stroke: #5cb3f0"/><path style="stroke: #474c57"/>'


def test_the_build_refuses_a_figure_script_with_small_text(tmp_path: Path, site_style):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 4.0))
    figure.subplots().set(xlabel="epoch", title="Too wide")
    (tmp_path / "wide.svg").write_text(svg_of(figure))
    (tmp_path / "wide.dark.svg").write_text("<svg/>")
    record = {"claims": [], "data": "d", "metrics": {}, "seed": 0}
    (tmp_path / "metrics.json").write_text(json.dumps(record))
    [problem] = check_outputs(tmp_path, display="scripts/figures/wide.py")
    assert problem.path == "scripts/figures/wide.py"
    assert "wide.svg: on a 390 px phone its text shows as small as" in problem.message
    assert "4.8 in" in problem.hint and "stack side-by-side panels" in problem.hint


def notebook_with(svg: str) -> dict:
    output = {"output_type": "display_data", "data": {"image/svg+xml": svg, "text/plain": "<Figure>"}, "metadata": {}}
    return {"cells": [{"cell_type": "code", "execution_count": 4, "outputs": [output], "source": ""}]}


def test_the_build_refuses_a_walkthrough_plot_with_small_text(site_style):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 4.0))
    figure.subplots().set(xlabel="epoch")
    [problem] = check_plots(notebook_with(svg_of(figure)), "scripts/notebooks/x.py")
    assert problem.message.startswith("the plot of cell [4]: on a 390 px phone")
    small = Figure()
    small.subplots().set(xlabel="epoch")
    assert check_plots(notebook_with(svg_of(small)), "scripts/notebooks/x.py") == []


def test_walkthrough_plots_become_a_light_and_a_dark_file_beside_the_page(site_style):
    from matplotlib.figure import Figure

    figure = Figure()
    axes = figure.subplots()
    axes.plot([1, 2], [1, 2])
    axes.set(title="Rising", xlabel="step", ylabel="loss")
    svg = svg_of(figure)
    notebook = notebook_with(svg)
    plots = add_dark_plots(notebook)
    [output] = notebook["cells"][0]["outputs"]
    assert set(output["data"]) == {"text/html", "text/plain"}
    light, dark = output["data"]["text/html"].split("\n")
    light_file, dark_file = (re.search(r'src="([0-9a-f]{16}\.svg)#only-', tag).group(1) for tag in (light, dark))
    assert plots == {light_file: svg, dark_file: dark_svg(svg)}
    assert light.endswith('loading="lazy" decoding="async">') and "#only-dark" in dark
    assert 'alt="Rising. Plots loss against step."' in light and re.search(r'width="\d+" height="\d+"', light)
    assert "#e6e6e6" in dark_svg(svg) and "#1a1a1a" not in dark_svg(svg)
