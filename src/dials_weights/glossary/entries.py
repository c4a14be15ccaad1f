"""Glossary entries: one Markdown file per term, read into plain data.

Reading is forgiving and validation is strict: ``read_entry`` keeps whatever it
can (with the line of every field, section and question) so that
``validation`` can report every problem in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..problems import Problem, display_path
from .frontmatter import split_front_matter

LEVELS = ("beginner", "intermediate", "advanced")
SECTION_ORDER = ("In simple terms", "Definition", "Analogy", "Real-world example", "In practice", "FAQ")
OPTIONAL_SECTIONS = frozenset({"In practice"})
FIELDS = ("term", "aliases", "arguments", "short", "level", "tags", "prerequisites", "related")
REQUIRED_FIELDS = ("term", "short", "level", "tags", "related")
ANALOGY_BREAKS = "**Where the analogy breaks:**"

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


@dataclass
class Section:
    title: str
    line: int
    body: str


@dataclass
class Question:
    question: str
    line: int
    answer: str


@dataclass
class Entry:
    """One glossary term as written in ``glossary/<slug>.md``."""

    slug: str
    path: str  # as shown in messages, e.g. "glossary/overfitting.md"
    source: Path
    term: str = ""
    aliases: list[str] = field(default_factory=list)
    arguments: list[str] = field(default_factory=list)  # library argument names the entry explains (max_depth)
    short: str = ""
    level: str = ""
    tags: list[str] = field(default_factory=list)
    prerequisites: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    faq: list[Question] = field(default_factory=list)
    body: str = ""
    body_line: int = 1
    stray_lines: list[int] = field(default_factory=list)  # text outside any section
    title_lines: list[int] = field(default_factory=list)  # '# ...' headings we do not allow
    text: str = field(default="", repr=False)  # the file as read: keys what is kept of its checks

    def line_of(self, key: str) -> int:
        """The line of a front-matter key, or of the front matter itself."""
        return self.key_lines.get(key, 1)

    def section(self, title: str) -> Section | None:
        return next((s for s in self.sections if s.title == title), None)


def slug_for(path: Path) -> str:
    return path.stem


def is_valid_slug(slug: str) -> bool:
    return bool(_SLUG.match(slug))


def slugify(text: str) -> str:
    """The file name a new term gets: lower case words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def read_entry(source: Path, root: Path | None = None) -> tuple[Entry | None, list[Problem]]:
    """Read one entry; ``None`` only when the front matter cannot be read at all."""
    path = display_path(source, root)
    data = source.read_bytes()
    try:
        text = data.decode("utf-8-sig")  # a byte-order mark some editors add is fine
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, [Problem(path, line, "the file is not UTF-8 text", "save it with the UTF-8 encoding")]
    return parse_entry(text, source, path)


@lru_cache(maxsize=8192)
def parse_entry(text: str, source: Path, path: str) -> tuple[Entry | None, list[Problem]]:
    """The entry a file's text makes. The same text gives the same Entry, which nothing changes:
    under `mkdocs serve` a save changes one entry and the others are not parsed again (the real
    glossary's 80 entries took 0.05 s of each 0.8 s rebuild)."""
    front, problems = split_front_matter(text, path)
    if front is None:
        return None, problems
    data = front.data
    entry = Entry(slug=slug_for(source), path=path, source=source, raw=data, key_lines=front.key_lines, text=text)
    entry.term = _text(data.get("term"))
    entry.short = _text(data.get("short"))
    entry.level = _text(data.get("level"))
    for name in ("aliases", "arguments", "tags", "prerequisites", "related"):
        setattr(entry, name, _names(data.get(name)))
    entry.body, entry.body_line = front.body, front.body_line
    _read_sections(entry)
    return entry, problems


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value.strip()]
    if isinstance(value, list):
        return [str(v).strip() for v in value if isinstance(v, (str, int, float))]
    return []


def _read_sections(entry: Entry) -> None:
    """Split the body into '## Section' blocks and the FAQ into '### Question?' items."""
    section: Section | None = None
    question: Question | None = None
    buffer: list[str] = []
    fence: str | None = None

    def flush() -> None:
        text = "\n".join(buffer).strip("\n")
        if question is not None:
            question.answer = text
        elif section is not None:
            section.body = text
        buffer.clear()

    for offset, line in enumerate(entry.body.splitlines()):
        number = entry.body_line + offset
        fence_match = _FENCE.match(line)
        if fence_match:
            marker = fence_match.group(1)
            if fence is None:
                fence = marker[0] * 3
            elif marker.startswith(fence):
                fence = None
        heading = None if fence else _HEADING.match(line)
        if heading and len(heading.group(1)) == 1:
            entry.title_lines.append(number)
            continue
        if heading and len(heading.group(1)) == 2:
            flush()
            question = None
            section = Section(heading.group(2), number, "")
            entry.sections.append(section)
            continue
        if heading and len(heading.group(1)) == 3 and section is not None and section.title == "FAQ":
            flush()
            question = Question(heading.group(2), number, "")
            entry.faq.append(question)
            continue
        if section is None:
            if line.strip():
                entry.stray_lines.append(number)
            continue
        buffer.append(line)
    flush()


def find_entry_files(glossary_dir: Path) -> list[Path]:
    """Every entry file, in a stable order so that builds are reproducible."""
    return sorted(p for p in glossary_dir.glob("*.md") if not p.name.startswith(("_", ".")))


def link_problem(path: Path, folder: Path, root: Path | None) -> Problem | None:
    """A content file that is a symbolic link, or resolves outside its folder, is refused.

    Otherwise a committed link could publish any file of the machine that builds
    the site (``/etc/passwd``, ``/proc/self/environ``).
    """
    if path.is_symlink() or not path.resolve().is_relative_to(folder.resolve()):
        shown = path.absolute().relative_to(root.absolute()).as_posix() if root else path.as_posix()
        return Problem(shown, None, "content files may not be symbolic links", "commit the file itself, in its folder")
    return None


def load_glossary(glossary_dir: Path, root: Path | None = None) -> tuple[list[Entry], list[Problem]]:
    """Read every entry in the folder; validation is a separate step."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    for source in find_entry_files(glossary_dir):
        refused = link_problem(source, glossary_dir, root)
        if refused is not None:
            problems.append(refused)
            continue
        entry, found = read_entry(source, root)
        problems.extend(found)
        if entry is not None:
            entries.append(entry)
    return entries, problems


def salvaged_names(source: Path) -> list[str]:
    """The slug, term and aliases of an entry that failed to load, read as leniently as possible.

    Links to a broken entry are not errors of their own: the contributor should see the one
    real problem (the file), not one "unknown cross-reference" per entry that links to it.
    """
    names = [slug_for(source)]
    if source.is_symlink():
        return names  # never read through a link
    try:
        text = source.read_bytes().decode("utf-8-sig", errors="replace")
        lines = text.splitlines()
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        data = yaml.safe_load("\n".join(lines[1:end]))
    except (OSError, StopIteration, yaml.YAMLError):
        return names
    if isinstance(data, dict):
        names += [str(n) for n in [data.get("term"), *_names(data.get("aliases"))] if isinstance(n, str) and n]
    return names
