"""Entry and index pages, rendered as Markdown from content only.

An entry file holds no layout: this module decides what a page shows and in
which order. Links are written as ``/glossary/<slug>.md`` (relative to the docs
folder); the site generator turns them into correct relative URLs from any
page and checks that they resolve.

Every function here is linear in what it renders, so a glossary of thousands
of entries costs thousands of small pages, not a square of them.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from collections.abc import Callable

from .entries import LEVELS, Entry
from .markup import FigureEmbed, MetricQuote, XRef, substitute

GLOSSARY = "glossary"
SET_NAME = "Dials & Weights glossary"


def entry_src(slug: str) -> str:
    return f"{GLOSSARY}/{slug}.md"


def entry_url(slug: str) -> str:
    """The page's URL relative to the site root (directory URLs)."""
    return f"{GLOSSARY}/{slug}/"


def tag_src(tag: str) -> str:
    return f"{GLOSSARY}/tags/{tag}.md"


def link_title(entry: Entry) -> str:
    """The hover preview: term and one-line definition, safe inside a Markdown link title."""
    return f"{entry.term}: {entry.short}".replace('"', "'")


def xref_label(entry: Entry, target: str, label: str | None) -> str:
    """What a cross-reference shows: its label, the words as written, or the term for a bare slug."""
    if label:
        return label
    if target != entry.slug:
        return target
    term = entry.term
    keep_case = len(term) > 1 and (term[1].isupper() or term.split()[0].isupper())
    return term if keep_case else term[:1].lower() + term[1:]


def entry_link(entry: Entry, label: str | None = None) -> str:
    return f'[{label or entry.term}](/{entry_src(entry.slug)} "{link_title(entry)}")'


def _front_matter(
    title: str, description: str, boost: float | None = None, searchable: bool = True, keywords: tuple[str, ...] = ()
) -> str:
    lines = ["---", f"title: {json.dumps(title)}", f"description: {json.dumps(description)}"]
    if boost is not None:
        lines += ["search:", f"  boost: {boost}"]
    elif not searchable:
        lines += ["search:", "  exclude: true"]
    if keywords:
        # Material's search indexes a page's `tags` in a field of their own (weighted in mkdocs.yml).
        # Without Material's tags plugin they are not shown on the page (glossary.css hides them in
        # search results too). They carry an entry's term and aliases, so that a search for either
        # ("hyper-parameters", "weights") finds the entry before pages that merely use its words.
        lines += ["tags:", *(f"  - {json.dumps(k)}" for k in keywords)]
    return "\n".join([*lines, "---", ""])


def _level_badge(level: str) -> str:
    name = level if level in LEVELS else "unknown"
    return f'<span class="dw-level dw-level--{name}">{html.escape(level.capitalize())}</span>'


def _indent(text: str, spaces: int = 4) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.split("\n"))


def entry_page(
    entry: Entry,
    *,
    by_slug: dict[str, Entry],
    mentioned_in: list[Entry],
    last_updated: str | None,
    edit_url: str,
    json_ld: str,
) -> str:
    """The whole page for one entry, in the order a reader meets it."""
    out = [
        _front_matter(entry.term, entry.short, boost=3),
        f"# {entry.term}",
        "",
    ]
    tags = " ".join(f"[{t}](/{tag_src(t)}){{ .dw-tag }}" for t in entry.tags)
    out += [f'<div class="dw-entry-meta" markdown>{_level_badge(entry.level)} {tags}</div>', ""]
    out += [entry.short, "{ .dw-lead }", ""]
    if entry.aliases:
        out += ["*Also called:* " + ", ".join(html.escape(a) for a in entry.aliases), "{ .dw-aliases }", ""]
    if entry.arguments:
        names = ", ".join(f"`{a}`" for a in entry.arguments)
        out += [f"*In code:* {names}", "{ .dw-aliases }", ""]
    prerequisites = [by_slug[s] for s in entry.prerequisites if s in by_slug]
    if prerequisites:
        out += ["**Read first:** " + ", ".join(entry_link(p) for p in prerequisites), "{ .dw-read-first }", ""]
    for section in entry.sections:
        out += [f"## {section.title}", ""]
        if section.title == "FAQ":
            for question in entry.faq:
                out += [
                    f'??? question "{question.question.replace(chr(34), chr(39))}"',
                    "",
                    _indent(question.answer),
                    "",
                ]
        else:
            out += [section.body, ""]
    related = [by_slug[s] for s in entry.related if s in by_slug]
    if related:
        out += ["## Related terms", ""]
        out += [f"- {entry_link(r)}: {r.short}" for r in related]
        out += [""]
    if mentioned_in:
        out += ["## Mentioned in", ""]
        out += [f"- {entry_link(m)}" for m in mentioned_in]
        out += [""]
    footer = []
    if last_updated:
        footer.append(f"Last updated {last_updated}")
    if edit_url:
        footer.append(f"[Edit this entry]({edit_url})")
    if footer:
        out += [" · ".join(footer), "{ .dw-provenance }", ""]
    out += [f'<script type="application/ld+json">{json_ld}</script>', ""]
    return "\n".join(out)


def az_index(entries: list[Entry]) -> str:
    """Every term A to Z, with letter jump links, its level and its one-line definition."""
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in sorted(entries, key=lambda e: (e.term.casefold(), e.slug)):
        first = entry.term[:1].upper()
        groups[first if first.isalpha() else "#"].append(entry)
    letters = sorted(groups, key=lambda k: (k == "#", k))
    anchor = {letter: ("other" if letter == "#" else letter.lower()) for letter in letters}
    out = [
        _front_matter("Glossary A–Z", f"All {len(entries)} terms of the Dials & Weights glossary, A to Z."),
        "# Glossary A–Z",
        "",
        f"{len(entries)} terms about how machine-learning models are trained. "
        "New here? Follow the [reading order](/glossary/start-here.md), or browse [by tag](/glossary/tags/index.md).",
        "",
        '<nav class="dw-letters" aria-label="Jump to a letter" markdown>'
        + " ".join(f"[{letter}](#{anchor[letter]})" for letter in letters)
        + "</nav>",
        "",
    ]
    for letter in letters:
        out += [f"## {letter} {{ #{anchor[letter]} }}", ""]
        out += [f"- {entry_link(e)} {_level_badge(e.level)}: {e.short}" for e in groups[letter]]
        out += [""]
    return "\n".join(out)


def tags_of(entries: list[Entry]) -> dict[str, list[Entry]]:
    tags: dict[str, list[Entry]] = defaultdict(list)
    for entry in sorted(entries, key=lambda e: e.term.casefold()):
        for tag in entry.tags:
            tags[tag].append(entry)
    return dict(sorted(tags.items()))


def tag_index(tags: dict[str, list[Entry]]) -> str:
    out = [_front_matter("Glossary by tag", "The glossary's terms grouped by topic."), "# Glossary by tag", ""]
    out += [f"- [{tag}](/{tag_src(tag)}): {len(members)} terms" for tag, members in tags.items()]
    return "\n".join([*out, ""])


def tag_page(tag: str, members: list[Entry]) -> str:
    out = [_front_matter(f"Tag: {tag}", f"Glossary terms tagged {tag}."), f"# Tag: {tag}", ""]
    out += [f"- {entry_link(e)} {_level_badge(e.level)}: {e.short}" for e in members]
    out += ["", "[All tags](/glossary/tags/index.md)", ""]
    return "\n".join(out)


def start_here(order: list[Entry]) -> str:
    """The reading order, grouped by level, each entry after its prerequisites."""
    out = [
        _front_matter("Start here", "A reading order through the glossary, from beginner to advanced."),
        "# Start here",
        "",
        "Read the terms in this order: each one comes after the terms it builds on, and the gentler ones come first.",
        "",
    ]
    level_seen: str | None = None
    for number, entry in enumerate(order, start=1):
        if entry.level != level_seen:
            level_seen = entry.level
            out += ["", f"## {entry.level.capitalize()}", ""]
        out.append(f"{number}. {entry_link(entry)}: {entry.short}")
    return "\n".join([*out, ""])


def plain_text(markdown: str, metric_text: Callable[[MetricQuote], str]) -> str:
    """Markdown reduced to plain text for JSON-LD answers: links become their label, metrics their value."""

    def replace(ref: XRef | MetricQuote | FigureEmbed) -> str:
        if isinstance(ref, XRef):
            return ref.label or ref.target
        if isinstance(ref, MetricQuote):
            return metric_text(ref)
        return ""

    text = substitute(markdown, replace)
    text = text.replace("**", "").replace("`", "")
    return " ".join(text.split())


def faq_page(order: list[Entry]) -> str:
    """Every entry's questions on one page, grouped by entry, each group linking back.

    Questions are bold paragraphs, not headings: the search index walks a page's
    headings once per heading, which would make this one page quadratic in the
    size of the glossary.
    """
    out = [
        _front_matter("All questions", "Every question the glossary answers, grouped by term."),
        "# All questions",
        "",
        "Every question from the glossary's entries, grouped by term. Each group links back to its entry.",
        "",
    ]
    for entry in order:
        if not entry.faq:
            continue
        out += [f"**{entry_link(entry)}**", f"{{ #{entry.slug} .dw-faq-source }}", ""]
        for question in entry.faq:
            out += [f'??? question "{question.question.replace(chr(34), chr(39))}"', "", _indent(question.answer), ""]
    return "\n".join(out)


def print_page(order: list[Entry]) -> str:
    """The whole glossary as one page, in reading order, for printing or reading offline."""
    out = [
        # Left out of search: every word here is already indexed on its entry page.
        _front_matter(
            "The whole glossary", "Every entry on one page, in reading order, for printing.", searchable=False
        ),
        "# The whole glossary",
        "",
        "Every entry, in the reading order of [Start here](/glossary/start-here.md). "
        "Print this page or save it as a PDF from your browser.",
        "",
    ]
    for entry in order:
        out += [f"## {entry.term} {{ #{entry.slug} }}", "", entry.short, "{ .dw-lead }", ""]
        for section in entry.sections:
            out += [f"### {section.title}", ""]
            if section.title == "FAQ":
                for question in entry.faq:
                    out += [f"**{question.question}**", "", question.answer, ""]
            else:
                out += [_demote(section.body), ""]
    return "\n".join(out)


def _demote(markdown: str) -> str:
    """Headings inside a section move down one level when the section is nested in a bigger page."""
    return "\n".join(
        "#" + line if line.startswith("#") and not line.startswith("#######") else line for line in markdown.split("\n")
    )
