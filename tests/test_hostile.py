"""Hostile content, as a pull request could carry it: refused with a message, or built harmless.

Part one breaks one thing at a time in a copy of a good build of the fixture
site and builds it with real MkDocs: each case must be refused with the file
(and line where there is one), no traceback, and the last good site and the
cache byte for byte as they were; or, where the content is allowed, built with
nothing unsafe in the output. Part two builds one site whose every field holds
text that looks like markup but is allowed, and reads it in Chromium: no
dialog on load, hover, focus or search, no ``javascript:`` link, no
Content-Security-Policy violation.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import FIXTURE_SITE, build

pytestmark = pytest.mark.slow

XSS = "<img src=x onerror=alert(1)>"


@dataclass(frozen=True)
class Case:
    expected: tuple[str, ...]
    path: str = ""
    old: str = ""
    new: str = ""
    env: dict[str, str] = field(default_factory=dict)
    prepare: Callable[[Path], None] | None = None
    script_traceback: bool = False


def _entry_field(name: str, value: str) -> tuple[str, str]:
    lines = {"term": "term: Alpha", "short": "short: The first test term, which the other terms build on."}
    return lines[name], f"{name}: {value}"


def _symlink(link: str, target: str) -> Callable[[Path], None]:
    def make(project: Path) -> None:
        (project / link).parent.mkdir(parents=True, exist_ok=True)
        (project / link).unlink(missing_ok=True)
        os.symlink(target, project / link)

    return make


def _script(body: str) -> Callable[[Path], None]:
    def make(project: Path) -> None:
        (project / "scripts/figures/evil.py").write_text(body, encoding="utf-8")

    return make


def _metrics(raw: bytes) -> Callable[[Path], None]:
    """A script that writes one figure and the given bytes as its metrics.json."""
    return _script(
        "import os, pathlib\nout = pathlib.Path(os.environ['DW_OUTPUT_DIR'])\n"
        "(out / 'a.svg').write_text('<svg xmlns=\"http://www.w3.org/2000/svg\"/>')\n"
        f"(out / 'metrics.json').write_bytes({raw!r})\n"
    )


REFUSED = {
    "term breaks out of the title": Case(
        (
            "glossary/alpha.md:2:",
            "'term' contains '<'",
        ),
        "glossary/alpha.md",
        *_entry_field("term", '"</title><script>alert(1)</script>"'),
    ),
    "short breaks out of the meta description": Case(
        ("glossary/alpha.md:4:", "'short' contains '>'"),
        "glossary/alpha.md",
        *_entry_field("short", "'x\"><script>alert(1)</script>.'"),
    ),
    "short with a line break": Case(
        ("glossary/alpha.md:4:", "'short' contains a line break"),
        "glossary/alpha.md",
        *_entry_field("short", '"First line.\\n## Injected heading."'),
    ),
    "term turns cross-references into script links": Case(
        ("glossary/alpha.md:2:", "'term' contains ']'"),
        "glossary/alpha.md",
        *_entry_field("term", '"x](javascript:alert(1)) [x"'),
    ),
    "alias with an event handler": Case(
        ("glossary/alpha.md:3:", "'aliases' contains '<'"),
        "glossary/alpha.md",
        "aliases: [alphas]",
        f"aliases: ['{XSS}']",
    ),
    "FAQ question with markup": Case(
        ("glossary/alpha.md:", "'FAQ question' contains '<'"), "glossary/alpha.md", "### Why alpha?", f"### Why {XSS}?"
    ),
    "script element in an entry": Case(
        ("glossary/alpha.md:11: raw HTML '<script>' is not allowed here",),
        "glossary/alpha.md",
        "Alpha comes first.",
        "Alpha comes first. <script>alert(1)</script>",
    ),
    "image with onerror in an entry": Case(
        ("glossary/alpha.md:11: raw HTML", "entries are Markdown only"),
        "glossary/alpha.md",
        "Alpha comes first.",
        f"Alpha comes first. {XSS}",
    ),
    "javascript link in an entry": Case(
        ("glossary/alpha.md:11: the link 'javascript:alert(1)' uses a script or data address",),
        "glossary/alpha.md",
        "Alpha comes first.",
        "Alpha comes [first](javascript:alert(1)).",
    ),
    "spaced and mixed-case javascript link": Case(
        ("glossary/alpha.md:11: the link", "uses a script or data address"),
        "glossary/alpha.md",
        "Alpha comes first.",
        "Alpha comes [first](  JaVaScRiPt:alert(1)).",
    ),
    "data link in an entry": Case(
        ("glossary/alpha.md:11: the link 'data:text/html,x' uses a script or data address",),
        "glossary/alpha.md",
        "Alpha comes first.",
        "Alpha comes [first](data:text/html,x).",
    ),
    "javascript anchor in a page": Case(
        ("docs/index.md:3: the link 'javascript:alert(1)' uses a script or data address",),
        "docs/index.md",
        "A page that links",
        '<a href="javascript:alert(1)">x</a> A page that links',
    ),
    "event handler in a page": Case(
        ("docs/index.md:3: the attribute 'onclick' on <a> is not allowed",),
        "docs/index.md",
        "A page that links",
        '<a href="#x" onclick="alert(1)">x</a> A page that links',
    ),
    "script reference definition in a page": Case(
        ("docs/index.md:5: the link 'javascript:alert(1)'",),
        "docs/index.md",
        "{{ tiny.ratio:.1% }}.",
        "{{ tiny.ratio:.1% }}.\n\n[x]: javascript:alert(1)",
    ),
    "script autolink in a page": Case(
        ("docs/index.md:3: the link 'vbscript:msgbox(1)'",),
        "docs/index.md",
        "A page that links",
        "<vbscript:msgbox(1)> A page that links",
    ),
    "iframe in a page": Case(
        ("docs/index.md:3: raw HTML '<iframe", "pages may use only these HTML tags"),
        "docs/index.md",
        "A page that links",
        '<iframe src="https://example.org"></iframe> A page that links',
    ),
    "symlinked entry": Case(
        ("glossary/leak.md: content files may not be symbolic links",),
        prepare=_symlink("glossary/leak.md", "/etc/hostname"),
    ),
    "symlinked file in docs": Case(
        ("docs/passwd.txt: content files may not be symbolic links",),
        prepare=_symlink("docs/passwd.txt", "/etc/passwd"),
    ),
    "symlinked environment in docs": Case(
        ("docs/env.md: content files may not be symbolic links",), prepare=_symlink("docs/env.md", "/proc/self/environ")
    ),
    "amplifying metric width": Case(
        ("docs/index.md:3: the format in '{{ tiny.answer:>20000000 }}' is refused: a width of 20000000",),
        "docs/index.md",
        "{{ tiny.answer }}",
        "{{ tiny.answer:>20000000 }}",
    ),
    "amplifying metric precision": Case(
        ("glossary/alpha.md:", "a precision of 100000 digits is too many"),
        "glossary/alpha.md",
        "{{ tiny.answer }}",
        "{{ tiny.ratio:.100000f }}",
    ),
    "script writes outside its folder": Case(
        ("files outside the scripts' own folders changed", "docs/pwned.md (new)", "read the scripts"),
        prepare=_script(
            "import os, pathlib\nout = pathlib.Path(os.environ['DW_OUTPUT_DIR'])\n"
            "pathlib.Path(__file__).resolve().parents[2].joinpath('docs/pwned.md').write_text('x')\n"
            "(out / 'a.svg').write_text('<svg xmlns=\"http://www.w3.org/2000/svg\"/>')\n"
            "(out / 'metrics.json').write_text('{}')\n"
        ),
    ),
    "script killed by a signal": Case(
        ("scripts/figures/evil.py: evil was killed by signal 9 (SIGKILL), possibly out of memory",),
        prepare=_script("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n"),
    ),
    "metrics that are a list": Case(
        ("scripts/figures/evil.py: wrote a metrics.json that cannot be used: it holds a list",),
        prepare=_metrics(b"[1, 2]"),
    ),
    "metrics holding NaN": Case(
        ("scripts/figures/evil.py: wrote a metrics.json that cannot be used: it holds NaN",),
        prepare=_metrics(b'{"metrics": {"acc": NaN}, "claims": ["not (acc < 0.5)"]}'),
    ),
    "metrics holding infinity": Case(
        ("it holds Infinity, which is not a number a page can quote",),
        prepare=_metrics(b'{"metrics": {"acc": Infinity}}'),
    ),
    "metrics of the wrong type": Case(
        ("scripts/figures/evil.py: wrote a metrics.json that cannot be used: its 'metrics' is a str",),
        prepare=_metrics(b'{"metrics": "high"}'),
    ),
    "metrics not UTF-8": Case(
        ("scripts/figures/evil.py: wrote a metrics.json that cannot be used: it is not UTF-8 text",),
        prepare=_metrics(b'{"data": "\xff\xfe"}'),
    ),
    "duplicate front-matter key": Case(
        ("glossary/alpha.md:8: the key 'related' appears twice (keep one of them; the other is on line 7)",),
        "glossary/alpha.md",
        "related: [beta]",
        "related: [beta]\nrelated: [gamma]",
    ),
}


def _non_utf8_entry(project: Path) -> None:
    path = project / "glossary/beta.md"
    path.write_bytes(path.read_bytes().replace(b"Beta", b"B\xe9ta", 1))


REFUSED["entry that is not UTF-8"] = Case(("glossary/beta.md:2: the file is not UTF-8 text",), prepare=_non_utf8_entry)


@pytest.fixture(scope="module")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(FIXTURE_SITE, project, ignore=shutil.ignore_patterns(".cache", "site"))
    result = build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project


def snapshot(project: Path) -> dict[str, str]:
    files = {}
    for folder in ("site", ".cache"):
        for path in sorted((project / folder).rglob("*")):
            if path.is_file() and not path.is_relative_to(project / ".cache/dials-weights/matplotlib"):
                files[path.relative_to(project).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


def fresh_copy(good_build: Path, tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(good_build, project, symlinks=True)
    return project


def apply(case: Case, project: Path) -> None:
    if case.prepare is not None:
        case.prepare(project)
    if case.path:
        target = project / case.path
        text = target.read_text(encoding="utf-8")
        assert case.old in text, f"the case no longer applies to {case.path}"
        target.write_text(text.replace(case.old, case.new, 1), encoding="utf-8")


@pytest.mark.parametrize("name", list(REFUSED))
def test_hostile_content_is_refused_and_nothing_is_lost(name: str, good_build: Path, tmp_path: Path):
    case = REFUSED[name]
    project = fresh_copy(good_build, tmp_path)
    before = snapshot(project)
    apply(case, project)

    result = build(project, project / "site", env=case.env)

    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    for text in case.expected:
        assert text in output, f"missing {text!r} in:\n{output}"
    assert "Traceback" not in output, output
    assert snapshot(project) == before, "a refused build changed the last good site or the cache"
    assert not list(project.glob(".site.*")), "a refused build left its staging folder behind"


def test_unreadable_entry_is_reported_once(good_build: Path, tmp_path: Path):
    """A file that cannot be read is one problem, not one per link to it."""
    project = fresh_copy(good_build, tmp_path)
    _non_utf8_entry(project)
    output = build(project, project / "site").stderr
    assert "1 problem(s) in the content" in output, output


def test_byte_order_mark_is_accepted(good_build: Path, tmp_path: Path):
    project = fresh_copy(good_build, tmp_path)
    path = project / "glossary/alpha.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = build(project, project / "site")
    assert result.returncode == 0, result.stderr


def test_aliases_are_compared_after_unicode_normalisation(good_build: Path, tmp_path: Path):
    """'café' typed with a combining accent is the same name as 'café' typed with é."""
    project = fresh_copy(good_build, tmp_path)
    for slug, alias in (("alpha", "caf\u00e9"), ("beta", "cafe\u0301")):
        path = project / f"glossary/{slug}.md"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("aliases: [", f"aliases: [{alias}, ", 1), encoding="utf-8")
    output = build(project, project / "site").stderr
    assert "already names glossary/alpha.md" in output, output


def test_snippet_syntax_includes_nothing(good_build: Path, tmp_path: Path):
    """With snippets gone, '--8<--' is words on a page: no file from the build machine is read."""
    project = fresh_copy(good_build, tmp_path)
    path = project / "glossary/alpha.md"
    path.write_text(path.read_text().replace("Alpha comes first.", 'Alpha comes first.\n\n--8<-- "mkdocs.yml"'))
    result = build(project, project / "site")
    assert result.returncode == 0, result.stderr
    page = (project / "site/glossary/alpha/index.html").read_text()
    assert "site_url" not in page and "--8&lt;--" in page


def test_scripts_see_no_inherited_secrets(good_build: Path, tmp_path: Path):
    project = fresh_copy(good_build, tmp_path)
    _script(
        "import json, os, pathlib\nout = pathlib.Path(os.environ['DW_OUTPUT_DIR'])\n"
        "(out / 'a.svg').write_text('<svg xmlns=\"http://www.w3.org/2000/svg\"/>')\n"
        "(out / 'metrics.json').write_text(json.dumps({'data': json.dumps(sorted(os.environ.items()))}))\n"
    )(project)
    result = build(project, project / "site", env={"DW_TEST_SECRET": "hunter2-secret"})
    assert result.returncode == 0, result.stderr
    [metrics] = (project / ".cache/dials-weights/figures/evil").glob("*/metrics.json")
    assert "DW_OUTPUT_DIR" in metrics.read_text() and "hunter2-secret" not in metrics.read_text()


def test_a_background_process_cannot_stretch_the_time_limit(good_build: Path, tmp_path: Path):
    """A child in its own session holding the output open: stopped at the limit, killed, reported."""
    project = fresh_copy(good_build, tmp_path)
    marker = tmp_path / "still-running"
    child = f"import time, pathlib; time.sleep(8); pathlib.Path({str(marker)!r}).touch()"
    _script(
        "import subprocess, sys, time\n"
        f"subprocess.Popen([sys.executable, '-c', {child!r}], start_new_session=True)\n"
        "time.sleep(600)\n"
    )(project)
    started = time.monotonic()
    result = build(project, project / "site", env={"DW_SCRIPT_TIMEOUT": "3"})
    elapsed = time.monotonic() - started
    assert result.returncode != 0 and "evil did not finish within 3 s and was stopped" in result.stderr
    assert elapsed < 60, f"the build took {elapsed:.0f} s"
    time.sleep(max(0.0, 10 - elapsed))
    assert not marker.exists(), "the background process outlived the run"


def test_a_damaged_cache_entry_is_run_again(good_build: Path, tmp_path: Path):
    project = fresh_copy(good_build, tmp_path)
    [metrics] = (project / ".cache/dials-weights/figures/tiny").glob("*/metrics.json")
    metrics.write_text(metrics.read_text()[:10])
    result = build(project, project / "site")
    assert result.returncode == 0 and "] scripts/figures/tiny.py " in result.stderr, result.stderr
    [svg] = (project / ".cache/dials-weights/figures/tiny").glob("*/line.svg")
    svg.unlink()
    result = build(project, project / "site")
    assert result.returncode == 0 and "] scripts/figures/tiny.py " in result.stderr, result.stderr


def test_rerun_replaces_the_cached_run(good_build: Path, tmp_path: Path):
    project = fresh_copy(good_build, tmp_path)
    [folder] = (project / ".cache/dials-weights/figures/tiny").glob("*/")
    (folder / "line.svg").write_text("damaged")
    result = build(project, project / "site", env={"DW_RERUN": "1"})
    assert result.returncode == 0, result.stderr
    assert (folder / "line.svg").read_text().startswith("<?xml"), "the fresh run was discarded"


def test_interrupted_runs_and_removed_scripts_leave_nothing(good_build: Path, tmp_path: Path):
    project = fresh_copy(good_build, tmp_path)
    orphan = project / ".cache/dials-weights/tmp/tiny-999999-abc"
    orphan.mkdir(parents=True)
    gone = project / ".cache/dials-weights/figures/removed/0123"
    gone.mkdir(parents=True)
    assert build(project, project / "site").returncode == 0
    assert not orphan.exists() and not gone.parent.exists()


def test_the_offline_copy_is_world_readable(good_build: Path, tmp_path: Path):
    project = fresh_copy(good_build, tmp_path)
    (project / "mkdocs.yml").write_text(
        (project / "mkdocs.yml")
        .read_text()
        .replace("      repository:", "      offline_archive: offline.zip\n      repository:")
    )
    assert build(project, project / "site").returncode == 0
    assert (project / "site/offline.zip").stat().st_mode & 0o777 == 0o644


# ----------------------------------------------------------------------------------------------
# Part two: text that looks like markup but is allowed, read in a real browser

TRICKY = {
    "glossary/alpha.md": [
        ("term: Alpha", 'term: "Alpha & \'quotes\' \\"too\\" *stars* _under_ $dollar"'),
        (
            "short: The first test term, which the other terms build on.",
            "short: 'Shows &lt;script&gt;alert(1)&lt;/script&gt; and x\"&gt; as text, never as markup.'",
        ),
        (
            "aliases: [alphas]",
            "aliases: [alphas, 'javascript:alert(1)', 'onerror=alert(1)', 'x\" onmouseover=\"alert(1)']",
        ),
        (
            "Alpha comes first. See [[beta]].",
            "Alpha comes first. See [[beta]]. `<img src=x onerror=alert(1)>` is code, javascript:alert(1) is words."
            " A formula's words are text: $\\text{<img src=x onerror=alert(1)>} + \\mathrm{<b>}$."
            '\n\nA paragraph with an attribute list.\n{ onclick="alert(1)" onmouseover="alert(1)" }'
            '\n\n[A safe link](https://example.org){ onmouseover="alert(1)" }',
        ),
        ("### Why alpha?", "### Why is `<script>` allowed in code?"),
    ],
    "docs/index.md": [
        (
            "# Fixture",
            '# Fixture\n\n<div markdown class="note">A <span title="x&quot; onclick=&quot;alert(1)">s</span>.</div>',
        )
    ],
}


@pytest.fixture(scope="module")
def tricky_site(tmp_path_factory: pytest.TempPathFactory):
    """The fixture site with allowed-but-tricky text in every field, built and served."""
    import functools
    import http.server
    import threading

    project = tmp_path_factory.mktemp("tricky") / "project"
    shutil.copytree(FIXTURE_SITE, project, ignore=shutil.ignore_patterns(".cache", "site"))
    for name, replacements in TRICKY.items():
        path = project / name
        text = path.read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in text, f"{name} no longer holds {old!r}"
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    result = build(project, project / "site")
    assert result.returncode == 0, result.stderr
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(project / "site"))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield project, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


SCRIPT_LINKS = """[...document.querySelectorAll('a[href]')].map(a => a.href)
    .filter(h => /^\\s*(javascript|vbscript|data):/i.test(h))"""
HANDLERS = """[...document.querySelectorAll('*')].flatMap(el => [...el.attributes]
    .filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name))"""
CSP_LISTENER = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.mark.browser
def test_tricky_text_runs_nothing_in_the_browser(browser, tricky_site):
    project, base = tricky_site
    pages = [
        "",
        "glossary/",
        "glossary/alpha/",
        "glossary/beta/",
        "glossary/start-here/",
        "guides/faq/",
        "glossary/print/",
    ]
    context = browser.new_context()
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
    violations: list[str] = []
    try:
        for path in pages:
            page.goto(base + path, wait_until="load")
            for link in page.locator("article a, .md-nav a").all()[:60]:
                if link.is_visible():
                    link.hover()
                    link.focus()
            violations += [f"{path}: {v}" for v in page.evaluate("window.__violations")]
            script_links = page.evaluate(SCRIPT_LINKS)
            assert not script_links, f"{path}: {script_links}"
            handlers = page.evaluate(HANDLERS)
            assert not handlers, f"{path}: event handler attributes {handlers}"
        page.goto(base, wait_until="load")
        box = page.locator("input[data-dw-search-input]")
        box.click()
        for query in ("alpha", "javascript", "onerror", "script"):
            box.fill(query)
            page.wait_for_function(
                "q => { const l = document.querySelector('[data-dw-search-results]');"
                " return l.dataset.dwState === 'done' && l.dataset.dwQuery === q; }",
                arg=query,
                timeout=10_000,
            )
            results = page.locator("[data-dw-search-results] [role=option]").all()[:10]
            assert results or query != "alpha", "searching the hostile entry's name found nothing"
            for result in results:
                result.hover()
        violations += [f"search: {v}" for v in page.evaluate("window.__violations")]
    finally:
        context.close()
    assert not dialogs, f"script ran: {dialogs}"
    assert not violations, f"Content-Security-Policy violations: {violations}"
    alpha = (project / "site/glossary/alpha/index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in alpha.replace("&amp;lt;", "&lt;").replace("&amp;gt;", "&gt;")
    assert 'http-equiv="Content-Security-Policy"' in alpha
    assert "<mtext>&lt;img\xa0src=x\xa0onerror=alert(1)&gt;</mtext>" in alpha, (
        "the formula's words are not shown as text"
    )


def test_strict_mode_refusing_a_warning_keeps_the_last_good_site(good_build: Path, tmp_path: Path):
    """A broken link is only a warning until strict mode counts it, after every page was written."""
    project = fresh_copy(good_build, tmp_path)
    before = snapshot(project)
    page = project / "docs/index.md"
    page.write_text(page.read_text() + "\n[A page that is not there](missing.md)\n")
    result = build(project, project / "site")
    assert result.returncode != 0 and "missing.md" in result.stderr, result.stderr
    assert snapshot(project) == before
    assert not list(project.glob(".site.*"))


def test_a_build_killed_while_writing_pages_leaves_the_site_whole(good_build: Path, tmp_path: Path):
    import signal
    import subprocess
    import sys

    project = fresh_copy(good_build, tmp_path)
    before = snapshot(project)
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "site")],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 300
    while not list(project.glob(".site.building-*/glossary")) and time.monotonic() < deadline:
        time.sleep(0.05)  # until it is writing pages into its staging folder
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert snapshot(project) == before, "kill -9 during the build damaged the last good site"
    assert build(project, project / "site").returncode == 0
    assert not list(project.glob(".site.*")), "the next build did not remove the dead build's staging folder"
