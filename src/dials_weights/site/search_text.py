"""How search reads words: tokens, plurals, British and American spellings, stop words.

The same rules run twice: here, when the index is built, and in the reader's
browser (``assets/search.js``), on what they type. The data (tables, suffix
rules, stop words) is written into the index so that the browser never keeps a
copy of its own; only the few mechanical steps are written in both languages,
and a browser test feeds the same words through both and compares.

A *word* is a run of letters and digits, possibly joined by hyphens or
underscores: ``over-fitting``, ``max_depth``. Such a word gives one token for
the whole (``overfitting``, ``maxdepth``) and one per part, so that
"max depth", "max_depth" and "maxdepth" meet, and so do "mini-batch" and
"minibatch".
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

# Irregular plurals, and words that end in -s in the singular.
IRREGULAR = {
    "aliases": "alias",
    "analyses": "analysis",
    "axes": "axis",
    "biases": "bias",
    "caches": "cache",
    "criteria": "criterion",
    "diagnoses": "diagnosis",
    "hypotheses": "hypothesis",
    "indices": "index",
    "leaves": "leaf",
    "matrices": "matrix",
    "parentheses": "parenthesis",
    "phenomena": "phenomenon",
    "radii": "radius",
    "vertices": "vertex",
}
KEEP = frozenset({"alias", "atlas", "bias", "canvas", "gas", "lens", "news", "series", "species"})

# British spellings on the left, American on the right: whole words first, then suffixes.
SPELLING_WORDS = {
    "ageing": "aging",
    "artefact": "artifact",
    "cancelled": "canceled",
    "centre": "center",
    "defence": "defense",
    "favourite": "favorite",
    "fibre": "fiber",
    "fulfil": "fulfill",
    "grey": "gray",
    "judgement": "judgment",
    "labelled": "labeled",
    "labelling": "labeling",
    "learnt": "learned",
    "levelled": "leveled",
    "licence": "license",
    "manoeuvre": "maneuver",
    "modelled": "modeled",
    "modelling": "modeling",
    "offence": "offense",
    "practise": "practice",
    "programme": "program",
    "sceptic": "skeptic",
    "sceptical": "skeptical",
    "signalled": "signaled",
    "signalling": "signaling",
    "travelled": "traveled",
    "travelling": "traveling",
    "tunnelling": "tunneling",
    "whilst": "while",
}
# (suffix, replacement, shortest word it applies to), tried in order; the first that fits wins.
SPELLING_SUFFIXES = (
    ("isation", "ization", 7),
    ("ising", "izing", 6),
    ("ised", "ized", 5),
    ("iser", "izer", 5),
    ("ise", "ize", 5),
    ("ysing", "yzing", 6),
    ("ysed", "yzed", 5),
    ("yser", "yzer", 5),
    ("yse", "yze", 5),
    ("ogue", "og", 6),
    ("oural", "oral", 8),
    ("our", "or", 6),
    ("tre", "ter", 5),
)

_STOP_TEXT = """
a about am an and any are as at be been being between but by can could did do does doing done down
each for from get gets getting go goes going got had has have having he her here him his how i if in
into is it its just me mean means meaning might must my of off on onto or other our out over same
shall she should so some such than that the their them then there these they this those to too up us
use used uses using versus very via vs was we were what when where which while who whom whose why
will with would you your
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

_MARKS = re.compile(r"[\u0300-\u036f]")
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc]")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_WORD = re.compile(r"[^\W_]+(?:[-_][^\W_]+)*")
_SEPARATORS = re.compile(r"[-_]")


def fold(text: str) -> str:
    """Lower case, no accents, apostrophes dropped, typographic dashes as hyphens."""
    text = unicodedata.normalize("NFKD", text).lower()
    text = _MARKS.sub("", text)
    text = _APOSTROPHES.sub("", text)
    return _DASHES.sub("-", text)


def singular(word: str) -> str:
    """A light plural stemmer: enough for 'epochs', 'losses', 'batches', 'strategies', 'biases'."""
    if word in IRREGULAR:
        return IRREGULAR[word]
    if len(word) <= 3 or word in KEEP or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


def american(word: str) -> str:
    if word in SPELLING_WORDS:
        return SPELLING_WORDS[word]
    for suffix, replacement, shortest in SPELLING_SUFFIXES:
        if len(word) >= shortest and word.endswith(suffix):
            return word[: -len(suffix)] + replacement
    return word


def normalise(token: str) -> str:
    """One token (already folded, no separators) as the index stores it."""
    return american(singular(token))


@dataclass(frozen=True)
class Word:
    """A word as typed (``over-fitting``): its whole token and, for joined words, its parts."""

    key: str  # normalised whole: "overfitting"
    parts: tuple[str, ...]  # normalised parts, empty for a simple word: ("over", "fitting")
    stop: bool = False  # a stop word, as typed ("does") or once normalised ("uses" -> "use")

    def tokens(self) -> tuple[str, ...]:
        return (self.key, *self.parts)


def words(text: str) -> list[Word]:
    return [_word(match.group(0)) for match in _WORD.finditer(fold(text))]


@functools.lru_cache(maxsize=200_000)
def _word(raw: str) -> Word:
    raw_parts = _SEPARATORS.split(raw)
    key = normalise("".join(raw_parts))
    parts = tuple(normalise(p) for p in raw_parts) if len(raw_parts) > 1 else ()
    return Word(key, parts, not parts and (raw in STOP_WORDS or key in STOP_WORDS))


def name_key(name: str) -> str:
    """One name as search reads it, spaces and hyphens aside: 'k-NN' and 'kNN', 'optimisers' and
    'optimizer' have the same key, so a page need not list both."""
    return "".join(word.key for word in words(name))


def tokens(text: str, *, stop: bool = True, shortest: int = 1) -> list[str]:
    """Every token of a text, in order, for the full-text index (stop words left out when ``stop``)."""
    out: list[str] = []
    for match in _WORD.finditer(fold(text)):
        out += _tokens(match.group(0), stop, shortest)
    return out


@functools.lru_cache(maxsize=200_000)
def _tokens(raw: str, stop: bool, shortest: int) -> tuple[str, ...]:
    word = _word(raw)
    if stop and word.stop:
        return ()
    return tuple(t for t in word.tokens() if len(t) >= shortest)


def shard_of(token: str, count: int) -> int:
    """Which text shard holds a token: FNV-1a over its code points (the browser computes the same)."""
    value = 0x811C9DC5
    for char in token:
        value ^= ord(char)
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value % count


def rules() -> dict[str, object]:
    """The tables the browser needs to read words the same way, as plain data."""
    return {
        "irregular": IRREGULAR,
        "keep": sorted(KEEP),
        "spelling": SPELLING_WORDS,
        "suffixes": [list(s) for s in SPELLING_SUFFIXES],
        "stop": sorted(STOP_WORDS),
    }
