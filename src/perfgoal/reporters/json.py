"""``validate --format json``: the :class:`~perfgoal.findings.Report` as JSON (indent 2).

Written file by file: each file's piece is its :class:`~perfgoal.checked.Checked` payload,
the JSON the worker (or the cache) made, already indented for its place, copied into the
output without being read again; the head and the tail are cut from an empty report, so
that they follow the model's fields.
"""

from __future__ import annotations

from collections.abc import Iterator

from perfgoal.checked import ITEM_INDENT, Checked
from perfgoal.findings import Report, Summary
from perfgoal.reporters import ReportOptions, stream

_FILES = '"files": []'


class Writer:
    def __init__(self, options: ReportOptions) -> None:
        self._files = 0

    def head(self) -> str:
        before, _ = Report().model_dump_json(indent=2).split(_FILES)
        return before + '"files": ['

    def file(self, checked: Checked) -> bytes:
        separator = b"," if self._files else b""
        self._files += 1
        return separator + ITEM_INDENT + checked.payload  # indented where it was made

    def tail(self, summary: Summary, shown: int) -> Iterator[str]:
        _, after = Report(summary=summary).model_dump_json(indent=2).split(_FILES)
        yield ("\n  ]" if self._files else "]") + after + "\n"


def render(report: Report, options: ReportOptions) -> str:
    return "".join(stream(Writer(options), report))
