"""No two entries use the same analogy.

Each entry's analogy is reduced to the distinctive words of its opening
paragraph (the one that sets the scene, before "Where the analogy breaks"):
lower-case words of three letters or more, plurals folded, with common English
words and the glossary's own machine-learning vocabulary removed. What is left
is mostly the nouns of the image: soup, salt, pot; tailor, suit, sleeve. Two
entries that share three or more of those words, two of them used by no other
analogy in the glossary, are painting the same scene.

The threshold is set so that the two known repeats this test was written
against (seasoning soup in "hyperparameter" and "batch size"; a tailor in
"parameter" and "regularization") fail, while analogies that only share one or
two ordinary words ("exam", "question") pass.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path

import pytest

from dials_weights.glossary.entries import ANALOGY_BREAKS, load_glossary

REPO = Path(__file__).resolve().parent.parent
SHARED_WORDS_LIMIT = 3
ONLY_THESE_LIMIT = 2

# Function words, common verbs and adjectives, and the vocabulary every entry uses about models.
_COMMON_WORDS = """
    a about above after again against all almost along already also although always among an and another any
    anything are around as at away back be because been before being below best better between big both but by
    can cannot come could day days decide did different do does doing done down each early end enough even ever
    every exactly far few find first for from full get gets give given go goes going good got great had half hand
    has have having he her here his how however if in instead into is it its itself just keep kind know large last
    later least leave less let like little long look looking lot made make makes making many may might more most
    much must need needs never new next no nobody none not nothing now number of off often old on once one only onto
    or other others our out over own part people per person pick place point put rather real really right same say
    second see seem set several she short should side simply since single small so some someone something sometimes
    soon start still such take takes taking tell than that the their them then there these they thing things think
    this those though three through time times to too try trying turn two under until up upon us use used using very
    want way ways we well were what when where whether which while who whole why will with within without work
    working would yet you your
    imagine suppose picture rule clear clearly whatever everyone anyone everything high low actually seen write
    model models training train trained data learn learning learned learns parameter parameters hyperparameter
    hyperparameters loss error errors score scores value values step steps epoch epochs batch validation test
    example examples
"""
COMMON = set(_COMMON_WORDS.split())


def _fold(word: str) -> str:
    """A crude singular: enough to match 'trays' with 'tray' and 'tastings' with 'tasting'."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("es") and len(word) > 4 and word[-3] in "sxz":
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def image_words(text: str) -> set[str]:
    """The distinctive words of an analogy's opening paragraph."""
    text = re.sub(r"`[^`]*`|\$[^$]*\$", " ", text)  # code and formulas
    text = re.sub(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]", r"\1", text)  # cross-references: keep the label
    words = {_fold(w) for w in re.findall(r"[a-z]+", text.lower()) if len(w) >= 3}
    return {w for w in words if w not in COMMON and _fold(w) not in {_fold(c) for c in COMMON}}


def opening_paragraph(analogy: str) -> str:
    paragraphs = [p for p in analogy.strip().split("\n\n") if p.strip() and not p.startswith(ANALOGY_BREAKS)]
    return paragraphs[0] if paragraphs else ""


def shared_images(openings: dict[str, str]) -> list[tuple[str, str, list[str]]]:
    """Pairs that share at least three distinctive words, two of which no other analogy uses.

    Words that many analogies use ("slightly", "left", "line") say little about the scene;
    words only these two use (soup and salt, tailor and suit) are the scene itself.
    """
    words = {slug: image_words(text) for slug, text in openings.items()}
    used_by = Counter(word for found in words.values() for word in found)
    clashes = []
    for first, second in itertools.combinations(sorted(words), 2):
        shared = sorted(words[first] & words[second])
        only_these = [word for word in shared if used_by[word] == 2]
        if len(shared) >= SHARED_WORDS_LIMIT and len(only_these) >= ONLY_THESE_LIMIT:
            clashes.append((first, second, shared))
    return clashes


# The known repeats, as they stood before the rewrite, and two distinct analogies that share a word.
SOUP_HYPERPARAMETER = (
    "Seasoning soup by taste. Before you start, you decide how big a pinch of salt to add each time and how many "
    "tastings you allow before serving: hyperparameters. How much salt finally ends up in the pot is found by tasting "
    "and adjusting: a parameter. Pinches too big overshoot; pinches too small make dinner late."
)
SOUP_BATCH_SIZE = (
    "Checking whether a large pot of soup needs more salt. You could taste one spoonful at a time and adjust after "
    "each (small batch: fast, but a single spoonful might be unlucky), or ladle out a whole bowl, taste it carefully, "
    "and adjust once (large batch: a reliable verdict, but slow to get each one)."
)
TAILOR_PARAMETER = (
    "A tailor altering a suit. The cut, the fabric and the number of buttons were chosen in the shop before the "
    "customer walked in. The sleeve length and the waist are taken from the customer: pin, check, adjust. Those "
    "measurements are the parameters. A second customer in the same suit would end up with different measurements, "
    "just as the same model trained on different data ends up with different parameter values."
)
TAILOR_REGULARIZATION = (
    "A tailor making a suit from one photograph could follow every wrinkle in the picture, creases from how the "
    "person happened to stand included. A sensible tailor smooths them out, because a suit cut to one pose will not "
    "fit once the person moves. Regularisation is that rule of thumb: prefer the simpler cut unless the evidence for "
    "a detail is strong."
)
EXAM_LEAKAGE = (
    "A teacher writes an exam, then uses the same questions as the homework the week before. The class average "
    "soars, but it measures memory of the homework, not understanding of the subject."
)
EXAM_GRADE = (
    "A teacher's final grade: 40% coursework, 60% exam, plus 5 points added for everyone after a hard year. The "
    "percentages are weights, deciding how much each input counts; the 5 points are a bias, the same shift whatever "
    "the inputs."
)


@pytest.mark.parametrize(
    ("first", "second"),
    [(SOUP_HYPERPARAMETER, SOUP_BATCH_SIZE), (TAILOR_PARAMETER, TAILOR_REGULARIZATION)],
    ids=["soup", "tailor"],
)
def test_a_repeated_analogy_is_caught(first: str, second: str) -> None:
    assert shared_images({"one": first, "two": second})


def test_analogies_sharing_an_ordinary_word_are_not_confused() -> None:
    assert shared_images({"leakage": EXAM_LEAKAGE, "grade": EXAM_GRADE}) == []


# Pairs the word count flags that a person has read and found to paint different scenes.
# A new pair fails until someone reads both and adds it here with the two images named.
READ_AND_DISTINCT = {
    ("activation-function", "weight-initialization"): "a ratchet in a gearbox; a chain of guitar pedals",
    ("batch-size", "minimum-leaf-size"): "an inspector correcting a cutting machine; a scout's twenty-game rule",
    ("mean-squared-error", "network-depth-and-width"): "speeding fines by the square; a mail-sorting centre",
}


def test_no_two_entries_use_the_same_analogy() -> None:
    entries, problems = load_glossary(REPO / "glossary", REPO)
    assert not problems
    openings = {}
    for entry in entries:
        section = entry.section("Analogy")
        assert section is not None, f"{entry.path} has no analogy"
        openings[entry.slug] = opening_paragraph(section.body)
    clashes = [c for c in shared_images(openings) if (c[0], c[1]) not in READ_AND_DISTINCT]
    assert not clashes, "these entries seem to use the same analogy:\n" + "\n".join(
        f"  {a} and {b} share {', '.join(words)}" for a, b, words in clashes
    )
