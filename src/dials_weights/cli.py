"""The contributor's command line: check content, scaffold an entry, run the figures.

dials-weights check          validate every entry and page (no site build)
dials-weights new "Term"     create glossary/<slug>.md from the template
dials-weights figures        run stale figure and notebook scripts, print timings
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .content import prepare, prune_cache
from .glossary.entries import slugify
from .problems import format_problems
from .project import Project, find_root
from .runs.runner import progress_line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="dials-weights", description="Dials & Weights content tools.")
    parser.add_argument("--root", type=Path, default=None, help="project folder (default: the one holding mkdocs.yml)")
    parser.add_argument("--cache-dir", type=Path, default=None, help="where script outputs are cached")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate the glossary and pages without building the site")
    new = commands.add_parser("new", help="scaffold a new entry from glossary/_template.md")
    new.add_argument("term", help='the term, e.g. "Learning rate"')
    figures = commands.add_parser("figures", help="run the figure and notebook scripts that changed")
    figures.add_argument("--rerun", action="store_true", help="run every script, ignoring the cache")
    args = parser.parse_args(argv)
    project = Project.at(args.root or find_root(Path.cwd()), cache_dir=args.cache_dir)
    if args.command == "check":
        return _check(project)
    if args.command == "new":
        return _new(project, args.term)
    return _figures(project, args.rerun)


def _check(project: Project) -> int:
    started = time.perf_counter()
    content = prepare(project, run_scripts=False)
    elapsed = time.perf_counter() - started
    if content.problems:
        print(format_problems(content.problems), file=sys.stderr)
        print(f"\n{len(content.problems)} problem(s) in the content.", file=sys.stderr)
        return 1
    missing = sorted(content.catalogue.scripts - set(content.catalogue.outputs))
    print(f"{len(content.entries)} entries checked in {elapsed:.2f} s: no problems.")
    if missing:
        print(
            "Not yet run, so their figures and metrics were not checked: "
            + ", ".join(missing)
            + " (run 'dials-weights figures' or 'make build')."
        )
    return 0


def _new(project: Project, term: str) -> int:
    slug = slugify(term)
    target = project.glossary_dir / f"{slug}.md"
    if not slug:
        print(f"error: '{term}' has no letters or digits to make a file name from", file=sys.stderr)
        return 2
    if target.exists():
        print(f"error: {target.relative_to(project.root)} already exists; edit it instead", file=sys.stderr)
        return 2
    template = (project.glossary_dir / "_template.md").read_text(encoding="utf-8")
    text = template.replace("term: Term Name", f"term: {term}", 1)
    target.write_text(text, encoding="utf-8")
    print(f"created {target.relative_to(project.root)}: fill in each section, then run 'dials-weights check'")
    return 0


def _figures(project: Project, rerun: bool) -> int:
    started = time.perf_counter()
    content = prepare(
        project,
        run_scripts=True,
        force=rerun,
        progress=lambda result, done, total: print(progress_line(result, done, total), flush=True),
    )
    ran = [r for r in content.runs if r.status != "cached"]
    cached = len(content.runs) - len(ran)
    reused = f"{cached} script(s) unchanged, outputs reused from the cache" if cached else ""
    if ran:
        print(f"{len(ran)} script(s) run in {time.perf_counter() - started:.1f} s" + (f"; {reused}" if reused else ""))
    elif reused:
        print(reused)
    failed = [p for r in content.runs for p in r.problems] + content.outside_writes
    if failed:
        print("\n" + format_problems(failed), file=sys.stderr)
        return 1
    prune_cache(content)
    return 0


if __name__ == "__main__":
    sys.exit(main())
