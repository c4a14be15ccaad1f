"""Executed notebooks, made ready for the site: a page each, and a copy to download.

Our syntax in Markdown cells (``[[overfitting]]``, ``{{ overfitting.best_epoch }}``)
is expanded here, with plain relative links for the page and absolute ones for
the download. The expanded notebooks are written next to the cache only when
their bytes change, so ``mkdocs serve`` does not see a change that did not
happen; ``notebook_html`` turns the page version into HTML (cached), which the
page's slot receives after sanitising.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from ..content import Content
from ..glossary.markup import FigureEmbed, MetricQuote, XRef, substitute
from ..runs.figure_style import dark_svg
from ..runs.figures import dark_variant
from .escape import html_attribute, yaml_string
from .furniture import Href, entry_anchor, slot
from .notebook_html import RenderedNotebook, render
from .render import xref_label
from .site_files import FIGURES, metric_text, relative_url
from .svg_data import svg_data_url

WALKTHROUGHS = "walkthroughs"
DOWNLOADS = "downloads"


def notebook_page_url(name: str) -> str:
    return f"{WALKTHROUGHS}/{name}/"


class NotebookPages:
    """The walkthrough pages of one build: their Markdown skeletons, HTML, contents and downloads."""

    def __init__(self, content: Content, site_url: str):
        self.rendered: dict[str, RenderedNotebook] = {}
        self.download_files: dict[str, Path] = {}
        folder = content.project.cache_dir / "site-notebooks"
        for name, output in sorted(content.notebooks.items()):
            page_url = notebook_page_url(name)
            download = f"{DOWNLOADS}/{name}.ipynb"
            page_version = _expanded(output.notebook, content, page_url, None, relative_url(page_url, download))
            write_if_changed(folder / f"{WALKTHROUGHS}/{name}.ipynb", page_version)
            self.rendered[name] = render(folder / f"{WALKTHROUGHS}/{name}.ipynb", content.project.cache_dir / "html")
            write_if_changed(folder / download, _expanded(output.notebook, content, page_url, site_url, None))
            self.download_files[download] = folder / download

    def pages(self) -> dict[str, str]:
        """src_uri -> Markdown: a title and one slot that receives the notebook's HTML."""
        return {
            # No right-hand table of contents: the code gets its width, and no line is cut off on a desktop.
            f"{WALKTHROUGHS}/{name}.md": "\n".join(
                ["---", f"title: {yaml_string(rendered.title or name)}", "hide:", "  - toc", "---", ""]
                + [slot("notebook"), ""]
            )
            for name, rendered in self.rendered.items()
        }

    def name_of(self, src_uri: str) -> str | None:
        name = Path(src_uri).stem
        return name if src_uri == f"{WALKTHROUGHS}/{name}.md" and name in self.rendered else None


def _expanded(notebook_path: Path, content: Content, page_url: str, base: str | None, download: str | None) -> str:
    """The notebook with our syntax expanded (and, for the page, a download link under its title)."""
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            cell["source"] = expand_notebook_markdown(source, content, page_url, base)
    if download is not None:  # the page version: each plot with its dark twin
        add_dark_plots(notebook)
        notebook["cells"].insert(
            1,
            {
                "cell_type": "markdown",
                "id": "download",
                "metadata": {},
                "source": f"[Download this notebook]({download}) (with its outputs) to run it yourself.",
            },
        )
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def site_path(src_uri: str) -> str:
    """Where a source file ends up in the site (directory URLs): glossary/x.md -> glossary/x/."""
    if src_uri.endswith(".md"):
        stem = src_uri[: -len(".md")]
        return stem[: -len("index")] if stem.endswith("index") else stem + "/"
    return src_uri


def expand_notebook_markdown(markdown: str, content: Content, page_url: str, absolute_base: str | None = None) -> str:
    def href(src_uri: str) -> str:
        path = site_path(src_uri)
        return absolute_base + path if absolute_base else relative_url(page_url, path)

    def replace(ref: XRef | MetricQuote | FigureEmbed) -> str:
        if isinstance(ref, XRef):
            target = content.index.resolve(ref.target)
            if target is None:
                return ref.source
            shown = xref_label(target, ref.target, ref.label)
            if shown is None:
                opening, closing = entry_anchor(target, href, "\0").split("\0")
                return f"{opening}{ref.label}{closing}"
            return entry_anchor(target, href, shown)
        if isinstance(ref, MetricQuote):
            return metric_text(content, ref)
        return notebook_figure(ref, content, href)

    return substitute(markdown, replace)


def notebook_figure(ref: FigureEmbed, content: Content, href: Href) -> str:
    """A figure in a notebook's Markdown: both theme variants and the caption."""
    output = content.catalogue.outputs.get(ref.script)
    if output is None:
        return ref.source
    file_name = ref.name.split("/", 1)[1]
    alt = html_attribute(ref.alt)
    images = f'<img src="{html_attribute(href(f"{FIGURES}/{ref.script}/{file_name}"))}#only-light" alt="{alt}">'
    if dark_variant(file_name) in output.files:
        dark = href(f"{FIGURES}/{ref.script}/{dark_variant(file_name)}")
        images += f' <img src="{html_attribute(dark)}#only-dark" alt="{alt}">'
    return f"{images}\n\n*{ref.caption}* (Made by `{output.script}`.)"


def add_dark_plots(notebook: dict) -> None:
    """Each SVG plot of the page version becomes its light and dark variant, as entry figures are.

    The plots are drawn in the site's figure style (see ``figure_style``), so the dark twin is the
    same colour swap. Both are data: images whose address ends in ``#only-light`` or ``#only-dark``
    (a fragment, which a data: address ignores), and the theme shows the one of the reader's palette.
    The download keeps the single light plot that Jupyter shows.
    """
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            svg = data.get("image/svg+xml")
            svg = "".join(svg) if isinstance(svg, list) else svg
            if output.get("output_type") not in ("display_data", "execute_result") or not isinstance(svg, str):
                continue
            images = [
                f'<img src="{html_attribute(svg_data_url(text))}#only-{scheme}">'
                for scheme, text in (("light", svg), ("dark", dark_svg(svg)))
            ]
            output["data"] = {"text/html": "\n".join(images), "text/plain": data.get("text/plain", "")}


def write_if_changed(path: Path, text: str) -> None:
    """Atomic replace, skipped when the content is already there."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
