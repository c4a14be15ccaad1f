"""SVG plots as ``data:`` addresses that gzip can still compress.

A walkthrough's plots are part of its page (each in a light and a dark variant).
Base64 hides the SVG's repeated text from gzip: the plots of one walkthrough were
54 kB gzip as base64 and are 38 kB percent-encoded, which keeps the text as text.
"""

from __future__ import annotations

import base64
import binascii
import html as htmllib
import re
from urllib.parse import quote, unquote

PREFIX = "data:image/svg+xml,"
BASE64_PREFIX = "data:image/svg+xml;base64,"
# Characters a URL may hold as they are; everything else, spaces, < > " # % & included, is %XX,
# so the W3C checker accepts the address and a '#' after it is still the fragment.
_SAFE = "/:=;,'()!*-._~"
_SVG_DATA = re.compile(r'\ssrc="data:image/svg\+xml(;base64)?,([^"#]*)')


def svg_data_url(svg: str) -> str:
    return PREFIX + quote(svg, safe=_SAFE)


def svg_in_img(tag: str) -> str | None:
    """The SVG an ``<img>`` tag shows from a data: address (either encoding), or None."""
    found = _SVG_DATA.search(tag)
    if found is None:
        return None
    data = htmllib.unescape(found.group(2))
    if not found.group(1):
        return unquote(data)
    try:
        return base64.b64decode(data).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return None
