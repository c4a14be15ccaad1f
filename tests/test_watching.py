"""Which file watcher `mkdocs serve` gets (adapter/watching.py): the kernel's where exact, else MkDocs' polling."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import pytest
from watchdog.events import FileSystemEvent, FileSystemEventHandler

from dials_weights.adapter.watching import WATCH_ENV, change_observer, file_system_of, kernel_notifications_work

MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
C:\\134 /mnt/c 9p rw,dirsync 0 0
grpcfuse /work/shared fuse.grpcfuse rw 0 0
/dev/vdb /work/local\\040disk xfs rw 0 0
"""


def test_the_deepest_mount_above_a_folder_names_its_file_system():
    assert file_system_of(Path("/home/me/glossary"), MOUNTS) == "ext4"
    assert file_system_of(Path("/mnt/c/Users/me/glossary"), MOUNTS) == "9p"  # WSL's Windows drive
    assert file_system_of(Path("/work/shared/glossary"), MOUNTS) == "fuse.grpcfuse"  # Docker Desktop
    assert file_system_of(Path("/work/local disk/glossary"), MOUNTS) == "xfs"
    assert file_system_of(Path("/work/sharedness"), MOUNTS) == "ext4"  # a prefix of a name is not a parent


def test_the_contributor_can_choose(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv(WATCH_ENV, "poll")
    assert not kernel_notifications_work(tmp_path)
    monkeypatch.setenv(WATCH_ENV, "native")
    assert kernel_notifications_work(tmp_path)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify is Linux's")
def test_reading_a_watched_file_is_not_a_change_but_writing_it_is(tmp_path: Path):
    """The dev server rebuilds on every event it is told of, and every build reads the glossary."""
    watched = tmp_path / "entry.md"
    watched.write_text("before")
    seen: list[FileSystemEvent] = []
    heard = threading.Event()

    class Recorder(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            seen.append(event)
            heard.set()

    observer = change_observer()
    observer.schedule(Recorder(), str(tmp_path), recursive=True)
    observer.start()
    try:
        time.sleep(0.2)
        assert watched.read_text() == "before"
        time.sleep(0.5)
        assert seen == [], seen
        watched.write_text("after")
        assert heard.wait(5), "the save was not reported"
    finally:
        observer.stop()
        observer.join()
    assert {Path(e.src_path).name for e in seen} == {"entry.md"}
