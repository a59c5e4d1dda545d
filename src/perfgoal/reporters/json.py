"""SPEC.md "Findings": ``{schema_version, files: [{path, findings}], summary}``."""

from __future__ import annotations

import json

from perfgoal.findings import Report


def render(report: Report) -> str:
    return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n"
