"""JSON Schemas (2020-12) of ``parse --format json`` and ``validate --format json``,
generated from the pydantic models; ``schemas/`` holds the checked-in copies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from perfgoal.findings import Report
from perfgoal.model import Document


def schemas() -> dict[str, dict[str, Any]]:
    from perfgoal.diff.model import DocumentDiff

    out = {}
    models: tuple[tuple[str, type[BaseModel]], ...] = (
        ("document", Document),
        ("findings", Report),
        ("diff", DocumentDiff),
    )
    for name, model in models:
        schema = model.model_json_schema(mode="serialization")
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
        out[f"{name}.schema.json"] = schema
    return out


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / name
        path.write_text(schema_text(schema), encoding="utf-8")
        written.append(path)
    return written
