"""Can a claim fail? Perturb each value it reads and see whether it still holds.

A claim such as ``"best_epoch < epochs"`` protects a sentence only if a change
in the run could make it false. For every value a claim reads (a metric name,
an element picked by a constant index, a whole list), we try a handful of
generic perturbations (scale it, shift it, negate it, flip a boolean, drop or
change a list element) and record whether some perturbation makes the claim
false. No expected value is typed anywhere: the real metrics are the starting
point, and the question is only "can this claim break?".
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Iterator
from typing import Any

from dials_weights.runs.claims import ClaimError, evaluate_claim

Path = tuple[Any, ...]  # keys from the top of the metrics down to one value


def read_paths(claim: str) -> list[Path]:
    """The values a claim reads: ``a``, ``a.b``, ``a['k']``, ``a[0]``; the widest path of each chain."""
    tree = ast.parse(claim, mode="eval")
    found: list[Path] = []

    def path_of(node: ast.AST) -> Path | None:
        if isinstance(node, ast.Name):
            return (node.id,)
        if isinstance(node, ast.Attribute):
            inner = path_of(node.value)
            return None if inner is None else (*inner, node.attr)
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            inner = path_of(node.value)
            return None if inner is None else (*inner, node.slice.value)
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.UnaryOp):  # a[-1]
            inner = path_of(node.value)
            operand = node.slice.operand
            if inner is not None and isinstance(node.slice.op, ast.USub) and isinstance(operand, ast.Constant):
                return (*inner, -operand.value)
        return None

    def visit(node: ast.AST) -> None:
        path = path_of(node)
        if path is not None and not (isinstance(node, ast.Name) and node.id in ("min", "max", "abs", "len")):
            if path not in found:
                found.append(path)
            if isinstance(node, ast.Subscript):  # the index itself may be a claim's value too
                visit(node.slice)
            return
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree.body)
    return found


def get_path(metrics: Any, path: Path) -> Any:
    value = metrics
    for key in path:
        value = value[key]
    return value


def set_path(metrics: Any, path: Path, new: Any) -> Any:
    """A deep copy of the metrics with one value replaced."""
    changed = copy.deepcopy(metrics)
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return changed


def _number_variants(value: float | int) -> Iterator[float | int]:
    if isinstance(value, int):
        yield from (value + 1, value - 1, 0, -value, 2 * value, value // 2, 10 * value + 10)
        yield from (value + 10**6, value - 10**6)
        return
    yield from (value * 1.01, value * 0.99, value * 1.5, value * 0.5, value * 2, value * 10, value / 10)
    yield from (0.0, -value, value + 1, value - 1, value + 1e6, value - 1e6)


def variants(value: Any) -> Iterator[Any]:
    """Perturbed versions of one value, of the same kind where possible."""
    if isinstance(value, bool):
        yield not value
    elif isinstance(value, (int, float)):
        yield from _number_variants(value)
    elif value is None:
        yield from (0, 1.0, -1.0)
    elif isinstance(value, str):
        yield from (value + "?", "")
    elif isinstance(value, list):
        yield list(reversed(value))
        yield [*value, value[-1] if value else 0]
        if value:
            yield [value[0]] * len(value)  # flat: every element the same
        for i in range(len(value)):  # each element left out in turn
            yield [*value[:i], *value[i + 1 :]]
        numbers = [v for v in value if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if numbers and len(numbers) == len(value):
            for factor in (0.5, 2.0, -1.0):
                yield [v * factor for v in value]
            yield [v + 1 for v in value]
            for i, v in enumerate(value):  # one element at a time
                for changed in _number_variants(v):
                    yield [*value[:i], changed, *value[i + 1 :]]
    elif isinstance(value, dict):
        for key, inner in value.items():
            for changed in variants(inner):
                yield {**value, key: changed}


def holds(claim: str, metrics: dict) -> bool | None:
    """True or False; None when the perturbed metrics make the claim meaningless (a type error)."""
    try:
        return evaluate_claim(claim, metrics)
    except (ClaimError, TypeError, KeyError, IndexError, ZeroDivisionError, ValueError):
        return None


def unbreakable_paths(claim: str, metrics: dict) -> list[Path]:
    """The values of a claim that no perturbation of theirs can make the claim false.

    An empty list means every value the claim reads matters; a claim that reads
    nothing (``"1 < 2"``) is reported with the empty path ``()``.
    """
    paths = read_paths(claim)
    if not paths:
        return [()]
    read = [get_path(metrics, path) for path in paths]
    dead = []
    for path, original in zip(paths, read, strict=True):
        # Its own perturbations, and the other values the claim reads (and their elements):
        # "a != b" can only fail when a takes b's value.
        others = [v for v in read if v is not original]
        others += [e for v in others if isinstance(v, list) for e in v]
        candidates = [*variants(original), *others]
        if isinstance(original, list):  # "x not in a" can only fail when a gains x
            candidates += [[*original, o] for o in others if not isinstance(o, (list, dict))]
        if not any(holds(claim, set_path(metrics, path, v)) is False for v in candidates):
            dead.append(path)
    return dead
