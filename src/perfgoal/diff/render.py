"""The diff as lines, diff-style: ``-`` the old value, ``+`` the new one, per field; one
heading per project (``~`` changed, ``+`` added, ``-`` removed); unchanged projects
folded into one line. The same lines make the Markdown (``diff`` code blocks, for an
e-mail or a ticket) and, coloured, the terminal output. No rich here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from perfgoal.diff.model import (
    DocumentDiff,
    FieldChange,
    FindingRef,
    IndicatorChange,
    IndicatorKey,
    ProjectDiff,
)
from perfgoal.findings import ProjectRef
from perfgoal.reporters.common import WORDS, project_heading
from perfgoal.rules.base import Lang

Style = Literal["file", "heading", "detail", "del", "add", "note"]


@dataclass(frozen=True)
class Line:
    style: Style
    text: str
    indent: int = 0


TEXT: dict[Lang, dict[str, str]] = {
    "zh": {
        "document": "文档",
        "by_code": "按项目编码匹配",
        "by_name": "按名称匹配，相似度 {score}%",
        "added": "新增",
        "removed": "删除",
        "indicator": "指标",
        "moved": "换了层级",
        "fuzzy": "名称相似 {score}%",
        "finding": "问题",
        "unchanged": "{n} 个项目无变化：{list}",
        "identical": "两个版本内容相同",
        "summary": "{changed} 个项目有变化 · {added} 个新增 · {removed} 个删除 · "
        "{unchanged} 个无变化；问题新增 {appeared} 条、消失 {gone} 条",
        "title": "绩效目标表修改对比",
    },
    "en": {
        "document": "document",
        "by_code": "matched by project code",
        "by_name": "matched by name, {score}% alike",
        "added": "added",
        "removed": "removed",
        "indicator": "indicator",
        "moved": "moved to other tiers",
        "fuzzy": "name {score}% alike",
        "finding": "finding",
        "unchanged": "{n} project(s) unchanged: {list}",
        "identical": "the two versions are the same",
        "summary": "{changed} project(s) changed · {added} added · {removed} removed · "
        "{unchanged} unchanged; findings: {appeared} appeared, {gone} gone",
        "title": "Changes between two drafts",
    },
}


def _value(text: str | None) -> str:
    return "" if text is None else " ".join(text.split())


def field_lines(change: FieldChange, indent: int) -> Iterator[Line]:
    if change.old is not None:
        yield Line("del", f"- {change.label}: {_value(change.old)}", indent)
    if change.new is not None:
        yield Line("add", f"+ {change.label}: {_value(change.new)}", indent)


def _indicator_name(key: IndicatorKey | None) -> str:
    if key is None:
        return ""
    return " / ".join(x for x in (key.level1, key.level2, key.name) if x)


def indicator_lines(change: IndicatorChange, lang: Lang, indent: int) -> Iterator[Line]:
    words = TEXT[lang]
    if change.kind == "added":
        yield Line("add", f"+ {words['indicator']} {_indicator_name(change.new)}", indent)
        return
    if change.kind == "removed":
        yield Line("del", f"- {words['indicator']} {_indicator_name(change.old)}", indent)
        return
    how = ""
    if change.match == "moved":
        how = f"（{words['moved']}）" if lang == "zh" else f" ({words['moved']})"
    elif change.match == "fuzzy":
        note = words["fuzzy"].format(score=_score(change.score))
        how = f"（{note}）" if lang == "zh" else f" ({note})"
    yield Line("detail", f"~ {words['indicator']} {_indicator_name(change.old)}{how}", indent)
    for field in change.changes:
        yield from field_lines(field, indent + 2)


def _score(score: float | None) -> str:
    return "" if score is None else f"{score:g}"


def finding_lines(
    appeared: list[FindingRef], gone: list[FindingRef], lang: Lang, indent: int
) -> Iterator[Line]:
    word = TEXT[lang]["finding"]
    for finding, mark, style in [
        *((f, "-", "del") for f in gone),
        *((f, "+", "add") for f in appeared),
    ]:
        severity = WORDS[lang][finding.severity]
        yield Line(
            style,  # type: ignore[arg-type]
            f"{mark} {word} {finding.rule} {severity} {finding.message}",
            indent,
        )


def _ref(project: ProjectDiff) -> ProjectRef | None:
    return project.new or project.old


def project_title(project: ProjectDiff, lang: Lang) -> str:
    words = TEXT[lang]
    heading = project_heading(_ref(project), lang)
    if project.status == "added":
        note = words["added"]
    elif project.status == "removed":
        note = words["removed"]
    elif project.matched_by == "code":
        note = words["by_code"]
    else:
        note = words["by_name"].format(score=_score(project.score))
    if project.old and project.new and project.old.seq != project.new.seq and lang == "zh":
        heading += f"（原项目 {project.old.seq}）"
    elif project.old and project.new and project.old.seq != project.new.seq:
        heading += f" (was project {project.old.seq})"
    return f"{heading}（{note}）" if lang == "zh" else f"{heading} ({note})"


def project_lines(project: ProjectDiff, lang: Lang) -> Iterator[Line]:
    mark = {"added": "+", "removed": "-"}.get(project.status, "~")
    yield Line("heading", f"{mark} {project_title(project, lang)}")
    for change in project.changes:
        yield from field_lines(change, 4)
    for indicator in project.indicators:
        yield from indicator_lines(indicator, lang, 4)
    yield from finding_lines(project.findings_appeared, project.findings_gone, lang, 4)


def summary_text(diff: DocumentDiff, lang: Lang) -> str:
    if diff.identical:
        return TEXT[lang]["identical"]
    s = diff.summary
    return TEXT[lang]["summary"].format(
        changed=s.changed,
        added=s.added,
        removed=s.removed,
        unchanged=s.unchanged,
        appeared=s.findings_appeared,
        gone=s.findings_gone,
    )


def unchanged_line(diff: DocumentDiff, lang: Lang) -> Line | None:
    same = [p for p in diff.projects if p.status == "unchanged"]
    if not same:
        return None
    seqs = (
        "、".join(str(p.new.seq) for p in same if p.new)
        if lang == "zh"
        else ", ".join(str(p.new.seq) for p in same if p.new)
    )
    return Line("note", "= " + TEXT[lang]["unchanged"].format(n=len(same), list=seqs))


def document_lines(diff: DocumentDiff, lang: Lang) -> Iterator[Line]:
    if diff.changes or diff.findings_appeared or diff.findings_gone:
        yield Line("heading", f"~ {TEXT[lang]['document']}")
        for change in diff.changes:
            yield from field_lines(change, 4)
        yield from finding_lines(diff.findings_appeared, diff.findings_gone, lang, 4)


def lines(diff: DocumentDiff, lang: Lang) -> Iterator[Line]:
    yield Line("file", f"--- {diff.old.path}")
    yield Line("file", f"+++ {diff.new.path}")
    yield from document_lines(diff, lang)
    for project in diff.projects:
        if project.status != "unchanged":
            yield from project_lines(project, lang)
    folded = unchanged_line(diff, lang)
    if folded is not None:
        yield folded


def render_text(diff: DocumentDiff, lang: Lang) -> str:
    out = [" " * line.indent + line.text for line in lines(diff, lang)]
    out.append(summary_text(diff, lang))
    return "\n".join(out) + "\n"


def render_markdown(diff: DocumentDiff, lang: Lang) -> str:
    """A heading, the two paths, one ``diff`` block per changed project, a summary line."""
    words = TEXT[lang]
    out = [f"## {words['title']}", "", f"- `{diff.old.path}`", f"- `{diff.new.path}`", ""]
    blocks: list[tuple[str, list[Line]]] = []
    document = list(document_lines(diff, lang))
    if document:
        blocks.append((words["document"], document[1:]))
    for project in diff.projects:
        if project.status != "unchanged":
            body = list(project_lines(project, lang))
            blocks.append((body[0].text[2:], body[1:]))
    for title, body in blocks:
        out += [f"### {_md(title)}", ""]
        if body:
            text = [" " * max(0, line.indent - 4) + line.text for line in body]
            fence = "`" * max(3, 1 + max(_longest_run(t, "`") for t in text))
            out += [f"{fence}diff", *text, fence, ""]
    folded = unchanged_line(diff, lang)
    if folded is not None:
        out += [_md(folded.text[2:]), ""]
    out.append(f"**{_md(summary_text(diff, lang))}**")
    return "\n".join(out) + "\n"


def _longest_run(text: str, char: str) -> int:
    longest = run = 0
    for c in text:
        run = run + 1 if c == char else 0
        longest = max(longest, run)
    return longest


def _md(text: str) -> str:
    """Markdown outside code blocks: escape what would start markup."""
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return text
