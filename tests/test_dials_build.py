"""Dials in the real glossary, built once with real MkDocs (the session's `repo_site`)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from dials_weights.runs.figures import METRICS_FILE
from dials_weights.runs.sweeps import POSITIONS, best_position, gzip_size, shape_problems

pytestmark = pytest.mark.slow

# The dials the issue asks for, and where they are shown.
DIALS = {
    "learning_rate_sweep/learning_rate": ["", "glossary/learning-rate/"],
    "epochs_sweep/epoch": ["glossary/overfitting/"],
    "knn_sweep/k": [""],
    "degree_sweep/degree": ["glossary/underfitting/"],
    "ridge_sweep/alpha": ["glossary/regularization/"],
    "clusters_sweep/clusters": ["glossary/number-of-clusters/"],
}


def cached_output(project: Path, script: str) -> Path:
    [folder] = (project / ".cache" / "dials-weights" / "figures" / script).iterdir()
    return folder


def page_html(project: Path, path: str) -> str:
    return (project / "site" / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(DIALS))
def test_each_dial_holds_one_real_run_per_position_and_its_metrics_agree(repo_site: Path, name: str):
    script, sweep_name = name.split("/")
    served = repo_site / "site" / "figures" / script / f"{sweep_name}.sweep.json"
    folder = cached_output(repo_site, script)
    assert served.read_bytes() == (folder / f"{sweep_name}.sweep.json").read_bytes()
    record = json.loads(served.read_text())
    assert shape_problems(record, sweep_name) == []
    low, high = POSITIONS
    assert low <= len(record["values"]) <= high
    assert len(record["runs"]) == len(record["values"])
    keys = [n["key"] for n in record["numbers"]]
    # One run per position: every position has its own numbers, and they are not all the same run.
    for run in record["runs"]:
        assert set(keys) <= set(run["numbers"]) and set(keys) <= set(run["text"])
    columns = {k: [run["numbers"][k] for run in record["runs"]] for k in keys}
    assert all(len(set(map(str, column))) > len(record["values"]) // 3 for column in columns.values()), columns
    # The default is the best position, and its numbers are the sweep's metrics, which claims check.
    assert record["default"] == best_position(record)
    metrics = json.loads((folder / METRICS_FILE).read_text())
    summary = metrics["metrics"][sweep_name]
    default = record["default"]
    assert summary["best_index"] == default and summary["best_value"] == record["values"][default]
    assert summary["best"] == record["runs"][default]["numbers"]
    assert summary["numbers"] == columns
    assert any(claim.startswith(f"0 < {sweep_name}.best_index") for claim in metrics["claims"])
    assert gzip_size(served.read_bytes()) < 100_000


@pytest.mark.parametrize("name", sorted(DIALS))
def test_each_dial_is_shown_static_first_where_it_belongs(repo_site: Path, name: str):
    script, sweep_name = name.split("/")
    record = json.loads((repo_site / "site" / "figures" / script / f"{sweep_name}.sweep.json").read_text())
    for path in DIALS[name]:
        page = page_html(repo_site, path)
        up = "../" * path.count("/")
        assert f'data-dial="{name}"' in page, path
        block = page[page.index(f'data-dial="{name}"') :]
        block = block[: block.index("</details>")]
        assert f'src="{up}figures/{script}/{sweep_name}.svg#only-light"' in block
        assert f'src="{up}figures/{script}/{sweep_name}.dark.svg#only-dark"' in block
        rows = re.findall(r"<tr>\s*<th scope=\"row\">([^<]*)</th>((?:\s*<td>[^<]*</td>)+)\s*</tr>", block)
        assert [r[0].replace(" (best)", "") for r in rows] == record["value_text"]
        best = record["default"]
        assert rows[best][0].endswith("(best)")
        cells = re.findall(r"<td>([^<]*)</td>", rows[best][1])
        assert cells == [record["runs"][best]["text"][n["key"]] for n in record["numbers"]]
        # The widget's code and style, by URLs relative to this page.
        assert f'<script src="{up}assets/dials-weights/dials.js" defer></script>' in page
        assert f'<link rel="stylesheet" href="{up}assets/dials-weights/dials.css">' in page
        assert page.count("dials.js") == 1


def test_pages_without_dials_get_neither_script_nor_style(repo_site: Path):
    for path in ("glossary/parameter/", "glossary/", "guides/faq/"):
        page = page_html(repo_site, path)
        assert "dials.js" not in page and "dials.css" not in page and "dw-dial" not in page, path


def test_the_print_page_shows_every_entry_dial_with_one_script(repo_site: Path):
    page = page_html(repo_site, "glossary/print/")
    assert len(re.findall(r'\sdata-dial="', page)) >= 5
    assert page.count("dials.js") == 1


def test_the_widget_is_small(repo_site: Path):
    assets = repo_site / "site" / "assets" / "dials-weights"
    code = sum(gzip_size((assets / name).read_bytes()) for name in ("dials.js", "dials.css"))
    assert code <= 30_000, code
