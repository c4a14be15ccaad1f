"""Rendered pages kept on disk, keyed by everything that can change them.

Converting Markdown is the largest part of a build, and between two builds
almost every page's Markdown is the same. A page's rendering depends on its
text, its place in the site, the set of files links may point to, the
Markdown extensions and their settings, and the library versions: all of it
goes into the key, so a hit is byte-for-byte what a conversion would give.
A rendering that logged a warning is never stored, so strict mode sees the
warning again on the next build.

This module stores and loads plain records; the MkDocs adapter decides what a
record holds (see ``GlossaryPlugin._cached_render``).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

FORMAT = "1"
LIBRARIES = ("markdown", "pymdown-extensions", "mkdocs", "properdocs", "mkdocs-material")


def _versions() -> str:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=absent")
    return ";".join(found)


def build_fingerprint(settings: str, paths: Iterable[str]) -> str:
    """What every page of one build shares: settings, the files links may reach, versions."""
    digest = hashlib.sha256(f"{FORMAT}\0{_versions()}\0{settings}\0".encode())
    for path in sorted(paths):
        digest.update(path.encode() + b"\0")
    return digest.hexdigest()


class RenderCache:
    """One folder of JSON records, one per page rendering; unused records are pruned after a good build."""

    def __init__(self, folder: Path, fingerprint: str, memory: dict[str, dict[str, Any]] | None = None):
        self.folder = folder
        self.fingerprint = fingerprint
        self.used: set[str] = set()
        self.pending: dict[str, dict[str, Any]] = {}  # written by save(), after the build succeeded
        # Under `mkdocs serve`, records read or saved by earlier builds of the same process, so a
        # rebuild does not read and parse every page's record from disk again. Keys are content
        # hashes: a record found here is the one the disk holds.
        self.memory = memory

    def key(self, src_uri: str, markdown: str) -> str:
        text = f"{self.fingerprint}\0{src_uri}\0{markdown}"
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def load(self, key: str) -> dict[str, Any] | None:
        self.used.add(key)
        if self.memory is not None and key in self.memory:
            return self.memory[key]
        try:
            record = json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(record, dict):
            return None
        if self.memory is not None:
            self.memory[key] = record
        return record

    def store(self, key: str, record: dict[str, Any]) -> None:
        """Keep a rendering for ``save``: a build that fails must leave the cache as it found it."""
        self.used.add(key)
        self.pending[key] = record

    def save(self) -> None:
        """After a good build: write this build's new renderings, forget the ones it did not use."""
        for key, record in self.pending.items():
            path = self._path(key)
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(record, stream, sort_keys=True, ensure_ascii=False)
            os.replace(temporary, path)
        if self.memory is not None:
            self.memory.update(self.pending)
            for key in [k for k in self.memory if k not in self.used]:
                del self.memory[key]
        self.pending.clear()
        self.prune()

    def prune(self) -> None:
        """Forget renderings this build did not use (older texts of the same pages)."""
        if not self.folder.is_dir():
            return
        for shard in self.folder.iterdir():
            if not shard.is_dir():
                continue
            for record in shard.iterdir():
                if record.suffix == ".json" and record.stem not in self.used:
                    record.unlink(missing_ok=True)
            if not any(shard.iterdir()):
                shutil.rmtree(shard, ignore_errors=True)
