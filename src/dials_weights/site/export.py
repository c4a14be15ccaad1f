"""Machine-readable views of the glossary: ``glossary.json`` and schema.org JSON-LD."""

from __future__ import annotations

import json
from collections.abc import Callable

from ..glossary.entries import Entry
from .render import SET_NAME, entry_url


def glossary_json(entries: list[Entry], site_url: str, dates: dict[str, str]) -> str:
    """Every entry as data, in slug order, with stable formatting."""
    records = [
        {
            "slug": e.slug,
            "term": e.term,
            "aliases": e.aliases,
            "arguments": e.arguments,
            "short": e.short,
            "level": e.level,
            "tags": e.tags,
            "prerequisites": e.prerequisites,
            "related": e.related,
            "url": site_url + entry_url(e.slug),
            "last_updated": dates.get(e.path),
        }
        for e in sorted(entries, key=lambda e: e.slug)
    ]
    return (
        json.dumps(
            {"name": SET_NAME, "url": site_url + "glossary/", "entries": records},
            indent=1,
            ensure_ascii=False,
            sort_keys=True,
        )
        + "\n"
    )


def entry_json_ld(entry: Entry, site_url: str, answer_text: Callable[[str], str]) -> dict[str, object]:
    """A ``DefinedTerm`` in the glossary's ``DefinedTermSet``, plus an ``FAQPage``, in one graph."""
    url = site_url + entry_url(entry.slug)
    term: dict[str, object] = {
        "@type": "DefinedTerm",
        "@id": url + "#term",
        "name": entry.term,
        "description": entry.short,
        "url": url,
        "inDefinedTermSet": {"@type": "DefinedTermSet", "name": SET_NAME, "url": site_url + "glossary/"},
    }
    if entry.aliases or entry.arguments:
        term["alternateName"] = [*entry.aliases, *entry.arguments]
    graph: list[dict[str, object]] = [term]
    if entry.faq:
        graph.append(
            {
                "@type": "FAQPage",
                "@id": url + "#faq",
                "url": url,
                "mainEntity": [
                    {
                        "@type": "Question",
                        "name": q.question,
                        "acceptedAnswer": {"@type": "Answer", "text": answer_text(q.answer)},
                    }
                    for q in entry.faq
                ],
            }
        )
    return {"@context": "https://schema.org", "@graph": graph}
