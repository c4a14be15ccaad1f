"""`mkdocs serve` as a contributor uses it: edits rebuild, content errors keep the last good site."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
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


def _pages(base: str) -> dict[str, str]:
    """Every page the server lists in its sitemap, with what varies between two servers taken out:
    its address and the live-reload script's numbers."""
    sitemap = fetch(base + "sitemap.xml")
    urls = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert len(urls) > 8, sitemap
    origin = base.split("/fixture/")[0]
    return {
        url.replace(origin, ""): re.sub(r"livereload\(\d+, \d+\)", "livereload()", fetch(url).replace(origin, "ORIGIN"))
        for url in urls
    }


def test_after_an_edit_every_page_is_what_a_fresh_server_builds(fixture_site: Path, tmp_path: Path):
    """Serve keeps finished pages between rebuilds (page_outputs.py) and converts the print page in
    parts: neither may leave a stale page. The edit renames a term (its page, the pages that list or
    link it, the print page) and a page's heading that the navigation of every page shows."""
    (fixture_site / "docs" / "about.md").write_text("# About us\n\nWho writes this glossary.\n")
    edit(fixture_site / "mkdocs.yml", "  - Home: index.md\n", "  - Home: index.md\n  - about.md\n")
    with serving(fixture_site) as base:
        assert "About us" in fetch(base + "glossary/beta/")
        edit(fixture_site / "glossary" / "alpha.md", "term: Alpha", "term: Alphabet")
        edit(fixture_site / "docs" / "about.md", "# About us", "# About the fixture")
        wait_for(lambda: "About the fixture" in fetch(base + "glossary/gamma/"), "the rebuild")
        wait_for(lambda: "Alphabet" in fetch(base + "glossary/print/"), "the rebuild")
        rebuilt = _pages(base)
    fresh_project = tmp_path / "fresh"
    shutil.copytree(fixture_site, fresh_project, ignore=shutil.ignore_patterns("serve.log", ".cache"))
    with serving(fresh_project) as base:
        fresh = _pages(base)
    assert rebuilt.keys() == fresh.keys()
    stale = [url for url in fresh if rebuilt[url] != fresh[url]]
    assert not stale, f"pages that differ from a fresh build: {stale}"
    assert "Alphabet" in rebuilt["/fixture/glossary/beta/"]
    # `mkdocs serve` converts the pages of many entries in parts, `mkdocs build` whole: same article.
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=fresh_project, check=True)
    for page in ("glossary/print/", "guides/faq/"):
        built = (fresh_project / "site" / page / "index.html").read_text()
        served = fresh[f"/fixture/{page}"]
        assert _article(built) == _article(served), page


def _not_found(url: str) -> bool:
    try:
        fetch(url)
    except urllib.error.HTTPError as error:
        return error.code == 404
    return False


def test_the_served_folder_follows_the_sources_without_being_emptied(fixture_site: Path):
    """Serve rebuilds into the folder it serves without emptying it (adapter/kept_site_folder.py): a changed
    file must still be copied, even one whose new version is older, and a deleted one must go."""
    docs = fixture_site / "docs"
    (docs / "extra.md").write_text("# Extra\n\nA page about to go.\n")
    (fixture_site / "mkdocs.yml").write_text((fixture_site / "mkdocs.yml").read_text() + "not_in_nav: /extra.md\n")
    notes = docs / "notes.txt"
    notes.write_text("notes, first\n")
    with serving(fixture_site) as base:
        assert "A page about to go." in fetch(base + "extra/")
        assert fetch(base + "notes.txt") == "notes, first\n"
        first = notes.stat().st_mtime
        notes.write_text("notes, older\n")  # same size, and dated before the copy being served
        os.utime(notes, (first - 3600, first - 3600))
        edit(fixture_site / "glossary" / "alpha.md", "Alpha comes first.", "Alpha comes first, again.")
        wait_for(lambda: "first, again" in fetch(base + "glossary/alpha/"), "the rebuild")
        assert fetch(base + "notes.txt") == "notes, older\n"
        (docs / "extra.md").unlink()
        notes.unlink()
        wait_for(lambda: _not_found(base + "extra/") and _not_found(base + "notes.txt"), "the files to go")
        assert "Alpha" in fetch(base + "glossary/alpha/")


def _article(page: str) -> str:
    found = re.search(r"<article\b.*?</article>", page, re.S)
    assert found, page[:500]
    return found.group(0)


def test_saves_are_heard_with_polling_too(fixture_site: Path, monkeypatch: pytest.MonkeyPatch):
    """Where kernel notifications do not cross (Docker Desktop, WSL's Windows drives) MkDocs' own
    polling stays; DW_WATCH=poll chooses it anywhere."""
    monkeypatch.setenv("DW_WATCH", "poll")
    with serving(fixture_site) as base:
        edit(fixture_site / "glossary" / "alpha.md", "Alpha comes first.", "Alpha comes first, polled.")
        wait_for(lambda: "polled" in fetch(base + "glossary/alpha/"), "the rebuild")
    assert "saves reach the server as they happen" not in serve_log(fixture_site)


def test_saves_reach_the_server_from_the_kernel_on_a_local_disk(server):
    base, project = server
    edit(project / "glossary" / "alpha.md", "Alpha comes first.", "Alpha comes first, heard.")
    wait_for(lambda: "heard" in fetch(base + "glossary/alpha/"), "the rebuild")
    time.sleep(2)  # a build reads every entry; reading must not count as a change
    log = serve_log(project)
    assert "saves reach the server as they happen (inotify)" in log
    assert log.count("Detected file changes") == 1, log
