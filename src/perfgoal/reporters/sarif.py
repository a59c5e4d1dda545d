"""SARIF 2.1.0 (``validate --format sarif``), for GitHub code scanning and other viewers.

One run; the driver lists every rule of the registry (PG999 internal-error, which the
engine emits for its own bugs, is one of them). Each result carries the file as a relative
URI reference, a region (Word files have no lines: line 1), a logical location
(项目/表/行/列) and the finding's fingerprint, which does not depend on line numbers, as a
partial fingerprint so that code scanning follows a finding when lines move. A YAML/JSON
draft's finding stands on the draft's line and carries where it stood in the document the
draft was made from as the result property ``sourceLocation``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from perfgoal import __version__
from perfgoal.checked import Checked
from perfgoal.findings import Finding, ProjectRef, Report, Severity, Summary
from perfgoal.model import Location
from perfgoal.reporters import ReportOptions, stream
from perfgoal.reporters.common import location_text, pretty_json, table_parts
from perfgoal.rules import REGISTRY
from perfgoal.rules.base import Lang, Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
INFORMATION_URI = ""
"""The project's home page; ``informationUri`` is written only once this is set."""
FINGERPRINT_KEY = "perfgoalFingerprint/v1"
LEVEL: dict[str, str] = {"error": "error", "warning": "warning", "info": "note"}

_WORDS: dict[Lang, dict[str, str]] = {
    "zh": {"project": "项目"},
    "en": {"project": "project "},
}
_CJK = re.compile(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]")


_RESULTS = "\x00results"
_ITEM = "\n        "  # results and artifacts are items of runs[0]'s arrays


class Writer:
    """The log is written file by file: the driver and its rules first, then each file's
    results, then the artifacts (one per file, in the order of the files: a result's
    ``artifactLocation.index`` counts them) and the closing brackets."""

    def __init__(self, options: ReportOptions) -> None:
        self._lang = options.lang
        self._descriptors = [_descriptor(rule, options.lang) for rule in REGISTRY]
        self._descriptors.sort(key=lambda descriptor: str(descriptor["id"]))
        self._index = {descriptor["id"]: i for i, descriptor in enumerate(self._descriptors)}
        self._artifacts: list[str] = []
        self._results = 0
        self._after = ""

    def head(self) -> str:
        run = {"tool": {"driver": _driver(self._lang, self._descriptors)}, "results": _RESULTS}
        log = {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}
        before, self._after = json.dumps(log, ensure_ascii=False, indent=2).split(
            json.dumps(_RESULTS)
        )
        return before + "["

    def file(self, checked: Checked) -> str:
        uri = artifact_uri(checked.path)
        artifact_index = len(self._artifacts)
        self._artifacts.append(uri)
        if not checked.findings:
            return ""
        pieces = []
        file = checked.report()
        for finding in file.findings:
            result = _result(finding, file.path, uri, artifact_index, self._index, self._lang)
            pieces.append(("," if self._results else "") + _ITEM + _item(result))
            self._results += 1
        return "".join(pieces)

    def tail(self, summary: Summary, shown: int) -> Iterator[str]:
        yield ("\n      ]" if self._results else "]") + ',\n      "artifacts": ['
        yield ",".join(_ITEM + _item({"location": {"uri": uri}}) for uri in self._artifacts)
        yield ("\n      ]" if self._artifacts else "]") + self._after + "\n"


def _item(value: dict[str, Any]) -> str:
    return pretty_json(value).replace("\n", _ITEM)


def render(report: Report, options: ReportOptions) -> str:
    return "".join(stream(Writer(options), report))


def _driver(lang: Lang, descriptors: list[dict[str, Any]]) -> dict[str, Any]:
    driver: dict[str, Any] = {"name": "perfgoal"}
    if INFORMATION_URI:
        driver["informationUri"] = INFORMATION_URI
    driver.update(
        {
            "version": __version__,
            "semanticVersion": __version__,
            "language": "zh-CN" if lang == "zh" else "en-US",
            "rules": descriptors,
        }
    )
    return driver


def artifact_uri(path: str) -> str:
    """The file path as a URI reference: relative paths stay relative (posix separators,
    percent-encoded as RFC 3986 requires: spaces, ``#``, ``%``, Chinese characters); an
    absolute path becomes a ``file://`` URI."""
    if PureWindowsPath(path).drive and PureWindowsPath(path).is_absolute():
        return PureWindowsPath(path).as_uri()
    posix = path.replace("\\", "/")
    if PurePosixPath(posix).is_absolute():
        return "file://" + quote(posix, safe="/")
    # ``:`` is encoded too, so a first segment never reads as a scheme.
    return quote(posix, safe="/")


def first_paragraph(text: str) -> str:
    """The first paragraph of a rule's documentation, its lines joined (without a space
    between Chinese characters)."""
    paragraph = text.strip().split("\n\n", 1)[0]
    out = ""
    for line in (part.strip() for part in paragraph.splitlines()):
        if not line:
            continue
        if out and not (_CJK.match(out[-1]) or _CJK.match(line[0])):
            out += " "
        out += line
    return out


def _descriptor(rule: type[Rule], lang: Lang) -> dict[str, Any]:
    doc = rule.doc(lang)
    summary = rule.summary.get(lang) or rule.summary["zh"]
    return _make_descriptor(
        rule.code,
        rule.name,
        summary,
        first_paragraph(doc) or summary,
        doc or summary,
        rule.severity,
    )


def _make_descriptor(
    code: str, name: str, short: str, full: str, help_text: str, severity: Severity
) -> dict[str, Any]:
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": LEVEL[severity]},
    }


def _result(
    finding: Finding,
    path: str,
    uri: str,
    artifact_index: int,
    index: dict[str, int],
    lang: Lang,
) -> dict[str, Any]:
    location = finding.location
    line = location.line if location is not None and location.line else 1
    sarif_location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": uri, "index": artifact_index},
            "region": {"startLine": line},
        }
    }
    logical = logical_location(finding.project, location, lang)
    if logical is not None:
        sarif_location["logicalLocations"] = [logical]
    result: dict[str, Any] = {"ruleId": finding.rule}
    if finding.rule in index:  # (a code the registry does not know has no descriptor)
        result["ruleIndex"] = index[finding.rule]
    result.update(
        {
            "level": LEVEL[finding.severity],
            "message": {"text": finding.message},
            "locations": [sarif_location],
            "partialFingerprints": {
                FINGERPRINT_KEY: finding.fingerprint or finding.compute_fingerprint(path)
            },
        }
    )
    properties: dict[str, Any] = {}
    if finding.project is not None:
        properties["project"] = finding.project.model_dump(mode="json", exclude_none=True)
    for key in ("expected", "actual", "context"):
        value = getattr(finding, key)
        if value is not None:
            properties[key] = value
    if location is not None and location.source_location is not None:
        # a draft's finding: where it stood in the document the draft was made from
        properties["sourceLocation"] = location.source_location.model_dump(exclude_none=True)
    if properties:
        result["properties"] = properties
    return result


def logical_location(
    project: ProjectRef | None, location: Location | None, lang: Lang
) -> dict[str, str] | None:
    """``{name: "表 2/第 5 行/第 3 列", fullyQualifiedName: "<项目编码>/表 2/第 5 行/第 3 列"}``
    (the parts of :func:`~perfgoal.reporters.common.table_parts`); the line for a text export
    without a table position; None when nothing is known."""
    words = _WORDS[lang]
    parts: list[str] = []
    if location is not None:
        parts = table_parts(location, lang)
        if not parts and location.line is not None:
            parts.append(location_text(Location(line=location.line), lang))
    prefix: list[str] = []
    if project is not None:
        if project.code:
            prefix.append(project.code.replace("/", "／"))
        elif project.seq is not None:
            prefix.append(f"{words['project']}{project.seq}")
        elif project.name:
            prefix.append(project.name.replace("/", "／"))
    if not parts and not prefix:
        return None
    name = "/".join(parts) if parts else prefix[0]
    return {"name": name, "fullyQualifiedName": "/".join(prefix + parts), "kind": "element"}
