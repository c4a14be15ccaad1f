"""`mkdocs serve` as a contributor uses it: edits rebuild, content errors keep the last good site."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from conftest import fetch, serving, wait_for

pytestmark = pytest.mark.slow


@pytest.fixture
def server(fixture_site: Path):
    with serving(fixture_site) as base:
        yield base, fixture_site


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def serve_log(project: Path) -> str:
    return (project / "serve.log").read_text()


def test_editing_an_entry_rebuilds_its_page(server):
    base, project = server
    edit(project / "glossary" / "alpha.md", "Alpha comes first.", "Alpha now comes first of all.")
    wait_for(lambda: "Alpha now comes first of all." in fetch(base + "glossary/alpha/"), "the edited entry")


def test_a_content_error_keeps_the_last_good_site(server):
    base, project = server
    edit(project / "glossary" / "beta.md", "related: [alpha]", "related: [alpah]")
    wait_for(lambda: "unknown related entry 'alpah'" in serve_log(project), "the error in the log")
    assert "did you mean 'alpha'?" in serve_log(project)
    assert "Beta" in fetch(base + "glossary/beta/"), "the last good page must still be served"
    edit(project / "glossary" / "beta.md", "related: [alpah]", "related: [alpha]")
    edit(project / "glossary" / "beta.md", "Alpha comes first.", "Fixed and rebuilt.")
    wait_for(lambda: "Fixed and rebuilt." in fetch(base + "glossary/beta/"), "the rebuild after the fix")


def test_a_formula_error_is_reported_and_the_page_shows_its_tex_meanwhile(server):
    base, project = server
    mark = len(serve_log(project))
    edit(project / "glossary" / "alpha.md", "$a = 1$", "$a = \\lamda$")
    wait_for(lambda: "the formula uses \\lamda" in serve_log(project)[mark:], "the error in the log")
    story = serve_log(project)[mark:]
    assert "glossary/alpha.md:14:" in story and "Traceback" not in story, story
    wait_for(lambda: 'class="arithmatex">\\(a = \\lamda\\)' in fetch(base + "glossary/alpha/"), "the TeX shown")
    edit(project / "glossary" / "alpha.md", "$a = \\lamda$", "$a = \\lambda$")
    wait_for(lambda: "<mi>λ</mi>" in fetch(base + "glossary/alpha/"), "the fixed formula as MathML")


def test_a_changed_figure_script_is_re_run(server):
    base, project = server
    edit(project / "scripts" / "figures" / "tiny.py", '"answer": 42', '"answer": 43')
    edit(project / "scripts" / "figures" / "tiny.py", '["answer == 42"]', '["answer == 43"]')
    wait_for(
        lambda: 'data-metric="tiny.answer" data-format="">43<' in fetch(base + "glossary/alpha/"),
        "the re-run figure script",
    )
    assert "] scripts/figures/tiny.py " in serve_log(project)


def test_a_content_error_reads_as_one_story(server):
    """The error, then that the last good site stays up: no 'Documentation built' or 'Reloading' in between."""
    base, project = server
    mark = len(serve_log(project))
    edit(project / "docs" / "index.md", "{{ tiny.answer }}", "{{ tiny.answr }}")
    wait_for(lambda: "unknown metric 'answr'" in serve_log(project)[mark:], "the error in the log")
    time.sleep(3)  # anything MkDocs would say after the error has been said by now
    story = serve_log(project)[mark:]
    after = story.split("unknown metric 'answr'", 1)[1]
    assert "The site still shows the last good version" in after
    assert "Documentation built" not in after and "Reloading browsers" not in after, story
    assert "Traceback" not in story and "TypeError" not in story, story
    assert "Fixture" in fetch(base), "the server must keep answering"
    edit(project / "docs" / "index.md", "{{ tiny.answr }}", "{{ tiny.answer }}")
    wait_for(lambda: "the content is fixed" in serve_log(project)[mark:], "the all-clear")


def test_rebuilds_with_nothing_new_to_run_are_quiet(server):
    base, project = server
    mark = len(serve_log(project))
    edit(project / "glossary" / "alpha.md", "Alpha comes first.", "Alpha comes first, quietly.")
    wait_for(lambda: "quietly" in fetch(base + "glossary/alpha/"), "the rebuild")
    rebuild = serve_log(project)[mark:]
    assert "1 script(s) unchanged, outputs reused from the cache" in rebuild
    assert "tiny.py" not in rebuild, rebuild
