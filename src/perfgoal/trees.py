"""Bounds on the data trees perfgoal reads from YAML, JSON and TOML (drafts, configuration,
baselines), checked once where the text becomes data:

* nesting at most ``MAX_DEPTH`` levels (a draft's deepest field is 6 levels down);
* integers of at most ``MAX_INT_DIGITS`` digits (``year: 0x`` + 4,000 hex digits is valid
  YAML and would make Python refuse to print it; no year, number or amount needs 100 digits);
* text that is valid Unicode: no lone surrogate (``"\\ud800"`` is valid JSON but cannot be
  written back as UTF-8).

A violation raises :class:`TreeError` with the dotted path of the offending node; callers
turn it into their own error (a PG001 finding for a draft, exit 2 for a configuration).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

MAX_DEPTH = 64
MAX_INT_DIGITS = 100
_INT_BOUND = 10**MAX_INT_DIGITS
_SURROGATE = re.compile("[\ud800-\udfff]")


class TreeError(ValueError):
    """A node outside the bounds; ``path`` is where (``projects.3.year``), empty at the top."""

    def __init__(
        self, message: str, path: tuple[int | str, ...] = (), *, too_deep: bool = False
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.too_deep = too_deep

    @property
    def where(self) -> str:
        return ".".join(str(part) for part in self.path)

    def __str__(self) -> str:
        return f"{self.message}（位置 {self.where}）" if self.path else self.message


def check_tree(tree: Any, *, max_depth: int = MAX_DEPTH) -> None:
    """Raise :class:`TreeError` for the first node of ``tree`` out of bounds. Iterative:
    a tree nested far deeper than the recursion limit is refused, not crashed on."""
    stack: list[tuple[Any, tuple[int | str, ...]]] = [(tree, ())]
    seen: set[int] = set()  # YAML aliases share nodes: check each once
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict | list):
            if len(path) >= max_depth:
                raise TreeError(f"嵌套超过 {max_depth} 层", path, too_deep=True)
            if id(node) in seen:
                continue
            seen.add(id(node))
            stack.extend(_children(node, path))
        else:
            _check_scalar(node, path)


def _children(
    node: dict[Any, Any] | list[Any], path: tuple[int | str, ...]
) -> Iterator[tuple[Any, tuple[int | str, ...]]]:
    if isinstance(node, list):
        for index, child in enumerate(node):
            yield child, (*path, index)
        return
    for key, child in node.items():
        _check_scalar(key, (*path, str(key)[:40]) if isinstance(key, str) else path)
        yield child, (*path, key if isinstance(key, str | int) else str(key)[:40])


def _check_scalar(node: Any, path: tuple[int | str, ...]) -> None:
    if isinstance(node, bool):
        return
    if isinstance(node, int):
        if not -_INT_BOUND < node < _INT_BOUND:
            raise TreeError(f"整数超过 {MAX_INT_DIGITS} 位", path)
    elif isinstance(node, str):
        match = _SURROGATE.search(node)
        if match is not None:
            code = f"\\u{ord(match.group()):04x}"
            raise TreeError(f"文本中有无效的 Unicode 字符（单独的代理项 {code}）", path)


def _bounded_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_INT_DIGITS:
        raise TreeError(f"整数超过 {MAX_INT_DIGITS} 位（{digits} 位）")
    return int(text)


def load_json(text: str) -> Any:
    """``json.loads`` with integers bounded before they are converted, then
    :func:`check_tree`. Raises :class:`json.JSONDecodeError` for bad syntax and
    :class:`TreeError` for a tree out of bounds (nesting past the recursion limit too)."""
    try:
        tree = json.loads(text, parse_int=_bounded_int, parse_constant=_no_constant)
    except RecursionError:
        raise TreeError(f"嵌套超过 {MAX_DEPTH} 层", too_deep=True) from None
    check_tree(tree)
    return tree


def _no_constant(name: str) -> Any:
    raise TreeError(f"JSON 中不允许 {name}（不是有限的数）")


_FLOW_TOKEN = re.compile(r"[\[\]{}]")
_FLOW_CONTEXT = frozenset("[{,:-?\n")


def flow_depth_exceeds(text: str, limit: int) -> bool:
    """Whether ``[``/``{`` flow collections nest deeper than ``limit`` (ruamel.yaml scans
    deep flow nesting in quadratic time before it hits the recursion limit). Brackets count
    only where a flow collection can start, so ``a[b`` in a plain scalar does not."""
    depth = 0
    for match in _FLOW_TOKEN.finditer(text):
        if match.group() in "]}":
            depth = max(0, depth - 1)
            continue
        start = match.start()
        before = text[max(0, start - 64) : start].rstrip(" \t")[-1:] or "\n"
        if before in _FLOW_CONTEXT:
            depth += 1
            if depth > limit:
                return True
    return False
