"""The three bits of syntax our pages add to Markdown, found with their lines.

- ``[[overfitting]]`` or ``[[overfit|the label]]``: a link to an entry, by slug
  or alias (target first, then the text to show, as in most wikis).
- ``{{ regression_fit.slope:.2f }}``: a number from a figure script's metrics,
  with an optional Python format spec (``.2f``, ``.1%``, ``,d``).
- ``![Alt text](figure:regression_fit/fit.svg "Caption")``: a figure made by a
  figure script, with required alt text and caption.
- ``![Alt text](dial:knn_sweep "Caption")``: a dial over a script's sweep; found,
  checked and expanded by ``dials.py`` (with ``prose_lines`` from here).

Fenced code blocks are left alone so that the syntax itself can be documented.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

XREF = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")
METRIC = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\.([A-Za-z0-9_.]+?)\s*(?::([^{}\n]*?))?\s*\}\}")
FIGURE = re.compile(r"!\[([^\]\n]*)\]\(figure:([^\s)\"]+)(?:\s+\"([^\"\n]*)\")?\s*\)")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


@dataclass(frozen=True)
class XRef:
    line: int
    target: str
    label: str | None
    source: str


@dataclass(frozen=True)
class MetricQuote:
    line: int
    script: str
    key: str
    format_spec: str
    source: str


@dataclass(frozen=True)
class FigureEmbed:
    line: int
    name: str  # "script/file.svg"
    alt: str
    caption: str
    source: str

    @property
    def script(self) -> str:
        return self.name.split("/", 1)[0]


Reference = XRef | MetricQuote | FigureEmbed


def _figure(m: re.Match[str], line: int) -> FigureEmbed:
    return FigureEmbed(line, m.group(2), m.group(1).strip(), (m.group(3) or "").strip(), m.group(0))


def _xref(m: re.Match[str], line: int) -> XRef:
    return XRef(line, m.group(1).strip(), (m.group(2) or "").strip() or None, m.group(0))


def _metric(m: re.Match[str], line: int) -> MetricQuote:
    return MetricQuote(line, m.group(1), m.group(2), (m.group(3) or "").strip(), m.group(0))


# Figures first: their caption may itself hold cross-references and metrics.
_KINDS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], int], Reference]], ...] = (
    (FIGURE, _figure),
    (XREF, _xref),
    (METRIC, _metric),
)


def _lines(text: str, first_line: int) -> Iterator[tuple[int, str, bool]]:
    """Every line with its number and whether it is prose (outside a fenced code block)."""
    fence: str | None = None
    for offset, line in enumerate(text.split("\n")):
        match = _FENCE.match(line)
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
            yield first_line + offset, line, False
            continue
        yield first_line + offset, line, fence is None


_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)


def without_comments(text: str) -> str:
    """``text`` with HTML comments blanked (line breaks kept), so syntax shown in a hint is not checked."""
    return _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def prose_lines(text: str, first_line: int = 1) -> Iterator[tuple[int, str]]:
    """Every line outside fenced code blocks, with its number."""
    for number, line, prose in _lines(text, first_line):
        if prose:
            yield number, line


_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")


def _matches(pattern: re.Pattern[str], line: str) -> Iterator[re.Match[str]]:
    """Matches outside inline code spans (`[[slug]]` in backticks is shown, not linked).

    Code spans are blanked in a copy of the line; each match found there is matched again
    on the real text, so a figure caption may still hold code of its own.
    """
    masked = _CODE_SPAN.sub(lambda m: "\x01" * len(m.group(0)), line) if "`" in line else line
    for found in pattern.finditer(masked):
        real = pattern.fullmatch(line, found.start(), found.end())
        if real is not None:
            yield real


outside_code = _matches  # dials.py finds its embeds the same way


@lru_cache(maxsize=16384)
def find_references(text: str, first_line: int = 1) -> tuple[Reference, ...]:
    """Every cross-reference, metric quote and figure in ``text``, in order.

    Kept per text: validation, the link graph and the preview cards each look through every
    entry on every `mkdocs serve` rebuild, and a save changes one entry."""
    found: list[Reference] = []
    for number, line, prose in _lines(text, first_line):
        if prose and ("[[" in line or "{{" in line or "](figure:" in line):  # most lines have none
            for pattern, make in _KINDS:
                found.extend(make(m, number) for m in _matches(pattern, line))
    return tuple(found)


def substitute(text: str, replace: Callable[[Reference], str], first_line: int = 1) -> str:
    """Replace every reference outside code (fences and inline spans) with what ``replace`` returns."""
    out: list[str] = []
    for number, line, prose in _lines(text, first_line):
        if prose and ("[[" in line or "{{" in line or "](figure:" in line):  # most lines have none
            for pattern, make in _KINDS:
                pieces, last = [], 0
                for m in _matches(pattern, line):
                    pieces += [line[last : m.start()], replace(make(m, number))]
                    last = m.end()
                line = "".join(pieces) + line[last:]
        out.append(line)
    return "\n".join(out)


def format_metric(value: object, format_spec: str) -> str:
    """Format a metric the way the page asked; raises ValueError on a bad spec."""
    if format_spec:
        return format(value, format_spec)
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)
