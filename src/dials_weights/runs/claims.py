"""Claims a figure must keep showing, checked against its own metrics.

A figure script lists claims such as ``"best_epoch < epochs"``; the build
evaluates them here. They are tiny expressions over the metrics, evaluated by
walking the syntax tree (no ``eval``), so a claim can compare and add numbers
but cannot run code.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

_COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.In: lambda a, b: a in b,
    ast.NotIn: lambda a, b: a not in b,
}
_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_FUNCTIONS: dict[str, Callable[..., Any]] = {"min": min, "max": max, "abs": abs, "len": len}


class ClaimError(ValueError):
    """The claim is not a valid expression over the metrics."""


def evaluate_claim(claim: str, metrics: dict[str, Any]) -> bool:
    """True when the claim holds; ClaimError when it cannot be evaluated."""
    try:
        tree = ast.parse(claim, mode="eval")
    except SyntaxError as error:
        raise ClaimError(f"not a valid expression: {error.msg}") from None
    return bool(_eval(tree.body, metrics))


def _eval(node: ast.AST, metrics: dict[str, Any]) -> Any:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str, bool)):
        return node.value
    if isinstance(node, ast.Name):
        if node.id not in metrics:
            raise ClaimError(f"no metric named '{node.id}'")
        return metrics[node.id]
    if isinstance(node, ast.Attribute):
        value = _eval(node.value, metrics)
        if not isinstance(value, dict) or node.attr not in value:
            raise ClaimError(f"no metric named '{node.attr}'")
        return value[node.attr]
    if isinstance(node, ast.Subscript):
        return _eval(node.value, metrics)[_eval(node.slice, metrics)]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not)):
        value = _eval(node.operand, metrics)
        return -value if isinstance(node.op, ast.USub) else not value
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        return _BINARY[type(node.op)](_eval(node.left, metrics), _eval(node.right, metrics))
    if isinstance(node, ast.BoolOp):
        values = [_eval(v, metrics) for v in node.values]
        return all(values) if isinstance(node.op, ast.And) else any(values)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, metrics)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = _eval(right_node, metrics)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _FUNCTIONS:
        return _FUNCTIONS[node.func.id](*(_eval(a, metrics) for a in node.args))
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_eval(e, metrics) for e in node.elts]
    raise ClaimError(f"'{ast.unparse(node)}' is not allowed in a claim")


def names_in_claim(claim: str) -> list[str]:
    """The metric names a claim reads, for the message when it fails."""
    try:
        tree = ast.parse(claim, mode="eval")
    except SyntaxError:
        return []
    return sorted({n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id not in _FUNCTIONS})


@dataclass(frozen=True)
class FailedClaim:
    """A claim that cannot be checked (``checkable`` False: ``detail`` says why) or no longer holds
    (``detail`` shows the values it read)."""

    claim: str
    checkable: bool
    detail: str


def failed_claims(claims: Iterable[str], values: dict[str, Any]) -> list[FailedClaim]:
    """Every claim of a run that a reader could no longer trust, in the order the run listed them.

    Figure scripts and notebooks word their messages differently (their hints name their own
    files), so this returns what failed and how, and each says it in its own words.
    """
    failed = []
    for claim in claims:
        try:
            holds = evaluate_claim(claim, values)
        except (ClaimError, TypeError, KeyError, IndexError) as error:  # the last three: values of the wrong shape
            failed.append(FailedClaim(claim, False, str(error)))
            continue
        if not holds:
            shown = ", ".join(f"{n}={values.get(n)!r}" for n in names_in_claim(claim))
            failed.append(FailedClaim(claim, True, shown))
    return failed
