"""Rules that keep content safe to publish: plain text where plain text belongs, Markdown
instead of HTML in entries, no script URLs anywhere, bounded number formats.

These run before anything is rendered, so a hostile or mistaken pull request
stops with a file, a line and a fix, instead of reaching a reader. The
sanitiser (``sanitize.py``) and the escaping writers (``escape.py``) stay in
place behind them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from ..problems import Problem
from .markup import prose_lines

# Characters that would be markup, or break a line, in a field that is shown as plain text
# (a term in the page title, a definition in a tooltip and a meta description).
_NOT_PLAIN = re.compile(r"[<>\[\]{}`|\\]|[\x00-\x1f\x7f\u2028\u2029]")
_INLINE_CODE = re.compile(r"(`+)(?:.+?)\1")
_MATH = re.compile(r"\$\$.*?\$\$|\$[^$\n]+\$|\\\(.*?\\\)")
# Comments are left to the template-hint rule (entries) and the sanitiser, which removes them.
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)/?>|<\?|<!\[CDATA\[|<![a-zA-Z]")
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
# Markdown link and image destinations, reference definitions and autolinks.
_LINK_TARGETS = re.compile(
    r"\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))*)|^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)"
    r"|<([a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>]*)>",
    re.M,
)
UNSAFE_SCHEMES = ("javascript", "vbscript", "data")
# The HTML a hand-written page may use inside its Markdown; entries may use none.
PAGE_TAGS = frozenset(
    {"a", "abbr", "br", "div", "span", "figure", "figcaption", "details", "summary", "kbd", "sub", "sup", "small"}
)
PAGE_ATTRIBUTES = frozenset({"href", "class", "id", "title", "download", "markdown", "aria-label", "lang"})
MAX_FORMAT_WIDTH = 24
MAX_FORMAT_PRECISION = 12
_FORMAT_SPEC = re.compile(r"^(?:.?[<>=^])?[+\- ]?z?#?0?(\d*)[_,]?(?:\.(\d+))?[bcdeEfFgGnosxX%]?$")


def plain_text_problem(value: str, field: str, path: str, line: int | None, *, code: bool = False) -> Problem | None:
    """A field such as 'term' or 'short' must be one line of text without markup.

    ``code``: `code spans` are allowed (FAQ questions name arguments such as `max_depth`).
    """
    match = _NOT_PLAIN.search(_INLINE_CODE.sub(" ", value) if code else value)
    if match is None:
        return None
    found = match.group(0)
    if found in "\n\r\u2028\u2029" or ord(found) < 32 or found == "\x7f":
        what = "a line break" if found in "\n\r\u2028\u2029" else f"the control character U+{ord(found):04X}"
        return Problem(path, line, f"'{field}' contains {what}", f"write '{field}' as one line of plain text")
    return Problem(
        path,
        line,
        f"'{field}' contains '{found}', which is markup, not plain text",
        f"'{field}' is shown as written in titles, tooltips and the index: use words instead of '{found}'",
    )


def _prose_segments(text: str, first_line: int) -> Iterator[tuple[int, str]]:
    """Prose lines with code spans and math blanked out, so `<b>` in code is not HTML."""
    for number, line in prose_lines(text, first_line):
        yield number, _MATH.sub(" ", _INLINE_CODE.sub(" ", line))


def html_problems(text: str, first_line: int, path: str, *, allowed: frozenset[str] = frozenset()) -> list[Problem]:
    """Raw HTML in Markdown: none in entries; in pages, only ``allowed`` tags with harmless attributes."""
    found: list[Problem] = []
    for number, line in _prose_segments(text, first_line):
        for match in _TAG.finditer(line):
            name = (match.group(2) or "").lower()
            if name not in allowed:
                shown = match.group(0) if len(match.group(0)) <= 40 else match.group(0)[:37] + "..."
                hint = (
                    "entries are Markdown only: use **bold**, *italic*, lists and [[links]] instead of HTML"
                    if not allowed
                    else "pages may use only these HTML tags: " + ", ".join(sorted(allowed))
                )
                found.append(Problem(path, number, f"raw HTML '{shown}' is not allowed here", hint))
                continue
            for attribute in _ATTRIBUTE.finditer(match.group(3) or ""):
                key = attribute.group(1).lower()
                value = next((v for v in attribute.group(2, 3, 4) if v is not None), "")
                if key not in PAGE_ATTRIBUTES:
                    found.append(
                        Problem(
                            path,
                            number,
                            f"the attribute '{key}' on <{name}> is not allowed",
                            "allowed attributes: " + ", ".join(sorted(PAGE_ATTRIBUTES)),
                        )
                    )
                elif key == "href" and unsafe_url(value):
                    found.append(_unsafe_link(path, number, value))
    return found


def unsafe_url(url: str) -> bool:
    """True for javascript:, vbscript: and data: addresses, however they are spelt or encoded."""
    decoded = html.unescape(url)
    compact = re.sub(r"[\x00-\x20\x7f]+", "", decoded).lower()
    return compact.startswith(tuple(s + ":" for s in UNSAFE_SCHEMES))


def _unsafe_link(path: str, line: int, url: str) -> Problem:
    shown = url if len(url) <= 40 else url[:37] + "..."
    return Problem(
        path,
        line,
        f"the link '{shown}' uses a script or data address",
        "link to a web page (https://...) or to another page of the site; javascript:, vbscript: and data: "
        "links are refused",
    )


def link_problems(text: str, first_line: int, path: str) -> list[Problem]:
    """Markdown links, images, reference definitions and autolinks to javascript:, vbscript: or data:."""
    found: list[Problem] = []
    for number, line in _prose_segments(text, first_line):
        for match in _LINK_TARGETS.finditer(line):
            url = next((g for g in match.groups() if g), "")
            if unsafe_url(url):
                found.append(_unsafe_link(path, number, url))
    return found


def format_spec_problem(spec: str) -> str | None:
    """Why a metric's format spec is refused, or None: widths and precisions stay small."""
    match = _FORMAT_SPEC.match(spec)
    if match is None:
        return f"'{spec}' is not a format spec this site accepts"
    width, precision = match.group(1), match.group(2)
    if width and int(width) > MAX_FORMAT_WIDTH:
        return f"a width of {int(width)} characters is too wide (at most {MAX_FORMAT_WIDTH})"
    if precision and int(precision) > MAX_FORMAT_PRECISION:
        return f"a precision of {int(precision)} digits is too many (at most {MAX_FORMAT_PRECISION})"
    return None
