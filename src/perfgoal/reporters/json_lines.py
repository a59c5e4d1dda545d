"""``--format json-lines``: one JSON object per finding and per line (the finding's fields of
``--format json`` with its file's ``path`` first), written as each file's findings come, so
that ``jq``, ``grep`` and log collectors can read it as a stream. No summary line: count
the lines."""

from __future__ import annotations

import json
from collections.abc import Iterator

from perfgoal.findings import Report


def render(report: Report, options: object = None) -> Iterator[str]:
    for file in report.files:
        for finding in file.findings:
            record = {"path": file.path, **finding.model_dump(mode="json")}
            yield json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
