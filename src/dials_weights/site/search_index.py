"""The site search's data: entry names up front, full text in shards, fetched when search opens.

Readers search a glossary for a name (a term, an alias, a library argument
such as ``max_depth``), often misspelt, sometimes as a question. So the index
has two layers:

- ``search/index.js``: every entry's names (term, aliases, arguments) and level,
  every page's title, and the word rules of ``search_text``. The browser ranks
  entries by name from this file alone: exact names, hyphen and space variants,
  plurals, British and American spellings, typos, prefixes as you type.
- ``search/text-<n>.js``: the full text as postings (token -> documents and a
  weight), split into shards by a hash of the token, so a query fetches only
  the shards of its own words. Entries contribute their FAQ questions, their
  one-line definition and their sections; guides and walkthroughs contribute
  their sections (``search_pages``).
- ``search/docs-<n>.js``: what a result card shows (an entry's definition and
  questions, a section's heading and text), in blocks of consecutive documents,
  fetched for the results on screen.

Files are JavaScript that hand their data to the page (``__dwSearch.data(...)``)
so that the same files load over HTTP and from the file system (the offline
copy), where ``fetch`` is refused. Their content is JSON with every non-ASCII
character and ``<`` escaped: entry text is data, never markup. A small site is
one shard and one block, fetched in full when search opens; at thousands of
entries a query fetches the names, a few shards and a few blocks.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..content import Content
from ..glossary.entries import LEVELS, Entry, slugify
from .render import plain_text
from .search_pages import PageText
from .search_text import rules, shard_of, tokens
from .site_files import metric_text

FOLDER = "search"
SHARD_TARGET = 20_000  # raw bytes of postings per text shard
BLOCK_SIZE = 16  # documents per block of result-card data
PREFETCH_LIMIT = 150_000  # gzip bytes: a site whose whole index is smaller fetches all of it on open
# Field weights. Body text counts its occurrences, up to BODY_CAP; a question outweighs every other
# field together, so the browser can tell which words of a query an entry's FAQ questions hold.
QUESTION, SHORT, HEADING, TITLE = 8, 2, 4, 2
BODY_CAP = 4

_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$", re.S)
_HTML_TAG = re.compile(r"<[^>]+>")
_ATTRIBUTES = re.compile(r"\{\s*[:.#][^}]*\}")


@dataclass
class Document:
    """One searchable unit: an entry, or a section of a page."""

    card: list[object]  # what a result shows, stored in the document blocks
    fields: list[tuple[str, int]]  # (text, weight); weight 0 = body text, counted per occurrence


@lru_cache(maxsize=8192)  # the same sections come back on every `mkdocs serve` rebuild
def markdown_text(markdown: str) -> str:
    """Plain words from an entry's Markdown (already stripped of our own syntax by the caller)."""
    text = _MATH.sub(" ", markdown)
    text = _LINK_TARGET.sub("]", text)
    text = _ATTRIBUTES.sub(" ", text)
    text = _HTML_TAG.sub(" ", text)
    return re.sub(r"[*`#>|\[\]]+", " ", text)


def entry_document(entry: Entry, plain: Callable[[str], str]) -> Document:
    questions = [q.question.replace("`", "") for q in entry.faq]  # code spans read as their words
    body = [s.body for s in entry.sections if s.title != "FAQ"] + [q.answer for q in entry.faq]
    fields = [(q, QUESTION) for q in questions] + [(entry.short, SHORT)]
    fields += [(markdown_text(plain(text)), 0) for text in body]
    return Document([entry.short, questions], fields)


def section_documents(page_index: int, page: PageText) -> list[Document]:
    out = []
    for section in page.sections:
        fields = [(section.heading, HEADING), (page.title, TITLE), (section.text, 0)]
        out.append(Document([page_index, section.anchor, section.heading, section.text], fields))
    return out


def postings(documents: list[Document]) -> dict[str, list[tuple[int, int]]]:
    """token -> [(document, weight)], documents in increasing order."""
    index: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for number, document in enumerate(documents):
        for token, weight in _weights(tuple(document.fields)):
            index[token].append((number, weight))
    return index


@lru_cache(maxsize=4096)  # the real glossary has about 600 documents; bounded for big ones
def _weights(document_fields: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
    """Each token of one document with its weight. Kept across `mkdocs serve` rebuilds, where
    one saved entry changes a handful of the glossary's documents."""
    fields: dict[str, set[int]] = defaultdict(set)  # token -> weights of the fields it is in
    body: Counter[str] = Counter()
    for text, weight in document_fields:
        found = [t for t in tokens(text, shortest=2) if not t.isdigit()]
        if weight:
            for token in found:
                fields[token].add(weight)
        else:
            body.update(found)
    return tuple(
        (token, sum(fields.get(token, ())) + min(body[token], BODY_CAP)) for token in sorted(set(fields) | set(body))
    )


def _delta(pairs: list[tuple[int, int]]) -> list[int]:
    out, previous = [], 0
    for document, weight in pairs:
        out += [document - previous, weight]
        previous = document
    return out


def script(name: str, data: object) -> str:
    """A data file: JSON handed to the search script. ASCII only, and no '<', so never markup."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
    return f"__dwSearch.data({json.dumps(name)},{text.replace('<', chr(92) + 'u003c')});\n"


@lru_cache(maxsize=256)  # search files an edit did not change are not compressed again under serve
def gzip_size(text: str) -> int:
    return len(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


def _slug(entry: Entry) -> str:
    return "" if entry.term.isascii() and slugify(entry.term) == entry.slug else entry.slug


def _smaller_than(limit: int, texts: list[str]) -> bool:
    """Whether the texts together gzip to at most ``limit`` bytes (stops counting once they do not)."""
    total = 0
    for text in texts:
        total += gzip_size(text)
        if total > limit:
            return False
    return True


def build_search(entries: list[Entry], pages: list[PageText], plain: Callable[[str], str]) -> dict[str, str]:
    """Every search file, by its path in the site."""
    entries = sorted(entries, key=lambda e: e.slug)
    documents = [entry_document(e, plain) for e in entries]
    for number, page in enumerate(pages):
        documents += section_documents(number, page)
    index = postings(documents)
    sizes = {token: len(token) + 6 * len(pairs) + 8 for token, pairs in index.items()}
    count = 1
    while sum(sizes.values()) / count > SHARD_TARGET:
        count *= 2
    shards: list[dict[str, list[int]]] = [{} for _ in range(count)]
    for token in sorted(index):
        shards[shard_of(token, count)][token] = _delta(index[token])
    files = {f"{FOLDER}/text-{n}.js": script(f"text-{n}", shard) for n, shard in enumerate(shards)}
    blocks = math.ceil(len(documents) / BLOCK_SIZE)
    for n in range(blocks):
        cards = [d.card for d in documents[n * BLOCK_SIZE : (n + 1) * BLOCK_SIZE]]
        files[f"{FOLDER}/docs-{n}.js"] = script(f"docs-{n}", cards)
    level = {name: number for number, name in enumerate(LEVELS)}
    head = {
        "version": 1,
        "rules": rules(),
        "levels": list(LEVELS),
        # A slug that is the term's own (as `dials-weights new` makes it) is left out: "" stands for it.
        "entries": [[_slug(e), e.term, level.get(e.level, -1), e.aliases, e.arguments] for e in entries],
        "pages": [[p.url, p.title] for p in pages],
        "documents": len(documents),
        "shards": count,
        "blocks": blocks,
        "block": BLOCK_SIZE,
        "question": QUESTION,
    }
    head["prefetch"] = _smaller_than(PREFETCH_LIMIT, [script("index", head), *files.values()])
    files[f"{FOLDER}/index.js"] = script("index", head)
    return dict(sorted(files.items()))


def search_files(content: Content, pages: list[PageText]) -> dict[str, str]:
    """The search files for a site: its entries, and the hand-written pages MkDocs rendered."""

    with_metrics = _PLAIN_WITH_METRICS.for_outputs(content.catalogue.output_folders())

    def plain(markdown: str) -> str:
        if "{{" not in markdown:  # quotes no metric (markup.METRIC)
            return _plain_without_metrics(markdown)
        if markdown not in with_metrics:
            with_metrics[markdown] = plain_text(markdown, lambda quote: metric_text(content, quote))
        return with_metrics[markdown]

    return build_search(content.entries, sorted(pages, key=lambda p: p.url), plain)


class _PlainTextsWithMetrics:
    """Plain texts of sections that quote metrics, kept for as long as the figure output folders
    (FigureCatalogue.output_folders) stay the same."""

    LIMIT = 8192

    def __init__(self) -> None:
        self._outputs: list[tuple[str, str]] | None = None
        self._texts: dict[str, str] = {}

    def for_outputs(self, outputs: list[tuple[str, str]]) -> dict[str, str]:
        if outputs != self._outputs or len(self._texts) > self.LIMIT:
            self._outputs, self._texts = outputs, {}
        return self._texts


_PLAIN_WITH_METRICS = _PlainTextsWithMetrics()


@lru_cache(maxsize=8192)  # kept across `mkdocs serve` rebuilds, where a save changes one entry's sections
def _plain_without_metrics(markdown: str) -> str:
    return plain_text(markdown, _no_metric)


def _no_metric(quote: object) -> str:
    raise AssertionError(f"a text without '{{{{' quoted a metric: {quote}")


SEARCH_BUDGET = 5_000_000  # bytes of search data; the real glossary needs about 0.3 MB
SOURCE_GROWTH = 3  # and this many bytes more per byte of entry source


def over_budget(
    files: dict[str, str],
    entries: list[Entry],
    pages: list[PageText],
    *,
    budget: int = SEARCH_BUDGET,
    growth: int = SOURCE_GROWTH,
) -> str | None:
    """A sentence naming the largest source when the search data outgrows its budget, else None.

    The index holds every entry's text and every page's sections, so a runaway in one source (a
    huge notebook output, a repeated block) would be shipped to every reader who opens search.
    """
    size = sum(len(text.encode("utf-8")) for text in files.values())
    sources = sum(e.source.stat().st_size for e in entries if e.source.is_file())
    allowed = budget + growth * sources
    if size <= allowed:
        return None
    weights = {f"the page {p.url or '/'}": sum(len(s.heading) + len(s.text) for s in p.sections) for p in pages}
    weights |= {e.path: len(e.source.read_bytes()) for e in entries if e.source.is_file()}
    largest = max(sorted(weights), key=lambda name: weights[name]) if weights else "no page"
    return (
        f"the search data is {size:,} bytes, over its budget of {allowed:,}; its largest source is {largest} "
        f"({weights.get(largest, 0):,} characters): look for a runaway repetition or a huge output there"
    )


def write_files(site_dir: Path, files: dict[str, str]) -> None:
    """Write the search files into the built site, removing shards a bigger earlier index left."""
    for stale in (site_dir / FOLDER).glob("*.js"):
        if f"{FOLDER}/{stale.name}" not in files:
            stale.unlink()
    for path, text in files.items():
        target = site_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
