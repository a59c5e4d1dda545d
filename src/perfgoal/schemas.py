"""JSON Schemas (2020-12) of ``parse --format json`` and ``validate --format json``,
generated from the pydantic models; ``schemas/`` holds the checked-in copies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from perfgoal.errors import OutputError
from perfgoal.fileio import display_path, os_reason, write_atomic
from perfgoal.findings import Report
from perfgoal.messages import message
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
    """Write each schema into ``folder`` (made if missing), atomically; :class:`OutputError`
    when that cannot be done (``folder`` is a file, is read-only, the disk is full)."""
    shown = display_path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(message("write.not-a-folder", path=shown)) from None
    except OSError as exc:
        raise OutputError(
            message("write.cannot-create", path=shown, reason=os_reason(exc))
        ) from exc
    written = []
    for name, schema in schemas().items():
        path = folder / name
        write_atomic(path, schema_text(schema))
        written.append(path)
    return written
