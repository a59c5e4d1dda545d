"""Baselines for gradual adoption: ``--write-baseline FILE`` records today's findings,
``--baseline FILE`` hides them so that only new ones are reported (and fail the job).

A finding is known by its file path and fingerprint (which does not depend on line
numbers): moving a row keeps it hidden, changing its content reports it again. Multiplicity
counts: a fingerprint listed twice hides at most two findings.

File format::

    {"schema_version": 1, "tool": "perfgoal",
     "findings": [{"path": "drafts/a.docx", "rule": "PG301", "fingerprint": "3f2a…"}]}
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from perfgoal.errors import InputError, OutputError, UsageError
from perfgoal.fileio import display_path, lexists, read_limited, write_atomic
from perfgoal.findings import FileReport, Report
from perfgoal.messages import message
from perfgoal.trees import TreeError, load_json

SCHEMA_VERSION = 1
TOOL = "perfgoal"


def _key_path(path: str) -> str:
    posix = path.replace("\\", "/")
    while posix.startswith("./"):
        posix = posix[2:]
    return posix


def file_entries(file: FileReport) -> list[dict[str, str]]:
    """What the baseline records of one file's findings."""
    return [
        {
            "path": file.path,
            "rule": finding.rule,
            "fingerprint": finding.fingerprint or finding.compute_fingerprint(file.path),
        }
        for finding in file.findings
    ]


def baseline_entries(report: Report) -> list[dict[str, str]]:
    return [entry for file in report.files for entry in file_entries(file)]


def write_baseline(report: Report, path: Path) -> None:
    write_entries(baseline_entries(report), path)


def write_entries(entries: list[dict[str, str]], path: Path) -> None:
    entries = sorted(entries, key=lambda e: (e["path"], e["rule"], e["fingerprint"]))
    data = {"schema_version": SCHEMA_VERSION, "tool": TOOL, "findings": entries}
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    try:
        write_atomic(path, text)
    except OutputError as exc:
        raise OutputError(message("baseline.unwritable", reason=exc.reason)) from exc


MAX_BASELINE_BYTES = 64 * 1024 * 1024  # some 400,000 findings


def read_baseline(path: Path) -> Counter[tuple[str, str]]:
    """(path, fingerprint) -> how many findings the baseline holds for it."""
    shown = display_path(path)
    try:
        text = read_limited(path, MAX_BASELINE_BYTES).decode("utf-8-sig")
    except InputError as exc:
        if not lexists(path):
            raise UsageError(message("baseline.missing", path=shown)) from None
        raise UsageError(message("baseline.unreadable", path=shown, reason=exc.reason)) from exc
    except UnicodeDecodeError as exc:
        raise _malformed(path, f"not UTF-8 (byte {exc.start})") from exc
    try:
        data: Any = load_json(text)
    except json.JSONDecodeError as exc:
        raise _malformed(path, f"not JSON ({exc})") from exc
    except TreeError as exc:  # nested 100,000 deep, a 5,000-digit integer, a lone surrogate
        raise _malformed(path, str(exc)) from exc
    if not isinstance(data, dict):
        raise _malformed(path, "not a JSON object")
    if data.get("schema_version") != SCHEMA_VERSION:
        raise _malformed(path, f"schema_version is {data.get('schema_version')!r}, expected 1")
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise _malformed(path, "'findings' is not a list")
    counts: Counter[tuple[str, str]] = Counter()
    for i, entry in enumerate(findings):
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("path"), str)
            and isinstance(entry.get("fingerprint"), str)
            and entry["fingerprint"]
        ):
            raise _malformed(path, f"findings[{i}] needs a string 'path' and 'fingerprint'")
        counts[(_key_path(entry["path"]), entry["fingerprint"])] += 1
    return counts


def _malformed(path: Path, reason: str) -> UsageError:
    return UsageError(message("baseline.malformed", path=display_path(path), reason=reason))


def apply_baseline(report: Report, path: Path) -> Report:
    """A new report without the findings the baseline at ``path`` holds."""
    known = Baseline(read_baseline(path))
    return Report.build([known.hide(file, copy=True) for file in report.files])


class Baseline:
    """The findings a baseline still hides: each it hides is used up (multiplicity)."""

    def __init__(self, remaining: Counter[tuple[str, str]]) -> None:
        self._remaining = remaining

    def hide(self, file: FileReport, *, copy: bool = False) -> FileReport:
        """``file`` without the findings the baseline holds (``copy``: the others copied)."""
        kept = []
        for finding in file.findings:
            key = (
                _key_path(file.path),
                finding.fingerprint or finding.compute_fingerprint(file.path),
            )
            if self._remaining[key] > 0:
                self._remaining[key] -= 1
                continue
            kept.append(finding.model_copy(deep=True) if copy else finding)
        return FileReport(path=file.path, findings=kept)
