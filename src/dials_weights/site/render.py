"""Generated pages as Markdown skeletons: prose where there is prose, slots for the rest.

An entry file holds no layout: this module decides what a page shows and in
which order. Only content that is Markdown (an entry's sections and FAQ
answers) goes through Markdown; everything built from fields (badges, lists of
links, definitions) is a slot filled with escaped HTML by ``furniture`` after
Markdown has run. Every field placed in Markdown here is escaped with
``markdown_text``, and front-matter values are written as quoted YAML strings.

Every function is linear in what it renders, so a glossary of thousands of
entries costs thousands of small pages, not a square of them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from ..glossary.entries import Entry
from ..glossary.markup import FigureEmbed, MetricQuote, XRef, substitute
from .escape import html_text, markdown_text, yaml_string
from .furniture import entry_src, slot

GLOSSARY = "glossary"
SET_NAME = "Dials & Weights glossary"
PART_BREAK = "<!-- dials-weights: part -->"
"""A line between the entries of a page made of many (the print page, all questions). Under
`mkdocs serve` the site adapter converts each part on its own and caches it, so saving one entry
converts one part again, not the whole glossary; a part's ids are its entry's own, so parts never
share one. `mkdocs build` drops the lines and converts the page whole."""


def entry_url(slug: str) -> str:
    """The page's URL relative to the site root (directory URLs)."""
    return f"{GLOSSARY}/{slug}/"


def xref_label(entry: Entry, target: str, label: str | None) -> str | None:
    """What a cross-reference shows when its author gave no label: the words as written, or the term.

    Returns None when the author's own label (Markdown, part of the prose) should be used.
    """
    if label:
        return None
    if target != entry.slug:
        return target
    term = entry.term
    keep_case = len(term) > 1 and (term[1].isupper() or term.split()[0].isupper())
    return term if keep_case else term[:1].lower() + term[1:]


def _front_matter(
    title: str,
    description: str,
    boost: float | None = None,
    searchable: bool = True,
    keywords: tuple[str, ...] = (),
    hide_toc: bool = False,
) -> str:
    """Plain values; the site adapter escapes page titles and descriptions for HTML once, for every page."""
    lines = ["---", f"title: {yaml_string(title)}", f"description: {yaml_string(description)}"]
    if hide_toc:  # a page whose own lists are its contents (the A-Z): its text gets the width instead
        lines += ["hide:", "  - toc"]
    if boost is not None:
        lines += ["search:", f"  boost: {boost}"]
    elif not searchable:
        lines += ["search:", "  exclude: true"]
    if keywords:
        # Material's search indexes a page's `tags` in a field of their own (weighted in mkdocs.yml).
        lines += ["tags:", *(f"  - {yaml_string(k)}" for k in keywords)]
    return "\n".join([*lines, "---", ""])


def split_parts(markdown: str) -> list[str]:
    """A page's Markdown cut at its part breaks (one part for a page without them)."""
    return markdown.split(f"\n{PART_BREAK}\n")


def join_parts(parts: list[str]) -> str:
    """The inverse of ``split_parts``."""
    return f"\n{PART_BREAK}\n".join(parts)


def _indent(text: str, spaces: int = 4) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.split("\n"))


def _faq(entry: Entry) -> list[str]:
    out: list[str] = []
    for question in entry.faq:
        out += [f'??? question "{markdown_text(question.question, code=True)}"', "", _indent(question.answer), ""]
    return out


def entry_page(entry: Entry, *, has_backlinks: bool) -> str:
    """The whole page for one entry, in the order a reader meets it."""
    out = [
        _front_matter(entry.term, entry.short, boost=3),
        f"# {markdown_text(entry.term)}",
        "",
        slot("entry-header"),
        "",
    ]
    for section in entry.sections:
        out += [f"## {section.title}", ""]
        out += _faq(entry) if section.title == "FAQ" else [section.body, ""]
    if entry.related:
        out += ["## Related terms", "", slot("related"), ""]
    if has_backlinks:
        out += ["## Mentioned in", "", slot("mentioned-in"), ""]
    out += [slot("entry-footer"), ""]
    return "\n".join(out)


def letter_groups(entries: list[Entry]) -> dict[str, list[Entry]]:
    """Entries A to Z by the first letter of their term ('#' for the rest), each group sorted."""
    groups: dict[str, list[Entry]] = defaultdict(list)
    for entry in sorted(entries, key=lambda e: (e.term.casefold(), e.slug)):
        first = entry.term[:1].upper()
        groups[first if first.isascii() and first.isalpha() else "#"].append(entry)
    return {letter: groups[letter] for letter in sorted(groups, key=lambda k: (k == "#", k))}


def letter_anchor(letter: str) -> str:
    return "other" if letter == "#" else letter.lower()


def az_index(entries: list[Entry]) -> str:
    """Every term A to Z, with letter jump links, its level and its one-line definition."""
    groups = letter_groups(entries)
    out = [
        _front_matter(
            "Glossary A–Z", f"All {len(entries)} terms of the Dials & Weights glossary, A to Z.", hide_toc=True
        ),
        "# Glossary A–Z",
        "",
        f"{len(entries)} terms about how machine-learning models are trained. "
        "New here? Follow the [reading order](start-here.md), or browse [by tag](tags/index.md).",
        "",
        '<nav class="dw-letters" aria-label="Jump to a letter">'
        + " ".join(f'<a href="#{letter_anchor(letter)}">{letter}</a>' for letter in groups)
        + "</nav>",
        "",
    ]
    for letter in groups:
        # The letter headings stay out of the table of contents: the letter strip above already lists them.
        anchor = letter_anchor(letter)
        out += [f'<h2 id="{anchor}" class="dw-letter">{letter}</h2>', "", slot(f"az:{anchor}"), ""]
    return "\n".join(out)


def tags_of(entries: list[Entry]) -> dict[str, list[Entry]]:
    tags: dict[str, list[Entry]] = defaultdict(list)
    for entry in sorted(entries, key=lambda e: e.term.casefold()):
        for tag in entry.tags:
            tags[tag].append(entry)
    return dict(sorted(tags.items()))


def tag_index() -> str:
    out = [_front_matter("Glossary by tag", "The glossary's terms grouped by topic."), "# Glossary by tag", ""]
    return "\n".join([*out, slot("tags"), ""])


def tag_page(tag: str) -> str:
    out = [_front_matter(f"Tag: {tag}", f"Glossary terms tagged {tag}."), f"# Tag: {markdown_text(tag)}", ""]
    out += [slot(f"tag:{tag}"), "", "[All tags](index.md)", ""]
    return "\n".join(out)


def start_here() -> str:
    """The reading order: one numbered path, each entry after its prerequisites, levels marked."""
    out = [
        _front_matter("Start here", "A reading order through the glossary, from beginner to advanced."),
        "# Start here",
        "",
        "Read the terms in this order: each one comes after the terms it builds on, and the gentler ones come "
        "first. The mark after each term says how much it assumes: beginner, intermediate or advanced.",
        "",
        slot("start-here"),
        "",
    ]
    return "\n".join(out)


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


def _entry_link(entry: Entry) -> str:
    """A Markdown link to an entry, for pages that are mostly prose (FAQ, print)."""
    return f"[{markdown_text(entry.term)}](/{entry_src(entry.slug)})"


def faq_page(order: list[Entry]) -> str:
    """Every entry's questions on one page, grouped by entry, each group linking back.

    Questions are collapsible blocks, not headings: the search index walks a page's
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
        out += [PART_BREAK, "", f"**{_entry_link(entry)}**", f"{{ #{entry.slug} .dw-faq-source }}", ""]
        out += _faq(entry)
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
        "Every entry, in the reading order of [Start here](start-here.md). "
        "Print this page or save it as a PDF from your browser.",
        "",
    ]
    for entry in order:
        heading = f"## {markdown_text(entry.term)} {{ #{entry.slug} }}"
        out += [PART_BREAK, "", heading, "", f'<p class="dw-lead">{html_text(entry.short)}</p>', ""]
        for section in entry.sections:
            anchor = re.sub(r"[^a-z0-9]+", "-", section.title.lower()).strip("-")
            out += [f"### {markdown_text(section.title)} {{ #{entry.slug}-{anchor} }}", ""]
            if section.title == "FAQ":
                for question in entry.faq:
                    out += [f"**{markdown_text(question.question, code=True)}**", "", question.answer, ""]
            else:
                out += [_demote(section.body), ""]
    return "\n".join(out)


def _demote(markdown: str) -> str:
    """Headings inside a section move down one level when the section is nested in a bigger page."""
    return "\n".join(
        "#" + line if line.startswith("#") and not line.startswith("#######") else line for line in markdown.split("\n")
    )
