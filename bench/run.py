"""Benchmark: how the glossary engine scales, against baselines measured in the same run.

Not part of the tests (tests check behaviour, never speed). Run with `make bench`.

It writes synthetic glossaries of N and 10×N entries (every entry complete and
cross-linked, so validation, backlinks and rendering all do real work) and
measures:

1. `dials-weights check` on both sizes: the ratio shows whether validation is
   linear (about 10×) or worse.
2. a full `mkdocs build` of the large glossary with our plugin, against plain
   MkDocs + Material building the same number of ordinary pages kept out of the
   navigation (the cheapest possible site of that size).

    python bench/run.py [--entries 500] [--keep]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = [
    "model",
    "data",
    "training",
    "weight",
    "loss",
    "step",
    "rate",
    "epoch",
    "batch",
    "split",
    "score",
    "search",
    "grid",
    "tree",
    "depth",
    "kernel",
]

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


def write_glossary(folder: Path, count: int) -> None:
    (folder / "glossary").mkdir(parents=True)
    (folder / "docs").mkdir()
    (folder / "docs" / "index.md").write_text("# Bench\n")
    for n in range(count):
        word = WORDS[n % len(WORDS)]
        text = ENTRY.format(
            term=f"Term {n:05d}",
            n=n,
            word=word,
            level=("beginner", "intermediate", "advanced")[n % 3],
            tag=word,
            prereq=slug(max(n - 1, 0)) if n else slug(1),
            related=slug((n + 1) % count),
            other=slug((n * 7 + 3) % count),
        )
        if n == 0:
            text = text.replace(f"prerequisites: [{slug(1)}]", "prerequisites: []")
        (folder / "glossary" / f"{slug(n)}.md").write_text(text)
    (folder / "mkdocs.yml").write_text(CONFIG.format(plugin="  - dials-weights"))


def write_plain(folder: Path, count: int) -> None:
    """The baseline: the same number of ordinary Markdown pages, no plugin, not in the navigation."""
    (folder / "docs" / "pages").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text("# Bench\n")
    for n in range(count):
        body = ENTRY.split("---", 2)[2].format(n=n, word=WORDS[n % len(WORDS)], prereq="x", related="y", other="z")
        (folder / "docs" / "pages" / f"{slug(n)}.md").write_text(
            f"# Term {n}\n\n{body.replace('[[', '').replace(']]', '')}"
        )
    (folder / "mkdocs.yml").write_text(CONFIG.format(plugin="") + "not_in_nav: /pages/*.md\n")


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    result = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"benchmark step failed: {' '.join(command)}\n{result.stdout}{result.stderr}")
    return elapsed


def site_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=500, help="small size N (the large one is 10×N)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders")
    args = parser.parse_args()
    small, large = args.entries, args.entries * 10
    work = Path(tempfile.mkdtemp(prefix="dw-bench-"))
    python = sys.executable
    try:
        started = time.perf_counter()
        result = subprocess.run(
            [python, "-m", "dials_weights", "--root", str(ROOT), "--cache-dir", str(work / "cache"), "figures"],
            capture_output=True,
            text=True,
        )
        figures_wall = time.perf_counter() - started
        if result.returncode != 0:
            sys.exit(result.stdout + result.stderr)
        script_seconds = [float(m) for m in re.findall(r"ran in ([0-9.]+) s", result.stdout)]
        print(result.stdout.rstrip())
        write_glossary(work / "small", small)
        write_glossary(work / "large", large)
        write_plain(work / "plain", large)
        check = [python, "-m", "dials_weights", "check"]
        check_small = timed(check, work / "small")
        check_large = timed(check, work / "large")
        build = [python, "-m", "mkdocs", "build", "--site-dir", "site"]
        build_plain = timed(build, work / "plain")
        build_small = timed(build, work / "small")
        build_large = timed(build, work / "large")
        size_plain, size_large = site_size(work / "plain" / "site"), site_size(work / "large" / "site")
        print(f"{'measure':44} {'seconds':>9} {'ratio':>8}")
        print(f"{f'{len(script_seconds)} scripts one after another (baseline)':44} {sum(script_seconds):9.2f} {1:8.2f}")
        print(
            f"{'cold figure run, in parallel':44} {figures_wall:9.2f} {figures_wall / sum(script_seconds):8.2f}"
            "  (goal: at most 60 s)"
        )
        print(f"{f'check, {small} entries (baseline)':44} {check_small:9.2f} {1:8.2f}")
        print(f"{f'check, {large} entries':44} {check_large:9.2f} {check_large / check_small:8.2f}  (10.00 = linear)")
        print(f"{f'plain MkDocs + Material, {large} pages (baseline)':44} {build_plain:9.2f} {1:8.2f}")
        print(f"{f'our build, {large} entries':44} {build_large:9.2f} {build_large / build_plain:8.2f}")
        print(f"{f'our build, {small} entries (scaling baseline)':44} {build_small:9.2f} {1:8.2f}")
        scaling = build_large / build_small
        print(f"{f'our build, {large} entries (vs {small})':44} {build_large:9.2f} {scaling:8.2f}  (10.00 = linear)")
        sizes = f"{size_plain / 1e6:9.1f} {size_large / size_plain:8.2f}  ours {size_large / 1e6:.1f}"
        print(f"{'site size, plain vs ours (MB)':44} {sizes}")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
