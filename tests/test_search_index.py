"""The search index, built from entries and pages without MkDocs: words, pages' text, files and sizes."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dials_weights.glossary.entries import Entry, Question, Section
from dials_weights.site.search_index import BLOCK_SIZE, QUESTION, SHORT, build_search, markdown_text, over_budget
from dials_weights.site.search_pages import page_text
from dials_weights.site.search_text import STOP_WORDS, rules, shard_of, tokens, words

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        # plurals, including irregular ones and words that end in -s already
        ("epochs", ["epoch"]),
        ("losses", ["loss"]),
        ("batches", ["batch"]),
        ("strategies", ["strategy"]),
        ("biases", ["bias"]),
        ("bias", ["bias"]),
        ("matrices", ["matrix"]),
        ("analysis", ["analysis"]),
        # British spellings read as American ones
        ("Regularisation", ["regularization"]),
        ("optimisers", ["optimizer"]),
        ("generalise", ["generalize"]),
        ("behaviour", ["behavior"]),
        ("neighbours", ["neighbor"]),
        ("modelling", ["modeling"]),
        ("centre", ["center"]),
        ("analysed", ["analyzed"]),
        # joined words: the whole, then each part
        ("over-fitting", ["overfitting", "over", "fitting"]),
        ("max_depth", ["maxdepth", "max", "depth"]),
        ("n_neighbours", ["nneighbor", "n", "neighbor"]),
        ("bias–variance", ["biasvariance", "bias", "variance"]),  # an en dash, as in one alias
        ("train/test", ["train", "test"]),
        # case, accents, apostrophes
        ("Café model's", ["cafe", "model"]),
        ("C (SVM)", ["c", "svm"]),
    ],
)
def test_words_are_read_alike_whatever_the_spelling(typed: str, read: list[str]):
    assert [t for w in words(typed) for t in w.tokens()] == read


def test_stop_words_are_dropped_from_questions_but_not_from_joined_words():
    assert tokens("What is the difference between a parameter and a hyperparameter?") == [
        "difference",
        "parameter",
        "hyperparameter",
    ]
    assert tokens("how to choose k in knn") == ["choose", "k", "knn"]
    assert tokens("stop training early") == ["stop", "training", "early"]
    assert tokens("why does validation loss go up") == ["validation", "loss"]  # "does" is not "doe"
    assert [w.stop for w in words("over-fitting over")] == [False, True]
    assert {"what", "is", "an", "how", "to", "the", "does", "why"} <= STOP_WORDS
    assert not {"stop", "early", "difference", "choose", "no", "not"} & STOP_WORDS - {"not"}


def test_shards_are_a_stable_hash_of_the_token():
    # FNV-1a, 32 bits, over code points (published test values); the browser computes the same (test_search.py).
    assert [shard_of(t, 1 << 32) for t in ("", "a", "foobar")] == [0x811C9DC5, 0xE40C292C, 0xBF9CF968]
    assert shard_of("foobar", 7) == 0xBF9CF968 % 7


def make_entry(slug: str, **fields: object) -> Entry:
    entry = Entry(slug=slug, path=f"glossary/{slug}.md", source=Path(f"{slug}.md"))
    entry.term, entry.short, entry.level = slug.title(), f"About {slug}.", "beginner"
    entry.sections = [Section("In simple terms", 1, f"{slug} in plain words, see [the guide](../x.md).")]
    for key, value in fields.items():
        setattr(entry, key, value)
    return entry


def data(files: dict[str, str], name: str) -> object:
    match = re.fullmatch(r'__dwSearch\.data\("([\w-]+)",(.*)\);\n', files[f"search/{name}.js"], re.S)
    assert match and match.group(1) == name
    return json.loads(match.group(2))


def test_entries_give_names_up_front_and_their_text_in_shards():
    entries = [
        make_entry(
            "overfitting",
            aliases=["overfit", "over-training"],
            faq=[Question("Does more data cure overfitting?", 9, "Often, not always.")],
        ),
        make_entry("tree-depth", arguments=["max_depth"], term="Maximum depth", level="intermediate"),
    ]
    files = build_search(entries, [], plain=lambda text: text)
    head = data(files, "index")
    assert isinstance(head, dict)
    assert head["entries"] == [
        ["", "Overfitting", 0, ["overfit", "over-training"], []],  # "": the slug is the term's own
        ["tree-depth", "Maximum depth", 1, [], ["max_depth"]],  # a slug of its own is kept
    ]
    assert head["rules"] == json.loads(json.dumps(rules()))
    assert head["prefetch"] is True and head["shards"] == 1 and head["blocks"] == 1
    shard = data(files, "text-0")
    assert isinstance(shard, dict)
    assert shard["cure"] == [0, QUESTION]  # in a question only: document 0, the question's weight
    assert shard["overfitting"][:2] == [0, QUESTION + SHORT + 1]  # question, definition and once in the text
    assert "guide" in shard and "x" not in shard and "md" not in shard  # link targets are not text
    assert not {"does", "in", "the"} & set(shard)  # stop words
    assert data(files, "docs-0") == [
        ["About overfitting.", ["Does more data cure overfitting?"]],
        ["About tree-depth.", []],
    ]


def test_entry_text_stays_data_whatever_it_holds():
    hostile = '</script><img src=x onerror="alert(1)"> \u2028 café'
    entries = [make_entry("x", term=hostile, aliases=[hostile], short=hostile)]
    files = build_search(entries, [], plain=lambda text: text)
    for text in files.values():
        assert "<" not in text and "\u2028" not in text and text.isascii()
    assert data(files, "index")["entries"][0][1] == hostile  # type: ignore[index]


def test_markdown_is_reduced_to_words():
    text = markdown_text('A [link](../a.md "t") with $x^2$ and `max_depth` in **bold**{ .x } <span>html</span>.')
    assert text.split() == ["A", "link", "with", "and", "max_depth", "in", "bold", "html", "."]


PAGE = """
<h1 id="guide">The guide<a class="headerlink" href="#guide">&para;</a></h1>
<p>Intro with <code>max_depth</code> and a <a href="../x/" title="Hidden: preview text">link</a>.</p>
<figure><img alt="a plot" src="a.svg"><figcaption>Caption words.
<span class="dw-made">How this was made: script.py, numpy 2.0.</span></figcaption></figure>
<div class="highlight"><pre><code>import secret_code</code></pre></div>
<h2 id="second">Second part</h2>
<p>More text <span class="arithmatex">\\(x^2\\)</span> here.</p>
"""

NOTEBOOK = """
<div class="jupyter-wrapper"><div class="jp-Cell jp-MarkdownCell"><div class="jp-InputArea">
<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput" data-mime-type="text/markdown">
<h1 id="walk">Walk<a class="anchor-link" href="#walk">¶</a></h1><p>Prose <div>nested</div> words.</p>
</div></div></div>
<div class="jp-Cell jp-CodeCell"><div class="jp-InputArea"><pre>model.fit(X)</pre></div>
<div class="jp-OutputArea"><pre>Accuracy 0.93</pre></div></div></div>
"""


def test_pages_keep_prose_by_section_and_leave_furniture_out():
    page = page_text("guides/g/", "The guide", PAGE)
    assert [(s.anchor, s.heading) for s in page.sections] == [("guide", "The guide"), ("second", "Second part")]
    first = page.sections[0].text
    assert "max_depth" in first and "Caption words." in first
    for furniture in ("¶", "How this was made", "secret_code", "preview text", "a plot"):
        assert furniture not in first
    assert page.sections[1].text == "More text here."
    notebook = page_text("walkthroughs/w/", "Walk", NOTEBOOK)
    assert [(s.anchor, s.heading, s.text) for s in notebook.sections] == [("walk", "Walk", "Prose nested words.")]


def test_page_sections_follow_the_entries_in_documents_and_blocks():
    entries = [make_entry(f"e{n}") for n in range(BLOCK_SIZE + 1)]
    pages = [page_text("guides/g/", "The guide", PAGE)]
    files = build_search(entries, pages, plain=lambda text: text)
    head = data(files, "index")
    assert head["pages"] == [["guides/g/", "The guide"]] and head["documents"] == BLOCK_SIZE + 3
    assert head["blocks"] == 2
    assert data(files, "docs-1")[1][:3] == [0, "guide", "The guide"]  # type: ignore[index]
    shard = data(files, "text-0")
    assert isinstance(shard, dict) and "guide" in shard and not {"secretcode", "secret"} & set(shard)


def test_search_data_over_its_budget_names_its_largest_source(tmp_path: Path):
    source = tmp_path / "a.md"
    source.write_text("x" * 100)
    entry = make_entry("a", source=source)
    runaway = page_text("guides/runaway/", "Runaway", "<h1 id='r'>Runaway</h1>" + "<p>word </p>" * 5000)
    files = build_search([entry], [runaway], markdown_text)
    size = sum(len(text.encode()) for text in files.values())
    assert over_budget(files, [entry], [runaway], budget=size, growth=0) is None
    problem = over_budget(files, [entry], [runaway], budget=size - 1, growth=0)
    assert problem and "over its budget" in problem and "the page guides/runaway/" in problem, problem
    assert over_budget(files, [entry], [runaway]) is None  # the real budget is far above this


def test_the_search_core_does_not_import_mkdocs():
    code = "import sys, dials_weights.site.search_index, dials_weights.site.search_text; print('mkdocs' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.slow
def test_a_query_at_five_thousand_entries_fetches_under_400_kb():
    """An upper bound, whatever the query: the names, the eight largest shards and twenty largest blocks.

    (bench/search.py measures what real queries fetch in Chromium.)"""
    sys.path.insert(0, str(REPO / "bench"))
    from search import synthetic_index  # type: ignore[import-not-found]

    files = synthetic_index(5000)
    size = {path: len(gzip.compress(text.encode(), 9)) for path, text in files.items()}
    shards = sorted((v for k, v in size.items() if "/text-" in k), reverse=True)
    blocks = sorted((v for k, v in size.items() if "/docs-" in k), reverse=True)
    bound = size["search/index.js"] + sum(shards[:8]) + sum(blocks[:20])
    print(f"names {size['search/index.js']} B, 8 shards {sum(shards[:8])} B, 20 blocks {sum(blocks[:20])} B gzip")
    assert bound < 400_000
    assert data(files, "index")["prefetch"] is False  # type: ignore[index]
