"""One checked file as it travels: from a worker process or the cache to the reporters.

A :class:`Checked` is the file's report serialized once, as the JSON that ``--format json``
writes for it, with the few facts the run needs without reading it back (the counts per
severity, whether perfgoal crashed on it, whether it may be cached). Workers send these
instead of pickled models; the cache stores them; the JSON reporter copies ``payload``
into its output as is, and the other reporters read the report back with
:meth:`Checked.report` (pydantic-core's JSON parser, no pickling).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from perfgoal.findings import FileReport

ITEM_INDENT = b"\n    "
"""A line break inside a file's report in ``--format json``: its lines are indented by
4 to stand inside ``{"files": [...]}``. (JSON strings hold no raw line break.)"""
UNCACHED_RULES = frozenset({"PG001", "PG999"})
"""Findings that depend on the machine (LibreOffice present, a limit, memory), not only on
the file: a report holding one is not cached."""
INTERNAL_RULE = "PG999"


@dataclass(frozen=True)
class Checked:
    path: str
    payload: bytes
    """The file's report as JSON in UTF-8, as it stands in the ``files`` array of
    ``--format json``: indented by 2, and every line after the first by 4 more. Bytes, as
    the serializer makes them, indented once where the file is checked: a worker's result
    and a cache entry go into an output file as they are, neither decoded, encoded nor
    indented again (JSON readers do not mind the indentation)."""
    counts: tuple[int, int, int]
    """Its findings per severity: error, warning, info."""
    internal: bool = False
    """perfgoal crashed on the file (a PG999 finding)."""
    cacheable: bool = True

    @classmethod
    def of(cls, report: FileReport) -> Checked:
        rules = {finding.rule for finding in report.findings}
        return cls(
            path=report.path,
            payload=_dumped(report).replace(b"\n", ITEM_INDENT),
            counts=severity_counts(report),
            internal=INTERNAL_RULE in rules,
            cacheable=not rules & UNCACHED_RULES,
        )

    def report(self) -> FileReport:
        from pydantic import ValidationError

        from perfgoal.findings import FileReport

        try:
            return FileReport.model_validate_json(self.payload)
        except ValidationError:  # a lone surrogate (see _dumped): json reads it
            import json

            return FileReport.model_validate(json.loads(self.payload))

    @property
    def findings(self) -> int:
        return sum(self.counts)


def severity_counts(report: FileReport) -> tuple[int, int, int]:
    """The report's findings per severity: error, warning, info."""
    error = warning = info = 0
    for finding in report.findings:
        if finding.severity == "error":
            error += 1
        elif finding.severity == "warning":
            warning += 1
        else:
            info += 1
    return error, warning, info


def _dumped(report: FileReport) -> bytes:
    """``report`` as JSON: pydantic-core's serializer (several times faster than
    ``json.dumps``, the same text), or ``json.dumps`` for a text holding a lone surrogate,
    which pydantic-core refuses: the surrogate is then written as its JSON escape
    (``\\ud800``), which keeps the bytes UTF-8 and reads back as the same text (the
    reporters strip or replace it)."""
    from pydantic_core import PydanticSerializationError

    try:
        return report.__pydantic_serializer__.to_json(report, indent=2)
    except PydanticSerializationError:
        import json

        text = json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2)
        return text.encode("utf-8", "backslashreplace")
