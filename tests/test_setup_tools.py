"""The set-up steps of the Makefile that are our own code, run for real on a throwaway venv."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

from conftest import REPO


def test_compile_bytecode_compiles_the_venv_and_skips_what_does_not_compile(tmp_path: Path):
    venv.create(tmp_path / "venv", with_pip=False)
    python = tmp_path / "venv" / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    package = Path(purelib) / "tiny"
    package.mkdir()
    (package / "__init__.py").write_text("ANSWER = 42\n")
    (package / "template.py").write_text("def {{ name }}():\n    pass\n")  # not Python: skipped

    result = subprocess.run(
        [python, REPO / "tools" / "compile_bytecode.py"], capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr
    tag = sys.implementation.cache_tag
    assert (package / "__pycache__" / f"__init__.{tag}.pyc").is_file()
    assert not (package / "__pycache__" / f"template.{tag}.pyc").exists()
    compilable = len(list(Path(purelib).rglob("*.py"))) - 1
    assert f"compiled {compilable:,} files to bytecode" in result.stdout, result.stdout
