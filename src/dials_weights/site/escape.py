"""Escaping for each place the generator writes text, in one module.

Entry text is untrusted: a term, a one-line definition or an alias arrives by
pull request. Validation refuses markup where plain text belongs, and every
writer still escapes for its context, so a gap in one layer is not a hole.

- ``html_text`` / ``html_attribute``: element text and quoted attribute values.
- ``markdown_text``: plain text placed inside Markdown that Python-Markdown
  will parse (a heading, a link label, a details title). Characters that mean
  something to Markdown or HTML become numeric character references, which
  Markdown passes through untouched and the browser shows as the character.
- ``json_in_html``: JSON inside a ``<script type="application/...json">`` block;
  ``<`` never appears raw, so the block cannot be closed early.
- ``yaml_string``: a value in generated YAML front matter.
"""

from __future__ import annotations

import html
import json
import re

_CODE_SPAN = re.compile(r"(`+[^`]+?`+)")
_MARKDOWN_SPECIAL = set('\\`*_{}[]()#!|~$<>&"')


def html_text(text: str) -> str:
    return html.escape(text, quote=False)


def html_attribute(text: str) -> str:
    """For a double-quoted attribute value. Newlines become spaces: attributes here hold one line."""
    return html.escape(" ".join(text.split()), quote=True)


def markdown_text(text: str, *, code: bool = False) -> str:
    """Plain text that Markdown must show as written, never interpret.

    ``code``: `code spans` stay code spans (an FAQ question may name `max_depth`).
    """
    flat = " ".join(text.split())
    if code:
        parts = _CODE_SPAN.split(flat)
        return "".join(
            part.replace('"', "'") if part.startswith("`") else markdown_text(part) for part in parts if part
        )
    return "".join(f"&#{ord(c)};" if c in _MARKDOWN_SPECIAL else c for c in flat)


def json_in_html(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML) on one line."""
    return json.dumps(" ".join(text.split()), ensure_ascii=False)
