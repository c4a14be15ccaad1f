"""What a script's outputs depend on, folded into one content hash.

The key covers the script (newlines normalised, so a checkout on Windows hits
the same cache), the helper modules it imports from its own folder, the data
files it names, the versions of the libraries that draw and train, and the
runner's own output format. Prose around a figure is not in the key: editing
an entry never re-runs a script.
"""

from __future__ import annotations

import ast
import hashlib
import platform
from functools import cache
from importlib import metadata
from pathlib import Path

LIBRARIES = ("numpy", "matplotlib", "scikit-learn", "scipy", "nbclient", "jupytext", "ipykernel")
FORMAT_VERSION = "3"


@cache
def library_versions() -> dict[str, str]:
    """Read once per process: reading package metadata costs milliseconds per library and script."""
    versions = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "absent"
    return versions


def _normalised(path: Path) -> bytes:
    return path.read_bytes().replace(b"\r\n", b"\n")


def local_imports(script: Path, search_dir: Path) -> list[Path]:
    """Helper modules from ``search_dir`` that the script imports, followed transitively."""
    seen: dict[Path, None] = {}
    todo = [script]
    while todo:
        current = todo.pop()
        try:
            tree = ast.parse(current.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError):
            continue  # the run itself will report it, with the script's own message
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                candidate = search_dir / (name.split(".")[0] + ".py")
                if candidate.is_file() and candidate != script and candidate not in seen:
                    seen[candidate] = None
                    todo.append(candidate)
    return sorted(seen)


def data_files(script: Path, root: Path) -> list[Path]:
    """Files in the repository that the script names in a string literal."""
    try:
        tree = ast.parse(script.read_text(encoding="utf-8"))
    except (SyntaxError, UnicodeDecodeError):
        return []
    found: set[Path] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and 0 < len(node.value) < 200:
            if "\n" in node.value or node.value.startswith(("/", ".")) and ".." in node.value:
                continue
            for base in (root, script.parent):
                candidate = base / node.value
                try:
                    if candidate.is_file() and candidate.suffix != ".py":
                        found.add(candidate.resolve())
                except OSError:
                    pass
    return sorted(found)


def _stamp(path: Path) -> tuple[str, int, int]:
    stat = path.stat()
    return (str(path), stat.st_mtime_ns, stat.st_size)


# script -> (stamps of the files its key was computed from, the key): `mkdocs serve` rebuilds
# on every save, and most saves touch no script, so a key is recomputed only when one of its
# files changed. File stamps are checked; the files are read and parsed only on a change.
_KEYS: dict[tuple[Path, Path, str], tuple[tuple[tuple[str, int, int], ...], str]] = {}


def script_key(script: Path, root: Path, extra: str = "") -> str:
    """The cache key of one script: a hex SHA-256 of everything listed above."""
    memo = _KEYS.get((script, root, extra))
    if memo is not None:
        try:
            if tuple(_stamp(Path(p)) for p, _, _ in memo[0]) == memo[0]:
                return memo[1]
        except OSError:
            pass
    digest = hashlib.sha256()

    def add(label: str, payload: bytes) -> None:
        digest.update(label.encode() + b"\0" + str(len(payload)).encode() + b"\0" + payload)

    helpers, data = local_imports(script, script.parent), data_files(script, root)
    add("format", FORMAT_VERSION.encode())
    add("script", _normalised(script))
    for helper in helpers:
        add("helper:" + helper.name, _normalised(helper))
    for path in data:
        add("data:" + path.name, path.read_bytes())
    for name, version in sorted(library_versions().items()):
        add("lib:" + name, version.encode())
    add("extra", extra.encode())
    key = digest.hexdigest()[:20]
    _KEYS[(script, root, extra)] = (tuple(_stamp(p) for p in (script, *helpers, *data)), key)
    return key
