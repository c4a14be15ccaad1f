"""Names that point at entries: slugs and aliases, matched loosely but exactly once.

"Learning rate", "learning-rate" and "learning_rate" all name the same entry;
two entries may never answer to the same name.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable

from .entries import Entry


def normalise(name: str) -> str:
    """Case, Unicode composition, spaces, hyphens and underscores do not distinguish names."""
    return re.sub(r"[\s_-]+", "-", unicodedata.normalize("NFC", name.strip().casefold()))


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """A hint with the closest known names, or a pointer to the list of terms."""
    pool = sorted(set(candidates))
    close = difflib.get_close_matches(normalise(name), pool, n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    return "use the file name of an existing entry in glossary/ (without .md), or one of its aliases"


class NameIndex:
    """Slug and alias lookup, built once per build in linear time."""

    def __init__(self, entries: Iterable[Entry], unreadable: Iterable[str] = ()):
        self.by_slug: dict[str, Entry] = {}
        self.by_name: dict[str, Entry] = {}
        # Slugs of entry files that could not be read: links to them are not reported as unknown,
        # so a contributor sees the one real problem (the file) rather than one per link to it.
        self.unreadable = frozenset(normalise(s) for s in unreadable)
        entries = list(entries)
        for entry in entries:
            self.by_slug[entry.slug] = entry
            self.by_name.setdefault(normalise(entry.slug), entry)
        for entry in entries:
            for name in [entry.term, *entry.aliases]:
                if name:
                    self.by_name.setdefault(normalise(name), entry)

    def resolve(self, name: str) -> Entry | None:
        return self.by_name.get(normalise(name))

    def is_known(self, name: str) -> bool:
        """True for any name of an entry, including entries that failed to load."""
        return normalise(name) in self.by_name or normalise(name) in self.unreadable

    def suggest(self, name: str) -> str:
        """Closest entries by any of their names, each named once by its slug."""
        close = difflib.get_close_matches(normalise(name), list(self.by_name), n=6, cutoff=0.7)
        slugs = list(dict.fromkeys(self.by_name[c].slug for c in close))[:3]
        if slugs:
            return "did you mean " + " or ".join(f"'{s}'" for s in slugs) + "?"
        return did_you_mean(name, [])

    def slugs(self) -> list[str]:
        return list(self.by_slug)
