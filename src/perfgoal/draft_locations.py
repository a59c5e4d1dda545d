"""Where the objects of a YAML/JSON draft stand: the line of each node (ruamel's positions
for YAML, the braces counted for JSON), and each located model of a validated draft given
its line as ``location``.

Its own module because it is a step of its own after validation (:mod:`perfgoal.serialize`
reads and checks the draft, then hands the tree and the Document here), with its own walk
over the model's fields; nothing in it reads or writes a draft.
"""

from __future__ import annotations

import functools
import re
import typing
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel

from perfgoal.model import Location, SourceLocation


def line_of_path(tree: Any, loc: Sequence[int | str]) -> int | None:
    """The 1-based line of the deepest node of ``loc`` that ruamel knows a position for."""
    line: int | None = None
    node = tree
    for part in loc:
        line = _yaml_line(node, part) or line
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
    return line


LineOf = Callable[[Any, int | str], int | None]
"""The 1-based line in the draft of ``parent[key]`` (``None`` when it is not known)."""


def lines_of(text: str, tree: Any, fmt: str) -> LineOf:
    """Where the objects of a draft file's tree stand (the whole file's: every draft of it)."""
    return _yaml_line if fmt == "yaml" else _json_lines(text, tree)


def _yaml_line(parent: Any, key: int | str) -> int | None:
    """Where ruamel's round-trip loader read ``parent[key]``: the key's line in a mapping,
    the item's (its first key's) in a sequence."""
    lc = getattr(parent, "lc", None)
    if lc is None:
        return None
    try:
        position = lc.key(key) if isinstance(key, str) else lc.item(key)
    except (KeyError, IndexError, TypeError, AttributeError):
        return None
    return int(position[0]) + 1


_CONTAINERS = (dict, list)
# A JSON string (which holds no raw line break): blanked before the braces are counted.
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _json_lines(text: str, tree: Any) -> LineOf:
    """The line of each JSON object's ``{``: the braces outside strings, counted line by line,
    are the tree's objects in document order. When they are not (a duplicate key dropped an
    object), no line is known rather than a wrong one."""
    objects: list[dict[str, Any]] = []
    stack = [tree] if type(tree) in _CONTAINERS else []
    while stack:  # (only containers are pushed: most of a draft's nodes are scalars)
        node = stack.pop()
        if type(node) is dict:
            objects.append(node)
            stack.extend(v for v in reversed(node.values()) if type(v) in _CONTAINERS)
        else:
            stack.extend(v for v in reversed(node) if type(v) in _CONTAINERS)
    if text.count("{") != len(objects):  # some string holds a brace: blank the strings
        text = _JSON_STRING.sub('""', text)
    braces: list[int] = []
    for number, line in enumerate(text.split("\n"), 1):
        if "{" in line:
            braces.extend([number] * line.count("{"))
    lines = {id(node): line for node, line in zip(objects, braces, strict=False)}
    if len(objects) != len(braces):
        lines.clear()

    def line_of(parent: Any, key: int | str) -> int | None:
        try:
            return lines.get(id(parent[key]))
        except (KeyError, IndexError, TypeError):
            return None

    return line_of


def place_locations(model: BaseModel, node: dict[str, Any], line_of: LineOf) -> None:
    """Give every located object of a draft (project, budget, indicator, note …) its line in
    the draft as ``location``; what the draft states as its location is where it came from
    and becomes ``source_location``. A draft written by hand, with no location at all, gets
    its lines too. Only the fields that can lead to a location are walked."""
    for key in _located_fields(type(model)):
        child = node.get(key)
        value = getattr(model, key)
        if isinstance(value, BaseModel) and isinstance(child, dict):
            _place_at(value, child, line_of(node, key), line_of)
        elif isinstance(value, list) and isinstance(child, list):
            for index, (item, item_node) in enumerate(zip(value, child, strict=False)):
                if isinstance(item, BaseModel) and isinstance(item_node, dict):
                    _place_at(item, item_node, line_of(child, index), line_of)


def _place_at(model: BaseModel, node: dict[str, Any], line: int | None, line_of: LineOf) -> None:
    location = getattr(model, "location", None)
    if isinstance(location, Location):
        model.location = _draft_position(location, line)  # type: ignore[attr-defined]
    place_locations(model, node, line_of)


@functools.cache
def _located_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of ``cls`` whose models have a location, or fields leading to one."""
    return tuple(
        name
        for name, field in cls.model_fields.items()
        if name != "location" and any(_located(model, set()) for model in _models(field.annotation))
    )


def _located(cls: type[BaseModel], seen: set[type[BaseModel]]) -> bool:
    if "location" in cls.model_fields:
        return True
    seen.add(cls)
    return any(
        _located(model, seen)
        for field in cls.model_fields.values()
        for model in _models(field.annotation)
        if model not in seen
    )


def _models(annotation: Any) -> list[type[BaseModel]]:
    """The model classes named in a field's type (``list[Indicator]``, ``Budget | None`` …)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [model for arg in typing.get_args(annotation) for model in _models(arg)]


def _draft_position(stated: Location, line: int | None) -> Location:
    source = stated.source_location
    if source is None:
        given = {key: getattr(stated, key) for key in _POSITION_FIELDS}
        if any(value is not None for value in given.values()):
            source = SourceLocation(**given)
    return Location(line=line, source_location=source)


_POSITION_FIELDS = tuple(SourceLocation.model_fields)
