"""`mkdocs serve` rebuilds into the folder it serves without emptying it first.

MkDocs empties the site folder before every build, then copies every theme and asset file
back (about 200) and writes every page, on every save. On this project's disk that was
0.1-0.3 s of a 0.8 s rebuild, and more while the disk was busy with other writes. Under
serve the plugin keeps the folder instead:

- MkDocs "cleans" a stand-in path that does not exist (``empty_stand_in``), so nothing is
  deleted; the files are pointed back at the real folder before anything is written;
- a file is copied only when its source differs from what this server last copied there:
  another path, or another size or modification time (a figure reverted to an older cached
  output has an older time, so MkDocs' own ``--dirty`` test, "is the source newer", would
  keep the wrong one); files MkDocs writes from memory are always written;
- after a good build, files an earlier build put there that this build did not are removed,
  so a deleted entry or asset stops being served.

Pages are still written every time (MkDocs offers no way to skip it); the plugin makes most
of them from its memory (page_outputs.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

STAND_IN = ".dials-weights-not-emptied"  # inside the served folder, never created

Stamp = tuple[str, int, int]  # source path, modification time (ns), size


class KeptSiteFolder:
    """The served folder's bookkeeping across the rebuilds of one `mkdocs serve`."""

    def __init__(self) -> None:
        self._site_dir: str | None = None  # the real folder while MkDocs holds the stand-in
        self._copied: dict[str, Stamp] = {}  # destination -> the source it holds
        self._written: set[str] = set()  # destinations any build since the last good one wrote

    def empty_stand_in(self, config: MkDocsConfig) -> None:
        """Just before MkDocs empties ``config.site_dir``: give it a path with nothing to empty."""
        self._site_dir = config.site_dir
        config.site_dir = os.path.join(config.site_dir, STAND_IN)

    def point_back(self, files: Files, config: MkDocsConfig) -> None:
        """First thing once MkDocs knows the files: they and the config name the real folder again."""
        if self._site_dir is None:
            return
        stand_in, config.site_dir, self._site_dir = config.site_dir, self._site_dir, None
        for file in files:
            if file.dest_dir == stand_in:
                file.dest_dir = config.site_dir
                file.__dict__.pop("abs_dest_path", None)  # a cached property, in case it was read

    def copy_only_changed(self, files: Files) -> None:
        """Once every plugin added its files: each is copied only when its source changed."""
        for file in files:
            file.copy_file = self._copy_unless_unchanged(file)  # type: ignore[method-assign]

    def _copy_unless_unchanged(self, file: File) -> Callable[..., None]:
        copy_file = file.copy_file

        def copy(dirty: bool = False) -> None:
            destination = file.abs_dest_path
            stamp = _stamp(file)
            if stamp is not None and self._copied.get(destination) == stamp and os.path.isfile(destination):
                return
            self._copied.pop(destination, None)
            copy_file(dirty)
            if stamp is not None:
                self._copied[destination] = stamp

        return copy

    def build_succeeded(self, files: Files | None, site_dir: str) -> None:
        """Remove what earlier builds wrote and this one did not."""
        if files is None:  # the build never reached its files
            return
        made = _destinations(files)
        for path in sorted(self._written - made):
            self._copied.pop(path, None)
            if os.path.isfile(path):
                os.unlink(path)
                _remove_empty_folders(Path(path).parent, Path(site_dir))
        self._written = made

    def build_failed(self, files: Files | None) -> None:
        """A failed build may have written some of its files: the next good build removes them
        unless it makes them too."""
        if files is not None:
            self._written |= _destinations(files)


def _stamp(file: File) -> Stamp | None:
    """The source a copied file holds, or None for a file MkDocs writes from memory (always written).

    A file's text set from memory (``File.generated(content=...)``, or a plugin setting
    ``content_string``) is in ``_content``, which MkDocs' own ``is_modified`` reads too."""
    if file.abs_src_path is None or getattr(file, "_content", None) is not None:
        return None
    try:
        status = os.stat(file.abs_src_path)
    except OSError:
        return None
    return (file.abs_src_path, status.st_mtime_ns, status.st_size)


def _destinations(files: Files) -> set[str]:
    return {file.abs_dest_path for file in files if InclusionLevel.is_in_serve(file.inclusion)}


def _remove_empty_folders(folder: Path, site_dir: Path) -> None:
    """A removed page's folder (glossary/old-name/), up to but not including the site folder."""
    while folder != site_dir and folder.is_relative_to(site_dir):
        try:
            folder.rmdir()  # only when empty
        except OSError:
            return
        folder = folder.parent
