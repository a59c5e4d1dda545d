"""docs/model.md "Findings": ``{schema_version, files: [{path, findings}], summary}``."""

from __future__ import annotations

from perfgoal.findings import Report


def render(report: Report) -> str:
    # pydantic-core's serializer: the same text as json.dumps(indent=2, ensure_ascii=False),
    # several times faster on big reports.
    return report.model_dump_json(indent=2) + "\n"
