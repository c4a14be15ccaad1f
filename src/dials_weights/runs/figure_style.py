"""The look of every figure on the site, entry figures and walkthrough plots alike, in one place.

Figure scripts get it through ``scripts/figures/_figure_helpers.py`` (``use_site_style`` and
``save_figure``); walkthrough notebooks get it from the executor, which calls ``use_site_style``
in the kernel before the first cell. Both write a light SVG; ``dark_svg`` makes its dark twin by
swapping the palette's colours (entry figures are two files, walkthrough plots two outputs).

**Legible on a phone.** A figure is drawn at its own size on a wide screen and scaled down to
the text column on a narrow one: 358 CSS px on a 390 px phone (Material keeps 16 px each side).
Every text in it, tick labels and superscripts included, must still be at least 11 px there.
``small_texts`` reads that from the SVG itself, the way a browser draws it; the build reports
a figure that breaks the rule. The style makes the rule easy to keep: 11 pt type on a 4.8 inch
figure (text 14.7 px on a desktop, 11.4 px on a phone), and log axes labelled 0.01, 0.1, 1, 10
rather than with superscripts, which matplotlib draws at 70% of the text size.

This module imports matplotlib only inside ``use_site_style``: the site build uses the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

PHONE_COLUMN_PX = 358  # the text column of a 390 px wide phone
MIN_TEXT_PX = 11  # the smallest text a figure may show there
WIDTH_IN = 4.8  # the default figure width: wider figures need larger type to stay legible
FONT_PT = 11

# Okabe-Ito colours, told apart by people with colour-vision deficiencies.
# Light-theme shade -> dark-theme shade; dark_svg swaps them in the dark twin.
COLORS = {
    "blue": "#0072b2",
    "orange": "#d55e00",
    "green": "#009e73",
    "purple": "#b04a8a",
    "yellow": "#b07800",
    "grey": "#6b6b6b",
}
DARK = {
    "#0072b2": "#5cb3f0",
    "#d55e00": "#ff8f5a",
    "#009e73": "#3fd2a8",
    "#b04a8a": "#e69ac8",
    "#b07800": "#f5c04a",
    "#6b6b6b": "#a6a6a6",
    "#1a1a1a": "#e6e6e6",  # text, ticks, axes
    "#d0d0d0": "#474c57",  # grid
}
FOREGROUND = "#1a1a1a"
GRID = "#d0d0d0"
CYCLE = [COLORS[name] for name in ("blue", "orange", "green", "purple", "yellow", "grey")]

RC: dict[str, Any] = {
    "figure.figsize": (WIDTH_IN, 3.2),
    "figure.facecolor": "none",
    "axes.facecolor": "none",
    "savefig.facecolor": "none",
    "savefig.transparent": True,
    "axes.edgecolor": FOREGROUND,
    "axes.labelcolor": FOREGROUND,
    "text.color": FOREGROUND,
    "xtick.color": FOREGROUND,
    "ytick.color": FOREGROUND,
    "grid.color": GRID,
    "axes.grid": True,
    "grid.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "font.size": FONT_PT,
    "axes.titlesize": 12,
    "figure.titlesize": 12,
    "legend.title_fontsize": FONT_PT,
    "svg.hashsalt": "dials-and-weights",  # stable ids inside the SVG
    "svg.fonttype": "path",  # text as shapes: no font to fetch, same look everywhere
    "path.simplify": True,
}


def use_site_style() -> None:
    """The site look for everything drawn after this call (matplotlib's global settings)."""
    import matplotlib
    from cycler import cycler
    from matplotlib import scale, ticker

    params: Any = matplotlib.rcParams  # typed by matplotlib as a mapping of literal keys only
    params.update({**RC, "axes.prop_cycle": cycler(color=CYCLE)})

    class PlainLogFormatter(ticker.LogFormatter):
        """Which ticks to label as matplotlib decides; each written as a plain number (0.001, 20, 1e+06)."""

        def _num_to_string(self, x: float, vmin: float, vmax: float) -> str:
            text = f"{x:g}"
            if "e" in text:  # 1e-06 -> 1e-6
                mantissa, exponent = text.split("e")
                text = f"{mantissa}e{int(exponent)}"
            return text

    class PlainLogScale(scale.LogScale):
        """Matplotlib's log scale, with ticks written 0.01, 0.1, 1, 10 instead of 10 to a power."""

        def __init__(
            self, *, base: float = 10, subs: Any = None, nonpositive: Literal["clip", "mask"] = "clip"
        ) -> None:
            super().__init__(None, base=base, subs=subs, nonpositive=nonpositive)  # no axis: matplotlib 3.11's way

        def set_default_locators_and_formatters(self, axis: Any) -> None:
            super().set_default_locators_and_formatters(axis)
            axis.set_major_formatter(PlainLogFormatter(self.base))
            axis.set_minor_formatter(PlainLogFormatter(self.base, labelOnlyBase=(self.subs is not None)))

    scale.register_scale(PlainLogScale)  # under the name "log": set_xscale("log") and semilogy use it


def dark_svg(svg: str) -> str:
    """The dark-palette twin of a light SVG drawn in the site style."""
    for light, dark in DARK.items():
        svg = svg.replace(light, dark)
    return svg


# --- how large a figure's text shows on a phone --------------------------------------------------

# matplotlib (svg.fonttype "path") writes each text as <g id="text_N"><!-- the text --> followed by
# a group scaled by size / 100 (glyphs are drawn at 100 units to the em, the size in the SVG's
# units, points); a glyph drawn smaller (a superscript) carries its own scale on its <use>.
_TEXT = re.compile(r'<g id="text_\d+">\s*<!-- (.*?) -->(.*?)(?=<g id="text_\d+">|<g id="(?!text_)|\Z)', re.S)
_GROUP_SCALE = re.compile(r'<g\b[^>]*\btransform="[^"]*\bscale\(([-\d.e]+)(?:[ ,]+([-\d.e]+))?\)')
_USE_SCALE = re.compile(r'<use\b[^>]*\btransform="[^"]*\bscale\(([-\d.e]+)')
_VIEWBOX = re.compile(r'<svg\b[^>]*\bviewBox="\s*[-\d.e]+[ ,]+[-\d.e]+[ ,]+([\d.e]+)[ ,]+[\d.e]+\s*"')
_WIDTH = re.compile(r'<svg\b[^>]*\swidth="([\d.]+)(pt|px)?"')


@dataclass(frozen=True)
class SizedText:
    text: str
    points: float  # the size of its smallest glyph, in the figure's own points
    phone_px: float  # that size in CSS pixels when the figure is shown in a phone's text column


def text_sizes(svg: str, column_px: float = PHONE_COLUMN_PX) -> list[SizedText]:
    """Every text in a matplotlib SVG and how large its smallest glyph shows in a column that wide.

    A figure is shown at its own width, or scaled down to the column when it is wider.
    """
    viewbox, width = _VIEWBOX.search(svg), _WIDTH.search(svg)
    if viewbox is None or width is None:
        return []
    units = float(viewbox.group(1))  # width in the SVG's own units (points, for matplotlib)
    css_px = float(width.group(1)) * (4 / 3 if width.group(2) == "pt" else 1.0)  # 1 pt = 4/3 CSS px
    shown_px = min(css_px, column_px)
    found = []
    for match in _TEXT.finditer(svg):
        comment, body = match.group(1), match.group(2)
        group = _GROUP_SCALE.search(body)
        if group is None:
            continue
        size = abs(float(group.group(2) or group.group(1))) * 100
        smallest = min([1.0, *(abs(float(s)) for s in _USE_SCALE.findall(body))])
        points = size * smallest
        found.append(SizedText(_plain(comment), round(points, 2), round(points * shown_px / units, 2)))
    return found


def small_texts(svg: str, column_px: float = PHONE_COLUMN_PX, minimum: float = MIN_TEXT_PX) -> list[SizedText]:
    """The texts of a figure that would show smaller than ``minimum`` px in a phone's text column."""
    return [t for t in text_sizes(svg, column_px) if t.phone_px < minimum - 0.005]


def legibility_problem(svg: str, name: str) -> str | None:
    """One sentence for a contributor when a figure's text is too small on a phone, else None."""
    small = small_texts(svg)
    if not small:
        return None
    worst = min(small, key=lambda t: t.phone_px)
    shown = ", ".join(f"'{t.text}' {t.phone_px:.1f} px" for t in sorted(small, key=lambda t: t.phone_px)[:4])
    more = f" and {len(small) - 4} more" if len(small) > 4 else ""
    return (
        f"{name}: on a 390 px phone its text shows as small as {worst.phone_px:.1f} px (at least "
        f"{MIN_TEXT_PX} px needed): {shown}{more}"
    )


LEGIBILITY_HINT = (
    f"keep the site's figure width ({WIDTH_IN} in, the default of use_site_style) and its {FONT_PT} pt type: "
    "drop fontsize= settings below that, stack side-by-side panels, and keep legends inside the figure"
)


def _plain(comment: str) -> str:
    text = comment.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    for markup in ("\\mathdefault", "$", "{", "}"):
        text = text.replace(markup, "")
    return " ".join(text.split())
