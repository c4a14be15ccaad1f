"""Who links to whom: the 'Mentioned in' lists, computed once per build."""

from __future__ import annotations

from collections import defaultdict

from .entries import Entry
from .markup import XRef, find_references
from .names import NameIndex


def outgoing_links(entry: Entry, index: NameIndex) -> list[str]:
    """Slugs this entry's prose links to, in first-mention order, without itself."""
    seen: dict[str, None] = {}
    for ref in find_references(entry.body, entry.body_line):
        if isinstance(ref, XRef):
            target = index.resolve(ref.target)
            if target is not None and target.slug != entry.slug:
                seen.setdefault(target.slug, None)
    return list(seen)


def backlinks(entries: list[Entry], index: NameIndex) -> dict[str, list[Entry]]:
    """Slug -> entries whose prose links to it, sorted by term. Linear in total links."""
    incoming: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        for slug in outgoing_links(entry, index):
            incoming[slug].append(entry)
    return {slug: sorted(sources, key=lambda e: (e.term.casefold(), e.slug)) for slug, sources in incoming.items()}
