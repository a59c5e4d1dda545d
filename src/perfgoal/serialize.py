"""The model as JSON and YAML, and back (``to-yaml``, ``parse`` of .yaml/.json drafts).

YAML goes through ruamel.yaml so that Chinese is written as is and a validation error in a
hand-edited draft can name its line; where each object of a draft stands, once it is
validated, is :mod:`perfgoal.draft_locations`.
"""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from perfgoal.draft_locations import LineOf, line_of_path, lines_of, place_locations
from perfgoal.errors import InputError
from perfgoal.limits import MAX_DOCUMENTS, MAX_INDICATORS, MAX_NOTES, MAX_PROJECTS
from perfgoal.messages import message
from perfgoal.model import Document, Source
from perfgoal.trees import TreeError, check_tree, flow_depth_exceeds, load_json

_DOCUMENTS = TypeAdapter(list[Document])


def to_json(documents: Sequence[Document], *, indent: int | None = 2) -> str:
    """One object for one document, an array for several (docs/model.md)."""
    if len(documents) == 1:
        return documents[0].model_dump_json(indent=indent)
    return _DOCUMENTS.dump_json(list(documents), indent=indent).decode()


def to_yaml(document: Document) -> str:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.Representer = _representer()
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.width = 4096
    stream = io.StringIO()
    yaml.dump(_as_draft(document.model_dump(mode="json")), stream)
    return stream.getvalue()


def _as_draft(node: Any) -> Any:
    """A model dump as a draft writes it: each ``location`` keeps what it states under
    ``source_location`` (its nulls left out), for where it stands in the draft is the draft's
    own line, found again when the draft is read
    (:func:`perfgoal.draft_locations.place_locations`)."""
    if isinstance(node, dict):
        return {
            key: _draft_location(value)
            if key == "location" and isinstance(value, dict)
            else _as_draft(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_as_draft(item) for item in node]
    return node


def _draft_location(location: dict[str, Any]) -> dict[str, Any]:
    stated = location.get("source_location") or location
    kept = {key: value for key, value in stated.items() if value is not None}
    kept.pop("source_location", None)
    return {"source_location": kept} if kept else {}


# Characters YAML reads as line breaks: outside double quotes (where they are escaped) a
# lone one is folded into a space on the way back.
_YAML_BREAKS = ("\x85", "\u2028", "\u2029")


@functools.cache
def _representer() -> Any:
    from ruamel.yaml.representer import SafeRepresenter

    class Representer(SafeRepresenter):
        def represent_str(self, data: str) -> Any:
            style = '"' if any(ch in data for ch in _YAML_BREAKS) else None
            return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    Representer.add_representer(str, Representer.represent_str)
    return Representer


def document_from_data(data: bytes, fmt: str, source: Source) -> Document:
    """Validate a YAML/JSON draft into a Document; errors name the line where possible.

    The text must be UTF-8; the tree is bounded (:mod:`perfgoal.trees`: nesting, integer
    sizes, valid Unicode) and so is the draft (:mod:`perfgoal.limits`: projects,
    indicators, notes) before the model is validated."""
    text = _draft_text(data)
    tree = _load_tree(text, fmt)
    return _draft_document(tree, fmt, source, len(data), lines_of(text, tree, fmt))


def documents_from_data(data: bytes, fmt: str, source: Source) -> list[Document | InputError]:
    """Every draft of a YAML/JSON file, as :func:`document_from_data` reads one: a file
    holding several (a JSON array or YAML sequence of drafts, a YAML stream of several
    documents, as ``parse -f json|yaml A B`` writes them) gives one item per draft, its
    ``source.path`` followed by ``#N`` (1-based); a draft that cannot be read is its
    :class:`InputError` in the list, and the others are still read. A file holding one draft
    gives it alone, or raises as :func:`document_from_data`."""
    text = _draft_text(data)
    loaded = _load_tree(text, fmt, stream=fmt == "yaml")
    line_of = lines_of(text, loaded, fmt)  # (a YAML stream's lines count from its start)
    drafts = _drafts(loaded, fmt)
    if drafts is None:
        tree = (loaded[0] if loaded else None) if fmt == "yaml" else loaded
        return [_draft_document(tree, fmt, source, len(data), line_of)]
    if not drafts:
        raise InputError("draft.no-documents", format=fmt.upper())
    if len(drafts) > MAX_DOCUMENTS:
        raise InputError("limit.documents", count=len(drafts), limit=MAX_DOCUMENTS)
    documents: list[Document | InputError] = []
    for number, tree in enumerate(drafts, 1):
        item = source.model_copy(update={"path": f"{source.path}#{number}"})
        if not isinstance(tree, dict):  # (where it stands is not known: no line)
            documents.append(InputError("draft.not-mapping", format=fmt.upper()))
            continue
        try:
            documents.append(_draft_document(tree, fmt, item, len(data), line_of))
        except InputError as exc:
            documents.append(exc)
    return documents


def _drafts(loaded: Any, fmt: str) -> list[Any] | None:
    """The drafts of a multi-document file, or None for a file of one (a YAML stream is
    loaded as the list of its documents)."""
    if fmt == "yaml":
        if len(loaded) > 1:
            return list(loaded)
        loaded = loaded[0] if loaded else None
    return list(loaded) if isinstance(loaded, list) else None


def _draft_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("draft.not-utf8", where=message("where.byte", offset=exc.start)) from exc


def _draft_document(
    tree: Any, fmt: str, source: Source, data_size: int, line_of: LineOf
) -> Document:
    """One draft's tree (a YAML or JSON document) checked and validated into a Document,
    each location the draft's line of its object (``line_of``,
    :func:`perfgoal.draft_locations.place_locations`)."""
    if not isinstance(tree, dict):
        raise InputError("draft.not-mapping", line=1, format=fmt.upper())
    if fmt == "yaml":
        _check_aliases(tree)
        try:
            check_tree(tree)
        except TreeError as exc:
            raise _tree_error(exc, "YAML", line_of_path(tree, exc.path)) from exc
    _check_draft_size(tree)
    fields = dict(tree)
    fields["source"] = source.model_dump()
    try:
        document = Document.model_validate(fields)
    except ValidationError as exc:
        error = exc.errors()[0]
        path = ".".join(str(p) for p in error["loc"])
        line = line_of_path(tree, error["loc"]) if fmt == "yaml" else None
        where = message("where.line", line=line) if line else None
        raise InputError(
            "draft.field", where=where, line=line, field=path, detail=error["msg"]
        ) from exc
    except RecursionError as exc:
        raise InputError("draft.too-deep", format=fmt.upper()) from exc
    _check_number_sizes(document, data_size)
    place_locations(document, tree, line_of)
    return document


def _tree_error(error: TreeError, fmt: str, line: int | None = None) -> InputError:
    where = message("where.line", line=line) if line else None
    key = "draft.tree-too-deep" if error.too_deep else "draft.bad-value"
    return InputError(key, where=where, line=line, format=fmt, detail=str(error))


def _check_draft_size(tree: dict[str, Any]) -> None:
    """Refuse a draft holding more projects, indicators or notes than a document may
    (:mod:`perfgoal.limits`), before validating it (75,000 minimal projects fit in 900 KB)."""
    projects = tree.get("projects")
    if isinstance(projects, list):
        check_counts(
            len(projects),
            sum(
                len(p["indicators"])
                for p in projects
                if isinstance(p, dict) and isinstance(p.get("indicators"), list)
            ),
        )
    notes = tree.get("notes")
    if isinstance(notes, list) and len(notes) > MAX_NOTES:
        raise InputError("limit.notes", count=len(notes), limit=MAX_NOTES)


def check_counts(projects: int, indicators: int) -> None:
    """:class:`InputError` when a document holds more projects or indicators than
    :mod:`perfgoal.limits` allows (the same bound for every input format)."""
    if projects > MAX_PROJECTS:
        raise InputError("limit.projects", count=projects, limit=MAX_PROJECTS)
    if indicators > MAX_INDICATORS:
        raise InputError("limit.indicators", count=indicators, limit=MAX_INDICATORS)


# Limits on what a small draft may expand into (an alias "billion laughs", ``1E+999999999``).
MAX_FLOW_DEPTH = 64
MAX_EXPANDED_NODES = 2_000_000


def _check_aliases(tree: Any) -> None:
    """Refuse a YAML tree whose anchors and aliases (``&a``/``*a``) expand into more than
    ``MAX_EXPANDED_NODES`` nodes: validation copies every alias. Shared nodes are counted
    once per use, computed once."""
    sizes: dict[int, int] = {}

    def size(node: Any) -> int:
        if not isinstance(node, dict | list):
            return 1
        key = id(node)
        if key in sizes:
            return sizes[key]
        total = 1
        for child in node.values() if isinstance(node, dict) else node:
            total += size(child)
            if total > MAX_EXPANDED_NODES:
                raise InputError("draft.alias-bomb", limit=MAX_EXPANDED_NODES)
        sizes[key] = total
        return total

    try:
        size(tree)
    except RecursionError as exc:
        raise InputError("draft.too-deep", format="YAML") from exc


def _check_number_sizes(document: Document, data_size: int) -> None:
    """Refuse numbers whose plain decimal form is far longer than the file that held them
    (``1E+999999999`` is 12 bytes in a draft and a gigabyte in every report)."""
    budget = 10 * data_size + 10_000
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, Decimal):
            _, digits, exponent = node.as_tuple()
            budget -= len(digits) + (abs(exponent) if isinstance(exponent, int) else 0)
            if budget < 0:
                raise InputError("draft.huge-number", number=f"{node:.6E}")
        elif isinstance(node, BaseModel):
            stack.extend(value for _, value in node)
        elif isinstance(node, list | tuple):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())


def _load_tree(text: str, fmt: str, *, stream: bool = False) -> Any:
    """The YAML/JSON tree of ``text``; with ``stream``, a YAML text's documents as a list."""
    if fmt == "json":
        try:
            return load_json(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                "draft.syntax",
                where=message("where.line", line=exc.lineno),
                line=exc.lineno,
                format="JSON",
                detail=exc.msg,
            ) from exc
        except TreeError as exc:  # nested too deep, a 5,000-digit integer, a lone surrogate
            raise _tree_error(exc, "JSON") from exc
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    if flow_depth_exceeds(text, MAX_FLOW_DEPTH):
        raise InputError("draft.flow-too-deep", limit=MAX_FLOW_DEPTH)
    try:
        loader = YAML(typ="rt")
        return list(loader.load_all(text)) if stream else loader.load(text)
    except MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise InputError(
            "draft.syntax",
            where=message("where.line", line=line),
            line=line,
            format="YAML",
            detail=exc.problem,
        ) from exc
    except YAMLError as exc:
        raise InputError("draft.syntax", format="YAML", detail=str(exc)) from exc
    except RecursionError as exc:
        raise InputError("draft.too-deep", format="YAML") from exc
    except Exception as exc:  # ruamel's constructors: a 5000-digit integer, a bad date...
        raise InputError(
            "draft.bad-value", format="YAML", detail=f"{type(exc).__name__}: {exc}"
        ) from exc
