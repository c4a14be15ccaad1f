"""Executed notebooks, made ready for the site: a page each, and a copy to download.

Our syntax in Markdown cells (``[[overfitting]]``, ``{{ overfitting.best_epoch }}``)
is expanded here, with plain relative links for the page and absolute ones for
the download. The expanded notebooks are written next to the cache only when
their bytes change, so ``mkdocs serve`` does not see a change that did not
happen; ``notebook_html`` turns the page version into HTML (cached), which the
page's slot receives after sanitising. Plots become files beside the page.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

from ..content import Content
from ..glossary.markup import FigureEmbed, MetricQuote, XRef, substitute
from ..runs.figure_style import dark_svg
from ..runs.figures import dark_variant
from .escape import html_attribute, yaml_string
from .furniture import Href, entry_anchor, slot
from .html_fixes import describe_svg_chart
from .notebook_html import RenderedNotebook, render
from .render import xref_label
from .site_files import FIGURES, metric_text, relative_url

WALKTHROUGHS = "walkthroughs"
DOWNLOADS = "downloads"


def notebook_page_url(name: str) -> str:
    return f"{WALKTHROUGHS}/{name}/"


class NotebookPages:
    """The walkthrough pages of one build: their Markdown skeletons, HTML, contents and downloads."""

    def __init__(self, content: Content, site_url: str):
        self.rendered: dict[str, RenderedNotebook] = {}
        self.static_files: dict[str, Path] = {}  # site path -> file: downloads and plots
        folder = content.project.cache_dir / "site-notebooks"
        for name, output in sorted(content.notebooks.items()):
            page_url = notebook_page_url(name)
            download = f"{DOWNLOADS}/{name}.ipynb"
            page_version, plots = _expanded(output.notebook, content, page_url, None, relative_url(page_url, download))
            write_if_changed(folder / f"{WALKTHROUGHS}/{name}.ipynb", page_version)
            self.rendered[name] = render(folder / f"{WALKTHROUGHS}/{name}.ipynb", content.project.cache_dir / "html")
            write_if_changed(folder / download, _expanded(output.notebook, content, page_url, site_url, None)[0])
            self.static_files[download] = folder / download
            plot_folder = folder / WALKTHROUGHS / name
            for stale in plot_folder.glob("*.svg") if plot_folder.is_dir() else ():
                if stale.name not in plots:
                    stale.unlink()
            for file_name, svg in plots.items():
                write_if_changed(plot_folder / file_name, svg)
                self.static_files[f"{page_url}{file_name}"] = plot_folder / file_name

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


def _expanded(
    notebook_path: Path, content: Content, page_url: str, base: str | None, download: str | None
) -> tuple[str, dict[str, str]]:
    """The notebook with our syntax expanded (and, for the page, a download link under its title and
    its plots as files: file name -> SVG)."""
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            cell["source"] = expand_notebook_markdown(source, content, page_url, base)
    plots: dict[str, str] = {}
    if download is not None:  # the page version: each plot with its dark twin
        plots = add_dark_plots(notebook)
        notebook["cells"].insert(
            1,
            {
                "cell_type": "markdown",
                "id": "download",
                "metadata": {},
                "source": f"[Download this notebook]({download}) (with its outputs) to run it yourself.",
            },
        )
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n", plots


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


def add_dark_plots(notebook: dict) -> dict[str, str]:
    """Each SVG plot of the page version becomes a light and a dark file, as entry figures are.

    The plots are drawn in the site's figure style (see ``figure_style``), so the dark twin is the
    same colour swap. Each is an ``<img loading="lazy">`` beside the page whose address ends in
    ``#only-light`` or ``#only-dark``, and the theme shows the one of the reader's palette: a reader
    fetches one variant, when it comes near the screen. Inline data: images made the page slow to
    parse and lay out on a phone (Lighthouse performance 80-88 with them, 91-97 without). Files
    are named by their content, so a changed plot is a new address. Returns file name -> SVG.
    The download keeps the single light plot that Jupyter shows.
    """
    plots: dict[str, str] = {}
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            svg = data.get("image/svg+xml")
            svg = "".join(svg) if isinstance(svg, list) else svg
            if output.get("output_type") not in ("display_data", "execute_result") or not isinstance(svg, str):
                continue
            description = describe_svg_chart(svg)
            alt = f' alt="{html_attribute(description)}"' if description else ""
            images = []
            for scheme, text in (("light", svg), ("dark", dark_svg(svg))):
                file_name = hashlib.sha256(text.encode()).hexdigest()[:16] + ".svg"
                plots[file_name] = text
                images.append(
                    f'<img src="{file_name}#only-{scheme}"{alt}{_size_attributes(svg)} loading="lazy" decoding="async">'
                )
            output["data"] = {"text/html": "\n".join(images), "text/plain": data.get("text/plain", "")}
    return plots


_SVG_SIZE = re.compile(r'<svg\b[^>]*?\swidth="([\d.]+)pt"[^>]*?\sheight="([\d.]+)pt"')


def _size_attributes(svg: str) -> str:
    """width and height in CSS pixels (matplotlib writes points), so the page does not jump when it loads."""
    size = _SVG_SIZE.search(svg)
    if size is None:
        return ""
    width, height = (round(float(value) * 4 / 3) for value in size.groups())
    return f' width="{width}" height="{height}"'


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
