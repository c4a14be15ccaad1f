"""Formulas written as MathML when the site is built, so reading one needs no script and no font.

Browsers draw MathML themselves (Chromium and Edge since 109, Firefox, Safari). Rendering
in the browser with KaTeX cost 120 kB of script and fonts on every entry page with a
formula, which was most of what such a page weighed.

``pymdownx.arithmatex`` (generic mode) finds the formulas in Markdown and wraps each one,
escaped, in ``<span class="arithmatex">\\(...\\)</span>`` or ``<div class="arithmatex">\\[...\\]</div>``.
``latex2mathml`` turns the TeX into an element tree; this module writes that tree out
itself, because latex2mathml's own string output is not safe for untrusted text:
``\\text{...}`` comes out unescaped, and ``\\href``, ``\\style`` and ``\\class`` become
attributes. Only MathML elements and presentation attributes are written, every text and
value escaped; anything else, and any command latex2mathml does not know (it would show
``\\lamda`` as the letters of its name), is a problem to report, not something to publish.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from xml.etree.ElementTree import Element

from latex2mathml.converter import convert_to_element

_FORMULA = re.compile(r'<(?P<tag>span|div) class="arithmatex">(?P<tex>.*?)</(?P=tag)>', re.S)
_UNKNOWN_COMMAND = re.compile(r"\\[A-Za-z]+")

# MathML Core and the few presentation elements latex2mathml writes beyond it.
ELEMENTS = frozenset(
    {
        "math", "mrow", "mi", "mo", "mn", "ms", "mtext", "mspace", "msub", "msup", "msubsup",
        "munder", "mover", "munderover", "mfrac", "msqrt", "mroot", "mstyle", "mtable", "mtr",
        "mtd", "mpadded", "mphantom", "menclose", "merror", "mmultiscripts", "mprescripts", "none",
    }
)  # fmt: skip
ATTRIBUTES = frozenset(
    {
        "display", "mathvariant", "stretchy", "fence", "separator", "lspace", "rspace", "width",
        "height", "depth", "displaystyle", "scriptlevel", "accent", "accentunder", "movablelimits",
        "largeop", "symmetric", "minsize", "maxsize", "linethickness", "columnalign", "rowalign",
        "columnspacing", "rowspacing", "columnlines", "rowlines", "frame", "framespacing",
        "notation", "form", "columnspan", "rowspan", "voffset",
    }
)  # fmt: skip
NOT_WRITTEN = frozenset({"xmlns"})  # HTML knows <math> without it
# How many parts each layout element needs: latex2mathml writes "\\frac{a" as a fraction of one.
PARTS = {"mfrac": 2, "mroot": 2, "msub": 2, "msup": 2, "munder": 2, "mover": 2, "msubsup": 3, "munderover": 3}
# Standard LaTeX operator names latex2mathml does not know yet, spelled the way it does know.
_SPELLED_OUT = (re.compile(r"\\arg(?![A-Za-z])"), r"\\operatorname{arg}")
_BRACE = re.compile(r"\\.|[{}]", re.S)


class FormulaError(ValueError):
    """A formula that cannot be shown as written; the message says what to change."""


@dataclass(frozen=True)
class FormulaProblem:
    tex: str  # the formula as its author wrote it, to find it in the source
    message: str


def formulas_as_mathml(html: str) -> tuple[str, list[FormulaProblem]]:
    """``html`` with every formula arithmatex marked written as MathML, and the formulas that could not be.

    A formula with a problem stays as its escaped TeX, so a page being served while its
    author fixes it still shows; a build reports the problems and stops.
    """
    problems: list[FormulaProblem] = []

    def replace(match: re.Match[str]) -> str:
        tag, marked = match.group("tag"), htmllib.unescape(match.group("tex")).strip()
        display = tag == "div"
        opening, closing = ("\\[", "\\]") if display else ("\\(", "\\)")
        if not (marked.startswith(opening) and marked.endswith(closing)):
            return match.group(0)  # not arithmatex's own wrapping: leave the text as it is
        tex = marked[len(opening) : -len(closing)].strip()
        try:
            mathml = formula_mathml(tex, display=display)
        except FormulaError as error:
            problems.append(FormulaProblem(tex, str(error)))
            return match.group(0)
        return f'<{tag} class="arithmatex">{mathml}</{tag}>'

    return _FORMULA.sub(replace, html), problems


@lru_cache(maxsize=4096)  # a formula repeats across pages and across `mkdocs serve` rebuilds
def formula_mathml(tex: str, *, display: bool = False) -> str:
    """One formula as a ``<math>`` element; FormulaError when it cannot be shown as written."""
    if not tex:
        raise FormulaError("the formula is empty (remove the empty pair of dollar signs)")
    _check_braces(tex)
    pattern, spelled = _SPELLED_OUT
    try:
        root = convert_to_element(pattern.sub(spelled, tex), display="block" if display else "inline")
    except Exception as error:  # latex2mathml raises bare Exception subclasses for unbalanced input
        detail = type(error).__name__.removesuffix("Error")
        detail = re.sub(r"(?<!^)(?=[A-Z])", " ", detail).lower()
        raise FormulaError(
            f"the formula could not be read ({detail}); check that every {{ has its }} and every \\left its \\right"
        ) from None
    return "".join(_written(root))


def _written(element: Element) -> Iterator[str]:
    tag = element.tag
    if tag not in ELEMENTS:
        raise FormulaError(f"the formula makes a <{tag}> element, which a page may not show")
    attributes = []
    for name, value in element.attrib.items():
        if name in NOT_WRITTEN:
            continue
        if name not in ATTRIBUTES:
            raise FormulaError(
                f"the formula sets '{name}', which a page may not carry: formulas cannot hold links, "
                "styles, classes or colours (\\href, \\style, \\class, \\color); the site's palette sets the colour"
            )
        attributes.append(f' {name}="{htmllib.escape(_text(value))}"')
    if tag in PARTS and len(element) != PARTS[tag]:
        raise FormulaError(
            f"the formula has a {tag.removeprefix('m')} with {len(element)} of its {PARTS[tag]} parts "
            "(\\frac, \\sqrt[n], _ and ^ each need theirs, in braces when longer than one character)"
        )
    yield f"<{tag}{''.join(attributes)}>"
    text = _text(element.text or "")
    if tag in {"mi", "mo"} and (unknown := _UNKNOWN_COMMAND.match(text)):
        raise FormulaError(
            f"the formula uses {unknown.group(0)}, which is not a command a formula can use "
            "(check its spelling; \\text{...} shows words)"
        )
    yield htmllib.escape(text, quote=False)
    for child in element:
        yield from _written(child)
        yield htmllib.escape(_text(child.tail or ""), quote=False)
    yield f"</{tag}>"


def _check_braces(tex: str) -> None:
    depth = 0
    for token in _BRACE.findall(tex):
        depth += {"{": 1, "}": -1}.get(token, 0)
        if depth < 0:
            raise FormulaError("the formula closes a } that was never opened (write \\} for a brace to show)")
    if depth:
        raise FormulaError(f"the formula opens {depth} {{ that {'is' if depth == 1 else 'are'} never closed")


def _text(value: str) -> str:
    """latex2mathml stores symbols as character references ("&#x003B8;") in the tree's text."""
    return htmllib.unescape(value)
