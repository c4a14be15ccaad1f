"""Accessibility of the built site, checked by axe-core in Debian's Chromium, in both palettes.

axe-core comes bundled with axe-playwright-python, so nothing is fetched. Every rule axe runs by
default stays on: the fixes live in overrides/, glossary.css and html_fixes, not in exclusions.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
PHONE = {"width": 390, "height": 844}
# Light is Material's "default" scheme, dark its "slate"; a fresh browser follows the system setting.
SCHEMES = {"light": "default", "dark": "slate"}


# Every entry is built from the same templates, so a rule broken on one entry is broken wherever the
# same kind of content appears. The sample takes, for each kind below, the first two entries (A to Z)
# whose page has it, then every EVERY-th entry; the hand-written pages and walkthroughs always.
ENTRY_FEATURES = {
    "a dial": 'class="dw-dial"',
    "a formula": 'class="arithmatex"',
    "code inside a link": re.compile(r"<a [^>]*><code>"),
    "a table": "<table",
    "a figure": 'class="dw-figure"',
    "an FAQ": "<details",
}
EVERY = 8


def sampled_entries(site: Path, slugs: list[str]) -> list[str]:
    """Entries that between them show every kind of content an entry page can hold."""
    html = {slug: (site / "glossary" / slug / "index.html").read_text(encoding="utf-8") for slug in slugs}
    chosen = set(slugs[::EVERY])
    for kind, marker in ENTRY_FEATURES.items():
        having = [s for s in slugs if (marker.search(html[s]) if isinstance(marker, re.Pattern) else marker in html[s])]
        assert having, f"no entry has {kind} any more: update ENTRY_FEATURES"
        chosen.update(having[:2])
    return [slug for slug in slugs if slug in chosen]


@pytest.fixture(scope="module")
def pages(repo_site: Path) -> list[str]:
    """Home, A-Z, start here, FAQ, a sample of entries and every walkthrough (site paths)."""
    site = repo_site / "site"
    slugs = sorted(e["slug"] for e in json.loads((site / "glossary.json").read_text(encoding="utf-8"))["entries"])
    walkthroughs = sorted(p.parent.name for p in (site / "walkthroughs").glob("*/index.html"))
    assert len(slugs) > 20 and walkthroughs, "the built site lacks entries or walkthroughs"
    fixed = ["", "glossary/", "glossary/start-here/", "guides/faq/"]
    entries = [f"glossary/{slug}/" for slug in sampled_entries(site, slugs)]
    return fixed + entries + [f"walkthroughs/{name}/" for name in walkthroughs]


def open_in(browser, scheme: str, **options):
    context = browser.new_context(color_scheme=scheme, **options)
    return context, context.new_page()


def assert_scheme(page, scheme: str, path: str) -> None:
    """The page really shows the palette: Material's attribute, and a light or dark background."""
    assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[scheme], path
    dark = page.evaluate("""() => {
        const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) < 128;
    }""")
    assert dark == (scheme == "dark"), f"{path}: the {scheme} palette is not what the page shows"


class Audit:
    """What one pass over the pages in one palette found."""

    def __init__(self, scheme: str) -> None:
        self.scheme = scheme
        self.violations: list[str] = []
        self.images: list[dict] = []


@pytest.fixture(scope="module", params=list(SCHEMES))
def audit(request, browser, served_site: str, pages: list[str]) -> Audit:
    """Each page once per palette: axe-core's findings and the page's images."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    result = Audit(request.param)
    context, page = open_in(browser, result.scheme, viewport={"width": 1280, "height": 900})
    try:
        for path in pages:
            page.goto(served_site + path, wait_until="load")
            assert_scheme(page, result.scheme, path or "/")
            for violation in axe.run(page).response["violations"]:
                if violation["impact"] in BLOCKING:
                    targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
                    result.violations.append(
                        f"{path or '/'}: {violation['id']} ({violation['impact']}, "
                        f"{len(violation['nodes'])} node(s): {targets}): {violation['help']}"
                    )
            result.images += page.evaluate(
                """path => [...document.images].map(img => ({
                path,
                src: (img.getAttribute("src") || "").slice(0, 60),
                alt: (img.getAttribute("alt") || "").trim(),
                notebook: !!img.closest(".jupyter-wrapper"),
            }))""",
                path or "/",
            )
    finally:
        context.close()
    return result


def test_no_serious_axe_violation(audit: Audit):
    assert not audit.violations, (
        f"{len(audit.violations)} serious or critical axe violation(s) in the "
        f"{audit.scheme} palette:\n" + "\n".join(audit.violations)
    )


def test_every_image_has_a_description(audit: Audit):
    """Figures (both variants) and notebook outputs: a non-empty alt, and not nbconvert's placeholder."""
    missing = [
        f"{i['path']}: {i['src']} (alt {i['alt']!r})"
        for i in audit.images
        if not i["alt"] or i["alt"].startswith("No description has been provided")
    ]
    assert not missing, "images without a description:\n" + "\n".join(missing)
    notebook_alts = [i["alt"] for i in audit.images if i["notebook"]]
    assert notebook_alts, "no notebook output image found: has the notebook markup changed?"
    # Derived from the figure's own text (title, axes, legend), not the "Output figure of cell N" fallback.
    assert all(not alt.startswith("Output figure") for alt in notebook_alts), notebook_alts


@pytest.mark.parametrize("scheme", SCHEMES)
def test_figures_fit_a_phone_in_each_palette(browser, served_site: str, repo_site: Path, pages: list[str], scheme: str):
    """At 390 px every figure shown lies inside the text column, in the variant of the palette only."""
    site = repo_site / "site"
    with_figures = [p for p in pages if "<img" in (site / p / "index.html").read_text(encoding="utf-8")]
    assert len(with_figures) > 5
    show, hide = ("#only-light", "#only-dark") if scheme == "light" else ("#only-dark", "#only-light")
    context, page = open_in(browser, scheme, viewport=PHONE, is_mobile=True, has_touch=True)
    problems: list[str] = []
    try:
        for path in with_figures:
            page.goto(served_site + path, wait_until="load")
            assert_scheme(page, scheme, path)
            result = page.evaluate(
                """async ([show, hide]) => {
                const column = document.querySelector("article.md-content__inner").getBoundingClientRect();
                const shown = el => el.checkVisibility();
                const problems = [];
                let count = 0;
                for (const img of document.querySelectorAll("article img:not(.dw-dial img)")) {  // dials: own tests
                    const src = img.getAttribute("src");
                    const name = src.startsWith("data:") ? "notebook output" : src;
                    if (src.endsWith(hide)) {
                        if (shown(img)) problems.push(`${name}: shown in the wrong palette`);
                        continue;
                    }
                    if (!shown(img)) { problems.push(`${name}: hidden`); continue; }
                    img.scrollIntoView({block: "center"});  // lazy figures load when scrolled to
                    await img.decode().catch(() => null);
                    const box = img.getBoundingClientRect();
                    count += 1;
                    if (!(box.width > 50 && box.height > 50)) problems.push(`${name}: ${box.width}x${box.height}`);
                    if (box.left < column.left - 0.5 || box.right > column.right + 0.5)
                        problems.push(`${name}: spans ${box.left}..${box.right}, `
                                      + `text column ${column.left}..${column.right}`);
                    if (src.includes("#only-") && !src.endsWith(show)) problems.push(`${name}: unexpected variant`);
                }
                return {count, problems};
            }""",
                [show, hide],
            )
            assert result["count"] > 0, f"{path}: no figure shown"
            problems += [f"{path}: {p}" for p in result["problems"]]
    finally:
        context.close()
    assert not problems, f"figures at 390 px, {scheme} palette:\n" + "\n".join(problems)


def test_notebook_code_scrolls_inside_focusable_named_regions(browser, served_site: str, pages: list[str]):
    """On a phone, wide code and output scroll in place, and each scroller can be reached by keyboard."""
    context, page = open_in(browser, "light", viewport=PHONE, is_mobile=True, has_touch=True)
    problems: list[str] = []
    try:
        for path in (p for p in pages if p.startswith("walkthroughs/")):
            page.goto(served_site + path, wait_until="load")
            result = page.evaluate("""() => {
                const root = document.documentElement;
                const scrollers = [...document.querySelectorAll(".jupyter-wrapper *")]
                    .filter(el => el.scrollWidth > el.clientWidth + 1
                        && ["auto", "scroll"].includes(getComputedStyle(el).overflowX));
                const bad = scrollers.filter(el => el.tabIndex < 0 || !el.getAttribute("aria-label"))
                    .map(el => el.outerHTML.slice(0, 100));
                return {scrollers: scrollers.length, bad, page: root.scrollWidth - root.clientWidth};
            }""")
            if result["scrollers"] == 0:
                problems.append(f"{path}: no code scrolls sideways at 390 px (is the layout still the notebook's?)")
            problems += [f"{path}: not focusable or unnamed: {html}" for html in result["bad"]]
            if result["page"] > 0:
                problems.append(f"{path}: the page itself scrolls sideways by {result['page']} px")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
