"""What the preview card of an entry link shows, as small JSON files fetched when a reader asks.

Every link to an entry carries ``data-dw-preview="<slug>"``; ``assets/preview.js`` shows a card
(the term, its level, the one-line definition and a thumbnail of the entry's first figure) when
the link is hovered or focused. The data is split by the slug's first character into
``previews/<c>.json``, so a page fetches only the files of the links a reader points at: a few
hundred bytes each for a glossary of dozens of entries, tens of kilobytes for one of thousands.
"""

from __future__ import annotations

import json
from collections import defaultdict

from ..glossary.entries import Entry
from ..glossary.markup import FigureEmbed, find_references
from ..runs.figures import FigureOutput, dark_variant

PREVIEWS = "previews"
ATTRIBUTE = "data-dw-preview"


def shard(slug: str) -> str:
    """The file that holds a slug's preview: its first character (slugs are [a-z0-9-])."""
    return slug[:1] if slug[:1].isascii() and slug[:1].isalnum() else "_"


def main_figure(entry: Entry, outputs: dict[str, FigureOutput]) -> tuple[str, str] | None:
    """Site paths of the entry's first figure, light and dark, or None when it shows none."""
    for section in entry.sections:
        for ref in find_references(section.body):
            if not isinstance(ref, FigureEmbed) or ref.script not in outputs:
                continue
            file_name = ref.name.split("/", 1)[1]
            files = outputs[ref.script].files
            if file_name in files:
                dark = dark_variant(file_name) if dark_variant(file_name) in files else file_name
                return f"figures/{ref.script}/{file_name}", f"figures/{ref.script}/{dark}"
    return None


def preview_files(entries: list[Entry], outputs: dict[str, FigureOutput]) -> dict[str, str]:
    """``previews/<c>.json`` -> its text: slug -> term, level, short and figure paths."""
    shards: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
    for entry in entries:
        record = {"term": entry.term, "level": entry.level, "short": entry.short}
        figure = main_figure(entry, outputs)
        if figure:
            record["figure"], record["figure_dark"] = figure
        shards[shard(entry.slug)][entry.slug] = record
    return {
        f"{PREVIEWS}/{name}.json": json.dumps(records, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        for name, records in sorted(shards.items())
    }
