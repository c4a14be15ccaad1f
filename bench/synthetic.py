"""Synthetic glossaries: N complete, cross-linked entries, and the same text as plain pages.

Every entry has every section and links to its neighbours, so validation, backlinks, the
reading order and rendering all do real work. The plain twin is the same Markdown with our
syntax turned into plain text, kept out of the navigation: the cheapest site of that size
that MkDocs + Material can build.
"""

from __future__ import annotations

from pathlib import Path

WORDS = ["model", "data", "training", "weight", "loss", "step", "rate", "epoch"]
WORDS += ["batch", "split", "score", "search", "grid", "tree", "depth", "kernel"]

ENTRY = """---
term: {term}
aliases: [{term}s]
short: Synthetic entry number {n} about {word}.
level: {level}
tags: [{tag}]
prerequisites: [{prereq}]
related: [{related}]
---

## In simple terms
Entry {n} builds on [[{prereq}]] and mentions [[{related}]] and [[{other}]].

## Definition
A definition with a formula $y = w x + b$ for entry {n}.

## Analogy
Like a {word} in a kitchen.

**Where the analogy breaks:** kitchens have no {word}.

## Real-world example
A worked example for {word} number {n}.

## FAQ

### What is entry {n}?
A synthetic term.

### Why does it exist?
To measure the build.

### Is it linked?
Yes, to [[{related}]].
"""

CONFIG = """site_name: Bench
site_url: https://example.org/
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - search
{plugin}
markdown_extensions: [attr_list, md_in_html, pymdownx.details, pymdownx.superfences, toc]
validation:
  links:
    absolute_links: relative_to_docs
nav:
  - Home: index.md
"""


def slug(n: int) -> str:
    return f"term-{n:05d}"


def entry_text(n: int, count: int) -> str:
    word = WORDS[n % len(WORDS)]
    text = ENTRY.format(
        term=f"Term {n:05d}",
        n=n,
        word=word,
        level=("beginner", "intermediate", "advanced")[n % 3],
        tag=word,
        prereq=slug(n - 1) if n else slug(1),
        related=slug((n + 1) % count),
        other=slug((n * 7 + 3) % count),
    )
    return text.replace(f"prerequisites: [{slug(1)}]", "prerequisites: []") if n == 0 else text


def plain_text(n: int) -> str:
    """Entry ``n`` as an ordinary page: a title, then the same sections with links as plain words."""
    body = ENTRY.split("---", 2)[2].format(n=n, word=WORDS[n % len(WORDS)], prereq="x", related="y", other="z")
    return f"# Term {n:05d}\n\nSynthetic entry number {n} about {WORDS[n % len(WORDS)]}.\n{body}".replace(
        "[[", ""
    ).replace("]]", "")


def add_entries(glossary: Path, count: int) -> None:
    """``count`` synthetic entries in an existing glossary folder (they link among themselves)."""
    glossary.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (glossary / f"{slug(n)}.md").write_text(entry_text(n, count))


def add_plain_pages(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"{slug(n)}.md").write_text(plain_text(n))


def write_glossary(folder: Path, count: int) -> None:
    """A project of ``count`` entries built by our plugin."""
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Bench\n")
    add_entries(folder / "glossary", count)
    (folder / "mkdocs.yml").write_text(CONFIG.format(plugin="  - dials-weights"))


def write_plain(folder: Path, count: int) -> None:
    """The baseline: the same pages, no plugin, out of the navigation."""
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Bench\n")
    add_plain_pages(folder / "docs" / "glossary", count)
    (folder / "mkdocs.yml").write_text(CONFIG.format(plugin="") + "not_in_nav: /glossary/*.md\n")
