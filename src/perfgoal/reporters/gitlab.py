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
import json
from typing import Any

from perfgoal.findings import Report
from perfgoal.rules.base import Lang

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}
CATEGORY = {"error": "Bug Risk", "warning": "Clarity", "info": "Clarity"}


def render(report: Report, lang: Lang) -> str:
    return json.dumps(issues(report), ensure_ascii=False, indent=2) + "\n"


def issues(report: Report) -> list[dict[str, Any]]:
    seen: set[str] = set()
    out: list[dict[str, Any]] = []
    for file in report.files:
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
