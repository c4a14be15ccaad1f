"""Compile the virtual environment's packages to bytecode, saying how far it has got.

Figure scripts run with PYTHONDONTWRITEBYTECODE (no __pycache__ in scripts/), so a venv
without bytecode made every figure script on a fresh machine compile scikit-learn, SciPy and
matplotlib anew. uv's ``--compile-bytecode`` does the same work but prints nothing for its
~10 s, the longest silence of a contributor's first ``make serve``; this prints a line every
couple of seconds instead. Files that do not compile (templates and test data written in
other dialects) are skipped, as uv and pip skip them.
"""

from __future__ import annotations

import os
import py_compile
import sys
import sysconfig
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

REPORT_EVERY_SECONDS = 2.0


def compile_one(source: str) -> bool:
    try:
        py_compile.compile(source, doraise=True)  # raises instead of printing: quiet=2 would hide the failure
    except (py_compile.PyCompileError, OSError, ValueError, SyntaxError):
        return False
    return True


def sources(site_packages: Path) -> list[str]:
    return sorted(str(path) for path in site_packages.rglob("*.py") if path.is_file())


def main() -> int:
    site_packages = Path(sysconfig.get_paths()["purelib"])
    files = sources(site_packages)
    started = last_report = time.monotonic()
    done = compiled = 0
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for ok in pool.map(compile_one, files, chunksize=64):
            done += 1
            compiled += ok
            now = time.monotonic()
            if now - last_report >= REPORT_EVERY_SECONDS and done < len(files):
                last_report = now
                print(f"    compiled {done:,} of {len(files):,} files ({now - started:.0f} s)", flush=True)
    print(f"    compiled {compiled:,} files to bytecode in {time.monotonic() - started:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
