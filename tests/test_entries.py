"""Reading entries: front matter with line numbers, sections, FAQ questions."""

from __future__ import annotations

from pathlib import Path

from dials_weights.glossary.entries import parse_entry, slugify
from dials_weights.glossary.frontmatter import split_front_matter

ENTRY = """---
term: Learning rate
aliases: [step size]
short: How big a step the optimiser takes.
level: beginner
tags: [training]
related: [epoch]
---

## In simple terms
Small steps.

## FAQ

### Is it a hyperparameter?
Yes.

```python
## not a heading inside code
```
"""


def parse(text: str):
    return parse_entry(text, Path("glossary/learning-rate.md"), "glossary/learning-rate.md")


def test_fields_and_their_lines_are_kept():
    entry, problems = parse(ENTRY)
    assert problems == []
    assert entry.slug == "learning-rate"
    assert entry.term == "Learning rate"
    assert entry.aliases == ["step size"]
    assert entry.key_lines["short"] == 4
    assert entry.key_lines["related"] == 7


def test_sections_and_questions_are_split_with_lines():
    entry, _ = parse(ENTRY)
    assert [(s.title, s.line) for s in entry.sections] == [("In simple terms", 10), ("FAQ", 13)]
    assert entry.section("In simple terms").body == "Small steps."
    assert [(q.question, q.line) for q in entry.faq] == [("Is it a hyperparameter?", 15)]
    assert "## not a heading inside code" in entry.faq[0].answer


def test_a_missing_closing_fence_is_reported():
    _, problems = split_front_matter("---\nterm: x\n", "g.md")
    assert [str(p) for p in problems] == [
        "g.md:1: the front matter is never closed (add a line '---' after the last key)"
    ]


def test_broken_yaml_reports_the_line_in_the_file():
    text = "---\nterm: x\nshort: [unclosed\nlevel: beginner\n---\n"
    _, problems = split_front_matter(text, "g.md")
    assert len(problems) == 1
    assert problems[0].path == "g.md"
    assert problems[0].line in (3, 4)
    assert "not valid YAML" in problems[0].message


def test_text_without_front_matter_is_reported():
    _, problems = split_front_matter("# Title\n", "g.md")
    assert "does not start with YAML front matter" in problems[0].message


def test_slugify_makes_file_names():
    assert slugify("Bias–variance trade-off") == "bias-variance-trade-off"
    assert slugify("SVM: C") == "svm-c"
