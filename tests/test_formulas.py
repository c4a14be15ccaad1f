"""Formulas become MathML at build time: what an author may write, and what cannot get through."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from dials_weights.site.formulas import ATTRIBUTES, ELEMENTS, FormulaError, formula_mathml, formulas_as_mathml


class _Markup(HTMLParser):
    """Every element and attribute a browser's parser would see in the output."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes |= {name for name, _ in attrs}


def test_inline_and_display_formulas_become_mathml_in_their_wrappers():
    html = (
        '<p>Step <span class="arithmatex">\\(\\theta_{t+1} = \\theta_t - \\eta\\,g\\)</span>.</p>\n'
        '<div class="arithmatex">\\[\n\\hat{y} = \\frac{1}{n} \\sum_{i=1}^{n} x_i\n\\]</div>'
    )
    out, problems = formulas_as_mathml(html)
    assert problems == []
    assert '<span class="arithmatex"><math display="inline"><mrow><msub><mi>θ</mi>' in out
    assert '<div class="arithmatex"><math display="block">' in out
    assert "<mfrac><mrow><mn>1</mn></mrow><mrow><mi>n</mi></mrow></mfrac>" in out
    assert "\\(" not in out and "\\[" not in out and "xmlns" not in out


def test_what_arithmatex_escaped_is_read_as_tex_and_written_escaped_again():
    out, problems = formulas_as_mathml('<span class="arithmatex">\\(a &lt; b \\text{ and } c &amp; d\\)</span>')
    assert problems == []
    assert "<mo>&lt;</mo>" in out and "<mi>&amp;</mi>" in out and "<mtext>\xa0and\xa0</mtext>" in out


@pytest.mark.parametrize(
    "tex",
    [
        "\\text{<script>alert(1)</script>}",
        "\\text{<img src=x onerror=alert(1)>}",
        "\\text{&lt;script&gt;}",
        '\\mathrm{"><svg onload=alert(1)>}',
    ],
)
def test_text_inside_a_formula_is_never_markup(tex: str):
    markup = _Markup(formula_mathml(tex))
    assert markup.tags <= ELEMENTS
    assert markup.attributes <= ATTRIBUTES


@pytest.mark.parametrize(
    ("tex", "says"),
    [
        ("\\href{javascript:alert(1)}{x}", "formulas cannot hold links"),
        ("\\style{background:url(//evil.example)}{x}", "sets 'style'"),
        ("\\class{md-search}{x}", "sets 'class'"),
        ("\\color{red}{x}", "the site's palette sets the colour"),
        ("\\lamda x", "the formula uses \\lamda, which is not a command"),
        ("\\frac{a", "opens 1 { that is never closed"),
        ("a}", "closes a } that was never opened"),
        ("\\left( x", "every \\left its \\right"),
        ("x^", "could not be read"),
        ("", "the formula is empty"),
    ],
)
def test_formulas_that_cannot_be_shown_are_refused_with_what_to_change(tex: str, says: str):
    with pytest.raises(FormulaError, match=re.escape(says)):
        formula_mathml(tex)


def test_a_refused_formula_is_reported_and_stays_as_its_escaped_tex():
    html = (
        '<p><span class="arithmatex">\\(\\href{javascript:x}{y}\\)</span>'
        ' and <span class="arithmatex">\\(z\\)</span></p>'
    )
    out, problems = formulas_as_mathml(html)
    assert [p.tex for p in problems] == ["\\href{javascript:x}{y}"]
    assert '<span class="arithmatex">\\(\\href{javascript:x}{y}\\)</span>' in out
    assert "<math" in out and "href=" not in out.replace("\\href", "")


def test_standard_operator_names_latex2mathml_lacks_are_written_upright():
    assert "<mo>arg</mo><msub><mo>min</mo>" in formula_mathml("\\arg\\min_w L(w)")
    assert "arguments" not in formula_mathml("\\argmax_x f(x)")  # \arg is replaced only as a whole command


def test_text_that_only_looks_like_a_formula_is_left_alone():
    html = '<span class="arithmatex">$5 and $10</span>'
    assert formulas_as_mathml(html) == (html, [])
