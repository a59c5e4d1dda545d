"""Findings and the report: the JSON contract of ``perfgoal validate --format json``.

One :class:`Finding` model is the single source for every reporter (rich, json, sarif,
github, junit, gitlab).
"""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from perfgoal.model import Location, Project

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
RANK: dict[str, int] = {"error": 3, "warning": 2, "info": 1}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProjectRef(_Model):
    """The project a finding concerns: 序号 · 项目编码 · 项目名称."""

    seq: int | None = None
    code: str | None = None
    name: str | None = None

    @classmethod
    def of(cls, project: Project) -> ProjectRef:
        return cls(seq=project.seq, code=project.code, name=project.name)


class Finding(_Model):
    rule: str
    name: str
    severity: Severity
    message: str
    project: ProjectRef | None = None
    location: Location | None = None
    expected: str | None = None
    actual: str | None = None
    context: str | None = Field(default=None, description="the offending row as it reads")
    fingerprint: str = Field(default="", description="stable id, independent of line numbers")

    def compute_fingerprint(self, path: str) -> str:
        project, context, actual = self.project, self.context, self.actual
        return finding_fingerprint(path, self.rule, project, context, actual, self.expected)


def finding_fingerprint(
    path: str,
    rule: str,
    project: ProjectRef | None,
    context: str | None,
    actual: str | None,
    expected: str | None,
) -> str:
    """A finding's stable id: its file, rule, project and texts, not its line numbers."""
    parts = [
        path,
        rule,
        (project.code or project.name or str(project.seq)) if project else "",
        context or "",
        actual or "",
        expected or "",
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


class FileReport(_Model):
    path: str
    findings: list[Finding] = Field(default_factory=list)


class Summary(_Model):
    files: int = 0
    error: int = 0
    warning: int = 0
    info: int = 0


class Report(_Model):
    schema_version: Literal[1] = 1
    files: list[FileReport] = Field(default_factory=list)
    summary: Summary = Field(default_factory=Summary)

    @classmethod
    def build(cls, files: list[FileReport]) -> Report:
        summary = Summary(files=len(files))
        for file in files:
            for finding in file.findings:
                setattr(summary, finding.severity, getattr(summary, finding.severity) + 1)
        return cls(files=files, summary=summary)

    def worst(self) -> int:
        """The rank of the most severe finding (0 when there is none)."""
        return max((RANK[f.severity] for file in self.files for f in file.findings), default=0)
