"""The HTML report (``validate --format html``, ``perfgoal report``): one self-contained page
a reviewer can open or forward. Styles and a small script are inline; nothing is fetched.

The page: a round overview (files, budget units, projects, total 预算数, findings by
severity and by rule, and the bureau table of ``perfgoal summary``), filters (severity,
rule, budget unit), then one section per file with a card per project: its budget, the
cumulative spend plan against 预算数 as an inline SVG chart, the indicator tiers as a
coverage grid, and each finding with its row as it reads and ``- actual`` / ``+ expected``.

Large rounds stay quick to open: when the file bodies exceed ``HtmlOptions.inline_limit``
characters, each file's body is stored gzip-compressed (base64, in an attribute) and drawn
by the page when it comes into view; the overview, the filters and each file's heading
are always plain HTML.

Everything taken from a document is escaped (:func:`~perfgoal.reporters.html_parts.esc`);
no document text reaches a class name, an id or the script. No rich here.
"""

from __future__ import annotations

import base64
import gzip
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, cached_property
from importlib.resources import files
from typing import Literal

from perfgoal.findings import SEVERITIES, Finding, Report
from perfgoal.framework import framework_of
from perfgoal.model import Document, Project, Unit
from perfgoal.options import Options
from perfgoal.reporters.common import WORDS
from perfgoal.reporters.html_parts import (
    budget_table,
    css_token,
    esc,
    finding_list,
    plan_chart,
    tier_grid,
)
from perfgoal.reporters.units import Cell, amount_text, table, titles
from perfgoal.rules.base import Lang
from perfgoal.summary import (
    DEFAULT_AMOUNT_UNIT,
    BureauSummary,
    project_unit,
    summarize,
    unit_key,
)

INLINE_LIMIT = 2_000_000

TEXT: dict[Lang, dict[str, str]] = {
    "zh": {
        "title": "绩效目标表审核报告",
        "overview": "本轮概况",
        "files": "文件",
        "units": "预算单位",
        "projects": "项目",
        "budget": "预算数合计",
        "by_unit": "分单位汇总",
        "by_rule": "问题按规则",
        "rule": "规则",
        "name": "名称",
        "count": "数量",
        "severity": "严重程度",
        "all": "全部",
        "reset": "重置",
        "shown": "显示 {shown} / {total} 条问题",
        "document": "文档整体",
        "unreadable": "无法读取",
        "noscript": "筛选和大型报告的内容需要启用 JavaScript。",
        "counts": "{error} 错误 · {warning} 警告 · {info} 提示",
        "department": "部门整体",
        "print": "打印全部",
    },
    "en": {
        "title": "Performance-goal review report",
        "overview": "This round",
        "files": "files",
        "units": "budget units",
        "projects": "projects",
        "budget": "total budget",
        "by_unit": "By budget unit",
        "by_rule": "Findings by rule",
        "rule": "rule",
        "name": "name",
        "count": "count",
        "severity": "severity",
        "all": "all",
        "reset": "reset",
        "shown": "showing {shown} of {total} findings",
        "document": "whole document",
        "unreadable": "unreadable",
        "noscript": "Filters and the content of large reports need JavaScript.",
        "counts": "{error} error(s) · {warning} warning(s) · {info} info",
        "department": "whole department",
        "print": "print all",
    },
}


@dataclass(frozen=True)
class HtmlOptions:
    lang: Lang = "zh"
    documents: Mapping[str, Document] = field(default_factory=dict)
    """The parsed documents by path (a file that could not be read has none)."""
    amount_unit: str = DEFAULT_AMOUNT_UNIT
    framework: Literal["auto", "legacy", "2021"] = "auto"
    title: str | None = None
    inline_limit: int = INLINE_LIMIT
    """File bodies longer than this in all (characters) are compressed and drawn lazily."""


@cache
def _asset(name: str) -> str:
    return files("perfgoal.reporters").joinpath("assets", name).read_text(encoding="utf-8")


@dataclass
class _FileBlock:
    """One file's section: classes for the filters, tallies for the counter, its body."""

    classes: set[str] = field(default_factory=set)
    tallies: Counter[tuple[int, str, str]] = field(default_factory=Counter)
    body: list[str] = field(default_factory=list)


class _Page:
    def __init__(self, report: Report, options: HtmlOptions) -> None:
        self.report, self.options, self.lang = report, options, options.lang
        self.text = TEXT[options.lang]
        self.summary: BureauSummary = summarize(report, options.documents, options.amount_unit)
        self.unit_index = {
            unit_key_of_row(row.code, row.name): i for i, row in enumerate(self.summary.rows)
        }
        self.rule_options = Options(framework=options.framework)

    # -- cards ------------------------------------------------------------------------

    def unit_of(self, project: Project | None, document: Document | None) -> int:
        if project is not None and document is not None:
            unit = project_unit(project, document)
        else:
            unit = document.unit if document is not None else None
        return self.unit_index.get(unit_key(unit), self.unit_index.get(("", ""), 0))

    def card(
        self,
        block: _FileBlock,
        unit: int,
        findings: list[Finding],
        heading: str,
        facts: str = "",
    ) -> None:
        classes = {f"u{unit}"}
        for finding in findings:
            rule = css_token(finding.rule)
            classes |= {f"cs-{finding.severity}", f"cr-{rule}", f"c-{rule}-{finding.severity}"}
            block.tallies[(unit, rule, finding.severity)] += 1
        block.classes |= classes
        block.body.append(f'<article class="card {" ".join(sorted(classes))}">{heading}{facts}')
        if findings:
            block.body.extend(finding_list(findings, self.lang))
        elif facts:
            block.body.append(f'<p class="clean">✓ {WORDS[self.lang]["clean"]}</p>')
        block.body.append("</article>")

    def project_card(
        self, block: _FileBlock, document: Document, project: Project, findings: list[Finding]
    ) -> None:
        seq = f"{'项目' if self.lang == 'zh' else 'project'} {project.seq}"
        kind = f" · {self.text['department']}" if project.kind == "department" else ""
        code = f' <span class="code">{esc(project.code)}</span>' if project.code else ""
        name = esc(project.name or project.title or "")
        heading = f"<h3>{seq}{kind}{code} {name}</h3>"
        amount_unit = project.amount_unit or document.amount_unit
        framework = framework_of(project, self.rule_options)
        facts = (
            '<div class="facts">'
            + budget_table(project.budget, amount_unit, self.lang)
            + plan_chart(project.spend_plan, project.budget.total, self.lang)
            + tier_grid(project, framework, self.lang)
            + "</div>"
        )
        self.card(block, self.unit_of(project, document), findings, heading, facts)

    def file_block(self, path: str, findings: list[Finding]) -> _FileBlock:
        block = _FileBlock()
        document = self.options.documents.get(path)
        if document is None:
            unit = self.unit_of(None, None)
            self.card(block, unit, findings, f"<h3>{self.text['unreadable']}</h3>")
            return block
        by_project: dict[int, list[Finding]] = defaultdict(list)
        loose: list[Finding] = []
        for finding in findings:
            index = _project_index(document.projects, finding)
            if index is None:
                loose.append(finding)
            else:
                by_project[index].append(finding)
        if loose or not document.projects:
            heading = f"<h3>{self.text['document']}</h3>"
            self.card(block, self.unit_of(None, document), loose, heading)
        for index, project in enumerate(document.projects):
            self.project_card(block, document, project, by_project.get(index, []))
        return block

    # -- page -------------------------------------------------------------------------

    def head(self) -> str:
        title = esc(self.options.title or self.text["title"])
        lang = "zh-CN" if self.lang == "zh" else "en"
        return (
            f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<meta name="generator" content="perfgoal">'
            f"<title>{title}</title><style>{_asset('report.css')}</style>"
            '<style id="pg-filter-style"></style></head><body data-ready="no">'
            f'<header class="top"><h1>{title}</h1>'
            f"<p>{self.counts_text(self.summary.total.findings)}</p></header>"
            f"<noscript><p>{self.text['noscript']}</p></noscript>"
        )

    def counts_text(self, counts: Mapping[str, int]) -> str:
        return self.text["counts"].format(**{s: counts.get(s, 0) for s in SEVERITIES})

    def filters(self) -> str:
        words, total = WORDS[self.lang], self.summary.total
        boxes = "".join(
            f'<label><input type="checkbox" name="sev" value="{s}" checked> '
            f"{words[s]} ({total.count(s)})</label>"
            for s in SEVERITIES
        )
        rules = "".join(
            f'<option value="{css_token(code)}">{esc(code)} {esc(name)} ({count})</option>'
            for code, name, _, count in self.rule_counts
        )
        units = "".join(
            f'<option value="{i}">{esc(self.unit_name(i))}</option>'
            for i in range(len(self.summary.rows))
        )
        all_ = self.text["all"]
        return (
            '<nav id="filters">'
            f"<fieldset><legend>{self.text['severity']}</legend>{boxes}</fieldset>"
            f'<label>{self.text["rule"]} <select id="f-rule"><option value="">{all_}</option>'
            f"{rules}</select></label>"
            f'<label>{self.text["units"]} <select id="f-unit"><option value="">{all_}</option>'
            f"{units}</select></label>"
            f'<button type="button" id="f-reset">{self.text["reset"]}</button>'
            f'<button type="button" id="f-print" hidden>{self.text["print"]}</button>'
            f'<output id="f-count" data-template="{esc(self.text["shown"])}"></output></nav>'
        )

    def unit_name(self, index: int) -> str:
        cells = self.table[index]
        return " ".join(str(c) for c in cells[:2] if c)

    @cached_property
    def table(self) -> list[list[Cell]]:
        return table(self.summary, self.lang)

    @cached_property
    def rule_counts(self) -> list[tuple[str, str, str, int]]:
        """(code, name, most frequent severity, count), most frequent first."""
        counts: Counter[str] = Counter()
        names: dict[str, str] = {}
        severities: dict[str, Counter[str]] = defaultdict(Counter)
        for file in self.report.files:
            for finding in file.findings:
                counts[finding.rule] += 1
                names[finding.rule] = finding.name
                severities[finding.rule][finding.severity] += 1
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        return [
            (code, names[code], severities[code].most_common(1)[0][0], n) for code, n in ordered
        ]

    def overview(self) -> str:
        total, text = self.summary.total, self.text
        units = sum(1 for row in self.summary.rows if row.code or row.name)
        tiles = [
            (text["files"], str(total.files), ""),
            (text["units"], str(units), ""),
            (text["projects"], str(total.projects), ""),
            (f"{text['budget']}（{esc(self.summary.amount_unit)}）", amount_text(total.budget), ""),
            *((WORDS[self.lang][s], str(total.count(s)), s) for s in SEVERITIES),
        ]
        tile_html = "".join(
            f'<div class="tile {cls}"><b>{value}</b>{label}</div>' for label, value, cls in tiles
        )
        return (
            f'<section id="overview"><h2>{text["overview"]}</h2><div class="tiles">{tile_html}'
            f"</div><h3>{text['by_unit']}</h3>{self.unit_table()}"
            f"<h3>{text['by_rule']}</h3>{self.rule_table()}</section>"
        )

    def unit_table(self) -> str:
        heads = titles(self.lang, self.summary.amount_unit)
        numeric = range(2, 10)
        head = "".join(
            f'<th class="{"n" if i in numeric else ""}">{esc(h)}</th>' for i, h in enumerate(heads)
        )
        lines = self.table
        rows: list[str] = []
        for index, line in enumerate(lines):
            total = index == len(lines) - 1
            cells = []
            for column, cell in enumerate(line):
                shown = amount_text(cell) if isinstance(cell, Decimal) else esc(cell)
                if column == 1 and not total:
                    shown = (
                        f'<button type="button" class="link" data-set-unit="{index}">'
                        f"{shown}</button>"
                    )
                cells.append(f'<td class="{"n" if column in numeric else ""}">{shown}</td>')
            rows.append(f'<tr class="{"total" if total else ""}">{"".join(cells)}</tr>')
        return (
            f'<table class="units"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
        )

    def rule_table(self) -> str:
        text, words = self.text, WORDS[self.lang]
        rows = "".join(
            f'<tr><td><button type="button" class="link" data-set-rule="{css_token(code)}">'
            f"{esc(code)}</button></td><td>{esc(name)}</td><td>{words[severity]}</td>"
            f'<td class="n">{count}</td></tr>'
            for code, name, severity, count in self.rule_counts
        )
        return (
            f'<table class="rules"><thead><tr><th>{text["rule"]}</th><th>{text["name"]}</th>'
            f'<th>{text["severity"]}</th><th class="n">{text["count"]}</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )

    def section(self, index: int, path: str, block: _FileBlock, body: str, inline: bool) -> str:
        tallies = ";".join(f"{u},{r},{s},{n}" for (u, r, s), n in sorted(block.tallies.items()))
        counts: Counter[str] = Counter()
        for (_, _, severity), n in block.tallies.items():
            counts[severity] += n
        if inline:
            size, slot = "", f'<div class="body">{body}</div>'
        else:
            estimate = 60 + 70 * sum(counts.values()) + 200 * body.count('<article class="card')
            size = f' style="contain-intrinsic-size:auto {estimate}px"'
            slot = f'<div class="body" data-z="{_packed(body)}"></div>'
        return (
            f'<section class="pg-file {" ".join(sorted(block.classes))}" id="f{index}"'
            f' data-counts="{tallies}"{size}><h2>{esc(path)}<span class="fc">'
            f"{self.counts_text(counts)}</span></h2>{slot}</section>"
        )


def _project_index(projects: list[Project], finding: Finding) -> int | None:
    """The project a finding concerns: by 序号, 项目编码 and 名称, else by 序号 alone."""
    ref = finding.project
    if ref is None:
        return None
    same_seq = [i for i, p in enumerate(projects) if p.seq == ref.seq]
    exact = [i for i in same_seq if (projects[i].code, projects[i].name) == (ref.code, ref.name)]
    found = exact or same_seq
    return found[0] if found else None


def unit_key_of_row(code: str | None, name: str | None) -> tuple[str, str]:
    return unit_key(Unit(code=code, name=name) if code or name else None)


def render(report: Report, options: HtmlOptions) -> Iterator[str]:
    """The page, in pieces."""
    page = _Page(report, options)
    blocks = [page.file_block(file.path, file.findings) for file in report.files]
    bodies = ["".join(block.body) for block in blocks]
    inline = sum(len(b) for b in bodies) <= options.inline_limit
    yield page.head()
    yield page.filters()
    yield "<main>"
    yield page.overview()
    for index, (file, block) in enumerate(zip(report.files, blocks, strict=True)):
        yield page.section(index, file.path, block, bodies[index], inline)
    yield "</main>"
    yield f"<script>{_asset('report.js')}</script></body></html>\n"


def _packed(body: str) -> str:
    """A file's body gzip-compressed, in base64 (``A-Za-z0-9+/=``: safe in an attribute)."""
    return base64.b64encode(gzip.compress(body.encode("utf-8"), 6, mtime=0)).decode("ascii")
