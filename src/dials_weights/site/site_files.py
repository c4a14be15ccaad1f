"""The files the glossary adds to a site, the HTML of their slots, and our syntax in any page.

This is still core: it produces (path, text) pairs, Markdown and HTML strings.
The MkDocs adapter hands them to MkDocs and supplies ``href``, the relative URL
from the page being built to another source file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath

from ..content import Content
from ..glossary.entries import Entry
from ..glossary.links import backlinks
from ..glossary.markup import FigureEmbed, MetricQuote, XRef, format_metric, substitute
from ..glossary.validation import lookup_metric
from ..runs.figures import FigureOutput, dark_variant
from .dials import dial_assets, expand_dials
from .escape import html_attribute, html_text, json_in_html
from .export import entry_json_ld, glossary_json
from .furniture import (
    Href,
    compact_links,
    definition_list,
    entry_anchor,
    entry_footer,
    entry_header,
    entry_src,
    ordered_path,
    tag_list,
    tag_src,
)
from .page_outputs import output_key
from .previews import preview_files
from .provenance import last_updated
from .render import (
    az_index,
    entry_page,
    faq_page,
    letter_anchor,
    letter_groups,
    plain_text,
    print_page,
    start_here,
    tag_index,
    tag_page,
    tags_of,
    xref_label,
)

FIGURES = "figures"
PAGE_BUDGET = 3_000_000  # bytes of HTML: the largest walkthrough page is about a tenth of this
SOURCE_GROWTH = 8  # an entry's page is a few times its Markdown; the print page is all of them
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


class GlossarySite:
    """What one build knows about the glossary: computed once, asked for each page."""

    def __init__(self, content: Content, site_url: str):
        self.content = content
        self.site_url = site_url
        self.entries = content.entries
        self.by_slug = {e.slug: e for e in self.entries}
        self.incoming = backlinks(self.entries, content.index)
        self.tags = tags_of(self.entries)
        project = content.project
        self.dates = last_updated(project.root, project.glossary_dir.relative_to(project.root).as_posix())

    def files(self) -> SiteFiles:
        """Every generated page and figure for the glossary, in a stable order."""
        pages: dict[str, str] = {}
        for entry in self.entries:
            pages[entry_src(entry.slug)] = entry_page(entry, has_backlinks=bool(self.incoming.get(entry.slug)))
        pages["glossary/index.md"] = az_index(self.entries)
        pages["glossary/tags/index.md"] = tag_index()
        for tag in self.tags:
            pages[tag_src(tag)] = tag_page(tag)
        pages["glossary/start-here.md"] = start_here()
        pages["guides/faq.md"] = faq_page(self.content.order)
        pages["glossary/print.md"] = print_page(self.content.order)
        pages["glossary.json"] = glossary_json(self.entries, self.site_url, self.dates)
        pages.update(preview_files(self.entries, self.content.catalogue.outputs))
        assets: dict[str, Path] = {}
        for name in sorted(self.content.catalogue.outputs):
            output = self.content.catalogue.outputs[name]
            for file_name in output.files:
                assets[f"{FIGURES}/{name}/{file_name}"] = output.folder / file_name
        assets.update(dial_assets(self.content.catalogue))  # each sweep's data, next to its figure
        return SiteFiles(pages, assets)

    @cached_property
    def signature(self) -> str:
        """A hash of everything a page's references and slots read besides the page's own text.

        Every entry's fields (not its prose), who links to whom, the dates, the reading order, the
        figure outputs (their folders are named by their inputs), library versions and the links
        into the repository. Two builds with one signature expand and fill a page of one text alike:
        `mkdocs serve` reuses such pages (page_outputs.py). Whatever a slot comes to read must be here.
        """
        entries = [
            [e.slug, e.path, e.term, e.short, e.level, e.tags, e.aliases, e.arguments, e.prerequisites, e.related]
            for e in self.entries
        ]
        project = self.content.project
        return output_key(
            [
                entries,
                {slug: [e.slug for e in linking] for slug, linking in self.incoming.items()},
                self.dates,
                [e.slug for e in self.content.order],
                self.content.catalogue.output_folders(),
                self.content.catalogue.versions,
                [project.repo_url, project.branch],
                self.site_url,
            ]
        )

    @cached_property
    def _letters(self) -> dict[str, list[Entry]]:
        return {letter_anchor(k): v for k, v in letter_groups(self.entries).items()}

    def slot_html(self, src_uri: str, name: str, href: Href) -> str:
        """The HTML for one slot of one generated page."""
        entry = self.by_slug.get(PurePosixPath(src_uri).stem) if src_uri.startswith("glossary/") else None
        if name == "entry-header" and entry:
            return entry_header(entry, self.by_slug, href)
        if name == "related" and entry:
            related = [self.by_slug[s] for s in entry.related if s in self.by_slug]
            return definition_list(related, href, css="dw-related")
        if name == "mentioned-in" and entry:
            return compact_links(self.incoming.get(entry.slug, []), href)
        if name == "entry-footer" and entry:
            return entry_footer(self.dates.get(entry.path), self.content.project.edit_url(entry.path))
        if name.startswith("az:"):
            return definition_list(self._letters.get(name[3:], []), href, css="dw-az", level=True)
        if name == "tags":
            return tag_list(self.tags, href)
        if name.startswith("tag:"):
            return definition_list(self.tags.get(name[4:], []), href, css="dw-az", level=True)
        if name == "start-here":
            return ordered_path(self.content.order, href)
        return ""

    def page_budget(self, src_uri: str) -> int:
        """The most bytes a built page may have: a fixed allowance, plus room for the entries it shows.

        A 40-byte metric quote once made 20 MB files; no page legitimately grows much
        faster than its sources, so a page over budget is a build error, not a big site.
        """
        if src_uri in ("glossary/print.md", "guides/faq.md"):
            shown = self.entries
        else:
            entry = self.by_slug.get(PurePosixPath(src_uri).stem)
            shown = [entry] if entry is not None and src_uri == entry_src(entry.slug) else []
        return PAGE_BUDGET + SOURCE_GROWTH * sum(e.source.stat().st_size for e in shown if e.source.is_file())

    def json_ld(self, src_uri: str) -> str:
        """The entry's structured data block ('' for other pages), added after sanitising."""
        entry = self.by_slug.get(PurePosixPath(src_uri).stem) if src_uri.startswith("glossary/") else None
        if entry is None or src_uri != entry_src(entry.slug):
            return ""
        data = entry_json_ld(entry, self.site_url, lambda text: plain_text(text, self.metric_text))
        return f'<script type="application/ld+json">{json_in_html(data)}</script>'

    def metric_text(self, quote: MetricQuote) -> str:
        return metric_text(self.content, quote)


def metric_text(content: Content, quote: MetricQuote) -> str:
    """A quoted metric, formatted; a reference that no longer resolves shows as written."""
    metrics = content.catalogue.metrics(quote.script) or {}
    value = lookup_metric(metrics, quote.key)
    try:
        return quote.source if value is None else format_metric(value, quote.format_spec)
    except (ValueError, TypeError):
        return quote.source


def expand_page(markdown: str, content: Content, href: Href) -> str:
    """Turn cross-references, metric quotes and figure embeds into HTML inside the Markdown.

    Validation ran before the build; a reference that does not resolve (a page edited while
    `mkdocs serve` keeps the last good content) is left as written rather than failing.
    """
    # Dials first (dials.py): their captions hold references too.
    markdown = expand_dials(markdown, content.catalogue, href, lambda output: made_note(output, content))

    def replace(ref: XRef | MetricQuote | FigureEmbed) -> str:
        if isinstance(ref, XRef):
            target = content.index.resolve(ref.target)
            if target is None:
                return ref.source
            shown = xref_label(target, ref.target, ref.label)
            if shown is None:  # the author's label is Markdown prose: it stays Markdown
                anchor = entry_anchor(target, href, "\0")
                opening, closing = anchor.split("\0")
                return f"{opening}{ref.label}{closing}"
            return entry_anchor(target, href, shown)
        if isinstance(ref, MetricQuote):
            value = html_text(metric_text(content, ref))
            key, spec = html_attribute(f"{ref.script}.{ref.key}"), html_attribute(ref.format_spec)
            return f'<span class="dw-metric" data-metric="{key}" data-format="{spec}">{value}</span>'
        output = content.catalogue.outputs.get(ref.script)
        return figure_html(ref, output, content, href) if output else ref.source

    return substitute(markdown, replace)


def figure_html(ref: FigureEmbed, output: FigureOutput, content: Content, href: Href) -> str:
    """A figure with light and dark variants, its caption and a 'how this was made' note."""
    file_name = ref.name.split("/", 1)[1]
    size = svg_size(output.folder / file_name)
    dimensions = f' width="{size[0]}" height="{size[1]}"' if size else ""
    alt = html_attribute(ref.alt)

    def image(name: str, scheme: str) -> str:
        src = html_attribute(href(f"{FIGURES}/{ref.script}/{name}") + f"#only-{scheme}")
        return f'<img src="{src}" alt="{alt}" loading="lazy"{dimensions}>'

    images = [image(file_name, "light")]
    if dark_variant(file_name) in output.files:
        images.append(image(dark_variant(file_name), "dark"))
    return "\n".join(
        [
            '<figure class="dw-figure" markdown="block">',
            *images,
            '<figcaption markdown="block">',
            ref.caption,
            "",
            f'<span class="dw-made">{made_note(output, content)}</span>',
            "</figcaption>",
            "</figure>",
        ]
    )


def made_note(output: FigureOutput, content: Content) -> str:
    """Where a figure came from: the script, the data, the seed and the library versions (HTML)."""
    versions = content.catalogue.versions
    link = content.project.source_url(output.script)
    script = (
        f'<a href="{html_attribute(link)}">{html_text(output.script)}</a>'
        if link
        else f"<code>{html_text(output.script)}</code>"
    )
    data = html_text(output.data)
    seed = "" if f"seed {output.seed}" in output.data else f", seed {html_text(str(output.seed))}"
    return (
        f"How this was made: {script} on {data}{seed}; numpy {versions['numpy']}, "
        f"matplotlib {versions['matplotlib']}, scikit-learn {versions['scikit-learn']}."
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
