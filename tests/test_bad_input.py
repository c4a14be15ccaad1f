"""A corpus of broken content: each case must stop the build with an actionable message.

Every case starts from a copy of one good build of the fixture site, breaks one
thing, builds again with real MkDocs, and asserts that the build failed, that
the message names the file (and line where there is one) and says how to fix
it, that no traceback of ours or of MkDocs was printed, and that the previous
good site and the cache are byte for byte as they were.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import FIXTURE_SITE, build

pytestmark = pytest.mark.slow

BROKEN_NOTEBOOK = """# %% [markdown]
# # A walkthrough that breaks

# %%
numbers = [1, 2, 3]

# %%
average = sum(numbers) / 0
"""


@dataclass(frozen=True)
class Case:
    path: str
    old: str
    new: str
    expected: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    script_traceback: bool = False  # a failing script's own traceback is part of a good message


CASES = {
    "broken YAML": Case(
        "glossary/gamma.md",
        "tags: [basics, extra]",
        "tags: [basics, extra",
        ("glossary/gamma.md:", "the front matter is not valid YAML", "check the indentation"),
    ),
    "missing term": Case(
        "glossary/beta.md",
        "term: Beta\n",
        "",
        (
            "glossary/beta.md:1: the required field 'term' is missing or empty",
            "(add a line 'term: ...' to the front matter)",
        ),
    ),
    "unknown level": Case(
        "glossary/beta.md",
        "level: intermediate",
        "level: intermediat",
        ("glossary/beta.md:5: unknown level 'intermediat' (did you mean 'intermediate'?)",),
    ),
    "unknown key": Case(
        "glossary/beta.md",
        "tags:",
        "relatd: [alpha]\ntags:",
        ("glossary/beta.md:6: unknown front-matter key 'relatd' (did you mean 'related'?)",),
    ),
    "short of two sentences": Case(
        "glossary/gamma.md",
        "The third test term.",
        "The third term. It has two sentences.",
        ("glossary/gamma.md:4: 'short' must be a single sentence",),
    ),
    "missing section": Case(
        "glossary/gamma.md",
        "## Definition\nAlpha is defined as $a = 1$.\n",
        "",
        ("glossary/gamma.md:", "the section '## Definition' is missing", "glossary/_template.md"),
    ),
    "misspelt formula command": Case(
        "glossary/gamma.md",
        "Alpha is defined as $a = 1$.",
        "Alpha is defined as $a = \\lamda$.",
        ("glossary/gamma.md:14:", "the formula uses \\lamda", "check its spelling", "a = \\lamda"),
    ),
    "unbalanced formula": Case(
        "glossary/gamma.md",
        "Alpha is defined as $a = 1$.",
        "Alpha is defined as $a = \\frac{1{2}$.",
        ("glossary/gamma.md:14:", "the formula opens 1 { that is never closed"),
    ),
    "formula with a link": Case(
        "glossary/gamma.md",
        "Alpha is defined as $a = 1$.",
        "Alpha is defined as $a = \\href{javascript:alert(1)}{1}$.",
        ("glossary/gamma.md:14:", "formulas cannot hold links, styles, classes or colours"),
    ),
    "unknown section": Case(
        "glossary/gamma.md",
        "## Definition",
        "## Definitions",
        ("unknown section '## Definitions' (did you mean 'Definition'?)",),
    ),
    "sections out of order": Case(
        "glossary/gamma.md",
        "## Definition\nAlpha is defined as $a = 1$.\n\n## Analogy\nLike the first step of a staircase.\n",
        "## Analogy\nLike the first step of a staircase.\n\n## Definition\nAlpha is defined as $a = 1$.\n",
        ("glossary/gamma.md:", "the sections are out of order", "put them in this order:"),
    ),
    "analogy without its limit": Case(
        "glossary/gamma.md",
        "**Where the analogy breaks:** stairs do not have tests.",
        "Stairs are great.",
        ("glossary/gamma.md:", "the analogy does not say where it breaks", "**Where the analogy breaks:**"),
    ),
    "too few questions": Case(
        "glossary/gamma.md",
        "### Can I skip it?\nNo.\n",
        "",
        (
            "glossary/gamma.md:",
            "the FAQ has 2 question(s) (write at least 3",
        ),
    ),
    "template hint left in": Case(
        "glossary/gamma.md",
        "Like the first step of a staircase.",
        "<!-- an analogy -->",
        ("a hint from the template is still here",),
    ),
    "unknown related entry": Case(
        "glossary/beta.md",
        "related: [alpha]",
        "related: [alpah]",
        ("glossary/beta.md:7: unknown related entry 'alpah' (did you mean 'alpha'?)",),
    ),
    "unknown cross-reference in an entry": Case(
        "glossary/gamma.md",
        "See [[beta]].",
        "See [[betta]].",
        ("glossary/gamma.md:11: unknown cross-reference '[[betta]]'", "(did you mean 'beta'?)"),
    ),
    "unknown cross-reference in a page": Case(
        "docs/index.md",
        "[[alpha]]",
        "[[alpah]]",
        ("docs/index.md:3: unknown cross-reference '[[alpah]]' (did you mean 'alpha'?)",),
    ),
    "duplicate alias": Case(
        "glossary/gamma.md",
        "aliases: []",
        "aliases: [alphas]",
        ("glossary/gamma.md:3: the alias 'alphas' already names glossary/alpha.md",),
    ),
    "prerequisite cycle": Case(
        "glossary/alpha.md",
        "related: [beta]",
        "related: [beta]\nprerequisites: [beta]",
        ("the prerequisites form a cycle", "alpha", "beta"),
    ),
    "unknown figure": Case(
        "glossary/alpha.md",
        "figure:tiny/line.svg",
        "figure:tiny/lines.svg",
        ("glossary/alpha.md:", "scripts/figures/tiny.py makes no figure 'lines.svg'", "(did you mean 'line.svg'?)"),
    ),
    "figure without alt text": Case(
        "glossary/alpha.md", "![A rising line through three points]", "![]", ("glossary/alpha.md:", "has no alt text")
    ),
    "unknown metric": Case(
        "glossary/alpha.md",
        "{{ tiny.answer }}",
        "{{ tiny.answr }}",
        ("glossary/alpha.md:", "unknown metric 'answr' from scripts/figures/tiny.py", "(did you mean 'answer'?)"),
    ),
    "claim no longer holds": Case(
        "scripts/figures/tiny.py",
        '"answer": 42',
        '"answer": 41',
        ("scripts/figures/tiny.py: the claim 'answer == 42' no longer holds (answer=41)",),
    ),
    "script that raises": Case(
        "scripts/figures/tiny.py",
        "fig, ax = plt.subplots",
        "raise ValueError('no points')\nfig, ax = plt.subplots",
        (
            "scripts/figures/tiny.py: tiny failed (exit code 1)",
            "ValueError: no points",
            "run 'python scripts/figures/tiny.py' to see the whole error",
        ),
        script_traceback=True,
    ),
    "script that hangs": Case(
        "scripts/figures/tiny.py",
        "fig, ax = plt.subplots",
        "import time\ntime.sleep(600)\nfig, ax = plt.subplots",
        ("scripts/figures/tiny.py: tiny did not finish within 3 s and was stopped",),
        env={"DW_SCRIPT_TIMEOUT": "3"},
    ),
    "script that writes no metrics": Case(
        "scripts/figures/tiny.py",
        '(out / "metrics.json").write_text',
        "print",
        ("scripts/figures/tiny.py: wrote no metrics.json",),
    ),
    "notebook that errors": Case(
        "scripts/notebooks/broken.py",
        "",
        BROKEN_NOTEBOOK,
        (
            "scripts/notebooks/broken.py: broken failed",
            "ZeroDivisionError",
            "python -m dials_weights.runs.execute_notebook scripts/notebooks/broken.py",
        ),
        script_traceback=True,
    ),
}


@pytest.fixture(scope="module")
def good_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("good") / "project"
    shutil.copytree(FIXTURE_SITE, project, ignore=shutil.ignore_patterns(".cache", "site"))
    result = build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project


def snapshot(project: Path) -> dict[str, str]:
    """Every file of the built site and of the cache, by content."""
    files = {}
    for folder in ("site", ".cache"):
        for path in sorted((project / folder).rglob("*")):
            if path.is_file():
                files[path.relative_to(project).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files


@pytest.mark.parametrize("name", list(CASES))
def test_broken_content_fails_cleanly_and_loses_nothing(name: str, good_build: Path, tmp_path: Path):
    case = CASES[name]
    project = tmp_path / "project"
    shutil.copytree(good_build, project, symlinks=True)
    before = snapshot(project)
    target = project / case.path
    if case.old:
        text = target.read_text()
        assert case.old in text, f"the case no longer applies to {case.path}"
        target.write_text(text.replace(case.old, case.new, 1))
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(case.new)

    result = build(project, project / "site", env=case.env)

    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    for text in case.expected:
        assert text in output, f"missing {text!r} in:\n{output}"
    assert "site-packages" not in output and "dials_weights/" not in output, output
    if not case.script_traceback:
        assert "Traceback" not in output, output
    assert snapshot(project) == before, "a failed build changed the last good site or the cache"
