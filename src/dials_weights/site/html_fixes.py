"""Small repairs to the HTML that the theme and the notebook renderer produce.

Kept in the core as plain string functions so they can be tested without a
site; the plugin applies them to every page after rendering. Each repair is a
few regular-expression passes over the page, so the cost is linear in its size
and the result depends on nothing but the input.

Every page (Material for MkDocs):

* ``tabindex=""`` on navigation section labels is invalid HTML and ignored by
  browsers anyway: dropped.
* ``autocomplete="off"`` on the drawer and search checkboxes is invalid on a
  checkbox: dropped (``overrides/main.html`` keeps what it was for).
* The "Table of contents" title is a ``<label for="__toc">``, but Material
  renders the ``__toc`` checkbox only for pages in the navigation that are not
  section indexes; elsewhere (every entry page, the A-Z index) the label
  points at nothing, which is invalid: it becomes a plain label there.
* mkdocs-jupyter's two inline scripts for the copy button are removed; the
  plugin serves the same code as a file (the Content-Security-Policy allows
  no inline script).
* No script may load from another host: ``<script src="">`` (mkdocs-jupyter's
  MathJax loader when no MathJax URL is set), any script whose ``src`` names
  another host, any inline script that imports a module from another host
  (mkdocs-jupyter's Mermaid loader) and MathJax configuration blocks (no
  MathJax is loaded) are removed.

Notebook pages (mkdocs-jupyter), inside the article only:

* Its ``<style>`` blocks are dropped: ``<style>`` may not appear there, and
  they hold a 575 kB JupyterLab stylesheet (invalid CSS for the W3C checker,
  light colours only, failing contrast in the dark palette), Pygments colours
  and, once, a Python list printed as CSS. The site's own ``glossary.css``
  lays notebooks out with Material's colours instead; code gets Material's
  ``highlight`` class so its token colours apply in both palettes.
* Every code cell's ``<pre>`` (the element that scrolls sideways) becomes
  keyboard focusable, with ``role="group"`` and a name ("Code cell 3"); output
  areas, which nbconvert already makes focusable, get one too ("Output of code
  cell 3"). nbconvert's ``tabindex`` on every input wrapper, which scrolls
  nothing and made each Markdown cell an unnamed tab stop, is dropped.
* Output images without a real description (nbconvert writes "No description
  has been provided for this image") get one from the figure itself: the
  titles, axis labels and legend entries matplotlib writes into its SVG. Only
  when there is none (a PNG, say) is it "Output figure of code cell N".
* The copy buttons (``<clipboard-copy>``) lose a stray ``,=""`` attribute and
  get ``role="button" tabindex="0"`` in the HTML (their script only adds them
  when it runs; the checker warns about a named element without a role).
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass, field

NOTEBOOK_MARK = '<div class="jupyter-wrapper">'
NBCONVERT_NO_ALT = "No description has been provided for this image"

_EMPTY_TABINDEX = re.compile(r'\stabindex=""')
_INPUT = re.compile(r"<input\b[^>]*>")
_AUTOCOMPLETE = re.compile(r'\sautocomplete="[^"]*"')
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>[ \t]*\n?", re.S)
_SRC = re.compile(r'\ssrc="([^"]*)"')
_TYPE = re.compile(r'\stype="([^"]*)"')
_SCRIPT_TAG = re.compile(r"<script\b([^>]*)>")
_ALREADY_LATE = re.compile(r'\s(?:defer|async)\b|\stype="module"')
_FOREIGN_URL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//")
_FOREIGN_IMPORT = re.compile(r"""\bimport\s*\(\s*["'`](?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//""")
_JS_TYPES = {"", "module", "text/javascript", "application/javascript"}
_NOTEBOOK_INLINE = ("ClipboardCopyElement", "addEventListener('clipboard-copy'")


def fix_page(html: str) -> str:
    """Return the page with our accessibility and validity repairs applied."""
    html = _EMPTY_TABINDEX.sub("", html)
    html = drop_checkbox_autocomplete(html)
    html = drop_foreign_scripts(html)
    if 'id="__toc"' not in html:
        html = html.replace('<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">')
    if NOTEBOOK_MARK in html:
        html = fix_notebook(html)
    return html


def defer_scripts_after_content(html: str) -> str:
    """Scripts after the article run once the page is parsed, still in their order.

    Material's bundle and ours sat at the end of the body as parser-blocking scripts, so the
    first paint often waited until all of them had been fetched and run (Lighthouse counted
    their time into First Contentful Paint on a phone). Deferred scripts keep their order
    among themselves and run before DOMContentLoaded, which is when Material's bundle and
    ours start anyway. Scripts before the article (the palette, set before the first paint
    so that a dark page never flashes light) are left as they are.
    """
    start = html.rfind("</article>")
    if start < 0:
        return html

    def fix(match: re.Match[str]) -> str:
        attributes = match.group(1)
        if _SRC.search(attributes) is None or _ALREADY_LATE.search(attributes):
            return match.group(0)
        return f"<script{attributes} defer>"

    return html[:start] + _SCRIPT_TAG.sub(fix, html[start:])


def drop_checkbox_autocomplete(html: str) -> str:
    def fix(match: re.Match[str]) -> str:
        tag = match.group(0)
        return _AUTOCOMPLETE.sub("", tag) if 'type="checkbox"' in tag else tag

    return _INPUT.sub(fix, html)


def drop_foreign_scripts(html: str) -> str:
    """Remove scripts that are empty loaders, load from another host, or configure the absent MathJax."""

    def fix(match: re.Match[str]) -> str:
        attributes, body = match.group(1), match.group(2)
        src = _SRC.search(attributes)
        kind = _TYPE.search(attributes)
        kind_name = kind.group(1).strip().lower() if kind else ""
        if src is not None and (not src.group(1).strip() or _FOREIGN_URL.match(src.group(1).strip())):
            return ""
        if kind_name == "text/x-mathjax-config":
            return ""
        if kind_name in _JS_TYPES and _FOREIGN_IMPORT.search(body):
            return ""
        if src is None and any(mark in body for mark in _NOTEBOOK_INLINE):
            return ""  # mkdocs-jupyter's copy button: served as assets/dials-weights/clipboard-copy.js
        return match.group(0)

    return _SCRIPT.sub(fix, html)


# --- notebook pages --------------------------------------------------------

_STYLE = re.compile(r"<style\b[^>]*>.*?</style>[ \t]*\n?", re.S)
_NOTEBOOK_TOKEN = re.compile(
    r'(?P<prompt><div class="jp-InputPrompt jp-InputArea-prompt">In(?:\s|&nbsp;)*\[(?:\s|&nbsp;)*(?P<count>\d*)'
    r"(?:\s|&nbsp;)*\]:</div>)"
    r'|(?P<code><div class="highlight-ipynb(?P<classes>[^"]*)"><pre)>'
    r'|(?P<output><div class="[^"]*\bjp-OutputArea-output\b[^"]*"[^>]*>)'
    r'|(?P<wrapper><div class="jp-Cell-inputWrapper" tabindex="0">)'
    r"|(?P<img><img\b[^>]*>)"
)
_CLIPBOARD = re.compile(r"<clipboard-copy\b([^>]*)>")
_ALT = re.compile(r'\salt="([^"]*)"')


def fix_notebook(html: str) -> str:
    """The notebook repairs, applied to the page's <article> (the notebook) only."""
    start, end = html.find("<article"), html.rfind("</article>")
    if start < 0 or end < start:
        return html
    article = _CLIPBOARD.sub(_fix_clipboard, _STYLE.sub("", html[start:end]))
    # Cells are named by their prompt number ("In [3]:"), or by their position when prompts are hidden.
    seen, prompt, label = 0, "", "?"

    def fix(match: re.Match[str]) -> str:
        nonlocal seen, prompt, label
        if match.group("prompt"):
            prompt = match.group("count")
            return match.group(0)
        if match.group("code") is not None:
            seen += 1
            label, prompt = prompt or str(seen), ""
            return (
                f'<div class="highlight highlight-ipynb{match.group("classes")}">'
                f'<pre tabindex="0" role="group" aria-label="Code cell {label}">'
            )
        if match.group("output"):
            tag = match.group(0)
            if 'tabindex="0"' in tag and "aria-label=" not in tag:
                tag = f'{tag[:-1]} role="group" aria-label="Output of code cell {label}">'
            return tag
        if match.group("wrapper"):
            return '<div class="jp-Cell-inputWrapper">'
        return describe_image(match.group(0), f"Output figure of code cell {label}")

    return html[:start] + _NOTEBOOK_TOKEN.sub(fix, article) + html[end:]


def _fix_clipboard(match: re.Match[str]) -> str:
    """The copy button's role and tab stop, written out (its script adds them only once it runs)."""
    attributes = match.group(1).replace(' ,=""', "")
    if "role=" not in attributes:
        attributes = ' role="button"' + attributes
    if "tabindex=" not in attributes:
        attributes = ' tabindex="0"' + attributes
    return f"<clipboard-copy{attributes}>"


def describe_image(tag: str, fallback: str) -> str:
    """Give an <img> without a real description ``fallback``.

    SVG plots are described from their text where they become files (``notebooks_site.add_dark_plots``);
    what is left here is any other image a cell shows (a PNG, say).
    """
    alt = _ALT.search(tag)
    if alt is not None and alt.group(1).strip() and alt.group(1) != NBCONVERT_NO_ALT:
        return tag
    new_alt = f' alt="{htmllib.escape(fallback, quote=True)}"'
    if alt is None:
        return tag.replace("<img", "<img" + new_alt, 1)
    return tag[: alt.start()] + new_alt + tag[alt.end() :]


@dataclass
class _Axes:
    texts: list[str] = field(default_factory=list)  # annotations, then the title (matplotlib draws it last)
    axis_labels: list[list[str]] = field(default_factory=list)  # one list per axis, x first
    legend: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """One sentence per fact: title, axes, annotations, legend."""
        labels = [" ".join(words) for words in self.axis_labels if words]
        sentences = self.texts[-1:]
        if len(labels) >= 2:
            sentences.append(f"Plots {labels[1]} against {labels[0]}")
        elif labels:
            sentences.append(f"Axis: {labels[0]}")
        if len(self.texts) > 1:
            sentences.append("Marked: " + "; ".join(self.texts[:-1]))
        if self.legend:
            sentences.append("Legend: " + "; ".join(self.legend))
        return " ".join(text if text[-1] in ".!?" else text + "." for text in sentences)


_SVG_TOKEN = re.compile(r"<g\b([^>]*?)(/?)>|</g>|<!-- (.*?) -->", re.S)
_SVG_ID = re.compile(r'\bid="([^"]*)"')


def describe_svg_chart(svg: str) -> str:
    """A short description of a matplotlib SVG: for each plot, its title, axes and legend.

    matplotlib draws text as paths but writes each string in a comment inside
    ``<g id="text_N">``; the group around that one says what the text is: an
    ``axes_N`` (title, or an annotation drawn before it), a ``matplotlib.axis_N``
    (axis label; tick labels sit one level deeper), a ``legend_N`` or the
    ``figure_N`` (suptitle). Returns "" when there is no such text.
    """
    stack: list[str] = []
    plots: dict[str, _Axes] = {}

    def owner() -> _Axes:
        name = next((g for g in reversed(stack) if g.startswith("axes_")), "")
        return plots.setdefault(name, _Axes())

    for match in _SVG_TOKEN.finditer(svg):
        if match.group(0) == "</g>":
            if stack:
                stack.pop()
        elif match.group(3) is None:
            if not match.group(2):
                found = _SVG_ID.search(match.group(1))
                stack.append(found.group(1) if found else "")
                if stack[-1].startswith("matplotlib.axis_"):
                    owner().axis_labels.append([])
        elif len(stack) >= 2 and stack[-1].startswith("text_") and (text := _svg_text(match.group(3))):
            parent = stack[-2]
            if parent.startswith(("axes_", "figure_")):
                owner().texts.append(text)
            elif parent.startswith("matplotlib.axis_"):
                owner().axis_labels[-1].append(text)
            elif parent.startswith("legend_"):
                owner().legend.append(text)
    return " ".join(filter(None, (plot.describe() for plot in plots.values())))


def _svg_text(comment: str) -> str:
    """The string matplotlib wrote in a comment, without XML escapes or mathtext markup."""
    text = htmllib.unescape(comment).replace("\\mathdefault", "").replace("$", "")
    return " ".join(text.split())
