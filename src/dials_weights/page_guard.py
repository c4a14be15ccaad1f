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

from .content_rules import unsafe_url

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",  # the theme and KaTeX set style attributes; content may not
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

_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]*)((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>")
_ATTRIBUTE = re.compile(r"""[\s/]([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_SCRIPT = re.compile(r"<script\b((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>(.*?)</script\s*>", re.S | re.I)
_FOREIGN = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?//")
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"})
_FORBIDDEN_TAGS = frozenset({"iframe", "object", "embed", "base", "frame", "frameset", "applet"})


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
    for match in _TAG.finditer(page):
        name = match.group(1).lower()
        if name in _FORBIDDEN_TAGS:
            found.append(f"a <{name}> element")
        for key, value in _attributes(match.group(2)).items():
            if key.startswith("on"):
                found.append(f"an event handler attribute {key} on <{name}>")
            elif (
                key in _URL_ATTRIBUTES and unsafe_url(value) and not (name == "img" and value.startswith("data:image/"))
            ):
                found.append(f"a script or data address in {key} on <{name}>: {_shown(value)}")
            elif name == "meta" and key == "http-equiv" and value.strip().lower() == "refresh":
                found.append("a <meta http-equiv=refresh> redirect")
    return found


def _shown(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= 60 else flat[:57] + "..."
