"""Where things live in a Dials & Weights checkout.

One place for the folder layout, so the plugin, the command line and the tests
agree on it and a fixture site in a temporary folder works the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


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
