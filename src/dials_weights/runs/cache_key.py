"""What a script's outputs depend on, folded into one content hash.

The key covers the script (newlines normalised, so a checkout on Windows hits
the same cache), the helper modules it imports from its own folder, the data
files it names, the versions of the libraries that draw and train, the BLAS
settings (arithmetic.py), and the runner's own output format. Prose around a
figure is not in the key: editing an entry never re-runs a script.
"""

from __future__ import annotations

import ast
import hashlib
import platform
from functools import cache
from importlib import metadata
from pathlib import Path

from .arithmetic import arithmetic_env

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


# Parsing is what costs: a `mkdocs serve` rebuild recomputes every key on each save, and most
# saves change no script. Parse results are kept per file content; keys always hash current bytes.
_PARSED: dict[bytes, tuple[list[str], list[str]]] = {}


def _parsed(source: bytes) -> tuple[list[str], list[str]]:
    """The top-level module names a file imports, and the short string literals it holds."""
    digest = hashlib.sha256(source).digest()
    if digest not in _PARSED:
        try:
            tree = ast.parse(source.decode("utf-8"))
        except (SyntaxError, UnicodeDecodeError):
            tree = ast.Module(body=[], type_ignores=[])  # the run itself reports it, in the script's words
        modules: list[str] = []
        strings: list[str] = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules += [alias.name.split(".")[0] for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                modules.append(node.module.split(".")[0])
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) and 0 < len(node.value) < 200:
                strings.append(node.value)
        _PARSED[digest] = (modules, strings)
    return _PARSED[digest]


def local_imports(script: Path, search_dir: Path) -> list[Path]:
    """Helper modules from ``search_dir`` that the script imports, followed transitively."""
    seen: dict[Path, None] = {}
    todo = [script]
    while todo:
        current = todo.pop()
        try:
            modules, _ = _parsed(current.read_bytes())
        except OSError:
            continue
        for name in modules:
            candidate = search_dir / (name + ".py")
            if candidate.is_file() and candidate != script and candidate not in seen:
                seen[candidate] = None
                todo.append(candidate)
    return sorted(seen)


def data_files(script: Path, root: Path) -> list[Path]:
    """Files in the repository that the script names in a string literal.

    Looked for once per text of the script in a process (every string is a possible name, so
    thousands of file checks): under `mkdocs serve` a data file created after the script ran
    is seen when the script changes or the server restarts."""
    return list(_data_files(script.read_bytes(), script, root))


@cache
def _data_files(source: bytes, script: Path, root: Path) -> tuple[Path, ...]:
    found: set[Path] = set()
    for value in _parsed(source)[1]:
        if "\n" in value or value.startswith(("/", ".")) and ".." in value:
            continue
        for base in (root, script.parent):
            candidate = base / value
            try:
                if candidate.is_file() and candidate.suffix != ".py":
                    found.add(candidate.resolve())
            except OSError:
                pass
    return tuple(sorted(found))


def script_key(script: Path, root: Path, extra: str = "") -> str:
    """The cache key of one script: a hex SHA-256 of everything listed above."""
    digest = hashlib.sha256()

    def add(label: str, payload: bytes) -> None:
        digest.update(label.encode() + b"\0" + str(len(payload)).encode() + b"\0" + payload)

    add("format", FORMAT_VERSION.encode())
    add("script", _normalised(script))
    for helper in local_imports(script, script.parent):
        add("helper:" + helper.name, _normalised(helper))
    for path in data_files(script, root):
        add("data:" + path.name, path.read_bytes())
    for name, version in sorted(library_versions().items()):
        add("lib:" + name, version.encode())
    for name, value in sorted(arithmetic_env().items()):
        add("env:" + name, value.encode())
    add("extra", extra.encode())
    return digest.hexdigest()[:20]
