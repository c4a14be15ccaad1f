"""Dials on pages: the embed syntax, its checks, the static block and the files a dial needs.

A page embeds a sweep (see ``sweeps.py``) the way it embeds a figure, with ``dial:`` in place of
``figure:``::

    ![What the figure shows](dial:knn_sweep "Caption.")        the script's only sweep
    ![What the figure shows](dial:knn_sweep/k "Caption.")      one sweep of several, by name

Without JavaScript the block is a figure (the drawing at the best position, light and dark
variants), its caption and a table of every position's numbers. ``assets/dials.js``, added only to
pages that hold a dial, enhances that same block into a range control and a figure it redraws.

Everything written into HTML is escaped for where it goes (``escape.py``); the caption stays
Markdown, so that cross-references and metric quotes in it work as in a figure caption.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..glossary.markup import outside_code, prose_lines, without_comments
from ..glossary.names import did_you_mean
from ..problems import Problem, display_path
from ..runs.figures import FigureCatalogue, FigureOutput
from ..runs.sweeps import Sweep, read_sweep, sweep_files
from .escape import html_attribute, html_text

Href = Callable[[str], str]  # relative URL from the page being built to a site file (as in furniture)

DIAL = re.compile(r"!\[([^\]\n]*)\]\(dial:([^\s)\"]*)(?:\s+\"([^\"\n]*)\")?\s*\)")
FIGURES = "figures"  # where figure outputs live in the site (as in site_files)
SCRIPT = "assets/dials-weights/dials.js"
STYLE = "assets/dials-weights/dials.css"
MARK = 'class="dw-dial"'
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:/[A-Za-z_][A-Za-z0-9_]*)?$")


@dataclass(frozen=True)
class DialEmbed:
    line: int
    name: str  # "script" or "script/sweep"
    alt: str
    caption: str
    source: str

    @property
    def script(self) -> str:
        return self.name.split("/", 1)[0]

    @property
    def sweep(self) -> str | None:
        return self.name.split("/", 1)[1] if "/" in self.name else None


def _embed(match: re.Match[str], line: int) -> DialEmbed:
    return DialEmbed(line, match.group(2), match.group(1).strip(), (match.group(3) or "").strip(), match.group(0))


def find_dials(text: str, first_line: int = 1) -> list[DialEmbed]:
    """Every dial embed outside code (fenced or inline) and HTML comments, in order."""
    lines = prose_lines(without_comments(text), first_line)
    return [_embed(m, n) for n, line in lines if "](dial:" in line for m in outside_code(DIAL, line)]


def substitute_dials(text: str, replace: Callable[[DialEmbed], str], first_line: int = 1) -> str:
    """``text`` with every dial embed outside code replaced by what ``replace`` returns."""
    prose = {number for number, line in prose_lines(text, first_line) if "](dial:" in line}
    lines = text.split("\n")
    for offset, line in enumerate(lines):
        if first_line + offset in prose:
            pieces, last = [], 0
            for match in outside_code(DIAL, line):
                pieces += [line[last : match.start()], replace(_embed(match, first_line + offset))]
                last = match.end()
            lines[offset] = "".join(pieces) + line[last:]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Which sweep an embed names


def sweeps_of(catalogue: FigureCatalogue, script: str) -> dict[str, Path] | None:
    """A script's sweeps by name, or None when it has not run yet."""
    output = catalogue.outputs.get(script)
    return None if output is None else sweep_files(output.folder)


def resolve(ref: DialEmbed, catalogue: FigureCatalogue) -> Sweep | None:
    found = sweeps_of(catalogue, ref.script) or {}
    name = ref.sweep if ref.sweep is not None else (next(iter(found)) if len(found) == 1 else None)
    return read_sweep(ref.script, found[name]) if name in found else None


def check_dials(text: str, first_line: int, path: str, catalogue: FigureCatalogue | None) -> list[Problem]:
    """Every dial embed in a page or entry, with the same standard as figures: alt, caption, a real sweep."""
    found: list[Problem] = []
    for ref in find_dials(text, first_line):

        def add(message: str, hint: str, ref: DialEmbed = ref) -> None:
            found.append(Problem(path, ref.line, message, hint))

        if not ref.alt:
            add(
                f"the dial '{ref.name}' has no alt text",
                "describe what the figure shows inside ![...] for readers who cannot see it",
            )
        if "{{" in ref.alt or "[[" in ref.alt:
            add(
                f"the alt text of the dial '{ref.name}' must be plain text",
                "describe the picture in words; the dial adds the numbers at each position itself",
            )
        if not ref.caption:
            add(f"the dial '{ref.name}' has no caption", 'add one in quotes after the name: (dial:script "Caption")')
        if not _NAME.match(ref.name):
            add(
                f"'{ref.name}' is not a dial name",
                "name the script that writes the sweep, as dial:<script> or dial:<script>/<sweep>",
            )
            continue
        if catalogue is None:
            continue
        if not catalogue.has_script(ref.script):
            with_sweeps = sorted(s for s in catalogue.scripts if sweeps_of(catalogue, s))
            add(
                f"unknown dial '{ref.name}': there is no scripts/figures/{ref.script}.py",
                did_you_mean(ref.script, with_sweeps) or "a dial shows a sweep that a figure script writes",
            )
            continue
        made = sweeps_of(catalogue, ref.script)
        if made is None:
            continue  # not run yet (a fast check without a cache): the build will know
        if not made:
            add(
                f"scripts/figures/{ref.script}.py writes no sweep, so '{ref.name}' has nothing to turn",
                "declare one with write_sweep(...) from _figure_helpers.py (see CONTRIBUTING.md)",
            )
        elif ref.sweep is None and len(made) > 1:
            add(
                f"scripts/figures/{ref.script}.py writes {len(made)} sweeps: say which one",
                "name it as " + " or ".join(f"dial:{ref.script}/{s}" for s in made),
            )
        elif ref.sweep is not None and ref.sweep not in made:
            add(
                f"scripts/figures/{ref.script}.py writes no sweep '{ref.sweep}'",
                did_you_mean(ref.sweep, made) or f"it writes: {', '.join(made)}",
            )
    return found


def dial_problems(
    entries: Iterable[tuple[str, str, int]], pages: Iterable[Path], root: Path, catalogue: FigureCatalogue
) -> list[Problem]:
    """Dial embeds in entries (path, body, first line) and in hand-written pages and notebooks."""
    found: list[Problem] = []
    for path, body, first_line in entries:
        found += check_dials(body, first_line, path, catalogue)
    for source in pages:
        text = source.read_text(encoding="utf-8")
        display = display_path(source, root)
        if source.suffix == ".py":
            found += [
                Problem(display, ref.line, f"the dial '{ref.name}' is in a walkthrough", _NOTEBOOK_HINT)
                for ref in find_dials(text)
            ]
        else:
            found += check_dials(text, 1, display, catalogue)
    return found


_NOTEBOOK_HINT = (
    "walkthroughs show figures only for now: embed the drawing at the best position with "
    '![...](figure:<script>/<sweep>.svg "...") and link to the entry that has the dial'
)


# ---------------------------------------------------------------------------------------------
# The block on the page


def expand_dials(
    markdown: str, catalogue: FigureCatalogue, href: Href, made_note: Callable[[FigureOutput], str]
) -> str:
    """Every dial embed as its static block (validation ran before; one that no longer resolves,
    as during `mkdocs serve` on the last good content, is left as written)."""

    def replace(ref: DialEmbed) -> str:
        sweep = resolve(ref, catalogue)
        output = catalogue.outputs.get(ref.script)
        if sweep is None or output is None:
            return ref.source
        return dial_html(ref, sweep, made_note(output), href)

    return substitute_dials(markdown, replace)


def dial_html(ref: DialEmbed, sweep: Sweep, made_note: str, href: Href) -> str:
    """The static block: the figure at the best position, its caption, and every position's numbers.

    ``made_note`` is the figure's "How this was made" note (HTML); ``href`` makes site paths
    relative to the page. The caption stays Markdown, as a figure's does.
    """
    record, default = sweep.record, sweep.default
    symbol, numbers = record["symbol"], record["numbers"]
    at_best = record["runs"][default]["text"]
    said = ", ".join(f"{n['label']} {at_best[n['key']]}" for n in numbers)
    value = record["value_text"][default]
    alt = html_attribute(f"{ref.alt} Shown at {symbol} = {value}, the best value the sweep found: {said}.")
    size = svg_size(sweep.path.parent / f"{sweep.name}.svg")
    dimensions = f' width="{size[0]}" height="{size[1]}"' if size else ""

    def image(name: str, scheme: str) -> str:
        src = html_attribute(href(f"{FIGURES}/{sweep.script}/{name}") + f"#only-{scheme}")
        return f'<img src="{src}" alt="{alt}" loading="lazy"{dimensions}>'

    images = [image(f"{sweep.name}.svg", "light")]
    if (sweep.path.parent / f"{sweep.name}.dark.svg").is_file():
        images.append(image(f"{sweep.name}.dark.svg", "dark"))
    rows = []
    for index, run in enumerate(record["runs"]):
        cells = "".join(f"<td>{html_text(run['text'][n['key']])}</td>" for n in numbers)
        shown = record["value_text"][index] + (" (best)" if index == default else "")
        rows.append(f'<tr><th scope="row">{html_text(shown)}</th>{cells}</tr>')
    header = "".join(f'<th scope="col">{html_text(n["label"])}</th>' for n in numbers)
    attributes = {"data-dial": f"{sweep.script}/{sweep.name}", "data-key": sweep.key, "data-alt": ref.alt}
    opening = " ".join(f'{k}="{html_attribute(v)}"' for k, v in attributes.items())
    return "\n".join(
        [
            f'<div class="dw-dial" {opening} markdown="block">',
            '<figure class="dw-figure" markdown="block">',
            '<div class="dw-dial-static">',
            *images,
            "</div>",
            '<figcaption markdown="block">',
            ref.caption,
            "",
            f'<span class="dw-made">{made_note} One run per value of {html_text(symbol)}: '
            f"{sweep.positions} runs.</span>",
            "</figcaption>",
            "</figure>",
            '<details class="dw-dial-numbers">',
            f"<summary>The numbers at every {html_text(symbol)} ({sweep.positions} runs)</summary>",
            f'<table><thead><tr><th scope="col">{html_text(symbol)}</th>{header}</tr></thead><tbody>',
            *rows,
            "</tbody></table>",
            "</details>",
            "</div>",
        ]
    )


_SVG_SIZE = re.compile(r'<svg\b[^>]*?\swidth="([0-9.]+)(pt|px)?"[^>]*?\sheight="([0-9.]+)(pt|px)?"')


def svg_size(path: Path) -> tuple[int, int] | None:
    """The static figure's size in CSS pixels, so the page reserves its space (as for figures)."""
    if not path.is_file():
        return None
    with path.open(encoding="utf-8") as stream:
        match = _SVG_SIZE.search(stream.read(2048))
    if not match:
        return None
    scale = 4 / 3 if match.group(2) == "pt" else 1.0
    return round(float(match.group(1)) * scale), round(float(match.group(3)) * scale)


def dial_assets(catalogue: FigureCatalogue) -> dict[str, Path]:
    """Every sweep's data file, by its path in the site (next to the script's figures)."""
    assets: dict[str, Path] = {}
    for script in sorted(catalogue.outputs):
        for name, path in sweep_files(catalogue.outputs[script].folder).items():
            assets[f"{FIGURES}/{script}/{name}.sweep.json"] = path
    return assets


def add_dial_assets(page_html: str, page_url: str) -> str:
    """On a page that holds a dial, its stylesheet in the head and its script inside the article.

    The script goes inside the content, where Material's instant navigation runs page scripts
    again; relative URLs keep the site working under a sub-path and from the file system.
    """
    if MARK not in page_html:
        return page_html
    folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    up = posixpath.relpath(".", folder or ".") if folder else "."

    def link(path: str) -> str:
        return html_attribute(posixpath.normpath(posixpath.join(up, path)))

    page_html = page_html.replace("</head>", f'<link rel="stylesheet" href="{link(STYLE)}">\n</head>', 1)
    script = f'<script src="{link(SCRIPT)}" defer></script>\n'
    at = page_html.find("</article>")
    if at < 0:
        at = page_html.find("</body>")
    return page_html[:at] + script + page_html[at:] if at >= 0 else page_html + script
