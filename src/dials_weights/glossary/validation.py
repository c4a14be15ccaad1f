"""Every rule an entry must follow, each reporting ``path:line: message (hint)``.

All rules run on all entries and every problem is returned, so a contributor
fixes a file in one go instead of one error per build.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from ..problems import Problem
from .content_rules import format_spec_problem, html_problems, link_problems, plain_text_problem
from .entries import (
    ANALOGY_BREAKS,
    FIELDS,
    LEVELS,
    OPTIONAL_SECTIONS,
    REQUIRED_FIELDS,
    SECTION_ORDER,
    Entry,
    is_valid_slug,
    parse_entry,
)
from .markup import FigureEmbed, MetricQuote, XRef, find_references, format_metric, without_comments
from .names import NameIndex, did_you_mean, normalise

SHORT_MAX = 160
MIN_QUESTIONS = 3
RESERVED_SLUGS = frozenset({"index", "tags", "start-here", "all"})
_ARGUMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$")
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z(]")


class FigureCatalogue(Protocol):
    """What validation needs to know about figure scripts and their outputs."""

    def has_script(self, script: str) -> bool: ...

    def figure_names(self, script: str) -> set[str] | None:
        """Figure file names the script made, or None when it has not run yet."""

    def metrics(self, script: str) -> dict[str, object] | None:
        """The script's metrics, or None when it has not run yet."""


def _suggest(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.5)
    return f"did you mean '{close[0]}'?" if close else ""


def validate_entry(entry: Entry) -> list[Problem]:
    """The rules that need only the entry itself; an entry read from a file is checked once per text."""
    if entry.text and parse_entry(entry.text, entry.source, entry.path)[0] is entry:
        return list(_own_problems(entry.text, entry.source, entry.path))
    return _check_entry(entry)


@lru_cache(maxsize=8192)
def _own_problems(text: str, source: Path, path: str) -> tuple[Problem, ...]:
    entry = parse_entry(text, source, path)[0]
    assert entry is not None  # validate_entry asks only for entries that parsed
    return tuple(_check_entry(entry))


def _check_entry(entry: Entry) -> list[Problem]:
    found: list[Problem] = []

    def add(line: int | None, message: str, hint: str = "") -> None:
        found.append(Problem(entry.path, line, message, hint))

    if not is_valid_slug(entry.slug):
        add(
            None,
            f"the file name '{entry.slug}.md' is not a valid slug",
            "use lower-case words joined by hyphens, such as 'learning-rate.md'",
        )
    elif entry.slug in RESERVED_SLUGS:
        add(None, f"'{entry.slug}' is reserved for a page the generator makes", "rename the file")

    for key, line in entry.key_lines.items():
        if key not in FIELDS:
            hint = _suggest(key, FIELDS) or f"allowed keys: {', '.join(FIELDS)}"
            add(line, f"unknown front-matter key '{key}'", hint)
    for key in REQUIRED_FIELDS:
        if key not in entry.raw or entry.raw[key] in (None, "", []):
            add(1, f"the required field '{key}' is missing or empty", f"add a line '{key}: ...' to the front matter")

    for key in ("term", "short", "level"):
        if key in entry.raw and entry.raw[key] is not None and not isinstance(entry.raw[key], str):
            add(entry.line_of(key), f"'{key}' must be text", f"write it as {key}: some text")
    for key in ("aliases", "arguments", "tags", "prerequisites", "related"):
        value = entry.raw.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            add(entry.line_of(key), f"'{key}' must be a list of names", f"write it as {key}: [first, second]")

    if entry.level and entry.level not in LEVELS:
        add(
            entry.line_of("level"),
            f"unknown level '{entry.level}'",
            _suggest(entry.level, LEVELS) or f"use one of: {', '.join(LEVELS)}",
        )
    _check_short(entry, add)
    for key in ("term", "short"):
        value = getattr(entry, key)
        if value and (problem := plain_text_problem(value, key, entry.path, entry.line_of(key))):
            found.append(problem)
    for key in ("aliases", "tags", "prerequisites", "related"):
        for value in getattr(entry, key):
            if problem := plain_text_problem(value, key, entry.path, entry.line_of(key)):
                found.append(problem)
    for question in entry.faq:
        if problem := plain_text_problem(question.question, "FAQ question", entry.path, question.line, code=True):
            found.append(problem)
    found.extend(html_problems(entry.body, entry.body_line, entry.path))
    found.extend(link_problems(entry.body, entry.body_line, entry.path))
    for tag in entry.tags:
        if not is_valid_slug(tag):
            add(
                entry.line_of("tags"),
                f"the tag '{tag}' is not lower-case words joined by hyphens",
                f"write it as '{normalise(tag)}'",
            )
    for name in entry.arguments:
        if not _ARGUMENT.match(name):
            add(
                entry.line_of("arguments"),
                f"'{name}' is not a library argument name",
                "list names as code spells them, such as n_neighbors or learning_rate_init; other names go in aliases",
            )
    if entry.slug in entry.related:
        add(entry.line_of("related"), "an entry cannot be related to itself", f"remove '{entry.slug}' from related")

    for line in entry.title_lines:
        add(line, "entries have no '# ' title heading", "delete it: the page title comes from 'term'")
    for offset, text in enumerate(entry.body.splitlines()):
        if "<!--" in text:
            add(
                entry.body_line + offset,
                "a hint from the template is still here",
                "replace the <!-- ... --> comment with your own text",
            )
    for line in entry.stray_lines[:1]:
        add(line, "text outside any section", "put it under one of the '## ' section headings")
    _check_sections(entry, add)
    return found


def _check_short(entry: Entry, add) -> None:  # type: ignore[no-untyped-def]
    short, line = entry.short, entry.line_of("short")
    if not short:
        return
    if len(short) >= SHORT_MAX:
        add(
            line,
            f"'short' is {len(short)} characters long",
            f"keep it under {SHORT_MAX}: it is the tooltip and the index line",
        )
    if not short.endswith("."):
        add(line, "'short' must be one sentence ending with a full stop", "end it with '.'")
    if _SENTENCE_BREAK.search(short.rstrip(".")):
        add(line, "'short' must be a single sentence", "move the extra detail into 'In simple terms'")


def _check_sections(entry: Entry, add) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, int] = {}
    for section in entry.sections:
        if section.title not in SECTION_ORDER:
            hint = _suggest(section.title, SECTION_ORDER) or f"the sections are: {', '.join(SECTION_ORDER)}"
            add(section.line, f"unknown section '## {section.title}'", hint)
            continue
        if section.title in seen:
            add(
                section.line,
                f"the section '## {section.title}' appears twice",
                f"merge it with the one on line {seen[section.title]}",
            )
            continue
        seen[section.title] = section.line
        if not section.body.strip() and section.title != "FAQ":
            add(section.line, f"the section '## {section.title}' is empty", "write it, or remove it if it is optional")
    last_line = entry.body_line
    for title in SECTION_ORDER:
        if title not in seen:
            if title not in OPTIONAL_SECTIONS:
                add(
                    last_line,
                    f"the section '## {title}' is missing",
                    "add it: see glossary/_template.md for the full shape",
                )
            continue
        last_line = seen[title]
    known = [s for s in entry.sections if s.title in seen and seen[s.title] == s.line]
    expected = [t for t in SECTION_ORDER if t in seen]
    if [s.title for s in known] != expected:
        add(
            known[0].line if known else None,
            "the sections are out of order",
            "put them in this order: " + ", ".join(t for t in expected),
        )

    analogy = entry.section("Analogy")
    if analogy and analogy.body.strip():
        last_paragraph = analogy.body.strip().split("\n\n")[-1]
        if not last_paragraph.startswith(ANALOGY_BREAKS):
            add(
                analogy.line,
                "the analogy does not say where it breaks",
                f"end the section with a paragraph starting '{ANALOGY_BREAKS}'",
            )

    faq = entry.section("FAQ")
    if faq is None:
        return
    if faq.body.strip() and not entry.faq:
        add(faq.line, "the FAQ holds text but no questions", "write each question as a '### Question?' heading")
    if len(entry.faq) < MIN_QUESTIONS:
        add(
            faq.line,
            f"the FAQ has {len(entry.faq)} question(s)",
            f"write at least {MIN_QUESTIONS}, each as a '### Question?' heading",
        )
    for question in entry.faq:
        if not question.question.endswith("?"):
            add(question.line, f"the FAQ heading '{question.question}' is not a question", "end it with '?'")
        if not question.answer.strip():
            add(
                question.line, f"the question '{question.question}' has no answer", "write the answer below the heading"
            )


def validate_glossary(
    entries: list[Entry], catalogue: FigureCatalogue | None = None, unreadable: Iterable[str] = ()
) -> list[Problem]:
    """Rules across entries: unique names, resolvable links, figures and metrics that exist.

    ``unreadable``: slugs of entry files that failed to load (already reported); links to them pass.
    """
    found: list[Problem] = []
    for entry in entries:
        found.extend(validate_entry(entry))
    found.extend(_check_unique_names(entries))
    index = NameIndex(entries, unreadable)
    for entry in entries:
        for key in ("related", "prerequisites"):
            for name in getattr(entry, key):
                if name in index.by_slug or name in index.unreadable:
                    continue
                target = index.resolve(name)
                others = [slug for slug in index.by_slug if slug != entry.slug]
                hint = f"use the slug '{target.slug}'" if target else did_you_mean(name, others)
                found.append(Problem(entry.path, entry.line_of(key), f"unknown {key} entry '{name}'", hint))
        found.extend(check_references(entry.body, entry.body_line, entry.path, index, catalogue))
    return found


def _check_unique_names(entries: list[Entry]) -> list[Problem]:
    found: list[Problem] = []
    owners: dict[str, Entry] = {}
    for entry in entries:
        owners[normalise(entry.slug)] = entry
    for entry in entries:
        key = normalise(entry.term)
        if entry.term and key in owners and owners[key] is not entry:
            found.append(
                Problem(
                    entry.path,
                    entry.line_of("term"),
                    f"the term '{entry.term}' is already the name of {owners[key].path}",
                    "pick a distinct term or merge the two entries",
                )
            )
        elif entry.term:
            owners.setdefault(key, entry)
    for entry in entries:
        for alias in entry.aliases:
            key = normalise(alias)
            owner = owners.get(key)
            if owner is not None and owner is not entry:
                found.append(
                    Problem(
                        entry.path,
                        entry.line_of("aliases"),
                        f"the alias '{alias}' already names {owner.path}",
                        "remove it: an alias may not shadow another entry's slug, term or alias",
                    )
                )
                continue
            owners[key] = entry
    return found


def check_references(
    text: str, first_line: int, path: str, index: NameIndex, catalogue: FigureCatalogue | None
) -> list[Problem]:
    """Cross-references, metric quotes and figures in any page, entry or guide."""
    found: list[Problem] = []
    for ref in find_references(without_comments(text), first_line):
        if isinstance(ref, XRef):
            if not index.is_known(ref.target):
                found.append(
                    Problem(path, ref.line, f"unknown cross-reference '{ref.source}'", index.suggest(ref.target))
                )
        elif isinstance(ref, FigureEmbed):
            found.extend(_check_figure(ref, path, catalogue))
        elif isinstance(ref, MetricQuote):
            found.extend(_check_metric(ref, path, catalogue))
    return found


def _check_figure(ref: FigureEmbed, path: str, catalogue: FigureCatalogue | None) -> list[Problem]:
    found = []
    if not ref.alt:
        found.append(
            Problem(
                path,
                ref.line,
                f"the figure '{ref.name}' has no alt text",
                "describe what the figure shows inside ![...] for readers who cannot see it",
            )
        )
    if "{{" in ref.alt or "[[" in ref.alt or plain_text_problem(ref.alt, "alt text", path, ref.line):
        found.append(
            Problem(
                path,
                ref.line,
                f"the alt text of '{ref.name}' must be plain text",
                "describe the picture in words, without markup; quote numbers in the caption or the prose instead",
            )
        )
    if not ref.caption:
        found.append(
            Problem(
                path,
                ref.line,
                f"the figure '{ref.name}' has no caption",
                'add one in quotes after the name: (figure:script/file.svg "Caption")',
            )
        )
    if catalogue is None:
        return found
    if "/" not in ref.name or not catalogue.has_script(ref.script):
        found.append(
            Problem(
                path,
                ref.line,
                f"unknown figure '{ref.name}'",
                "name it as <script>/<file>.svg, where scripts/figures/<script>.py makes <file>.svg",
            )
        )
        return found
    made = catalogue.figure_names(ref.script)
    file_name = ref.name.split("/", 1)[1]
    if made is not None and file_name not in made:
        found.append(
            Problem(
                path,
                ref.line,
                f"scripts/figures/{ref.script}.py makes no figure '{file_name}'",
                _suggest(file_name, made) or f"it makes: {', '.join(sorted(made)) or 'no figures'}",
            )
        )
    return found


def _check_metric(ref: MetricQuote, path: str, catalogue: FigureCatalogue | None) -> list[Problem]:
    refused = format_spec_problem(ref.format_spec) if ref.format_spec else None
    if refused:
        return [
            Problem(
                path, ref.line, f"the format in '{ref.source}' is refused: {refused}", "use .2f, .1%, ,d or similar"
            )
        ]
    if catalogue is None:
        return []
    if not catalogue.has_script(ref.script):
        return [
            Problem(
                path,
                ref.line,
                f"unknown metric '{ref.source}': there is no scripts/figures/{ref.script}.py",
                "quote metrics as {{ script.key }} where the script writes that key",
            )
        ]
    metrics = catalogue.metrics(ref.script)
    if metrics is None:
        return []
    value = lookup_metric(metrics, ref.key)
    if value is None:
        return [
            Problem(
                path,
                ref.line,
                f"unknown metric '{ref.key}' from scripts/figures/{ref.script}.py",
                _suggest(ref.key, flatten_keys(metrics)) or f"it writes: {', '.join(sorted(flatten_keys(metrics)))}",
            )
        ]
    try:
        format_metric(value, ref.format_spec)
    except (ValueError, TypeError):
        return [
            Problem(
                path,
                ref.line,
                f"the format '{ref.format_spec}' does not fit the value {value!r}",
                "use a Python format spec such as .2f, .1% or ,d",
            )
        ]
    return []


def lookup_metric(metrics: dict[str, object], key: str) -> object | None:
    """A metric by dotted key (``best.C``); lists are indexed by number."""
    value: object = metrics
    for part in key.split("."):
        if isinstance(value, dict) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def flatten_keys(metrics: dict[str, object], prefix: str = "") -> list[str]:
    keys: list[str] = []
    for key, value in metrics.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            keys.extend(flatten_keys(value, full + "."))
        else:
            keys.append(full)
    return keys
