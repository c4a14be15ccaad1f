"""The parts of generated pages that are not prose, written directly as HTML.

Badges, tags, the lead, "Also called", related terms, "Mentioned in", index
lists and footers are built here from entry fields, every value escaped for
its place, and dropped into the page after Markdown has run (see ``slot``).
Markdown never parses them, which is faster (a glossary of thousands of
entries has tens of thousands of these lines) and leaves no way for a term or
a definition to turn into markup.

Links are given by ``href``: the relative URL from the page being built to a
source path such as ``glossary/overfitting.md``, supplied by the site
generator, so this module knows nothing of URLs or MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ..glossary.entries import LEVELS, Entry
from .escape import html_attribute, html_text
from .search_text import name_key

Href = Callable[[str], str]
_SLOT = re.compile(r'<div data-dw-slot="([a-z0-9:-]+)"></div>')


def slot(name: str) -> str:
    """A placeholder line for generated Markdown: Markdown keeps it, the sanitiser keeps it."""
    return f'<div data-dw-slot="{name}"></div>'


def fill_slots(html: str, fill: Callable[[str], str]) -> str:
    """Replace every placeholder with what ``fill`` returns for its name."""
    return _SLOT.sub(lambda m: fill(m.group(1)), html)


def entry_src(slug: str) -> str:
    return f"glossary/{slug}.md"


def tag_src(tag: str) -> str:
    return f"glossary/tags/{tag}.md"


def entry_anchor(entry: Entry, href: Href, label: str | None = None) -> str:
    """A link to an entry. ``data-dw-preview`` names it for the preview card (assets/preview.js), which
    shows the term, its level and definition on hover and focus; no ``title``, which the theme would
    show as a second tooltip on top of the card."""
    return (
        f'<a href="{html_attribute(href(entry_src(entry.slug)))}" data-dw-preview="{html_attribute(entry.slug)}">'
        f"{html_text(label or entry.term)}</a>"
    )


def level_badge(level: str, *, quiet: bool = False) -> str:
    name = level if level in LEVELS else "unknown"
    kind = "dw-level dw-level--quiet" if quiet else "dw-level"
    return f'<span class="{kind} dw-level--{name}">{html_text(level.capitalize())}</span>'


def entry_header(entry: Entry, by_slug: dict[str, Entry], href: Href) -> str:
    """Level, tags, the one-line definition, other names and what to read first."""
    tags = " ".join(
        f'<a class="dw-tag" href="{html_attribute(href(tag_src(t)))}">{html_text(t)}</a>' for t in entry.tags
    )
    out = [f'<div class="dw-entry-meta">{level_badge(entry.level)} {tags}</div>']
    out.append(f'<p class="dw-lead">{html_text(entry.short)}</p>')
    if shown := distinct_aliases(entry):
        out.append(f'<p class="dw-aliases"><em>Also called:</em> {html_text(", ".join(shown))}</p>')
    if entry.arguments:
        names = ", ".join(f"<code>{html_text(a)}</code>" for a in entry.arguments)
        out.append(f'<p class="dw-aliases"><em>In code:</em> {names}</p>')
    first = [by_slug[s] for s in entry.prerequisites if s in by_slug]
    if first:
        links = ", ".join(entry_anchor(p, href) for p in first)
        out.append(f'<p class="dw-read-first"><strong>Read first:</strong> {links}</p>')
    return "\n".join(out)


def definition_list(entries: Iterable[Entry], href: Href, *, css: str, level: bool = False) -> str:
    """A list of entries, each linked, with its one-line definition (and a quiet level mark)."""
    items = []
    for e in entries:
        mark = f" {level_badge(e.level, quiet=True)}" if level else ""
        items.append(f'<li>{entry_anchor(e, href)}{mark}<span class="dw-short">: {html_text(e.short)}</span></li>')
    return f'<ul class="{css}">\n' + "\n".join(items) + "\n</ul>"


def ordered_path(entries: Iterable[Entry], href: Href) -> str:
    """The reading order as one numbered path, each step marked with its level."""
    items = [
        f"<li>{entry_anchor(e, href)} {level_badge(e.level, quiet=True)}"
        f'<span class="dw-short">: {html_text(e.short)}</span></li>'
        for e in entries
    ]
    return '<ol class="dw-path">\n' + "\n".join(items) + "\n</ol>"


def compact_links(entries: Iterable[Entry], href: Href) -> str:
    """Many links in little space ("Mentioned in"): one wrapped line, not a column."""
    return '<p class="dw-mentioned">' + " · ".join(entry_anchor(e, href) for e in entries) + "</p>"


def tag_list(tags: dict[str, list[Entry]], href: Href) -> str:
    items = [
        f'<li><a href="{html_attribute(href(tag_src(t)))}">{html_text(t)}</a>: {len(m)} terms</li>'
        for t, m in tags.items()
    ]
    return '<ul class="dw-tags">\n' + "\n".join(items) + "\n</ul>"


def entry_footer(last_updated: str | None, edit_url: str) -> str:
    parts = [f"Last updated {html_text(last_updated)}" if last_updated else "Not committed yet"]
    if edit_url:
        parts.append(f'<a href="{html_attribute(edit_url)}">Edit this entry</a>')
    return f'<p class="dw-provenance">{" · ".join(parts)}</p>'


def distinct_aliases(entry: Entry) -> list[str]:
    """The aliases worth reading on the page: plural, spelling, case and hyphen variants of the term
    or of an alias already shown are left out. They stay in the front matter, where links and
    search use every one of them."""
    seen = {name_key(entry.term)}
    shown = []
    for alias in entry.aliases:
        if (key := name_key(alias)) not in seen:
            seen.add(key)
            shown.append(alias)
    return shown
