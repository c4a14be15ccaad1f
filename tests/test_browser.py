"""The built glossary in a real browser: pages load cleanly, search, previews, FAQ, palette, phones.

Everything runs against the one session build (`repo_site`) served on 127.0.0.1 (`served_site`)
in Debian's Chromium (`browser`). Nothing is mocked.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
VISIBLE = "el => el.checkVisibility({opacityProperty: true, visibilityProperty: true})"


# ----------------------------------------------------------------------------------------------
# What the site holds, read from the built files


@pytest.fixture(scope="module")
def entries(repo_site: Path) -> list[dict]:
    found = json.loads((repo_site / "site" / "glossary.json").read_text())["entries"]
    assert len(found) > 20
    return found


@pytest.fixture(scope="module")
def walkthroughs(repo_site: Path) -> list[str]:
    """Site paths of the walkthroughs the navigation lists."""
    names = re.findall(r"walkthroughs/([\w-]+)\.md", (repo_site / "mkdocs.yml").read_text())
    assert names, "mkdocs.yml lists no walkthrough"
    return [f"walkthroughs/{name}/" for name in dict.fromkeys(names)]


@pytest.fixture(scope="module")
def figure_pages(repo_site: Path) -> list[str]:
    """Few pages that between them show every figure file of the site, and one ordinary entry.

    Chosen greedily from the built HTML (the print page holds most figures), so a figure that only
    one page shows is still checked, without loading every page in both schemes.
    """
    site = repo_site / "site"
    figures: dict[str, set[str]] = {}
    for file in sorted(site.rglob("index.html")):
        path = file.parent.relative_to(site).as_posix() + "/"
        srcs = re.findall(r'<img [^>]*src="([^"]+#only-(?:light|dark))"', file.read_text(encoding="utf-8"))
        if srcs:
            figures[path.removeprefix("./")] = {(file.parent / s).resolve().as_posix() for s in srcs}
    assert len(figures) > 5, "hardly any page shows a figure"
    chosen = ["glossary/overfitting/"]
    left = set().union(*figures.values()) - figures[chosen[0]]
    while left:
        best = max(sorted(figures), key=lambda p: len(figures[p] & left))
        chosen.append(best)
        left -= figures[best]
    return chosen


def entry_by_slug(entries: list[dict], slug: str) -> dict:
    [entry] = [e for e in entries if e["slug"] == slug]
    return entry


# ----------------------------------------------------------------------------------------------
# Every page loads cleanly and stays on 127.0.0.1


class LoadReport:
    def __init__(self) -> None:
        self.problems: dict[str, list[str]] = defaultdict(list)
        self.requests: dict[str, set[str]] = defaultdict(set)  # URL -> pages that asked for it
        self.visited: list[str] = []
        self.inflight = 0
        self.aborted_by_navigation: list[str] = []


@pytest.fixture(scope="module")
def load_report(browser, served_site: str, entries: list[dict], walkthroughs: list[str]) -> LoadReport:
    """Visit the home page, the A-Z index, every entry and every walkthrough once, recording everything."""
    paths = ["", "glossary/", *(f"glossary/{e['slug']}/" for e in entries), *walkthroughs]
    report = LoadReport()
    current = {"path": ""}
    context = browser.new_context()
    page = context.new_page()

    started: dict[object, str] = {}  # request -> the page that made it

    def problem(text: str, path: str | None = None) -> None:
        report.problems[path or current["path"]].append(text)

    def on_request(request) -> None:
        report.requests[request.url].add(current["path"])
        started[request] = current["path"]
        report.inflight += 1

    def on_finished(request) -> None:
        report.inflight -= 1

    def on_failed(request) -> None:
        report.inflight -= 1
        origin = started.get(request, current["path"])
        if "ERR_ABORTED" in (request.failure or "") and origin != current["path"]:
            # Cut off by this test moving on to the next page (a late favicon), not by the site.
            report.aborted_by_navigation.append(f"{origin}: {request.url}")
        else:
            problem(f"request failed: {request.url} ({request.failure})", origin)

    page.on("console", lambda m: m.type == "error" and problem(f"console error: {m.text} ({m.location})"))
    page.on("pageerror", lambda e: problem(f"uncaught exception: {e}"))
    page.on("response", lambda r: r.status >= 400 and problem(f"HTTP {r.status}: {r.url}"))
    page.on("request", on_request)
    page.on("requestfinished", on_finished)
    page.on("requestfailed", on_failed)
    try:
        for path in paths:
            current["path"] = path or "/"
            response = page.goto(served_site + path, wait_until="load")
            assert response is not None and response.ok, f"{path}: {response and response.status}"
            # Lazy images only load when scrolled to: ask for all of them (both palette variants).
            page.evaluate("""() => Promise.all([...document.images].map(img => {
                img.loading = "eager";
                return img.decode().catch(() => null);
            }))""")
            quiet = 0
            for _ in range(100):  # let late requests (search index, fonts, favicon) finish
                quiet = quiet + 1 if report.inflight <= 0 else 0
                if quiet == 2:
                    break
                page.wait_for_timeout(50)
            report.visited.append(path)
    finally:
        context.close()
    return report


def test_every_page_loads_without_errors(load_report: LoadReport, entries: list[dict], walkthroughs: list[str]):
    assert len(load_report.visited) == 2 + len(entries) + len(walkthroughs)
    assert len(load_report.requests) > 20, "too few requests seen: are the listeners attached?"
    if load_report.aborted_by_navigation:
        print("requests cut off by moving to the next page:", *load_report.aborted_by_navigation, sep="\n  ")
    lines = [f"{page}: {text}" for page, texts in load_report.problems.items() for text in texts]
    assert not lines, f"{len(lines)} problem(s) while loading pages:\n" + "\n".join(lines)


def test_no_request_leaves_the_local_server(load_report: LoadReport, served_site: str):
    host = urlsplit(served_site).netloc
    offsite = {
        url: pages
        for url, pages in load_report.requests.items()
        if not url.startswith(("data:", "blob:", "about:")) and urlsplit(url).netloc != host
    }
    assert any(urlsplit(u).path.endswith("/search-boot.js") for u in load_report.requests), (
        "the search script was never requested: the request log looks incomplete"
    )
    assert not offsite, "requests to other hosts:\n" + "\n".join(
        f"  {url}  (from {', '.join(sorted(pages))})" for url, pages in sorted(offsite.items())
    )


# ----------------------------------------------------------------------------------------------
# Site search


@pytest.fixture(scope="module")
def search_page(browser, served_site: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def search(page, base: str, query: str) -> list[str]:
    """Type a query into the site's search box; the site paths of the results, best first.

    (tests/test_search.py covers search in depth; these two tests check the basics with the rest.)"""
    page.goto(base)
    box = page.locator("input[data-dw-search-input]")
    box.click()
    box.press_sequentially(query, delay=20)
    page.wait_for_function(
        "q => { const l = document.querySelector('[data-dw-search-results]');"
        " return l.dataset.dwState === 'done' && l.dataset.dwQuery === q; }",
        arg=query,
        timeout=10_000,
    )
    hrefs = page.locator("[data-dw-search-results] [role=option]").evaluate_all("links => links.map(a => a.href)")
    return [urlsplit(h).path.removeprefix(urlsplit(base).path) for h in hrefs]


def test_searching_a_term_finds_its_entry_first_and_opens_it(search_page, served_site: str, entries):
    entry = entry_by_slug(entries, "overfitting")
    results = search(search_page, served_site, entry["term"].lower())
    assert results and results[0] == "glossary/overfitting/", results[:5]
    search_page.locator("[data-dw-search-results] [role=option]").first.click()
    search_page.wait_for_load_state("load")
    assert urlsplit(search_page.url).path == urlsplit(served_site).path + "glossary/overfitting/"
    heading = search_page.locator("article h1").first.evaluate(
        "h1 => [...h1.childNodes].filter(n => !n.classList?.contains('headerlink')).map(n => n.textContent).join('')"
    )
    assert heading.strip() == entry["term"]


@pytest.mark.parametrize(
    ("alias", "slug"),
    [
        ("hyper-parameters", "hyperparameter"),
        ("weights", "weights-and-biases"),
        ("regularisation", "regularization"),
        ("mini-batch", "batch-size"),
        ("GD", "gradient-descent"),
        ("overtraining", "overfitting"),
    ],
)
def test_searching_an_alias_finds_its_entry_first(search_page, served_site: str, entries, alias: str, slug: str):
    assert alias in entry_by_slug(entries, slug)["aliases"], f"{alias!r} is no longer an alias of {slug}"
    results = search(search_page, served_site, alias)
    assert results and results[0] == f"glossary/{slug}/", f"{alias!r}: first results {results[:5]}"


# ----------------------------------------------------------------------------------------------
# Cross-reference previews, on hover and on keyboard focus

XREF_PAGE, XREF_TARGET = "glossary/overfitting/", "generalization"
XREF = f'article a[href="../{XREF_TARGET}/"]'
VISIBLE_PREVIEW = f"""link => {{
    const visible = {VISIBLE};
    const described = (link.getAttribute("aria-describedby") || "").split(/\\s+/)
        .map(id => id && document.getElementById(id)).filter(Boolean);
    const candidates = [...described, ...document.querySelectorAll('[role="tooltip"], .md-tooltip2, .md-tooltip')];
    return candidates.filter(visible).map(el => {{
        const box = el.getBoundingClientRect();
        const inside = box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0
            && box.bottom <= innerHeight && box.right <= innerWidth;
        return {{text: el.textContent.replace(/\\s+/g, " ").trim(), inside, described: described.includes(el)}};
    }});
}}"""


@pytest.fixture
def preview_page(browser, served_site: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(served_site + XREF_PAGE)
    yield page
    context.close()


def previews(page) -> list[dict]:
    return page.locator(XREF).first.evaluate(VISIBLE_PREVIEW)


def assert_shows_definition(page, entry: dict) -> None:
    try:
        page.wait_for_function(
            f"""() => ({VISIBLE_PREVIEW})(document.querySelector('{XREF}'))
            .some(p => p.text.includes({json.dumps(entry["short"])}))""",
            timeout=5_000,
        )
    except Exception:  # noqa: BLE001 - report what is shown instead of a bare timeout
        pytest.fail(f"no visible preview with {entry['short']!r}; visible previews: {previews(page)}")
    shown = [p for p in previews(page) if entry["short"] in p["text"]]
    assert all(p["inside"] for p in shown), f"preview not inside the viewport: {shown}"


def test_hovering_a_cross_reference_previews_its_definition(preview_page, entries):
    target = entry_by_slug(entries, XREF_TARGET)
    link = preview_page.locator(XREF).first
    assert previews(preview_page) == [], "a preview is visible before any hover"
    link.scroll_into_view_if_needed()
    link.hover()
    assert_shows_definition(preview_page, target)
    preview_page.mouse.move(5, 890)  # away from the link: the preview goes
    preview_page.wait_for_function(
        f"() => ({VISIBLE_PREVIEW})(document.querySelector('{XREF}')).length === 0", timeout=5_000
    )


def test_keyboard_focus_on_a_cross_reference_previews_its_definition(preview_page, entries):
    target = entry_by_slug(entries, XREF_TARGET)
    for _ in range(400):  # Tab through the page as a keyboard user does
        preview_page.keyboard.press("Tab")
        if preview_page.evaluate(f"document.activeElement === document.querySelector('{XREF}')"):
            break
    else:
        pytest.fail(f"{XREF} never received keyboard focus")
    assert_shows_definition(preview_page, target)
    described = [p for p in previews(preview_page) if target["short"] in p["text"] and p["described"]]
    assert described, "the preview is not tied to the link with aria-describedby"
    preview_page.keyboard.press("Tab")  # focus moves on: the preview goes
    preview_page.wait_for_function(
        f"() => ({VISIBLE_PREVIEW})(document.querySelector('{XREF}')).every(p => !p.text.includes("
        f"{json.dumps(target['short'])}))",
        timeout=5_000,
    )


# ----------------------------------------------------------------------------------------------
# FAQ questions open and close by mouse and by keyboard


@pytest.mark.parametrize("path", ["guides/faq/", "glossary/overfitting/"])
def test_faq_questions_expand_and_collapse(browser, served_site: str, path: str):
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(served_site + path)
        questions = page.locator("details.question")
        assert questions.count() > 0, f"{path} has no details.question"
        details = questions.first
        summary = details.locator("summary")
        answer = details.locator(":scope > :not(summary)").first

        def state() -> tuple[bool, bool]:
            return details.evaluate("el => el.open"), answer.evaluate(VISIBLE)

        assert state() == (False, False), "the question starts open"
        summary.click()
        page.wait_for_function("el => el.open", arg=details.element_handle())
        assert state() == (True, True)
        summary.click()
        page.wait_for_function("el => !el.open", arg=details.element_handle())
        assert state() == (False, False)

        summary.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("el => el.open", arg=details.element_handle())
        assert state() == (True, True)
        page.keyboard.press("Enter")
        page.wait_for_function("el => !el.open", arg=details.element_handle())
        assert state() == (False, False)
    finally:
        context.close()


# ----------------------------------------------------------------------------------------------
# Palette: light and dark, each with its own figure variants

CHECK_FIGURES = """async ({show, hide}) => {
    const wait = img => new Promise(done => {
        if (img.complete && img.naturalWidth > 0) return done();
        img.addEventListener("load", done, {once: true});
        img.addEventListener("error", done, {once: true});
        setTimeout(done, 5000);
    });
    const visible = el => el.checkVisibility({opacityProperty: true, visibilityProperty: true});
    const problems = [];
    // A dial's static figure gives way to the drawn one (tests/test_dials_browser.py checks both).
    const shown = [...document.querySelectorAll(`.md-content img[src*="${show}"]:not(.dw-dial img)`)];
    for (const img of shown) img.loading = "eager";  // all at once, rather than scrolling to each
    await Promise.all(shown.map(wait));
    for (const img of shown) {
        const box = img.getBoundingClientRect();
        if (!visible(img)) problems.push(`${img.getAttribute("src")}: hidden`);
        else if (!(img.naturalWidth > 0)) problems.push(`${img.getAttribute("src")}: not loaded`);
        else if (!(box.width > 0 && box.height > 0)) problems.push(`${img.getAttribute("src")}: zero size`);
    }
    for (const img of document.querySelectorAll(`.md-content img[src*="${hide}"]`))
        if (visible(img)) problems.push(`${img.getAttribute("src")}: shown in the wrong scheme`);
    return {count: shown.length, problems};
}"""


def toggle_palette(page) -> None:
    before = page.evaluate("document.body.dataset.mdColorScheme")
    page.locator("form[data-md-component=palette] label:visible").click()
    page.wait_for_function("before => document.body.dataset.mdColorScheme !== before", arg=before)


def test_palette_toggle_switches_schemes_and_figure_variants(browser, served_site: str, figure_pages: list[str]):
    context = browser.new_context(color_scheme="light", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    try:
        page.goto(served_site)
        assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
        for scheme, show, hide in (("default", "#only-light", "#only-dark"), ("slate", "#only-dark", "#only-light")):
            if page.evaluate("document.body.dataset.mdColorScheme") != scheme:
                toggle_palette(page)
            for path in figure_pages:  # the choice is remembered from page to page
                page.goto(served_site + path)
                assert page.evaluate("document.body.dataset.mdColorScheme") == scheme, path
                result = page.evaluate(CHECK_FIGURES, {"show": show, "hide": hide})
                assert result["count"] > 0, f"{path}: no {show} figure found"
                problems += [f"{scheme} {path}: {p}" for p in result["problems"]]
        toggle_palette(page)
        assert page.evaluate("document.body.dataset.mdColorScheme") == "default", "the toggle does not go back"
    finally:
        context.close()
    assert not problems, "\n".join(problems)


# ----------------------------------------------------------------------------------------------
# Phones


def test_phone_width_has_no_horizontal_scroll(browser, served_site: str, walkthroughs: list[str]):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    problems: list[str] = []
    try:
        for path in ["", "glossary/overfitting/", *walkthroughs]:
            page.goto(served_site + path)
            result = page.evaluate("""async () => {
                const root = document.documentElement;
                const visible = el => el.checkVisibility({opacityProperty: true, visibilityProperty: true});
                const images = [...document.querySelectorAll(".md-content img, .md-content figure")];
                for (const el of images.filter(visible)) {  // bring lazy figures in, and wait for them
                    el.scrollIntoView({block: "center"});
                    if (el.tagName === "IMG" && !el.complete)
                        await new Promise(done => { el.onload = el.onerror = done; setTimeout(done, 5000); });
                }
                const wide = images.filter(visible).map(el => [el, el.getBoundingClientRect()])
                    .filter(([, box]) => box.left < -0.5 || box.right > root.clientWidth + 0.5)
                    .map(([el, box]) => `${el.tagName.toLowerCase()} ${el.getAttribute("src") || ""}`.slice(0, 120)
                        + ` spans ${Math.round(box.left)}..${Math.round(box.right)}`);
                return {scroll: root.scrollWidth, client: root.clientWidth, wide,
                        figures: images.filter(visible).length};
            }""")
            if result["scroll"] > result["client"]:
                problems.append(f"{path or '/'}: scrollWidth {result['scroll']} > clientWidth {result['client']}")
            problems += [f"{path or '/'}: {w}" for w in result["wide"]]
            if path == "glossary/overfitting/":
                assert result["figures"] >= 2, "the entry's figures were not found"
    finally:
        context.close()
    assert not problems, "wider than a 390 px phone:\n" + "\n".join(problems)
