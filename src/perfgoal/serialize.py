"""The model as JSON and YAML, and back (``to-yaml``, ``parse`` of .yaml/.json drafts).

YAML goes through ruamel.yaml so that Chinese is written as is and a validation error in a
hand-edited draft can name its line.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Any

from pydantic import TypeAdapter, ValidationError

from perfgoal.errors import InputError
from perfgoal.model import Document, Source

_DOCUMENTS = TypeAdapter(list[Document])


def to_json(documents: Sequence[Document], *, indent: int | None = 2) -> str:
    """One object for one document, an array for several (SPEC.md)."""
    if len(documents) == 1:
        return documents[0].model_dump_json(indent=indent)
    return _DOCUMENTS.dump_json(list(documents), indent=indent).decode()


def to_yaml(document: Document) -> str:
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.width = 4096
    stream = io.StringIO()
    yaml.dump(document.model_dump(mode="json"), stream)
    return stream.getvalue()


def document_from_data(data: bytes, fmt: str, source: Source) -> Document:
    """Validate a YAML/JSON draft into a Document; errors name the line where possible."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError("YAML/JSON 文件不是 UTF-8 编码", where=f"第 {exc.start} 字节") from exc
    tree = _load_tree(text, fmt)
    if not isinstance(tree, dict):
        raise InputError(f"{fmt.upper()} 文件的顶层不是一个对象（映射）", line=1)
    fields = dict(tree)
    fields["source"] = source.model_dump()
    try:
        return Document.model_validate(fields)
    except ValidationError as exc:
        error = exc.errors()[0]
        path = ".".join(str(p) for p in error["loc"])
        line = _line_of(tree, error["loc"]) if fmt == "yaml" else None
        where = f"第 {line} 行" if line else None
        raise InputError(f"字段 {path}：{error['msg']}", where=where, line=line) from exc


def _load_tree(text: str, fmt: str) -> Any:
    if fmt == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"JSON 语法错误：{exc.msg}", where=f"第 {exc.lineno} 行", line=exc.lineno
            ) from exc
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    try:
        return YAML(typ="rt").load(text)
    except MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise InputError(f"YAML 语法错误：{exc.problem}", where=f"第 {line} 行", line=line) from exc
    except YAMLError as exc:
        raise InputError(f"YAML 语法错误：{exc}") from exc


def _line_of(tree: Any, loc: Sequence[int | str]) -> int | None:
    """The 1-based line of the deepest node of ``loc`` that ruamel knows a position for."""
    line: int | None = None
    node = tree
    for part in loc:
        lc = getattr(node, "lc", None)
        try:
            if lc is not None:
                position = lc.key(part) if isinstance(part, str) else lc.item(part)
                line = position[0] + 1
            node = node[part]
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return line
