"""Walkthrough notebooks as HTML, converted once and cached by their content.

The executed notebook (our syntax already expanded, see ``notebooks_site``) is
turned into HTML by mkdocs-jupyter's converter, the same templates and heading
ids its MkDocs plugin uses, and the result is cached under the hash of the
notebook's bytes and the converter's versions. A warm build, or a `mkdocs
serve` rebuild, reads the cache and never imports nbconvert, which alone costs
more than a second and a half.

The table of contents comes from the Markdown cells' headings, with the ids
the converter gives them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = "1"
TOC_DEPTH = 3


@dataclass(frozen=True)
class RenderedNotebook:
    html: str
    toc: list[dict[str, Any]]  # Python-Markdown's toc_tokens: level, id, name, children
    title: str | None


def _versions() -> str:
    found = []
    for name in ("mkdocs-jupyter", "nbconvert", "mistune", "pygments", "markdown"):
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=absent")
    return ";".join(found)


def cache_key(notebook: bytes) -> str:
    return hashlib.sha256(f"{FORMAT};{_versions()}\0".encode() + notebook).hexdigest()[:24]


def render(notebook_path: Path, cache_dir: Path) -> RenderedNotebook:
    """The page HTML of one executed notebook, from the cache when its bytes were seen before."""
    data = notebook_path.read_bytes()
    cached = cache_dir / f"{cache_key(data)}.json"
    if cached.is_file():
        try:
            record = json.loads(cached.read_text(encoding="utf-8"))
            return RenderedNotebook(record["html"], record["toc"], record["title"])
        except (OSError, ValueError, KeyError):
            pass  # a damaged entry is converted again
    rendered = _convert(notebook_path)
    cache_dir.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=cache_dir, prefix=".tmp-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump({"html": rendered.html, "toc": rendered.toc, "title": rendered.title}, stream, sort_keys=True)
    os.replace(temporary, cached)
    return rendered


def _convert(notebook_path: Path) -> RenderedNotebook:
    import markdown
    import mkdocs_jupyter.convert  # noqa: F401 - gives headings the lower-case ids the toc links to
    from markdown.extensions.toc import TocExtension
    from mkdocs_jupyter.nbconvert2 import nb2html

    html = nb2html(str(notebook_path), execute=False, theme="light", include_requirejs=False)
    # JupyterLab's stylesheet (575 kB, light colours only): the site lays notebooks out itself.
    html = re.sub(r"<style\b[^>]*>.*?</style>", "", html, flags=re.S)
    notebook = json.loads(notebook_path.read_text(encoding="utf-8"))
    cells = [c for c in notebook.get("cells", []) if c.get("cell_type") == "markdown"]
    text = "\n\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells)
    converter = markdown.Markdown(extensions=[TocExtension(toc_depth=TOC_DEPTH)])
    converter.convert(text)
    toc = converter.toc_tokens  # type: ignore[attr-defined]
    title = next((token["name"] for token in toc if token["level"] == 1), None)
    return RenderedNotebook(html, toc, title)
