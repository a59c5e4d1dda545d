"""Match the projects and indicators of two versions of a document and say what changed.

Pure: two documents and their findings in, a :class:`DocumentDiff` out. Where a thing
stands (``source``, ``location``) is never compared, so the same document as .txt and as
.docx has no difference.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from perfgoal.diff.fields import (
    Fields,
    compare_meta,
    compare_overview,
    compare_project_fields,
    unit_text,
)
from perfgoal.diff.fields import text_key as _key
from perfgoal.diff.model import (
    DiffSummary,
    DocumentDiff,
    DocumentRef,
    FieldChange,
    FindingRef,
    IndicatorChange,
    IndicatorKey,
    ProjectDiff,
)
from perfgoal.findings import Finding, ProjectRef
from perfgoal.framework import level2_key, level_key
from perfgoal.model import Document, Indicator, IndicatorValue, Project
from perfgoal.rules.base import Lang

DEFAULT_MIN_SCORE = 75.0
"""How similar (rapidfuzz ratio, 0–100) two names must be to count as one renamed thing.
Distinct projects of the seed document score up to 71 against each other."""


@dataclass(frozen=True)
class Side:
    """One version: the document and its findings."""

    document: Document
    findings: list[Finding]


# --- projects ----------------------------------------------------------------------


def _code_key(project: Project) -> str:
    return _key(project.code).upper()


def _name_key(project: Project) -> str:
    return _key(project.name or project.title)


@dataclass(frozen=True)
class Pair:
    old: Project | None
    new: Project | None
    matched_by: str | None = None
    score: float | None = None


def match_projects(old: list[Project], new: list[Project], min_score: float) -> list[Pair]:
    """By 项目编码 where a code is unique in both versions, else by name (the most similar
    pairs first, at least ``min_score``). The order is the new version's, removed
    projects after the one they followed."""
    pairs: dict[int, Pair] = {}  # by id of the new project
    old_codes = Counter(_code_key(p) for p in old if _code_key(p))
    new_codes = Counter(_code_key(p) for p in new if _code_key(p))
    by_code = {_code_key(p): p for p in new if new_codes[_code_key(p)] == 1}
    left_old: list[Project] = []
    for project in old:
        code = _code_key(project)
        partner = by_code.get(code) if code and old_codes[code] == 1 else None
        if partner is not None:
            pairs[id(partner)] = Pair(project, partner, "code", None)
        else:
            left_old.append(project)
    left_new = [p for p in new if id(p) not in pairs]
    scores = sorted(
        (
            (fuzz.ratio(_name_key(a), _name_key(b)), i, j)
            for i, a in enumerate(left_old)
            for j, b in enumerate(left_new)
            if _name_key(a) and _name_key(b)
        ),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    used_old: set[int] = set()
    for score, i, j in scores:
        if score < min_score:
            break
        if i in used_old or id(left_new[j]) in pairs:
            continue
        used_old.add(i)
        pairs[id(left_new[j])] = Pair(left_old[i], left_new[j], "name", round(score, 1))
    ordered = [pairs.get(id(p), Pair(None, p)) for p in new]
    removed = [Pair(p, None) for i, p in enumerate(left_old) if i not in used_old]
    return _place_removed(ordered, removed, old)


def _place_removed(ordered: list[Pair], removed: list[Pair], old: list[Project]) -> list[Pair]:
    position = {id(p): i for i, p in enumerate(old)}
    out = list(ordered)
    for pair in removed:
        assert pair.old is not None
        at = position[id(pair.old)]
        index = 0
        for k, other in enumerate(out):
            if other.old is not None and position[id(other.old)] < at:
                index = k + 1
        out.insert(index, pair)
    return out


# --- indicators --------------------------------------------------------------------


def _tiers(indicator: Indicator) -> tuple[str, str]:
    return level_key(indicator.level1), level2_key(indicator.level2)


def _value_key(value: IndicatorValue) -> tuple[object, ...]:
    """What a 指标值 means: ``100百分比`` and ``100%`` are the same target."""
    if value.kind in ("quantitative", "range"):
        return (value.kind, value.operator, value.number, value.upper, _key(value.unit))
    return (value.kind, _key(value.raw))


def _indicator_key(indicator: Indicator) -> IndicatorKey:
    return IndicatorKey(level1=indicator.level1, level2=indicator.level2, name=indicator.name)


def _indicator_fields(old: Indicator, new: Indicator, lang: Lang) -> list[FieldChange]:
    fields = Fields(lang)
    if level_key(old.level1) != level_key(new.level1):
        fields.text("level1", old.level1, new.level1)
    if level2_key(old.level2) != level2_key(new.level2):
        fields.text("level2", old.level2, new.level2)
    fields.text("indicator.name", old.name, new.name)
    fields.text("description", old.description, new.description)
    if _value_key(old.value) != _value_key(new.value):
        fields.add("value", old.value.raw or "", new.value.raw or "")
    fields.text("basis", old.basis, new.basis)
    fields.text("nature", old.nature, new.nature)
    if old.weight != new.weight:
        fields.add("weight", _num(old.weight, old.weight_raw), _num(new.weight, new.weight_raw))
    fields.text("direction", old.direction, new.direction)
    return [c for c in fields.changes if c.kind != "changed" or c.old != c.new]


def _num(value: object, raw: str | None) -> str:
    return format(value, "f") if value is not None else (raw or "")


_Pair = tuple[int, int, str, float | None]
"""An old and a new indicator (their indexes) taken for one, how, and the fuzzy score."""


def match_indicators(
    old: list[Indicator], new: list[Indicator], min_score: float, lang: Lang
) -> list[IndicatorChange]:
    """By 一级+二级+三级, then by 三级 alone (moved to other tiers), then by a similar 三级
    under the same tiers. Only the indicators that differ are returned."""
    matched, left_old, left_new = _pair_indicators(old, new, min_score)
    changes: list[IndicatorChange] = []
    for i, j, how, fuzzy_score in sorted(matched, key=lambda m: m[1]):
        fields = _indicator_fields(old[i], new[j], lang)
        if fields:
            changes.append(
                IndicatorChange(
                    kind="changed",
                    old=_indicator_key(old[i]),
                    new=_indicator_key(new[j]),
                    match=how,
                    score=fuzzy_score,
                    changes=fields,
                )
            )
    changes += [IndicatorChange(kind="removed", old=_indicator_key(old[i])) for i in left_old]
    changes += [IndicatorChange(kind="added", new=_indicator_key(new[j])) for j in left_new]
    return changes


def _pair_indicators(
    old: list[Indicator], new: list[Indicator], min_score: float
) -> tuple[list[_Pair], list[int], list[int]]:
    """The pairs of :func:`match_indicators`, and the old and new indexes left unpaired."""
    left_old, left_new = list(range(len(old))), list(range(len(new)))
    matched: list[_Pair] = []

    def take(key_of: Callable[[Indicator], object], how: str) -> None:
        for j in list(left_new):
            key = key_of(new[j])
            for i in left_old:
                if key_of(old[i]) == key:
                    matched.append((i, j, how, None))
                    left_old.remove(i)
                    left_new.remove(j)
                    break

    take(lambda x: (*_tiers(x), _key(x.name)), "exact")
    take(lambda x: _key(x.name), "moved")
    scores = sorted(
        (
            (fuzz.ratio(_key(old[i].name), _key(new[j].name)), i, j)
            for i in left_old
            for j in left_new
            if _tiers(old[i]) == _tiers(new[j]) and _key(old[i].name) and _key(new[j].name)
        ),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    for score, i, j in scores:
        if score >= min_score and i in left_old and j in left_new:
            matched.append((i, j, "fuzzy", round(score, 1)))
            left_old.remove(i)
            left_new.remove(j)
    return matched, left_old, left_new


# --- findings ----------------------------------------------------------------------


def _finding_key(finding: Finding) -> tuple[str | None, ...]:
    """A finding is the same when its rule, message and values are: not where it stands,
    nor the row as written (``100百分比`` rewritten ``100%`` leaves the same findings)."""
    return (finding.rule, finding.message, finding.actual, finding.expected)


def _ref(finding: Finding) -> FindingRef:
    return FindingRef(
        rule=finding.rule,
        name=finding.name,
        severity=finding.severity,
        message=finding.message,
        context=finding.context,
        actual=finding.actual,
        expected=finding.expected,
    )


def finding_changes(
    old: Iterable[Finding], new: Iterable[Finding]
) -> tuple[list[FindingRef], list[FindingRef]]:
    """(appeared, gone), each in its version's order."""
    before = Counter(_finding_key(f) for f in old)
    after = Counter(_finding_key(f) for f in new)
    appeared, gone = [], []
    seen: Counter[tuple[str | None, ...]] = Counter()
    for finding in new:
        key = _finding_key(finding)
        seen[key] += 1
        if seen[key] > before[key]:
            appeared.append(_ref(finding))
    seen.clear()
    for finding in old:
        key = _finding_key(finding)
        seen[key] += 1
        if seen[key] > after[key]:
            gone.append(_ref(finding))
    return appeared, gone


def _by_project(side: Side) -> dict[int | None, list[Finding]]:
    seqs = {p.seq for p in side.document.projects}
    out: dict[int | None, list[Finding]] = {}
    for finding in side.findings:
        seq = finding.project.seq if finding.project is not None else None
        out.setdefault(seq if seq in seqs else None, []).append(finding)
    return out


# --- the whole document ------------------------------------------------------------


def _document_ref(document: Document) -> DocumentRef:
    source = document.source
    return DocumentRef(path=source.path, format=source.format, sha256=source.sha256)


_ByProject = dict[int | None, list[Finding]]


def _project_diff(
    pair: Pair,
    documents: tuple[Document, Document],
    findings: tuple[_ByProject, _ByProject],
    min_score: float,
    lang: Lang,
) -> ProjectDiff:
    old_findings = findings[0].get(pair.old.seq, []) if pair.old else []
    new_findings = findings[1].get(pair.new.seq, []) if pair.new else []
    appeared, gone = finding_changes(old_findings, new_findings)
    diff = ProjectDiff(
        status="changed",
        old=ProjectRef.of(pair.old) if pair.old else None,
        new=ProjectRef.of(pair.new) if pair.new else None,
        matched_by=pair.matched_by,
        score=100.0 if pair.matched_by == "name" and pair.score is None else pair.score,
        findings_appeared=appeared,
        findings_gone=gone,
    )
    if pair.old is None or pair.new is None:
        diff.status = "added" if pair.old is None else "removed"
        return diff
    fields = Fields(lang)
    units = (
        pair.old.amount_unit or documents[0].amount_unit,
        pair.new.amount_unit or documents[1].amount_unit,
    )
    compare_project_fields(fields, pair.old, pair.new, units)
    diff.changes = fields.changes
    diff.indicators = match_indicators(pair.old.indicators, pair.new.indicators, min_score, lang)
    if not (diff.changes or diff.indicators or appeared or gone):
        diff.status = "unchanged"
    return diff


def compare_documents(
    old: Side, new: Side, *, lang: Lang = "zh", min_score: float = DEFAULT_MIN_SCORE
) -> DocumentDiff:
    """What changed from ``old`` to ``new``."""
    fields = Fields(lang)
    a, b = old.document, new.document
    fields.text("unit", unit_text(a.unit), unit_text(b.unit))
    fields.text("amount_unit", a.amount_unit, b.amount_unit)
    fields.text("year", str(a.year) if a.year else None, str(b.year) if b.year else None)
    compare_meta(fields, a.meta, b.meta)
    compare_overview(fields, a.overview, b.overview)
    findings = (_by_project(old), _by_project(new))
    appeared, gone = finding_changes(findings[0].get(None, []), findings[1].get(None, []))
    projects = [
        _project_diff(pair, (a, b), findings, min_score, lang)
        for pair in match_projects(a.projects, b.projects, min_score)
    ]
    summary = DiffSummary(
        findings_appeared=len(appeared) + sum(len(p.findings_appeared) for p in projects),
        findings_gone=len(gone) + sum(len(p.findings_gone) for p in projects),
    )
    for project in projects:
        setattr(summary, project.status, getattr(summary, project.status) + 1)
    identical = not (fields.changes or appeared or gone) and all(
        p.status == "unchanged" for p in projects
    )
    return DocumentDiff(
        old=_document_ref(a),
        new=_document_ref(b),
        identical=identical,
        changes=fields.changes,
        findings_appeared=appeared,
        findings_gone=gone,
        projects=projects,
        summary=summary,
    )
