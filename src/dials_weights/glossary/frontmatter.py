"""YAML front matter, parsed by us so that no mistake passes silently.

MkDocs turns broken front matter into an empty dict without a word; a
contributor would then see an entry vanish. We parse it ourselves and keep the
line of every key so that later checks can point at it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from ..problems import Problem

FENCE = "---"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class FrontMatter:
    """The parsed mapping, the line of each key, and where the body starts."""

    data: dict[str, Any] = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # 1-based line of the first body line in the file
    fence_line: int = 1


def split_front_matter(text: str, path: str) -> tuple[FrontMatter | None, list[Problem]]:
    """Split ``text`` into front matter and body; report what stops us reading it."""
    lines = text.splitlines()
    hint_shape = "an entry starts with a line '---', then 'key: value' lines, then '---'"
    if not lines or lines[0].strip() != FENCE:
        return None, [Problem(path, 1, "the file does not start with YAML front matter", hint_shape)]
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        return None, [Problem(path, 1, "the front matter is never closed", "add a line '---' after the last key")]
    yaml_text = "\n".join(lines[1:end])
    loader = _Loader(yaml_text)
    try:  # one parse gives the nodes (for key lines) and the data built from them
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = mark.line + 2 if mark is not None else 2
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        return None, [
            Problem(
                path,
                line,
                f"the front matter is not valid YAML: {reason}",
                "check the indentation and quoting near this line; put text containing ': ' or '#' in double quotes",
            )
        ]
    finally:
        loader.dispose()
    if data is None:
        data, node = {}, None
    if not isinstance(data, dict):
        return None, [Problem(path, 2, "the front matter must be a list of 'key: value' lines", hint_shape)]
    key_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            key, line = str(key_node.value), key_node.start_mark.line + 2
            if key in key_lines:
                # YAML keeps the last value silently; a contributor would edit the wrong line.
                return None, [
                    Problem(
                        path,
                        line,
                        f"the key '{key}' appears twice",
                        f"keep one of them; the other is on line {key_lines[key]}",
                    )
                ]
            key_lines[key] = line
    body = "\n".join(lines[end + 1 :])
    return FrontMatter(data, key_lines, body, body_line=end + 2, fence_line=1), []
