"""Pages kept between two `mkdocs serve` rebuilds, keyed by everything that shapes them.

MkDocs reads, converts and renders every page on every save, though one saved
entry changes one or two pages. What a page needs is kept from the last good
build of the same server process (``RebuildMemory``), each under a key of all
its inputs; the two that save the most are:

- a page's filled content (our references expanded, slots filled, sanitised),
  keyed by its own text and the glossary's signature (``GlossarySite.signature``:
  every entry's fields, who links to whom, dates, figure outputs);
- the finished page, keyed by its content, table of contents, title, metadata,
  address and the build's navigation, configuration and templates.

A key that matches means the same inputs, so the same page: it is reused instead
of made again. A build that fails keeps the old pages, since its own may never
have been checked; what a build did not make or reuse is forgotten.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .formulas import FormulaProblem
from .search_pages import PageText

if TYPE_CHECKING:
    from .notebooks_site import NotebookPages

T = TypeVar("T")


def output_key(parts: Iterable[object]) -> str:
    """A hash of plain data (strings, numbers, lists, dicts); anything else by its text.

    Strings, the bulk of a key (a page's whole text), are hashed as they are, length first;
    the rest goes through JSON."""
    digest = hashlib.sha256()
    for part in parts:
        if isinstance(part, str):
            kind, data = b"s", part
        else:
            kind, data = b"j", json.dumps(part, sort_keys=True, default=str, ensure_ascii=False)
        encoded = data.encode("utf-8", "surrogatepass")
        digest.update(kind + str(len(encoded)).encode() + b"\0" + encoded)
    return digest.hexdigest()


class KeptByKey(Generic[T]):
    """Values under keys of their whole input (a page's key includes its path): the last good
    build's, and what this build used or made. What a build did not use is forgotten after it."""

    def __init__(self) -> None:
        self._kept: dict[str, T] = {}
        self._used: dict[str, T] = {}

    def get(self, key: str) -> T | None:
        value = self._kept.get(key)
        if value is not None:
            self._used[key] = value
        return value

    def put(self, key: str, value: T) -> None:
        self._used[key] = value

    def build_succeeded(self) -> None:
        self._kept, self._used = self._used, {}

    def build_failed(self) -> None:
        self._used = {}


@dataclass(frozen=True)
class FilledPage:
    """A page's content as a build filled it."""

    markdown: str  # with our references expanded, as MkDocs converted it
    html: str  # sanitised, slots filled: what MkDocs puts into the theme
    search: PageText | None  # what the site search takes from it, for hand-written pages


@dataclass
class RebuildMemory:
    """Everything one `mkdocs serve` process keeps from its last good build for the next."""

    finished: KeptByKey[str] = field(default_factory=KeptByKey)  # the pages as written
    filled: KeptByKey[FilledPage] = field(default_factory=KeptByKey)  # the pages' filled content
    parts: KeptByKey[str] = field(default_factory=KeptByKey)  # expanded parts of the print and FAQ pages
    cleaned: KeptByKey[tuple[str, list[FormulaProblem]]] = field(default_factory=KeptByKey)  # by HTML hash
    renders: dict[str, dict[str, Any]] = field(default_factory=dict)  # Markdown renderings (RenderCache)
    notebooks: tuple[str, NotebookPages] | None = None  # (key, the walkthrough pages)

    def build_succeeded(self) -> None:
        for kept in (self.finished, self.filled, self.parts, self.cleaned):
            kept.build_succeeded()

    def build_failed(self) -> None:
        for kept in (self.finished, self.filled, self.parts, self.cleaned):
            kept.build_failed()
