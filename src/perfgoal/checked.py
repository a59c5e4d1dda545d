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

UNCACHED_RULES = frozenset({"PG001", "PG999"})
"""Findings that depend on the machine (LibreOffice present, a limit, memory), not only on
the file: a report holding one is not cached."""
INTERNAL_RULE = "PG999"


@dataclass(frozen=True)
class Checked:
    path: str
    payload: str
    """The file's report as JSON, indented by 2 as ``--format json`` writes it."""
    counts: tuple[int, int, int]
    """Its findings per severity: error, warning, info."""
    internal: bool = False
    """perfgoal crashed on the file (a PG999 finding)."""
    cacheable: bool = True

    @classmethod
    def of(cls, report: FileReport) -> Checked:
        error = warning = info = 0
        rules = set()
        for finding in report.findings:
            rules.add(finding.rule)
            if finding.severity == "error":
                error += 1
            elif finding.severity == "warning":
                warning += 1
            else:
                info += 1
        return cls(
            path=report.path,
            payload=_dumped(report),
            counts=(error, warning, info),
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


def _dumped(report: FileReport) -> str:
    """``report`` as JSON: pydantic-core's serializer (several times faster than
    ``json.dumps``, the same text), or ``json.dumps`` for a text holding a lone surrogate,
    which pydantic-core refuses (the reporters strip or replace it)."""
    from pydantic_core import PydanticSerializationError

    try:
        return report.model_dump_json(indent=2)
    except PydanticSerializationError:
        import json

        return json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2)
