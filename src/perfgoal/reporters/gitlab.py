"""GitLab Code Quality (``validate --format gitlab``): a JSON list of Code Climate issues,
for ``artifacts:reports:codequality``.

Severity: error → ``major``, warning → ``minor``, info → ``info`` (``critical`` and
``blocker`` are never used: a draft with errors is not a broken build). Category: errors
are ``Bug Risk`` (the figures or the structure are wrong), warnings and infos ``Clarity``.
Fingerprints are the findings' own (independent of line numbers, so GitLab follows a
finding across commits); a fingerprint shared by several findings is made unique by
hashing it with the occurrence number.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from perfgoal.checked import Checked
from perfgoal.findings import FileReport, Report, Summary
from perfgoal.reporters import ReportOptions, stream
from perfgoal.reporters.common import pretty_json

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}
CATEGORY = {"error": "Bug Risk", "warning": "Clarity", "info": "Clarity"}


class Writer:
    def __init__(self, options: ReportOptions) -> None:
        self._issues = 0

    def head(self) -> str:
        return "["

    def file(self, checked: Checked) -> str:
        if not checked.findings:
            return ""
        pieces = []
        for issue in issues(checked.report()):
            text = pretty_json(issue).replace("\n", "\n  ")
            pieces.append(("," if self._issues else "") + "\n  " + text)
            self._issues += 1
        return "".join(pieces)

    def tail(self, summary: Summary, shown: int) -> Iterator[str]:
        yield ("\n]" if self._issues else "]") + "\n"


def render(report: Report, options: ReportOptions) -> str:
    return "".join(stream(Writer(options), report))


def issues(file: FileReport) -> list[dict[str, Any]]:
    """The file's issues; a fingerprint met twice in it is made unique (fingerprints hold
    the path, so two files never share one)."""
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    for finding in file.findings:
        base = finding.fingerprint or finding.compute_fingerprint(file.path)
        fingerprint = _unique(base, seen)
        line = finding.location.line if finding.location and finding.location.line else 1
        out.append(
            {
                "type": "issue",
                "description": f"{finding.rule} {finding.message}",
                "check_name": finding.rule,
                "fingerprint": fingerprint,
                "severity": SEVERITY[finding.severity],
                "categories": [CATEGORY[finding.severity]],
                "location": {"path": file.path, "lines": {"begin": line}},
            }
        )
    return out


def _unique(base: str, seen: set[str]) -> str:
    fingerprint = base
    n = 1
    while fingerprint in seen:
        n += 1
        fingerprint = hashlib.sha256(f"{base}\x1f{n}".encode()).hexdigest()[:16]
    seen.add(fingerprint)
    return fingerprint
