"""Unit tests of the HTML repairs (dials_weights.site.html_fixes), on small pages written out here."""

from __future__ import annotations

import io

import pytest

from dials_weights.site.html_fixes import (
    NBCONVERT_NO_ALT,
    defer_scripts_after_content,
    describe_image,
    describe_svg_chart,
    fix_page,
)
from dials_weights.site.notebooks_site import add_dark_plots

# ----------------------------------------------------------------------------------------------
# Every page


def test_empty_tabindex_is_dropped_and_real_ones_kept():
    page = '<label class="md-nav__link" for="__nav_2" tabindex="">A</label><label for="x" tabindex="0">B</label>'
    assert fix_page(page) == '<label class="md-nav__link" for="__nav_2">A</label><label for="x" tabindex="0">B</label>'


def test_autocomplete_is_dropped_from_checkboxes_only():
    page = (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
        '<input type="text" name="query" autocomplete="off">'
    )
    assert fix_page(page) == (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">'
        '<input type="text" name="query" autocomplete="off">'
    )


@pytest.mark.parametrize(
    "script",
    [
        '<script src=""> </script>\n',  # mkdocs-jupyter's MathJax loader with no MathJax URL
        '<script src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-svg.js"></script>',
        '<script src="//cdnjs.cloudflare.com/ajax/libs/require.js/2.1.10/require.min.js"></script>',
        '<script type="text/x-mathjax-config">\n MathJax.Hub.Config({});\n</script>\n',
        '<script type="module">\n const m = (await import("https://cdnjs.cloudflare.com/mermaid.esm.min.mjs")).default;\n</script>',
    ],
)
def test_scripts_that_would_reach_another_host_are_removed(script: str):
    assert fix_page(f"<body><p>Text</p>{script}<p>More</p></body>") == "<body><p>Text</p><p>More</p></body>"


@pytest.mark.parametrize(
    "script",
    [
        '<script src="../assets/dials-weights/preview.js"></script>',
        '<script src="/assets/javascripts/bundle.js"></script>',
        '<script>document$.subscribe(() => render("https://example.org/"))</script>',
        '<script type="application/ld+json">'
        '{"@id": "https://example.org/glossary/", "name": "import(\'//x\')"}</script>',
        '<script type="module">import("./local.mjs")</script>',
    ],
)
def test_own_scripts_and_data_are_kept(script: str):
    page = f"<body>{script}</body>"
    assert fix_page(page) == page


def test_table_of_contents_label_points_at_the_checkbox_only_when_there_is_one():
    label = '<label class="md-nav__title" for="__toc">'
    without = f"<nav>{label}Table of contents</label></nav>"
    assert fix_page(without) == '<nav><label class="md-nav__title">Table of contents</label></nav>'
    with_checkbox = f'<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc"><nav>{label}T</label></nav>'
    assert fix_page(with_checkbox) == with_checkbox


def test_ordinary_pages_are_left_alone():
    page = (
        '<html><head><style>p{color:red}</style></head><body><article class="md-content__inner">'
        f'<img alt="{NBCONVERT_NO_ALT}" src="a.png"><div class="highlight"><pre><code>x</code></pre></div>'
        "</article></body></html>"
    )
    assert fix_page(page) == page


# ----------------------------------------------------------------------------------------------
# Notebook pages (markup as mkdocs-jupyter 0.26 and nbconvert 7 write it)


def notebook(cells: str) -> str:
    return (
        '<html><head><style>.keep{}</style></head><body><article class="md-content__inner md-typeset">\n'
        "<script>/* clipboard-copy element */</script>\n"
        '<style type="text/css">\n    pre { line-height: 125%; }\n  </style>\n'
        '<style type="text/css">\n@charset "UTF-8";.jupyter-wrapper{--md-red-50: #ffebee}\n</style>\n'
        '<div class="jupyter-wrapper">\n<div class="jp-Notebook">\n'
        f"{cells}"
        "</div> <!-- jp-Notebook -->\n</div> <!-- jupyter-wrapper -->\n"
        "        <style>\n        ['pre { line-height: 125%; }']\n        </style>\n"
        "</article></body></html>"
    )


MARKDOWN_CELL = (
    '<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell" id="cell-id=cell-1">\n'
    '<div class="jp-Cell-inputWrapper" tabindex="0">\n'
    '<div class="jp-InputArea jp-Cell-inputArea"><div class="jp-InputPrompt jp-InputArea-prompt">\n</div>'
    '<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput" data-mime-type="text/markdown">\n'
    "<p>Some text.</p>\n</div>\n</div>\n</div>\n</div>\n"
)


def code_cell(number: int | None, output: str) -> str:
    prompt = f"In\u00a0[{number}]:" if number is not None else ""
    return (
        '<div class="jp-Cell jp-CodeCell jp-Notebook-cell" id="cell-id=cell-2">\n'
        '<div class="jp-Cell-inputWrapper" tabindex="0">\n<div class="jp-InputArea jp-Cell-inputArea">\n'
        f'<div class="jp-InputPrompt jp-InputArea-prompt">{prompt}</div>'
        '<div class="jp-CodeMirrorEditor jp-Editor jp-InputArea-editor" data-type="inline">\n'
        '<div class="CodeMirror cm-s-jupyter">\n<div class="zeroclipboard-container">\n'
        '<clipboard-copy ,="" aria-label="Copy to Clipboard" for="cell-1">\n</clipboard-copy>\n</div>\n'
        '<div class="highlight-ipynb hl-python"><pre><span></span><span class="nb">print</span>(1)\n</pre></div>\n'
        '<div class="clipboard-copy-txt" id="cell-1">print(1)</div>\n</div>\n</div>\n</div>\n</div>\n'
        '<div class="jp-Cell-outputWrapper">\n<div class="jp-OutputArea jp-Cell-outputArea">\n'
        '<div class="jp-OutputArea-child">\n<div class="jp-OutputPrompt jp-OutputArea-prompt"></div>\n'
        f"{output}</div>\n</div>\n</div>\n</div>\n"
    )


TEXT_OUTPUT = (
    '<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain" tabindex="0">\n'
    "<pre>1\n</pre>\n</div>\n"
)


def image_output(src: str, alt: str = NBCONVERT_NO_ALT) -> str:
    return (
        '<div class="jp-RenderedSVG jp-OutputArea-output" data-mime-type="image/svg+xml" tabindex="0">\n'
        f'<img alt="{alt}" src="{src}"/>\n</div>\n'
    )


def test_notebook_style_blocks_leave_the_article_and_head_styles_stay():
    page = fix_page(notebook(MARKDOWN_CELL))
    assert page.count("<style") == 1 and "<head><style>.keep{}</style></head>" in page
    assert "<script>/* clipboard-copy element */</script>" in page  # the copy buttons' script stays


def test_code_and_output_scrollers_are_focusable_named_groups():
    page = fix_page(notebook(MARKDOWN_CELL + code_cell(4, TEXT_OUTPUT)))
    assert (
        '<div class="highlight highlight-ipynb hl-python"><pre tabindex="0" role="group" aria-label="Code cell 4">'
    ) in page
    assert (
        '<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain" tabindex="0" '
        'role="group" aria-label="Output of code cell 4">'
    ) in page
    # The input wrappers scroll nothing: no tab stop on every Markdown and code cell.
    assert 'tabindex="0">\n<div class="jp-InputArea' not in page
    assert page.count('<div class="jp-Cell-inputWrapper">') == 2


def test_cells_without_prompts_are_named_by_position():
    page = fix_page(notebook(code_cell(None, TEXT_OUTPUT) + code_cell(None, TEXT_OUTPUT)))
    assert 'aria-label="Code cell 1"' in page and 'aria-label="Output of code cell 2"' in page


def test_copy_buttons_are_buttons_without_the_stray_attribute():
    page = fix_page(notebook(code_cell(1, TEXT_OUTPUT)))
    assert '<clipboard-copy tabindex="0" role="button" aria-label="Copy to Clipboard" for="cell-1">' in page


def test_fixing_twice_changes_nothing_more():
    once = fix_page(notebook(MARKDOWN_CELL + code_cell(2, TEXT_OUTPUT) + code_cell(3, image_output("p.png"))))
    assert fix_page(once) == once


# ----------------------------------------------------------------------------------------------
# Descriptions of notebook figures


def matplotlib_svg(**labels: str) -> str:
    """A real matplotlib SVG, drawn the way the notebook runner draws (text as paths)."""
    from matplotlib import rcParams
    from matplotlib.figure import Figure

    assert rcParams["svg.fonttype"] == "path"
    figure = Figure()
    axes = figure.subplots()
    axes.plot([1, 2, 3], [0.5, 0.8, 0.7], label="validation")
    axes.plot([1, 2, 3], [0.6, 0.9, 1.0], label="training & more")
    axes.annotate("best epoch (2)", xy=(2, 0.8))
    axes.set(**labels)
    axes.legend()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg")
    return buffer.getvalue()


def test_a_matplotlib_figure_is_described_by_its_title_axes_and_legend():
    svg = matplotlib_svg(title="The curves part ways", xlabel="epoch", ylabel="accuracy")
    assert describe_svg_chart(svg) == (
        "The curves part ways. Plots accuracy against epoch. Marked: best epoch (2). "
        "Legend: validation; training & more."
    )


def test_notebook_plots_get_their_description_as_alt_text_and_the_page_keeps_it():
    svg = matplotlib_svg(title='Loss < 1 "here"', xlabel="step", ylabel="loss")
    output = {"output_type": "display_data", "data": {"image/svg+xml": svg, "text/plain": ""}, "metadata": {}}
    cells = {"cells": [{"cell_type": "code", "execution_count": 5, "outputs": [output], "source": ""}]}
    add_dark_plots(cells)
    light = output["data"]["text/html"].split("\n")[0]
    described = (
        'alt="Loss &lt; 1 &quot;here&quot;. Plots loss against step. Marked: best epoch (2). '
        'Legend: validation; training &amp; more."'
    )
    assert described in light
    html_output = f'<div class="jp-RenderedHTMLCommon jp-OutputArea-output" data-mime-type="text/html">{light}</div>'
    page = fix_page(notebook(code_cell(5, html_output)))
    assert described in page and NBCONVERT_NO_ALT not in page


def test_images_without_text_fall_back_to_their_cell():
    page = fix_page(notebook(code_cell(7, image_output("data:image/png;base64,iVBORw0KGgo="))))
    assert 'alt="Output figure of code cell 7"' in page
    broken = '<img src="data:image/svg+xml;base64,@@@">'
    assert describe_image(broken, "fallback") == '<img alt="fallback" src="data:image/svg+xml;base64,@@@">'


def test_a_real_description_is_kept():
    tag = '<img alt="Validation accuracy peaks at epoch 7" src="data:image/png;base64,AAAA">'
    assert describe_image(tag, "fallback") == tag
    assert describe_image('<img alt="" src="x.png">', "fallback") == '<img alt="fallback" src="x.png">'


def test_scripts_after_the_article_are_deferred_in_their_order_and_the_palette_is_not():
    page = (
        '<head><script src="md-scope.js"></script></head><body><script src="md-palette.js"></script>'
        '<article><p>Text</p><script src="inside.js"></script></article>'
        '<script id="__config" type="application/json">{}</script>'
        '<script src="reset.js"></script><script src="bundle.js"></script>'
        '<script src="dials.js" defer></script><script type="module" src="m.js"></script></body>'
    )
    fixed = defer_scripts_after_content(page)
    assert '<script src="md-scope.js"></script>' in fixed and '<script src="md-palette.js"></script>' in fixed
    assert '<script src="inside.js"></script>' in fixed
    assert '<script src="reset.js" defer></script><script src="bundle.js" defer></script>' in fixed
    assert '<script src="dials.js" defer></script><script type="module" src="m.js"></script>' in fixed
    assert '<script id="__config" type="application/json">{}</script>' in fixed
    assert defer_scripts_after_content("<p>no article</p><script src=x></script>") == (
        "<p>no article</p><script src=x></script>"
    )
