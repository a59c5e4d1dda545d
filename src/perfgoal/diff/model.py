"""The diff's JSON contract (``perfgoal diff --format json``; ``schemas/diff.schema.json``).

Values are strings as the document shows them (amounts as plain decimals, a 指标值 as
written); ``field`` is a stable machine name, ``label`` its name in the chosen language.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from perfgoal.findings import ProjectRef, Severity
from perfgoal.model import SourceFormat

Kind = Literal["added", "removed", "changed"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocumentRef(_Model):
    path: str
    format: SourceFormat
    sha256: str


class FieldChange(_Model):
    """One field that differs: ``old``/``new`` are None for what is added/removed."""

    field: str = Field(description="budget.total, spend_plan[12月底], goals, meta[项目性质] …")
    label: str
    kind: Kind
    old: str | None = None
    new: str | None = None


class IndicatorKey(_Model):
    level1: str | None = None
    level2: str | None = None
    name: str | None = None


class IndicatorChange(_Model):
    """An indicator added, removed, or matched and changed. Indicators are matched by
    一级 + 二级 + 三级 name, else by the same name under other tiers (``moved``), else by a
    similar name under the same tiers (``fuzzy``, with its ``score``, 0–100)."""

    kind: Kind
    old: IndicatorKey | None = None
    new: IndicatorKey | None = None
    match: Literal["exact", "moved", "fuzzy"] | None = None
    score: float | None = None
    changes: list[FieldChange] = Field(default_factory=list)


class FindingRef(_Model):
    rule: str
    name: str
    severity: Severity
    message: str
    context: str | None = None
    actual: str | None = None
    expected: str | None = None


class ProjectDiff(_Model):
    """A project table of either version. Projects are matched by 项目编码, else by name
    (``score`` 0–100, 100 for the same name)."""

    status: Literal["added", "removed", "changed", "unchanged"]
    old: ProjectRef | None = None
    new: ProjectRef | None = None
    matched_by: Literal["code", "name"] | None = None
    score: float | None = None
    changes: list[FieldChange] = Field(default_factory=list)
    indicators: list[IndicatorChange] = Field(default_factory=list)
    findings_appeared: list[FindingRef] = Field(default_factory=list)
    findings_gone: list[FindingRef] = Field(default_factory=list)


class DiffSummary(_Model):
    added: int = 0
    removed: int = 0
    changed: int = 0
    unchanged: int = 0
    findings_appeared: int = 0
    findings_gone: int = 0


class DocumentDiff(_Model):
    schema_version: Literal[1] = 1
    old: DocumentRef
    new: DocumentRef
    identical: bool
    changes: list[FieldChange] = Field(
        default_factory=list, description="document-level: unit, year, meta, overview …"
    )
    findings_appeared: list[FindingRef] = Field(
        default_factory=list, description="findings about the whole document"
    )
    findings_gone: list[FindingRef] = Field(default_factory=list)
    projects: list[ProjectDiff] = Field(default_factory=list)
    summary: DiffSummary = Field(default_factory=DiffSummary)
