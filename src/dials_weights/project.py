"""Where things live in a Dials & Weights checkout.

One place for the folder layout, so the plugin, the command line and the tests
agree on it and a fixture site in a temporary folder works the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .glossary.content_rules import PAGE_TAGS, html_problems, link_problems
from .problems import Problem


@dataclass(frozen=True)
class Project:
    root: Path
    glossary_dir: Path
    docs_dir: Path
    figures_dir: Path
    notebooks_dir: Path
    cache_dir: Path
    repo_url: str = ""
    branch: str = "main"

    @classmethod
    def at(cls, root: Path, repo_url: str = "", cache_dir: Path | None = None) -> Project:
        root = root.resolve()
        return cls(
            root=root,
            glossary_dir=root / "glossary",
            docs_dir=root / "docs",
            figures_dir=root / "scripts" / "figures",
            notebooks_dir=root / "scripts" / "notebooks",
            cache_dir=(cache_dir or root / ".cache" / "dials-weights").resolve(),
            repo_url=repo_url.rstrip("/"),
        )

    def source_url(self, repo_path: str) -> str:
        """A link to a file in the repository, for 'how this was made' and 'edit' links."""
        return f"{self.repo_url}/blob/{self.branch}/{repo_path}" if self.repo_url else ""

    def edit_url(self, repo_path: str) -> str:
        return f"{self.repo_url}/edit/{self.branch}/{repo_path}" if self.repo_url else ""


def find_root(start: Path) -> Path:
    """The nearest folder upwards that holds mkdocs.yml (the project root)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    return start


def repository_page(project: Project, name: str) -> tuple[str, list[Problem]]:
    """A repository file shown as a site page (CONTRIBUTING.md), read only if it is safe to.

    It must be a regular file inside the repository, not a symbolic link, and it is held
    to the rules of hand-written pages.
    """
    path = project.root / name
    if path.is_symlink() or not path.resolve().is_relative_to(project.root) or not path.is_file():
        hint = "name a regular file inside the repository in mkdocs.yml's repository_pages"
        return "", [Problem(name, None, "this page's file is missing, a symbolic link or outside the repository", hint)]
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return "", [Problem(name, None, "the file is not UTF-8 text", "save it with the UTF-8 encoding")]
    return text, html_problems(text, 1, name, allowed=PAGE_TAGS) + link_problems(text, 1, name)
