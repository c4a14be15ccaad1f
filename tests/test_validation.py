"""One test per validation rule, asserting the message a contributor reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from dials_weights.glossary.entries import parse_entry
from dials_weights.glossary.validation import validate_glossary
from dials_weights.runs.figures import FigureCatalogue, FigureOutput

GOOD = """---
term: {term}
aliases: [{alias}]
short: A plain sentence about {term}.
level: beginner
tags: [basics]
related: [{related}]
---

## In simple terms
Words about [[{related}]].

## Definition
More words.

## Analogy
Like a thing.

**Where the analogy breaks:** here.

## Real-world example
An example.

## FAQ

### First?
One.

### Second?
Two.

### Third?
Three.
"""


def entry(slug: str, text: str | None = None, **fields: str):
    values = {"term": slug.capitalize(), "alias": slug + "s", "related": "beta" if slug != "beta" else "alpha"}
    values.update(fields)
    source = text if text is not None else GOOD.format(**values)
    parsed, problems = parse_entry(source, Path(f"glossary/{slug}.md"), f"glossary/{slug}.md")
    assert problems == []
    return parsed


def problems_for(text: str, catalogue=None) -> list[str]:
    """Validate an 'alpha' entry next to a valid 'beta' entry; messages for alpha only."""
    found = validate_glossary([entry("alpha", text), entry("beta")], catalogue)
    return [str(p) for p in found if p.path == "glossary/alpha.md"]


def good(**fields: str) -> str:
    values = {"term": "Alpha", "alias": "alphas", "related": "beta"}
    values.update(fields)
    return GOOD.format(**values)


def test_a_good_entry_has_no_problems():
    assert problems_for(good()) == []


def test_missing_term():
    text = good().replace("term: Alpha\n", "")
    assert (
        "glossary/alpha.md:1: the required field 'term' is missing or empty "
        "(add a line 'term: ...' to the front matter)" in problems_for(text)
    )


@pytest.mark.parametrize("field", ["short", "level", "tags", "related"])
def test_other_required_fields(field: str):
    lines = [line for line in good().splitlines() if not line.startswith(f"{field}:")]
    assert any(f"the required field '{field}' is missing" in p for p in problems_for("\n".join(lines)))


def test_unknown_key_gets_did_you_mean():
    text = good().replace("tags:", "relatd: [beta]\ntags:")
    assert "glossary/alpha.md:6: unknown front-matter key 'relatd' (did you mean 'related'?)" in problems_for(text)


def test_unknown_level():
    text = good().replace("level: beginner", "level: beginer")
    assert "glossary/alpha.md:5: unknown level 'beginer' (did you mean 'beginner'?)" in problems_for(text)


def test_short_too_long():
    text = good().replace("A plain sentence about Alpha.", "word " * 40 + "end.")
    assert any("'short' is 204 characters long (keep it under 160" in p for p in problems_for(text))


def test_short_must_be_one_sentence():
    text = good().replace("A plain sentence about Alpha.", "One sentence. Two sentences.")
    assert (
        "glossary/alpha.md:4: 'short' must be a single sentence (move the extra detail into 'In simple terms')"
        in problems_for(text)
    )


def test_short_ends_with_full_stop():
    text = good().replace("A plain sentence about Alpha.", "No full stop")
    assert any("'short' must be one sentence ending with a full stop" in p for p in problems_for(text))


def test_missing_section():
    text = good().replace("## Definition\nMore words.\n", "")
    assert any("the section '## Definition' is missing" in p for p in problems_for(text))


def test_sections_out_of_order():
    text = good().replace(
        "## In simple terms\nWords about [[beta]].\n\n## Definition\nMore words.\n",
        "## Definition\nMore words.\n\n## In simple terms\nWords about [[beta]].\n",
    )
    assert any("the sections are out of order" in p for p in problems_for(text))


def test_unknown_section_gets_did_you_mean():
    text = good().replace("## Real-world example", "## Real world example")
    assert any(
        "unknown section '## Real world example' (did you mean 'Real-world example'?)" in p for p in problems_for(text)
    )


def test_analogy_must_say_where_it_breaks():
    text = good().replace("**Where the analogy breaks:** here.", "It fits.")
    assert any("the analogy does not say where it breaks" in p for p in problems_for(text))


def test_faq_needs_three_questions():
    text = good().replace("### Third?\nThree.\n", "")
    assert (
        "glossary/alpha.md:24: the FAQ has 2 question(s) (write at least 3, each as a '### Question?' heading)"
        in problems_for(text)
    )


def test_faq_question_needs_question_mark_and_answer():
    text = good().replace("### Third?\nThree.", "### Third\n")
    found = problems_for(text)
    assert any("the FAQ heading 'Third' is not a question" in p for p in found)
    assert any("the question 'Third' has no answer" in p for p in found)


def test_unknown_related_gets_did_you_mean():
    text = good(related="betta")
    assert "glossary/alpha.md:7: unknown related entry 'betta' (did you mean 'beta'?)" in problems_for(text)


def test_related_must_be_a_slug_not_an_alias():
    text = good(related="betas")
    assert "glossary/alpha.md:7: unknown related entry 'betas' (use the slug 'beta')" in problems_for(text)


def test_unknown_cross_reference():
    text = good().replace("Words about [[beta]].", "Words about [[betta]].")
    assert "glossary/alpha.md:11: unknown cross-reference '[[betta]]' (did you mean 'beta'?)" in problems_for(text)


def test_cross_reference_by_alias_and_label_resolves():
    text = good().replace("Words about [[beta]].", "Words about [[betas|the other one]] and [[Beta]].")
    assert problems_for(text) == []


def test_alias_may_not_shadow_another_entry():
    text = good(alias="beta")
    assert any("the alias 'beta' already names glossary/beta.md" in p for p in problems_for(text))


def test_duplicate_alias_across_entries():
    found = validate_glossary([entry("alpha", alias="shared"), entry("beta", alias="shared")])
    assert any("the alias 'shared' already names glossary/alpha.md" in str(p) for p in found)


def test_template_hint_left_in():
    text = good().replace("More words.", "<!-- write here -->")
    assert any("a hint from the template is still here" in p for p in problems_for(text))


def test_title_heading_not_allowed():
    text = good().replace("## In simple terms", "# Alpha\n\n## In simple terms")
    assert any("entries have no '# ' title heading" in p for p in problems_for(text))


def test_related_to_itself():
    text = good().replace("related: [beta]", "related: [beta, alpha]")
    assert any("an entry cannot be related to itself" in p for p in problems_for(text))


def test_reserved_slug():
    found = validate_glossary([entry("tags", GOOD.format(term="Tags", alias="tagz", related="beta")), entry("beta")])
    assert any("'tags' is reserved" in str(p) for p in found)


def catalogue() -> FigureCatalogue:
    output = FigureOutput(
        "fit", "scripts/figures/fit.py", Path("."), ["line.svg", "line.dark.svg"], {"slope": 2.5}, "", 0
    )
    return FigureCatalogue(["fit"], {"fit": output})


def test_known_figure_and_metric_pass():
    text = good().replace("An example.", '![A line](figure:fit/line.svg "A caption.")\n\nSlope {{ fit.slope:.2f }}.')
    assert problems_for(text, catalogue()) == []


def test_unknown_figure_file():
    text = good().replace("An example.", '![A line](figure:fit/lines.svg "A caption.")')
    assert (
        "glossary/alpha.md:22: scripts/figures/fit.py makes no figure 'lines.svg' (did you mean 'line.svg'?)"
        in problems_for(text, catalogue())
    )


def test_unknown_figure_script():
    text = good().replace("An example.", '![A line](figure:nope/line.svg "A caption.")')
    assert any("unknown figure 'nope/line.svg'" in p for p in problems_for(text, catalogue()))


def test_figure_needs_alt_and_caption():
    found = problems_for(good().replace("An example.", "![](figure:fit/line.svg)"), catalogue())
    assert any("has no alt text" in p for p in found)
    assert any("has no caption" in p for p in found)


def test_unknown_metric_gets_did_you_mean():
    text = good().replace("An example.", "Slope {{ fit.slop }}.")
    assert (
        "glossary/alpha.md:22: unknown metric 'slop' from scripts/figures/fit.py (did you mean 'slope'?)"
        in problems_for(text, catalogue())
    )


def test_bad_metric_format():
    text = good().replace("An example.", "Slope {{ fit.slope:d }}.")
    assert any("the format 'd' does not fit the value 2.5" in p for p in problems_for(text, catalogue()))


def test_every_problem_is_reported_at_once():
    text = good(related="nope").replace("level: beginner", "level: expert").replace("### Third?\nThree.\n", "")
    assert len(problems_for(text)) >= 3


def test_figure_alt_text_is_plain():
    text = good().replace("An example.", '![Slope {{ fit.slope }}](figure:fit/line.svg "A caption.")')
    assert any("the alt text of 'fit/line.svg' must be plain text" in p for p in problems_for(text, catalogue()))


def test_argument_names_are_code_identifiers():
    text = good().replace("aliases: [alphas]", "aliases: [alphas]\narguments: [n_neighbors, max depth]")
    assert (
        "glossary/alpha.md:4: 'max depth' is not a library argument name (list names as code spells them, "
        "such as n_neighbors or learning_rate_init; other names go in aliases)"
    ) in problems_for(text)
    assert problems_for(good().replace("aliases: [alphas]", "aliases: [alphas]\narguments: [n_neighbors, C]")) == []
