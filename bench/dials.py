"""Dials' sizes on a built site: the widget's code, each dial's data, a page with two dials.

    python bench/dials.py [site/]        # prints the measurements as JSON

Sizes are bytes after gzip (level 9, what a server sends for text). Budgets (issue 12): the
widget's code at most 30 KB, one dial's data at most 100 KB, a page with two dials under 150 KB
before any interaction. "Before interaction" counts what that page makes a browser fetch when both
dials are in view: the HTML, every stylesheet and script it names, the static figures (light
variants) of its dials, and both dials' data; it is reported with and without the theme's own
files (Material's bundle and stylesheets), which every page loads and the browser caches.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

WIDGET = ("assets/dials-weights/dials.js", "assets/dials-weights/dials.css")
BUDGETS = {"widget": 30_000, "dial_data": 100_000, "page_with_two_dials": 150_000}
_DIAL = re.compile(r'\sdata-dial="([^"]+)"')
_FETCHED = re.compile(r'<(?:script[^>]*\ssrc|link[^>]*rel="stylesheet"[^>]*\shref)="([^"]+)"')


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def measure(site_dir: Path) -> dict:
    """The sizes above, for the site built in ``site_dir``."""
    widget = {Path(name).name: gz((site_dir / name).read_bytes()) for name in WIDGET}
    data = {
        f"{p.parent.name}/{p.name.removesuffix('.sweep.json')}": gz(p.read_bytes())
        for p in sorted((site_dir / "figures").glob("*/*.sweep.json"))
    }
    result: dict = {
        "widget_gzip": {**widget, "total": sum(widget.values())},
        "dial_data_gzip": data,
        "budgets": BUDGETS,
    }
    page = _page_with_two_dials(site_dir)
    if page is not None:
        result["page_with_two_dials"] = _page_transfer(site_dir, page)
    over = [name for name, size in data.items() if size > BUDGETS["dial_data"]]
    result["within_budget"] = (
        result["widget_gzip"]["total"] <= BUDGETS["widget"]
        and not over
        and (page is None or result["page_with_two_dials"]["dials_part"] < BUDGETS["page_with_two_dials"])
    )
    return result


def _page_with_two_dials(site_dir: Path) -> Path | None:
    for page in sorted(site_dir.rglob("index.html"), key=lambda p: (len(p.parts), p)):
        if "print" not in page.parts and len(_DIAL.findall(page.read_text(encoding="utf-8"))) >= 2:
            return page
    return None


def _page_transfer(site_dir: Path, page: Path) -> dict:
    text = page.read_text(encoding="utf-8")
    base = page.relative_to(site_dir).as_posix()
    dials = _DIAL.findall(text)[:2]
    files: dict[str, int] = {}
    for url in _FETCHED.findall(text):
        path = urlsplit(urljoin(base, url)).path
        if (site_dir / path).is_file():
            files[path] = gz((site_dir / path).read_bytes())
    figures = {f"figures/{d}.svg": gz((site_dir / "figures" / f"{d}.svg").read_bytes()) for d in dials}
    data = {f"figures/{d}.sweep.json": gz((site_dir / "figures" / f"{d}.sweep.json").read_bytes()) for d in dials}
    widget = {path: size for path, size in files.items() if path in WIDGET}
    theme = {path: size for path, size in files.items() if path not in WIDGET}
    html = gz(page.read_bytes())
    dials_part = sum(widget.values()) + sum(figures.values()) + sum(data.values())
    return {
        "page": base,
        "dials": dials,
        "html": html,
        "widget": widget,
        "static_figures": figures,
        "data": data,
        "dials_part": dials_part,
        "theme_files": theme,
        "total": html + dials_part + sum(theme.values()),
    }


def main(argv: list[str]) -> int:
    site_dir = Path(argv[1]) if len(argv) > 1 else Path("site")
    if not (site_dir / "index.html").is_file():
        print(f"no built site in {site_dir}: run `make build` first", file=sys.stderr)
        return 1
    print(json.dumps(measure(site_dir), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
