"""The readable text of a hand-written page or walkthrough, split into its sections, for search.

Entries are indexed from their source (``search_index``); the other pages
(guides, walkthroughs, home, about) from the HTML MkDocs rendered for them. Only
what a reader reads is kept: headings and prose, inline code included. Page
furniture is left out: heading permalinks, "how this was made" notes, level and
tag badges, formulas, code blocks and notebook code and outputs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

# Elements whose text is never indexed, by tag or by one of their classes.
SKIP_TAGS = frozenset({"script", "style", "svg", "pre", "nav", "button", "template", "noscript", "select", "textarea"})
SKIP_CLASSES = frozenset(
    {
        "headerlink",
        "anchor-link",
        "dw-made",
        "dw-level",
        "dw-tag",
        "dw-entry-meta",
        "dw-provenance",
        "arithmatex",
        "md-source-file",
        "jp-InputArea-prompt",
        "jp-OutputArea",
        "jp-CodeCell",
        "highlight",
        "clipboard-copy-txt",
        "zeroclipboard-container",
    }
)
HEADINGS = frozenset({"h1", "h2", "h3"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
BLOCKS = frozenset({"p", "li", "td", "th", "dt", "dd", "div", "section", "figcaption", "blockquote", "tr", "details"})


@dataclass
class Section:
    anchor: str  # "" for the top of the page
    heading: str
    text: str = ""


@dataclass
class PageText:
    url: str  # site-relative, as MkDocs gives it: "guides/parameters-vs-hyperparameters/"
    title: str
    sections: list[Section] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.sections: list[Section] = [Section("", "")]
        self.heading: list[str] | None = None
        self.heading_depth = 0
        self.buffer: list[str] = []

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        skipped = self.skipping or tag in SKIP_TAGS or bool(classes & SKIP_CLASSES)
        if tag in VOID:
            return
        self.stack.append((tag, skipped))
        if skipped:
            return
        if tag in HEADINGS and attributes.get("id"):
            self._flush()
            self.sections.append(Section(attributes["id"] or "", ""))
            self.heading, self.heading_depth = [], len(self.stack)
        elif tag in BLOCKS:
            self.buffer.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self.stack:  # close what the page left open, as a browser would
            open_tag, _ = self.stack.pop()
            if self.heading is not None and len(self.stack) < self.heading_depth:
                self.sections[-1].heading = _squash("".join(self.heading))
                self.heading = None
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.heading is not None:
            self.heading.append(data)
        else:
            self.buffer.append(data)

    def _flush(self) -> None:
        self.sections[-1].text = _squash(self.sections[-1].text + " " + "".join(self.buffer))
        self.buffer = []

    def finish(self) -> list[Section]:
        self._flush()
        return [s for s in self.sections if s.heading or s.text]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


_NOTEBOOK_MARKDOWN = re.compile(r'<div class="[^"]*\bjp-RenderedMarkdown\b[^"]*"[^>]*>', re.I)


def page_text(url: str, title: str, html: str) -> PageText:
    """A page's sections (one per heading with an id) with their plain text.

    ``title`` may come HTML-escaped (the plugin escapes page titles for Material's templates): it is
    unescaped here, since the browser shows it as text."""
    title = unescape(title)
    if "jupyter-wrapper" in html:
        html = _notebook_markdown(html)
    reader = _Reader()
    reader.feed(html)
    reader.close()
    sections = reader.finish()
    if sections and not sections[0].heading and not sections[0].text:
        sections = sections[1:]
    return PageText(url, title, sections)


def _notebook_markdown(html: str) -> str:
    """Only the Markdown cells of a rendered notebook: code and outputs are not prose."""
    pieces = []
    for match in _NOTEBOOK_MARKDOWN.finditer(html):
        start = match.end()
        depth, position = 1, start
        for tag in re.finditer(r"<(/?)div\b[^>]*>", html[start:]):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                position = start + tag.start()
                break
        pieces.append(html[start:position])
    return "\n".join(pieces)
