"""The last look at every built page: a Content-Security-Policy, and a check that nothing can run.

Escaping, validation and the sanitiser should make a script in a page
impossible. This module is the net under them, in two parts:

- ``add_policy`` puts a ``Content-Security-Policy`` ``<meta>`` first in the
  ``<head>``: scripts only from the site itself (the theme's inline scripts are
  served as files, see ``overrides/partials/javascripts``), so the browser
  refuses any inline script or event handler that got through;
- ``unsafe_markup`` reads the finished page (theme template included, where
  titles and meta descriptions are written) and lists anything that could run:
  an inline script, a script from elsewhere, an ``on...`` attribute, a
  ``javascript:`` address, a frame. The build stops on any of them.
"""

from __future__ import annotations

import html
import re

from ..glossary.content_rules import unsafe_url

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # the theme's scripts set style attributes; content may not
        "img-src 'self' data:",  # walkthrough plots are data: images
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)
META = f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">'
DATA_TYPES = frozenset({"application/json", "application/ld+json"})

_SCRIPT = re.compile(r"<script\b((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>(.*?)</script\s*>", re.S | re.I)
# Every start tag with its attributes as written (quoted values may hold '>'), in one pass over the
# page; possessive, so text with no closing '>' costs one look, not a search of every split.
_TAG = re.compile(r"""<([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']++|"[^"]*"|'[^']*')*+)>""")
# An attribute inside a tag, separated by anything that cannot start a name: a browser reads
# <a href="x"onclick=...> as two attributes.
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_URL_KEYS = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"})
_FORBIDDEN = re.compile(r"<(iframe|object|embed|base|frame|frameset|applet)\b", re.I)
_REFRESH = re.compile(r"""<meta\b[^>]*http-equiv\s*=\s*["']?refresh""", re.I)
_FOREIGN = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//")


def add_policy(page: str) -> str:
    """The page with the policy as the first thing in its <head>."""
    return page.replace("<head>", "<head>\n" + META, 1) if META not in page else page


def _attributes(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _ATTRIBUTE.finditer(text):
        value = next((v for v in match.group(2, 3, 4) if v is not None), "")
        found.setdefault(match.group(1).lower(), html.unescape(value))
    return found


def unsafe_markup(page: str) -> list[str]:
    """Everything in a finished page that could run script, described for an error message."""
    found: list[str] = []
    for match in _SCRIPT.finditer(page):
        attributes = _attributes(match.group(1))
        kind = attributes.get("type", "").strip().lower()
        if kind in DATA_TYPES:
            continue
        src = attributes.get("src")
        if src is None:
            found.append(f"an inline script: {_shown(match.group(2))}")
        elif not src.strip() or _FOREIGN.match(src.strip()) or unsafe_url(src):
            found.append(f"a script from outside the site: {_shown(src)}")
    for tag in _TAG.finditer(page):
        written = tag.group(2)
        if ":" not in written and "&" not in written and "on" not in written.lower():
            continue  # no handler, and every address relative with nothing encoded: most tags
        found += _unsafe_attributes(tag.group(1).lower(), written)
    found += [f"a <{m.group(1).lower()}> element" for m in _FORBIDDEN.finditer(page)]
    if _REFRESH.search(page):
        found.append("a <meta http-equiv=refresh> redirect")
    return found


def _unsafe_attributes(tag: str, written: str) -> list[str]:
    """Event handlers, in any letter case, and addresses that could run script, in every attribute."""
    found = []
    for match in _ATTRIBUTE.finditer(written):
        key, raw = match.group(1).lower(), next((v for v in match.group(2, 3, 4) if v is not None), None)
        if raw is None:
            continue  # a bare attribute: no handler, no address
        if key.startswith("on") and key[2:].isalpha():
            found.append(f"an event handler attribute on <{tag}>")
        elif key in _URL_KEYS and (":" in raw or "&" in raw):  # else relative, nothing encoded
            value = html.unescape(raw)
            if unsafe_url(value) and not _image_data(tag, value):
                found.append(f"a script or data address in {key} on <{tag}>: {_shown(value)}")
    return found


def _image_data(tag: str, url: str) -> bool:
    """Walkthrough plots are data: images; an image cannot run script."""
    return tag == "img" and url.strip().lower().startswith("data:image/")


def _shown(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 60 else flat[:57] + "..."
