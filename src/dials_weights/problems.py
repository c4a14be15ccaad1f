"""Problems found in content, returned as values.

The core never logs, prints or exits: it hands back ``Problem`` objects and the
caller (the MkDocs plugin, the ``check`` command, a test) decides what to do.
That keeps the core testable and independent of any site generator.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, located as precisely as we can."""

    path: str
    line: int | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


def _sort_key(problem: Problem) -> tuple[str, int, str]:
    return (problem.path, problem.line or 0, problem.message)


def format_problems(problems: list[Problem]) -> str:
    """One line per problem, sorted by file and line, as a contributor reads them."""
    return "\n".join(str(p) for p in sorted(problems, key=_sort_key))


def display_path(path: Path, root: Path | None) -> str:
    """A path as the contributor typed it: relative to the project when possible."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()
