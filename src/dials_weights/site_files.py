"""The files the glossary adds to a site, and the expansion of our syntax in any page.

This is still core: it produces (path, text) pairs and Markdown strings. The
MkDocs adapter only hands them to MkDocs.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .content import Content
from .dials import dial_assets, expand_dials
from .export import entry_json_ld, glossary_json
from .figures import FigureOutput, dark_variant
from .links import backlinks
from .markup import FigureEmbed, MetricQuote, XRef, format_metric, substitute
from .provenance import last_updated
from .render import (
    az_index,
    entry_link,
    entry_page,
    entry_src,
    faq_page,
    plain_text,
    print_page,
    start_here,
    tag_index,
    tag_page,
    tag_src,
    tags_of,
    xref_label,
)
from .validation import lookup_metric

FIGURES = "figures"
INDEX_PAGES = (
    "glossary/index.md",
    "glossary/start-here.md",
    "glossary/tags/index.md",
    "guides/faq.md",
    "glossary/print.md",
)


@dataclass
class SiteFiles:
    pages: dict[str, str]  # src_uri -> Markdown (or JSON) text
    assets: dict[str, Path]  # src_uri -> file on disk (figures)
    navigable: frozenset[str] = frozenset(INDEX_PAGES)  # pages a site may list in its navigation


def glossary_files(content: Content, site_url: str) -> SiteFiles:
    """Every generated page and figure for the glossary, in a stable order."""
    project, entries = content.project, content.entries
    dates = last_updated(project.root, project.glossary_dir.relative_to(project.root).as_posix())
    by_slug = {e.slug: e for e in entries}
    incoming = backlinks(entries, content.index)
    pages: dict[str, str] = {}
    for entry in entries:
        json_ld = entry_json_ld(entry, site_url, lambda text: plain_text(text, lambda q: metric_text(content, q)))
        pages[entry_src(entry.slug)] = entry_page(
            entry,
            by_slug=by_slug,
            mentioned_in=incoming.get(entry.slug, []),
            last_updated=dates.get(entry.path),
            edit_url=project.edit_url(entry.path),
            json_ld=json_ld,
        )
    pages["glossary/index.md"] = az_index(entries)
    tags = tags_of(entries)
    pages["glossary/tags/index.md"] = tag_index(tags)
    for tag, members in tags.items():
        pages[tag_src(tag)] = tag_page(tag, members)
    pages["glossary/start-here.md"] = start_here(content.order)
    pages["guides/faq.md"] = faq_page(content.order)
    pages["glossary/print.md"] = print_page(content.order)
    pages["glossary.json"] = glossary_json(entries, site_url, dates)
    assets: dict[str, Path] = {}
    for name in sorted(content.catalogue.outputs):
        output = content.catalogue.outputs[name]
        for file_name in output.files:
            assets[f"{FIGURES}/{name}/{file_name}"] = output.folder / file_name
    assets.update(dial_assets(content.catalogue))  # each sweep's data, next to its figure
    return SiteFiles(pages, assets)


def metric_text(content: Content, quote: MetricQuote) -> str:
    metrics = content.catalogue.metrics(quote.script) or {}
    return format_metric(lookup_metric(metrics, quote.key), quote.format_spec)


def expand_page(markdown: str, content: Content, absolute_links: bool = True) -> str:
    """Turn cross-references, metric quotes and figure embeds into Markdown and HTML.

    Validation ran before the build, so every reference here resolves.
    """
    markdown = expand_dials(markdown, content)  # dials first: their captions hold references too

    def replace(ref: XRef | MetricQuote | FigureEmbed) -> str:
        if isinstance(ref, XRef):
            target = content.index.resolve(ref.target)
            return entry_link(target, xref_label(target, ref.target, ref.label)) if target else ref.source
        if isinstance(ref, MetricQuote):
            value = html.escape(metric_text(content, ref))
            spec = html.escape(ref.format_spec, quote=True)
            return f'<span class="dw-metric" data-metric="{ref.script}.{ref.key}" data-format="{spec}">{value}</span>'
        output = content.catalogue.outputs.get(ref.script)
        return figure_html(ref, output, content) if output else ref.source

    return substitute(markdown, replace)


def figure_html(ref: FigureEmbed, output: FigureOutput, content: Content) -> str:
    """A figure with light and dark variants, its caption and a 'how this was made' note."""
    file_name = ref.name.split("/", 1)[1]
    base = f"/{FIGURES}/{ref.script}"
    alt = ref.alt.replace('"', "'")
    size = svg_size(output.folder / file_name)
    attributes = f"loading=lazy width={size[0]} height={size[1]}" if size else "loading=lazy"
    images = [f"![{alt}]({base}/{file_name}#only-light){{ {attributes} }}"]
    if dark_variant(file_name) in output.files:
        images.append(f"![{alt}]({base}/{dark_variant(file_name)}#only-dark){{ {attributes} }}")
    versions = content.catalogue.versions
    script_link = content.project.source_url(output.script)
    script = f"[{output.script}]({script_link})" if script_link else f"`{output.script}`"
    made = (
        f"How this was made: {script} on {output.data}, seed {output.seed}; "
        f"numpy {versions['numpy']}, matplotlib {versions['matplotlib']}, scikit-learn {versions['scikit-learn']}."
    )
    return "\n".join(
        [
            '<figure class="dw-figure" markdown="block">',
            *images,
            '<figcaption markdown="block">',
            ref.caption,
            "",
            f'<span class="dw-made">{made}</span>',
            "</figcaption>",
            "</figure>",
        ]
    )


_SVG_SIZE = re.compile(r'<svg\b[^>]*?\swidth="([0-9.]+)(pt|px)?"[^>]*?\sheight="([0-9.]+)(pt|px)?"')


def svg_size(path: Path) -> tuple[int, int] | None:
    """The figure's size in CSS pixels, so the page reserves its space before a lazy image loads."""
    if path.suffix != ".svg":
        return None
    with path.open(encoding="utf-8") as stream:
        match = _SVG_SIZE.search(stream.read(2048))
    if not match:
        return None
    scale = 4 / 3 if match.group(2) == "pt" else 1.0  # matplotlib writes points; 1 pt = 4/3 px
    return round(float(match.group(1)) * scale), round(float(match.group(3)) * scale)


def relative_url(from_page_url: str, to_site_path: str) -> str:
    """A relative link between two site paths (for content MkDocs does not rewrite, like notebooks)."""
    base = PurePosixPath("/" + from_page_url)
    if not from_page_url.endswith("/"):
        base = base.parent
    target = PurePosixPath("/" + to_site_path)
    parts_from, parts_to = base.parts, target.parts
    common = 0
    while common < min(len(parts_from), len(parts_to)) and parts_from[common] == parts_to[common]:
        common += 1
    up = [".."] * (len(parts_from) - common)
    rel = "/".join(up + list(parts_to[common:]))
    if to_site_path.endswith("/") and rel and not rel.endswith("/"):
        rel += "/"
    return rel or "./"
