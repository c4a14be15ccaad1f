"""Build into a staging folder; the site folder is replaced only by a build that succeeded.

A build that stops half-way (a content error, strict mode refusing a warning,
``kill -9``) must leave the last good ``site/`` whole, so the build writes to a
hidden sibling, ``.site.building-<pid>``, and ``publish`` swaps it in with two
renames. Staging folders of builds that died are removed by the next build.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..processes import process_alive

_BUILDING = ".building-"
_REPLACED = ".replaced-"


def staging_dir(final: Path) -> Path:
    """Where this process builds the site that will become ``final``."""
    return final.with_name(f".{final.name}{_BUILDING}{os.getpid()}")


def remove_stale(final: Path) -> None:
    """Staging and replaced folders left by builds whose process is gone."""
    if not final.parent.is_dir():
        return
    for sibling in final.parent.glob(f".{final.name}.*-*"):
        kind, _, pid = sibling.name[len(final.name) + 1 :].rpartition("-")
        if f"{kind}-" in (_BUILDING, _REPLACED) and pid.isdigit() and not process_alive(int(pid)):
            shutil.rmtree(sibling, ignore_errors=True)


def publish(staging: Path, final: Path) -> None:
    """Swap the finished build in; the previous site is deleted only after the swap."""
    replaced = final.with_name(f".{final.name}{_REPLACED}{os.getpid()}")
    if final.exists():
        os.rename(final, replaced)
    os.rename(staging, final)
    shutil.rmtree(replaced, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
