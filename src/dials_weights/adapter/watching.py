"""Whether `mkdocs serve` may hear about saves from the kernel instead of looking for them.

MkDocs' dev server finds changed files by polling: every half second it walks
each watched folder, so a save waits a quarter of a second on average before a
rebuild starts, and the walks compete with the rebuild for the interpreter.
MkDocs polls because kernel notifications (inotify) do not cross some virtual
file systems: Docker Desktop's shared folders, WSL's Windows drives, network
mounts. Where the glossary lives on a local Linux file system, notifications
are exact and immediate, and the adapter uses them for the folders it adds
(glossary, figure and notebook scripts); anywhere else it leaves MkDocs'
polling alone. ``DW_WATCH=poll`` or ``DW_WATCH=native`` overrides the choice.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from watchdog.events import (
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers.api import BaseObserver, ObservedWatch

WATCH_ENV = "DW_WATCH"
# Local file systems whose changes inotify reports, as /proc/mounts names them.
LOCAL_FILE_SYSTEMS = frozenset({"ext2", "ext3", "ext4", "xfs", "btrfs", "tmpfs", "zfs", "f2fs", "overlay", "bcachefs"})


def kernel_notifications_work(folder: Path) -> bool:
    """True where inotify sees every save made to files under ``folder``."""
    choice = os.environ.get(WATCH_ENV, "").strip().lower()
    if choice in ("poll", "native"):
        return choice == "native"
    if not sys.platform.startswith("linux"):
        return False
    return file_system_of(folder) in LOCAL_FILE_SYSTEMS


def file_system_of(folder: Path, mounts: str | None = None) -> str | None:
    """The type of the file system holding ``folder`` (the deepest mount point above it)."""
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    target = folder.resolve().as_posix()
    best, kind = "", None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind


CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    FileClosedEvent,  # closed after writing
]


def change_observer() -> BaseObserver:
    """A kernel-notified observer that reports only changes to files (Linux only).

    Reading a file is an event too for inotify (opened, closed without writing); the dev server
    rebuilds on any event it is given, and every build reads the glossary, so a plain observer
    would rebuild for ever. Folders scheduled here report files written, created, deleted or moved.
    """
    from watchdog.observers.inotify import InotifyObserver  # importable on Linux only

    class ChangeObserver(InotifyObserver):
        def schedule(
            self,
            event_handler: FileSystemEventHandler,
            path: str | Path,
            *,
            recursive: bool = False,
            event_filter: list[type[FileSystemEvent]] | None = None,
            follow_symlink: bool = False,
        ) -> ObservedWatch:
            changes = event_filter or CHANGES
            return super().schedule(
                event_handler, path, recursive=recursive, event_filter=changes, follow_symlink=follow_symlink
            )

    return ChangeObserver()
