"""The 'start here' order: every entry after the entries it lists as prerequisites.

A topological sort (``graphlib``, linear in entries plus links). Among entries
that are free to come next, beginner comes before intermediate before advanced,
then alphabetical, so the order is stable and gentle.
"""

from __future__ import annotations

import graphlib
import heapq

from ..problems import Problem
from .entries import LEVELS, Entry


def reading_order(entries: list[Entry]) -> tuple[list[Entry], list[Problem]]:
    """Entries in reading order, or a problem naming the entries in a cycle."""
    by_slug = {e.slug: e for e in entries}
    sorter: graphlib.TopologicalSorter[str] = graphlib.TopologicalSorter()
    for entry in entries:
        sorter.add(entry.slug, *(p for p in entry.prerequisites if p in by_slug and p != entry.slug))
    try:
        sorter.prepare()
    except graphlib.CycleError as error:
        cycle = error.args[1]
        first = by_slug[cycle[0]]
        path = " -> ".join(cycle)
        return [], [
            Problem(
                first.path,
                first.line_of("prerequisites"),
                f"the prerequisites form a cycle: {path}",
                "remove one of these prerequisites so that some entry in the loop can be read first",
            )
        ]

    def rank(slug: str) -> tuple[int, str, str]:
        entry = by_slug[slug]
        level = LEVELS.index(entry.level) if entry.level in LEVELS else len(LEVELS)
        return (level, entry.term.casefold(), slug)

    ready: list[tuple[tuple[int, str, str], str]] = []
    order: list[Entry] = []
    while sorter.is_active():
        for slug in sorter.get_ready():
            heapq.heappush(ready, (rank(slug), slug))
        _, slug = heapq.heappop(ready)
        order.append(by_slug[slug])
        sorter.done(slug)
    return order, []
