"""The last look at a finished page (page_guard.py) finds what could run script however it is written."""

from __future__ import annotations

import pytest

from dials_weights.site.page_guard import unsafe_markup

UNSAFE = {
    '<img src=x ONERROR="alert(1)">': "an event handler attribute on <img>",
    '<a href="/ok"onclick="alert(1)">x</a>': "an event handler attribute on <a>",
    "<img/onerror=alert(1)>": "an event handler attribute on <img>",
    '<a href="/ok" src="javascript:alert(1)">x</a>': "a script or data address in src on <a>",
    '<a title="x>y" href="JaVaScRiPt:alert(1)">x</a>': "a script or data address in href on <a>",
    '<a href="java&#x73;cript:alert(1)">x</a>': "a script or data address in href on <a>",
    '<a href="data:text/html,x">x</a>': "a script or data address in href on <a>",
    "<script>alert(1)</script>": "an inline script",
    '<iframe src="/x"></iframe>': "a <iframe> element",
}
SAFE = [
    '<p title="onclick=alert(1)">words about onclick=alert(1)</p>',
    '<a href="https://example.org/a?b=1&amp;c=2">x</a>',
    '<img src="data:image/png;base64,AAAA" alt="a plot">',
    '<a href="../learning-rate/" class="md-nav__link">Learning rate</a>',
    '<script type="application/ld+json">{"a": 1}</script>',
    "<details open><summary>one</summary></details>",
]


@pytest.mark.parametrize("markup", UNSAFE)
def test_what_could_run_is_found(markup: str):
    found = unsafe_markup(f"<html><body><p>before</p>{markup}<p>after</p></body></html>")
    assert any(problem.startswith(UNSAFE[markup]) for problem in found), found


@pytest.mark.parametrize("markup", SAFE)
def test_what_cannot_run_passes(markup: str):
    assert unsafe_markup(f"<html><body>{markup}</body></html>") == []
