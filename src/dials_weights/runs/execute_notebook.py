"""Execute one walkthrough notebook and save it as ``<name>.ipynb``, byte-identical from run to run.

Run by the build as ``python -m dials_weights.runs.execute_notebook scripts/notebooks/<name>.py``
with ``DW_OUTPUT_DIR`` naming a fresh folder (by hand, it writes into
``.cache/standalone/<name>/``). The executed notebook is cached and diffed, so
everything that changes between two runs of the same source is removed:
Jupytext's random cell ids become ``cell-1``, ``cell-2``, ...; figures are SVG
without a date and with fixed internal ids; no timings, no widget state.

A failed run writes nothing and exits 1; stderr says which cell failed (its
number, counting every ``# %%`` cell from 1, its line in the ``.py`` file and
its first line) and the error, because that is what the build shows to the
contributor.

**Claims.** A notebook whose Markdown says what its run shows ("validation
accuracy peaks and then slides") holds those sentences with claims, as a
figure script does. It binds, at top level, a plain dictionary::

    CLAIMS = {
        "values": {"best_epoch": best, "epochs": EPOCHS},
        "claims": ["best_epoch < epochs"],
    }

Plain Python, so a reader who downloads the notebook runs it unchanged. After
the last cell, the executor runs one more, hidden cell that writes ``CLAIMS``
as JSON; the cell is dropped again before the notebook is saved. The values
are stored as ``claims.json`` next to the notebook, floats rounded to six
significant digits (as figure metrics are), and the build checks every claim
(``dials_weights.runs.notebooks``), naming the notebook, the claim's line and the
values it read when one no longer holds.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jupytext
import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from traitlets import default

from .arithmetic import arithmetic_env
from .runner import OUTPUT_ENV, SCRIPT_ENV

CELL_TIMEOUT = 60  # seconds per cell; the runner's limit covers the whole notebook
CLAIMS_NAME = "CLAIMS"  # the top-level dictionary a notebook binds to state its claims
CLAIMS_FILE = "claims.json"
TAIL_LINES = 8  # traceback lines shown; with the summary, fits the runner's 12-line excerpt
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
CELL_REF = re.compile(r"Cell In\[(\d+)\], line (\d+)")

# Run in the kernel before the first cell, without taking an execution number,
# so the saved notebook starts at [1] like one run by hand. SVG is text (it diffs
# and caches well); a fixed hash salt and no date make it byte-stable. Plots get
# the site's figure style, as entry figures do (dials_weights.runs.figure_style); the
# site shows each with a dark twin (notebooks_site), the download keeps the light one.
SETUP = """\
%matplotlib inline
%config InlineBackend.figure_formats = ['svg']
%config InlineBackend.print_figure_kwargs = {'bbox_inches': 'tight', 'metadata': {'Date': None, 'Creator': None}}
from dials_weights.runs.figure_style import use_site_style as _dw_use_site_style
_dw_use_site_style()
del _dw_use_site_style
"""


# Appended after the notebook's own cells and removed before saving: writes CLAIMS, if bound, as
# JSON (NumPy arrays and numbers become lists and plain numbers) for the executor to check.
SAVE_CLAIMS = """\
def _dw_save_claims(path):
    import json
    claims = globals().get({name!r})
    if claims is None:
        return
    def plain(value):
        if hasattr(value, "tolist"):
            return value.tolist()
        raise TypeError(f"{{type(value).__name__}} cannot be written as a claim value")
    with open(path, "w", encoding="utf-8") as stream:
        json.dump(claims, stream, default=plain)
_dw_save_claims({path!r})
del _dw_save_claims
"""


class _VenvKernelManager(AsyncKernelManager):
    """The "python3" kernel is this interpreter's ipykernel, whatever kernelspecs the user has installed."""

    @default("kernel_spec_manager")
    def _pinned_specs(self) -> KernelSpecManager:
        return KernelSpecManager(kernel_dirs=[])  # only the native kernel: sys.executable -m ipykernel


class NotebookFailed(Exception):
    """A cell raised, timed out or killed the kernel: the message is what the contributor reads."""


def rounded(value: Any) -> Any:
    """Plain JSON values, floats to 6 significant digits: tiny BLAS noise must not move a claim or a byte."""
    if isinstance(value, float):
        if not math.isfinite(value):
            return None if math.isnan(value) else (1e308 if value > 0 else -1e308)
        return float(f"{value:.6g}")
    if isinstance(value, dict):
        return {str(k): rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [rounded(v) for v in value]
    return value


def read_claims(raw: Any, display: str) -> dict[str, Any]:
    """The ``CLAIMS`` a notebook bound, checked for shape: ``{"values": {...}, "claims": [...]}``."""
    if not isinstance(raw, dict) or set(raw) != {"values", "claims"}:
        raise NotebookFailed(
            f"{display}: {CLAIMS_NAME} must be a dictionary with exactly two keys, 'values' and 'claims'"
        )
    values, claims = raw["values"], raw["claims"]
    if not isinstance(values, dict) or not all(isinstance(k, str) for k in values):
        raise NotebookFailed(f"{display}: {CLAIMS_NAME}['values'] must map names to values")
    if not isinstance(claims, list) or not claims or not all(isinstance(c, str) and c.strip() for c in claims):
        raise NotebookFailed(f"{display}: {CLAIMS_NAME}['claims'] must be a non-empty list of claims (text)")
    return {"claims": claims, "values": rounded(values)}


def _display(path: Path) -> str:
    """The path as contributors know it: as the build names it, else relative to where they stand."""
    if os.environ.get(SCRIPT_ENV):
        return os.environ[SCRIPT_ENV]
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _start_lines(cells: list[Any], text: str) -> dict[int, int]:
    """Line in the ``.py`` file of each code cell's first non-blank line, found by walking the file in order.

    IPython drops a cell's leading blank lines, so its ``Cell In[k], line 1`` is that line too.
    """
    lines = [line.rstrip() for line in text.splitlines()]
    found: dict[int, int] = {}
    position = 0
    for index, cell in enumerate(cells):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        first = next(line.rstrip() for line in cell.source.splitlines() if line.strip())
        for number in range(position, len(lines)):
            if lines[number] == first:
                found[index] = number + 1
                position = number + 1
                break
    return found


def _failure(error: Exception, nb: Any, index: int | None, starts: dict[int, int], display: str) -> str:
    """The summary line, then the end of the traceback with ``Cell In[k], line m`` turned into file lines."""
    if index is None:
        return f"{display}: the notebook could not be run: {type(error).__name__}: {error}"
    cell = nb.cells[index]
    first = next((line.strip() for line in cell.source.splitlines() if line.strip()), "")
    where = f"{display}, cell {index + 1} at line {starts.get(index, '?')} ({first})"
    if isinstance(error, CellTimeoutError):
        return f"{where}: took longer than {CELL_TIMEOUT} s and was stopped"
    if isinstance(error, DeadKernelError):
        return f"{where}: the Python kernel died (out of memory, or a crash in compiled code)"
    if not isinstance(error, CellExecutionError):
        return f"{where}: {type(error).__name__}: {error}"
    # In[k] is the k-th code cell that ran (empty cells are skipped and take no number).
    executed = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]

    def to_file_line(match: re.Match[str]) -> str:
        k, line = int(match[1]), int(match[2])
        if 1 <= k <= len(executed) and executed[k - 1] in starts:
            return f"{display}, line {starts[executed[k - 1]] + line - 1}"
        return match[0]

    summary = f"{error.ename}: {error.evalue}"
    # The kernel's own traceback, from the cell's error output (error.traceback also repeats the cell).
    frames: list[str] = next((out.traceback for out in cell.outputs if out.output_type == "error"), [])
    text = "\n".join(frames) if frames else error.traceback
    lines = [CELL_REF.sub(to_file_line, ANSI.sub("", line)).rstrip() for line in text.splitlines()]
    lines = [
        line
        for line in lines
        if line.strip()
        and not set(line.strip()) <= {"-"}
        and line != summary
        and "Traceback (most recent call last)" not in line
    ]
    # From the notebook's own frame on: the contributor's line matters more than library internals.
    start = next((i for i, line in enumerate(lines) if line.startswith(display)), max(len(lines) - TAIL_LINES, 0))
    return "\n".join([f"{where}: {summary}", *("  " + line for line in lines[start : start + TAIL_LINES])])


def _tidy(nb: Any) -> None:
    """Drop what differs between runs or means nothing outside Jupyter; merge split stream chunks."""
    nb.metadata.pop("jupytext", None)
    nb.metadata.pop("widgets", None)
    for number, cell in enumerate(nb.cells, start=1):
        cell.id = f"cell-{number}"
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        merged: list[Any] = []
        for output in cell.outputs:
            previous = merged[-1] if merged else None
            if (
                previous is not None
                and output.output_type == previous.output_type == "stream"
                and output.name == previous.name
            ):
                previous.text += output.text  # how print() output is chunked depends on timing
            else:
                merged.append(output)
        cell.outputs = merged


def execute(source: Path, output_dir: Path) -> Path:
    """Run every cell of ``source`` in a fresh kernel and write the tidied notebook; raise NotebookFailed."""
    display = _display(source)
    try:
        text = source.read_text(encoding="utf-8")
        nb = jupytext.reads(text, fmt="py:percent")
    except (OSError, ValueError) as error:  # missing file, bad encoding, unreadable header
        raise NotebookFailed(f"{display}: cannot be read: {error}") from error
    nb.nbformat, nb.nbformat_minor = 4, 5
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    starts = _start_lines(nb.cells, text)
    own_cells = len(nb.cells)
    output_dir.mkdir(parents=True, exist_ok=True)
    claims_scratch = output_dir / f".{source.stem}.claims.part"
    claims_scratch.unlink(missing_ok=True)
    save_claims = SAVE_CLAIMS.format(name=CLAIMS_NAME, path=str(claims_scratch.resolve()))
    nb.cells.append(nbformat.v4.new_code_cell(save_claims))
    current: dict[str, int] = {}

    async def setup(notebook: Any) -> None:
        kernel: Any = client.kc  # an AsyncKernelClient once the kernel is up
        reply = await kernel.execute_interactive(
            SETUP, store_history=False, timeout=CELL_TIMEOUT, output_hook=lambda message: None
        )
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"the plot set-up failed: {reply['content'].get('evalue')}")

    def started(cell: Any, cell_index: int) -> None:
        current["index"] = cell_index

    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        kernel_manager_class=_VenvKernelManager,
        record_timing=False,
        on_notebook_start=setup,
        on_cell_execute=started,
    )
    # The runner sets MPLBACKEND=Agg for figure scripts; the kernel needs the inline backend.
    # The other defaults match the runner, so a run by hand gives the build's numbers.
    env = {
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        **arithmetic_env(),
        **os.environ,
        "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    }
    try:
        # The kernel's own stderr holds only start-up chatter (cell output reaches the notebook), and
        # our stderr is what the build shows on failure: keep it to the message below.
        # The kernel works in the runner's scratch folder (the current one), never among the sources.
        client.execute(cwd=os.getcwd(), env=env, stderr=subprocess.DEVNULL)
    except Exception as error:
        claims_scratch.unlink(missing_ok=True)
        if current.get("index") == own_cells:  # the hidden cell that saves CLAIMS
            detail = getattr(error, "evalue", None) or str(error)
            raise NotebookFailed(f"{display}: {CLAIMS_NAME} could not be saved: {detail}") from error
        raise NotebookFailed(_failure(error, nb, current.get("index"), starts, display)) from error
    del nb.cells[own_cells:]
    claims = None
    if claims_scratch.is_file():
        raw = json.loads(claims_scratch.read_text(encoding="utf-8"))
        claims_scratch.unlink()
        claims = read_claims(raw, display)
    _tidy(nb)
    target = output_dir / f"{source.stem}.ipynb"
    scratch = output_dir / f".{source.stem}.ipynb.part"  # renamed into place: never a half-written notebook
    scratch.write_text(nbformat.writes(nb, version=4).rstrip("\n") + "\n", encoding="utf-8")
    os.replace(scratch, target)
    if claims is not None:
        claims_file = output_dir / CLAIMS_FILE
        part = output_dir / f".{CLAIMS_FILE}.part"
        part.write_text(json.dumps(claims, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(part, claims_file)
    return target


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m dials_weights.runs.execute_notebook scripts/notebooks/<name>.py", file=sys.stderr)
        return 2
    source = Path(args[0])
    folder = os.environ.get(OUTPUT_ENV)
    output_dir = Path(folder) if folder else Path(".cache") / "standalone" / source.stem
    try:
        execute(source, output_dir)
    except NotebookFailed as failure:
        print(failure, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
