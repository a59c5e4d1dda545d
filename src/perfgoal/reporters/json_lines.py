"""``--format json-lines``: one JSON object per finding and per line (the finding's fields of
``--format json`` with its file's ``path`` first), written as each file's findings come, so
that ``jq``, ``grep`` and log collectors can read it as a stream. No summary line: count
the lines."""

from __future__ import annotations

import json

from perfgoal.checked import Checked
from perfgoal.findings import Report
from perfgoal.reporters import LineWriter, ReportOptions, stream


class Writer(LineWriter):
    def file(self, checked: Checked) -> str:
        if not checked.findings:
            return ""
        # the payload is the report's JSON: its findings are model_dump(mode="json") already
        file = json.loads(checked.payload)
        return "".join(
            json.dumps({"path": file["path"], **finding}, ensure_ascii=False, separators=(",", ":"))
            + "\n"
            for finding in file["findings"]
        )


def render(report: Report, options: ReportOptions) -> str:
    return "".join(stream(Writer(options), report))
