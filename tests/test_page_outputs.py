"""What makes `mkdocs serve` rebuilds cheap, tested alone: kept pages, pages in parts, kept renderings.

The serve test (test_serve.py) checks the whole: after an edit, every page equals a fresh build's.
"""

from __future__ import annotations

from pathlib import Path

from dials_weights.glossary.entries import Entry, Question, Section
from dials_weights.site.page_outputs import KeptByKey, output_key
from dials_weights.site.render import PART_BREAK, faq_page, join_parts, print_page, split_parts
from dials_weights.site.render_cache import RenderCache


def entry(slug: str, term: str) -> Entry:
    return Entry(
        slug=slug,
        path=f"glossary/{slug}.md",
        source=Path(f"{slug}.md"),
        term=term,
        short=f"What {term} is.",
        sections=[Section("In simple terms", 5, f"{term} in plain words."), Section("FAQ", 9, "")],
        faq=[Question(f"Why {term}?", 10, "Because.")],
    )


def test_a_kept_page_is_reused_only_for_the_same_key_and_only_after_a_good_build():
    outputs: KeptByKey[str] = KeptByKey()
    key = output_key(["nav", "a.md", "<p>A</p>"])
    assert outputs.get(key) is None
    outputs.put(key, "<html>A</html>")
    outputs.build_failed()  # a failed build's pages were never checked
    assert outputs.get(key) is None
    outputs.put(key, "<html>A</html>")
    outputs.put("b-key", "<html>B</html>")
    outputs.build_succeeded()
    assert outputs.get(key) == "<html>A</html>"
    assert outputs.get(output_key(["nav", "a.md", "<p>A, edited</p>"])) is None
    outputs.build_succeeded()  # b.md was not made (or reused) by this build: it is forgotten
    assert outputs.get("b-key") is None
    assert outputs.get(key) == "<html>A</html>"


def test_pages_of_many_entries_come_in_one_part_per_entry_with_ids_of_their_own():
    order = [entry("alpha", "Alpha"), entry("beta", "Beta")]
    for page in (print_page(order), faq_page(order)):
        parts = split_parts(page)
        assert len(parts) == 3, page  # the introduction, then one part per entry
        assert "\n".join(parts).count("Alpha") == page.count("Alpha")
        assert "Alpha" in parts[1] and "Beta" not in parts[1] and "Beta" in parts[2]
        assert PART_BREAK not in "".join(parts)
    printed = split_parts(print_page(order))
    assert "### In simple terms { #alpha-in-simple-terms }" in printed[1]
    assert "### In simple terms { #beta-in-simple-terms }" in printed[2]
    assert split_parts("# One page\n\nNo parts.\n") == ["# One page\n\nNo parts.\n"]


def test_renderings_kept_in_memory_follow_the_disk(tmp_path: Path):
    memory: dict[str, dict[str, object]] = {}
    first = RenderCache(tmp_path, "fingerprint", memory)
    key = first.key("a.md", "# A")
    assert first.load(key) is None
    first.store(key, {"content": "<h1>A</h1>"})
    assert memory == {}  # kept only once the build succeeded
    first.save()
    assert memory == {key: {"content": "<h1>A</h1>"}}
    (tmp_path / key[:2] / f"{key}.json").unlink()
    second = RenderCache(tmp_path, "fingerprint", memory)
    assert second.load(key) == {"content": "<h1>A</h1>"}  # from memory, not the disk
    third = RenderCache(tmp_path, "fingerprint", memory)
    third.save()  # a build that did not use it forgets it, in memory as on disk
    assert memory == {}


def test_joining_parts_gives_the_page_back():
    page = print_page([entry("alpha", "Alpha"), entry("beta", "Beta")])
    assert join_parts(split_parts(page)) == page
