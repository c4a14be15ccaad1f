"""The HTML allowlist for everything content turns into, in one place a reviewer can read.

Entries and pages arrive by pull request, so the HTML that Markdown (or, for
walkthroughs, nbconvert) makes of them is cleaned with nh3, the Python binding
of the Ammonia sanitiser, before the theme wraps it. It parses HTML the way a
browser does, so tricks that fool regular expressions (``java&#115;cript:``,
``<img/src=x/onerror=...>``, unclosed tags) do not get through.

The policy: the elements Markdown and its extensions produce, the few our
generator and notebooks add, no scripts, styles, frames, forms or event
handlers; links and images only to relative, ``http``, ``https`` and
``mailto`` addresses. Walkthrough pages may also show ``data:image/png`` and
``data:image/svg+xml`` images (their plots); an SVG drawn by ``<img>`` cannot
run script. Element ids that start with ``__`` are Material's own
(``__drawer``, ``__search``...): content may not take them.
"""

from __future__ import annotations

from functools import lru_cache

import nh3

TAGS = frozenset(
    {
        # Python-Markdown and its extensions (tables, admonition, details, abbr, attr_list, toc, highlight)
        "a", "abbr", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre",
        "s", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "ul", "figure", "figcaption", "nav", "small", "b", "i", "u", "q", "cite", "var", "samp",
        "caption", "colgroup", "col", "section", "article", "aside", "time",
        # walkthrough notebooks (nbconvert): the copy button and its icon
        "clipboard-copy", "svg", "path",
    }
)  # fmt: skip
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "role", "tabindex", "hidden"},
    "a": {"href", "download", "rel"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "details": {"open"},
    "ol": {"start", "reversed"},
    "td": {"style", "colspan", "rowspan", "align"},
    "th": {"style", "colspan", "rowspan", "align", "scope"},
    "time": {"datetime"},
    "clipboard-copy": {"for"},
    "svg": {"aria-hidden", "height", "width", "viewBox", "viewbox", "version", "fill"},
    "path": {"d", "fill", "fill-rule"},
}
GENERIC_PREFIXES = {"data-", "aria-"}
URL_SCHEMES = {"http", "https", "mailto"}
IMAGE_DATA = ("data:image/png;base64,", "data:image/svg+xml;base64,", "data:image/jpeg;base64,")
RESERVED_ID_PREFIX = "__"


def _keep(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "id" and value.startswith(RESERVED_ID_PREFIX):
        return None
    if value.lstrip().lower().startswith("data:") and not (tag == "img" and attribute == "src"):
        return None
    if attribute == "src" and value.lstrip().lower().startswith("data:") and not value.startswith(IMAGE_DATA):
        return None
    return value


@lru_cache(maxsize=2)
def _cleaner(data_images: bool) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags={"script", "style", "template", "iframe", "object", "embed", "noscript"},
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        generic_attribute_prefixes=set(GENERIC_PREFIXES),
        attribute_filter=_keep,
        url_schemes=URL_SCHEMES | ({"data"} if data_images else set()),
        filter_style_properties={"text-align"},  # the only style Markdown tables write
        strip_comments=True,
        link_rel=None,
    )


def sanitize_html(html: str, *, data_images: bool = False) -> str:
    """``html`` with everything outside the allowlist removed (``data_images``: walkthrough plots)."""
    return _cleaner(data_images).clean(html)
