"""The site search in Debian's Chromium: the query table, lazy loading, keyboard, cards, safety, phones.

Runs against the session build of the repository (`repo_site`, `served_site`, `browser`). The query
table takes every term, alias and argument from the built glossary.json, so entries added later are
covered without editing this file, and adds typos, other spellings and questions by hand.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from dials_weights.site.search_text import words

pytestmark = pytest.mark.browser

RESULTS = "[data-dw-search-results]"
OPTIONS = f"{RESULTS} [role=option]"
BOX = "input[data-dw-search-input]"
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = "search-screenshots"  # folder under the session build, for a reviewer to look at


@dataclass(frozen=True)
class Row:
    query: str
    expected: tuple[str, ...]  # slugs; any of them first passes
    kind: str
    note: str = ""


# (query, expected first, kind, the intended word for a typo). An expectation "owner:NAME" means
# "the entry that lists NAME among its arguments or aliases"; the row waits until such an entry exists.
HAND: list[tuple[str, str | tuple[str, ...], str, str]] = [
    # the issue's own examples
    ("overfiting", "overfitting", "typo", "overfitting"),
    ("hyperparamter", "hyperparameter", "typo", "hyperparameter"),
    ("step size", "learning-rate", "alias", ""),
    ("C parameter", "svm-c", "alias", ""),
    ("k in knn", "owner:n_neighbors", "question", ""),
    ("early_stopping", "early-stopping", "argument", ""),
    ("learning_rate_init", "learning-rate", "argument", ""),
    # typos: one edit from five letters, two from ten, swapped letters included
    ("overfittnig", "overfitting", "typo", "overfitting"),
    ("hyperparmaeter", "hyperparameter", "typo", "hyperparameter"),
    ("regularizaton", "regularization", "typo", "regularization"),
    ("reguralisation", "regularization", "typo", "regularization"),
    ("epcoh", "epoch", "typo", "epoch"),
    ("dropuot", "dropout", "typo", "dropout"),
    ("lerning rate", "learning-rate", "typo", "learning"),
    ("gradient decsent", "gradient-descent", "typo", "descent"),
    ("underfiting", "underfitting", "typo", "underfitting"),
    ("validaiton curve", "validation-curve", "typo", "validation"),
    ("bacth size", "batch-size", "typo", "batch"),
    ("grid serach", "grid-search", "typo", "search"),
    ("erly stopping", "early-stopping", "typo", "early"),
    ("crossvalidaton", "cross-validation", "typo", "crossvalidation"),
    ("hyperparametr tunning", "hyperparameter-tuning", "typo", "hyperparameter"),
    ("bayesian optimisaton", "bayesian-optimization", "typo", "optimization"),
    ("generalizaton", "generalization", "typo", "generalization"),
    # British and American spellings, plurals, hyphens and spaces
    ("regularisation", "regularization", "spelling", ""),
    ("optimiser", "optimizer", "spelling", ""),
    ("generalisation", "generalization", "spelling", ""),
    ("regularised", "regularization", "spelling", ""),
    ("optimise", "optimizer", "spelling", ""),
    ("hyperparameter optimisation", "hyperparameter-tuning", "spelling", ""),
    ("optimisation algorithms", "optimizer", "spelling", ""),
    ("learning rates", "learning-rate", "spelling", ""),
    ("loss functions", "loss-function", "spelling", ""),
    ("random seeds", "random-seed", "spelling", ""),
    ("grid searches", "grid-search", "spelling", ""),
    ("svm kernels", "svm-kernel", "spelling", ""),
    ("hyperparameter-tuning", "hyperparameter-tuning", "spelling", ""),
    ("cross validation", "cross-validation", "spelling", ""),
    ("crossvalidation", "cross-validation", "spelling", ""),
    ("early-stopping", "early-stopping", "spelling", ""),
    ("mini batch", "batch-size", "spelling", ""),
    ("drop out", "dropout", "spelling", ""),
    ("over fitting", "overfitting", "spelling", ""),
    ("bias variance tradeoff", "bias-variance-tradeoff", "spelling", ""),
    ("train test split", "train-validation-test-split", "spelling", ""),
    ("weights & biases", "weights-and-biases", "spelling", ""),
    ("max depth", "tree-depth", "spelling", ""),
    ("maxdepth", "tree-depth", "spelling", ""),
    ("random state", "random-seed", "spelling", ""),
    # library argument names the issue lists, whichever entry explains them
    ("n_neighbors", "owner:n_neighbors", "argument", ""),
    ("alpha", "owner:alpha", "argument", ""),
    ("gamma", "owner:gamma", "argument", ""),
    ("n_neighbours", "owner:n_neighbors", "spelling", ""),
    # questions
    ("what is an epoch", "epoch", "question", ""),
    ("what is overfitting", "overfitting", "question", ""),
    ("difference between parameter and hyperparameter", ("parameter", "hyperparameter"), "question", ""),
    ("how to choose k in knn", "owner:n_neighbors", "question", ""),
    ("stop training early", "early-stopping", "question", ""),
    ("how do I choose the learning rate", "learning-rate", "question", ""),
    ("how many clusters should I use", "number-of-clusters", "question", ""),
    ("what is the difference between a batch and an epoch", ("batch-size", "epoch"), "question", ""),
    ("why is my training loss higher than my validation loss", "dropout", "question", ""),
    ("does more data always cure overfitting", "overfitting", "question", ""),
    ("is the random seed a hyperparameter", "random-seed", "question", ""),
    ("what does the C parameter do in an SVM", "svm-c", "question", ""),
    ("how to choose the max depth of a tree", "tree-depth", "question", ""),
    ("what is data leakage", "data-leakage", "question", ""),
    ("how to avoid overfitting", "overfitting", "question", ""),
    ("when should I use cross-validation", "cross-validation", "question", ""),
    # The hardest example: no name in it, and "go up" is not in any text. The entries that explain
    # a rising validation loss all answer it.
    ("why does validation loss go up", ("overfitting", "early-stopping", "learning-curve"), "question", ""),
]


def osa_distance(a: str, b: str) -> int:
    """Edits between two words, a swap of neighbours counting as one (as the site's search counts)."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i]
        for j in range(1, len(b) + 1):
            value = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, rows[-2][j - 2] + 1)
            row.append(value)
        rows.append(row)
    return rows[-1][-1]


@pytest.fixture(scope="module")
def entries(repo_site: Path) -> list[dict]:
    found = json.loads((repo_site / "site" / "glossary.json").read_text(encoding="utf-8"))["entries"]
    assert len(found) > 20
    return found


def owners(entries: list[dict], name: str) -> tuple[str, ...]:
    key = name.casefold()
    return tuple(e["slug"] for e in entries if key in {n.casefold() for n in e["arguments"] + e["aliases"]})


@pytest.fixture(scope="module")
def table(entries: list[dict]) -> tuple[list[Row], list[str]]:
    """Every term, alias and argument of the built glossary, then the hand-written rows."""
    rows = [Row(e["term"], (e["slug"],), "term") for e in entries]
    rows += [Row(alias, (e["slug"],), "alias") for e in entries for alias in e["aliases"]]
    rows += [Row(arg, owners(entries, arg), "argument") for e in entries for arg in e["arguments"]]
    slugs = {e["slug"] for e in entries}
    waiting = []
    for query, expected, kind, intended in HAND:
        if isinstance(expected, str) and expected.startswith("owner:"):
            found = owners(entries, expected.removeprefix("owner:"))
            if not found:
                waiting.append(f"{query!r} (no entry lists {expected.removeprefix('owner:')} yet)")
                continue
            expected = found
        expected = (expected,) if isinstance(expected, str) else expected
        missing = set(expected) - slugs
        assert not missing, f"{query!r} expects {missing}, which the glossary no longer has: update HAND"
        if intended:  # the typo rows stay within what the search promises to forgive
            typed = min((w.key for w in words(query)), key=lambda w: osa_distance(w, intended))
            edits = osa_distance(typed, intended)
            allowed = 2 if len(intended) >= 10 else 1 if len(intended) >= 5 else 0
            assert 0 < edits <= allowed, f"{query!r} is {edits} edits from {intended!r}, beyond the promise"
        rows.append(Row(query, expected, kind, intended))
    return rows, waiting


def open_search(page, base: str, path: str = "glossary/") -> None:
    page.goto(base + path)
    page.locator(BOX).click()
    page.wait_for_function("() => window.__dwSearch && window.__dwSearch.ready")
    page.evaluate("() => window.__dwSearch.ready")


def results(page, query: str, *, typed: bool = False) -> list[str]:
    """The site paths of the options shown for a query, best first."""
    box = page.locator(BOX)
    if typed:
        box.fill("")
        box.press_sequentially(query, delay=35)
    else:
        box.fill(query)
    page.wait_for_function(
        "q => { const l = document.querySelector('[data-dw-search-results]');"
        " return l.dataset.dwState === 'done' && l.dataset.dwQuery === q; }",
        arg=query,
        timeout=15_000,
    )
    return page.locator(OPTIONS).evaluate_all(
        "links => links.map(a => new URL(a.href).pathname + new URL(a.href).hash)"
    )


def site_path(url_path: str, base: str) -> str:
    return url_path.removeprefix(urlsplit(base).path)


@pytest.fixture(scope="module")
def search_page(browser, served_site: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    open_search(page, served_site)
    yield page
    context.close()
    assert not errors, errors


def test_the_query_table_puts_the_right_entry_first(search_page, served_site: str, table):
    rows, waiting = table
    assert len(rows) >= 60
    outcome: dict[str, list[bool]] = {}
    failures = []
    for row in rows:
        found = [site_path(p, served_site) for p in results(search_page, row.query)]
        first = found[0].removeprefix("glossary/").split("/")[0] if found and found[0].startswith("glossary/") else ""
        passed = first in row.expected
        outcome.setdefault(row.kind, []).append(passed)
        if not passed:
            failures.append(f"  {row.kind:9} {row.query!r}: expected {'/'.join(row.expected)}, got {found[:3]}")
    lines = [f"{kind:9} {sum(o)}/{len(o)} ({sum(o) / len(o):.0%})" for kind, o in sorted(outcome.items())]
    every = [p for o in outcome.values() for p in o]
    share = sum(every) / len(every)
    print("\nsearch query table:\n  " + "\n  ".join(lines) + f"\n  overall   {sum(every)}/{len(every)} ({share:.1%})")
    if waiting:
        print("  waiting for an entry: " + "; ".join(waiting))
    if failures:
        print("not first:\n" + "\n".join(failures))
    names = outcome["term"] + outcome["alias"]
    assert all(names), "every term and alias must find its entry first:\n" + "\n".join(
        f for f in failures if f.lstrip().startswith(("term", "alias"))
    )
    assert share >= 0.9, f"only {share:.1%} of the table passes (at least 90% required):\n" + "\n".join(failures)


def test_words_are_read_the_same_in_the_browser_as_in_the_index(search_page, entries):
    texts = [e["term"] for e in entries] + [a for e in entries for a in e["aliases"] + e["arguments"]]
    texts += [e["short"] for e in entries] + [row[0] for row in HAND]
    texts += ["Ünïcödé naïve café’s", "Bias–variance trade‑offs", "x_1-y_2 3.5e-3", "ΑΒΓ αβγ", "ﬁne-tuning"]
    browser_words = search_page.evaluate("texts => texts.map(t => window.__dwSearch.words(t))", texts)
    python_words = [[[w.key, *w.parts] for w in words(t)] for t in texts]
    differ = [(t, b, p) for t, b, p in zip(texts, browser_words, python_words, strict=True) if b != p]
    assert not differ, differ[:5]


def test_full_text_hits_in_guides_come_below_the_entries(search_page, served_site: str):
    found = [site_path(p, served_site) for p in results(search_page, "hyperparameter")]
    kinds = ["entry" if p.startswith("glossary/") else "page" for p in found]
    assert "page" in kinds and kinds == sorted(kinds), found  # "entry" < "page": every entry first
    assert any(p.startswith("walkthroughs/") for p in found) and any(p.startswith("guides/") for p in found)


def test_nothing_close_enough_suggests_the_nearest_terms(search_page, served_site: str):
    found = [site_path(p, served_site) for p in results(search_page, "ovrefitingg")]
    assert found[:1] == ["glossary/overfitting/"]
    meta = search_page.locator("[data-dw-search-meta]").inner_text()
    assert "Did you mean" in meta and "Overfitting" in meta
    assert search_page.locator(f"{RESULTS} [role=group]").get_attribute("aria-label") == "Closest terms"
    assert results(search_page, "zzzzqqqq") == []
    assert search_page.locator("[data-dw-search-meta]").inner_text().startswith("Nothing matches")


def card_text(page, n: int = 0) -> str:
    """A card's parts (term, level, lines), each as its text, joined by spaces."""
    parts = (
        page.locator(OPTIONS)
        .nth(n)
        .evaluate("card => [...card.querySelectorAll('.dw-search-card__term, .dw-level, p')].map(n => n.textContent)")
    )
    return " ".join(" ".join(parts).split())


def test_a_result_card_shows_term_level_and_definition_once(search_page, entries):
    learning_rate = next(e for e in entries if e["slug"] == "learning-rate")
    results(search_page, "step size")
    level = learning_rate["level"].capitalize()
    assert card_text(search_page) == f"{learning_rate['term']} {level} {learning_rate['short']} Also called: step size"
    results(search_page, "learning_rate_init")
    assert card_text(search_page).endswith("In code: learning_rate_init")
    results(search_page, "overfitting")
    text = card_text(search_page)
    overfitting = next(e for e in entries if e["slug"] == "overfitting")
    assert text == f"Overfitting {overfitting['level'].capitalize()} {overfitting['short']}"
    for furniture in ("Mentioned in", "How this was made", "Related terms", "Edit this entry", "Last updated"):
        assert furniture not in " ".join(search_page.locator(OPTIONS).all_text_contents())
    results(search_page, "does more data always cure overfitting")
    assert card_text(search_page).endswith("FAQ: Does more data always cure overfitting?")
    assert search_page.locator(OPTIONS).first.get_attribute("href").endswith("glossary/overfitting/#faq")


def test_page_results_show_section_page_and_a_marked_snippet(search_page):
    results(search_page, "tune a model")
    page_options = search_page.locator(f"{RESULTS} [role=group][aria-label='In guides and walkthroughs'] [role=option]")
    assert page_options.count() >= 1
    first = page_options.first
    assert first.locator("mark").count() >= 1
    assert "¶" not in first.inner_text()


# ----------------------------------------------------------------------------------------------
# Light: nothing is fetched for search until the reader opens it


def search_requests(requests: list[str]) -> list[str]:
    return [u for u in requests if "/search/" in u or u.endswith("/search.js")]


@pytest.mark.parametrize("opener", ["click", "shortcut", "phone-button"])
def test_a_page_fetches_no_search_data_until_search_opens(browser, served_site: str, opener: str):
    phone = opener == "phone-button"
    context = browser.new_context(viewport=PHONE if phone else {"width": 1280, "height": 900}, is_mobile=phone)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(served_site + "glossary/overfitting/", wait_until="networkidle")
        page.mouse.move(300, 300)
        page.mouse.wheel(0, 800)
        page.wait_for_timeout(300)
        assert any(u.endswith("/search-boot.js") for u in requests), "the request log is incomplete"
        assert search_requests(requests) == [], "search data fetched before search was opened"
        if opener == "click":
            page.locator(BOX).click()
        elif opener == "shortcut":
            page.keyboard.press("/")
        else:
            page.locator("label.md-header__button[for=__search]").click()
        page.wait_for_function("() => window.__dwSearch && window.__dwSearch.ready")
        page.evaluate("() => window.__dwSearch.ready")
        fetched = [urlsplit(u).path.rsplit("/", 2)[-2:] for u in search_requests(requests)]
        assert ["dials-weights", "search.js"] in fetched and ["search", "index.js"] in fetched, fetched
        assert page.evaluate("document.activeElement.matches('input[data-dw-search-input]')")
        assert page.evaluate("document.getElementById('__search').checked")
        found = results(page, "overfit")
        assert found and site_path(found[0], served_site) == "glossary/overfitting/"
    finally:
        context.close()


# ----------------------------------------------------------------------------------------------
# Keyboard: the usual shortcut opens it, arrows move, Enter opens, Escape closes


def test_keyboard_opens_moves_through_results_and_closes(browser, served_site: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(served_site)
        page.keyboard.press("s")
        page.wait_for_function("() => window.__dwSearch && window.__dwSearch.ready")
        box = page.locator(BOX)
        assert page.evaluate("document.activeElement.matches('input[data-dw-search-input]')")
        results(page, "learning rate", typed=True)
        options = page.locator(OPTIONS)
        assert options.count() >= 3
        assert box.get_attribute("aria-expanded") == "true"
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        second = options.nth(1)
        assert box.get_attribute("aria-activedescendant") == second.get_attribute("id")
        assert second.get_attribute("aria-selected") == "true"
        page.keyboard.press("ArrowUp")
        first = options.nth(0)
        assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
        target = first.get_attribute("href")
        page.keyboard.press("Enter")
        page.wait_for_url(target)
        assert urlsplit(page.url).path.endswith("glossary/learning-rate/")
        page.keyboard.press("/")
        assert page.evaluate("document.getElementById('__search').checked")
        page.keyboard.press("Escape")
        assert not page.evaluate("document.getElementById('__search').checked")
        assert not page.evaluate("document.activeElement.matches('input[data-dw-search-input]')")
        page.keyboard.press("f")  # a shortcut again, with the script already loaded
        assert page.evaluate("document.getElementById('__search').checked")
    finally:
        context.close()


# ----------------------------------------------------------------------------------------------
# Speed, reported (never asserted: tests check behaviour)

TIMED = ["overfitting", "hyperparamter", "step size", "max_depth", "regularisation", "what is an epoch",
         "difference between parameter and hyperparameter", "stop training early", "C parameter", "epcoh"]  # fmt: skip


def test_first_result_follows_the_last_keystroke(search_page, served_site: str):
    times = []
    for query in TIMED:
        found = results(search_page, query, typed=True)
        assert found, query
        times.append(float(search_page.get_attribute(RESULTS, "data-dw-ms") or "nan"))
    print(
        f"\nkeystroke to first result in Chromium, {len(times)} queries typed a key at a time: "
        f"median {statistics.median(times):.1f} ms, max {max(times):.1f} ms"
    )


# ----------------------------------------------------------------------------------------------
# Security: the site's Content-Security-Policy (scripts from the site only) leaves search working


def test_search_works_under_the_sites_content_security_policy(browser, served_site: str):
    """Every page carries a policy allowing scripts from the site only: search loads and runs under it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: "Content Security Policy" in m.text and problems.append(m.text))
    try:
        page.goto(served_site + "glossary/")
        policy = page.locator("meta[http-equiv=Content-Security-Policy]").get_attribute("content") or ""
        assert (
            "script-src 'self'" in policy
            and "unsafe-eval" not in policy
            and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        )
        open_search(page, served_site, "glossary/")
        found = results(page, "hyperparamter tunning", typed=True)
        assert site_path(found[0], served_site) == "glossary/hyperparameter-tuning/"
        results(page, "tune a model")
        assert page.evaluate("document.querySelectorAll('script:not([src]):not([type])').length") == 0
    finally:
        context.close()
    assert not problems, "\n".join(problems)


# ----------------------------------------------------------------------------------------------
# Looks: both palettes, desktop and phone, axe-clean with results open; screenshots for review


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_open_search_is_accessible_and_fits(browser, served_site: str, repo_site: Path, scheme: str, width: str):
    from axe_playwright_python.sync_playwright import Axe

    phone = width == "phone"
    viewport = PHONE if phone else {"width": 1280, "height": 900}
    context = browser.new_context(viewport=viewport, color_scheme=scheme, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    try:
        page.goto(served_site + "glossary/overfitting/")
        if phone:
            page.locator("label.md-header__button[for=__search]").click()
        else:
            page.locator(BOX).click()
        page.wait_for_function("() => window.__dwSearch && window.__dwSearch.ready")
        results(page, "regularisation", typed=True)
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(400)  # Material's opening transition
        box = page.locator(f"{OPTIONS} >> nth=0").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"] + 0.5, box
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        folder = repo_site / SCREENSHOTS
        folder.mkdir(exist_ok=True)
        page.screenshot(path=folder / f"search-{width}-{scheme}.png")
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in Axe().run(page).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not violations, "\n".join(violations)
        results(page, "ovrefitingg")  # the "did you mean" state too
        violations = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        assert not violations, violations
    finally:
        context.close()
