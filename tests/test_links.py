"""Every link and embedded resource in the built site resolves, checked on the files (no network).

Internal URLs (relative, root-absolute under the site's base path, or absolute on the site's own
host) must name a file of the built site, directory URLs meaning their index.html; a #fragment on
a link to a page must name an id in that page. Links to other hosts are listed, never fetched.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

pytestmark = pytest.mark.slow

# (tag, attribute) pairs whose value is a URL the page links to or loads.
URL_ATTRIBUTES = {
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("source", "src"),
    ("iframe", "src"),
    ("embed", "src"),
    ("video", "src"),
    ("video", "poster"),
    ("audio", "src"),
    ("track", "src"),
    ("object", "data"),
    ("form", "action"),
}
SRCSET_TAGS = {"img", "source"}
# Fragments are only checked on links to pages. On images they are display hints, not anchors:
# Material shows `fig.svg#only-light` in the light scheme and `fig.dark.svg#only-dark` in the dark one.
FRAGMENT_TAGS = {"a", "area"}
NOT_FETCHED = ("mailto:", "tel:", "data:", "javascript:", "blob:", "about:")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[tuple[str, str]] = []  # (tag, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if v is not None}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.ids.add(values["name"])
        for name, value in values.items():
            if (tag, name) in URL_ATTRIBUTES and value.strip():
                self.urls.append((tag, value.strip()))
        if tag in SRCSET_TAGS and values.get("srcset"):
            self.urls += [(tag, c.split()[0]) for c in values["srcset"].split(",") if c.strip()]


def _site_url(project: Path) -> str:
    match = re.search(r"^site_url:\s*(\S+)", (project / "mkdocs.yml").read_text(), re.M)
    assert match, "mkdocs.yml has no site_url"
    return match.group(1).rstrip("/") + "/"


class Site:
    """The built site's pages, parsed once."""

    def __init__(self, project: Path) -> None:
        self.root = project / "site"
        self.site_url = _site_url(project)
        parts = urlsplit(self.site_url)
        self.host, self.base_path = parts.netloc, parts.path  # e.g. "/dials-and-weights/"
        self.pages: dict[str, _Page] = {}
        for file in sorted(self.root.rglob("*.html")):
            parser = _Page()
            parser.feed(file.read_text(encoding="utf-8"))
            self.pages[file.relative_to(self.root).as_posix()] = parser

    def target(self, page: str, url: str) -> tuple[str | None, str | None, str]:
        """(site path of the target file or None if missing, fragment, why) for an internal URL."""
        parts = urlsplit(url)
        if parts.netloc:  # absolute URL on the site's own host
            path = parts.path
            if not path.startswith(self.base_path):
                return None, None, f"outside the site's base path {self.base_path}"
            path = path[len(self.base_path) :]
        elif parts.path.startswith("/"):  # root-absolute: only right under the base path
            if not parts.path.startswith(self.base_path):
                return None, None, f"root-absolute path outside the site's base path {self.base_path}"
            path = parts.path[len(self.base_path) :]
        elif parts.path:
            path = posixpath.join(posixpath.dirname(page), parts.path)
        else:
            path = page  # "#fragment" or "?query" alone: this page
        trailing = path.endswith("/") or path in ("", ".")
        path = posixpath.normpath(unquote(path)) if path else "."
        if path.startswith(".."):
            return None, None, "climbs above the site root"
        file = self.root / path
        if trailing or file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            return None, None, "no such file"
        return file.relative_to(self.root).as_posix(), unquote(parts.fragment) or None, ""

    def is_internal(self, url: str) -> bool:
        parts = urlsplit(url)
        if url.startswith("//"):
            return parts.netloc == self.host
        if parts.scheme in ("http", "https"):
            return parts.netloc == self.host
        return not parts.scheme


@pytest.fixture(scope="module")
def site(repo_site: Path) -> Site:
    return Site(repo_site)


def test_the_crawl_sees_the_whole_site(site: Site):
    """Guards the other tests against passing on an empty or half-read site."""
    assert "index.html" in site.pages and "glossary/index.html" in site.pages
    assert sum(p.startswith("glossary/") for p in site.pages) > 30
    assert sum(len(p.urls) for p in site.pages.values()) > 1000


def test_every_internal_url_resolves_to_a_file(site: Site):
    broken: list[str] = []
    checked = 0
    for page, parsed in site.pages.items():
        for tag, url in parsed.urls:
            if url.lower().startswith(NOT_FETCHED) or not site.is_internal(url):
                continue
            checked += 1
            found, _, why = site.target(page, url)
            if found is None:
                broken.append(f"{page}: <{tag}> {url} ({why})")
    assert checked > 1000
    assert not broken, f"{len(broken)} broken internal URL(s):\n" + "\n".join(sorted(broken))


def test_every_fragment_names_an_id_in_its_page(site: Site):
    broken: list[str] = []
    checked = 0
    for page, parsed in site.pages.items():
        for tag, url in parsed.urls:
            if tag not in FRAGMENT_TAGS or url.lower().startswith(NOT_FETCHED) or not site.is_internal(url):
                continue
            found, fragment, _ = site.target(page, url)
            if found is None or fragment is None or not found.endswith(".html"):
                continue  # missing files are the other test's; "#" alone means the top of the page
            checked += 1
            if fragment not in site.pages[found].ids:
                broken.append(f"{page}: {url} -> no id {fragment!r} in {found}")
    assert checked > 100, "too few fragment links seen: is the crawl reading the pages?"
    assert not broken, f"{len(broken)} link(s) to a missing anchor:\n" + "\n".join(sorted(broken))


def test_external_links_are_listed_not_fetched(site: Site):
    """Links to other hosts are printed for review (run pytest with -s); only their form is checked."""
    external: dict[str, set[str]] = defaultdict(set)
    malformed: list[str] = []
    for page, parsed in site.pages.items():
        for tag, url in parsed.urls:
            if url.lower().startswith(NOT_FETCHED) or site.is_internal(url):
                continue
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
                malformed.append(f"{page}: <{tag}> {url}")
            external[url].add(page)
    print(f"\n{len(external)} external URL(s), not fetched:")
    for url in sorted(external):
        pages = sorted(external[url])
        print(f"  {url}  ({len(pages)} page(s), e.g. {pages[0]})")
    assert not malformed, "URLs with an unknown scheme or no host:\n" + "\n".join(malformed)
