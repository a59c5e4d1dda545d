"""Pieces of the HTML report's project cards: the budget table, the spend-plan chart (inline
SVG), the indicator-tier coverage grid and one finding. No rich here.

Everything taken from a document goes through :func:`esc`; class names and ids are made
only of perfgoal's own codes and indexes, never of document text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from perfgoal.findings import Finding
from perfgoal.framework import (
    LEVEL2_ORDER,
    REQUIRED_LEVEL2,
    Framework,
    is_satisfaction,
    level2_key,
    level_key,
    table_for,
    tier_label,
)
from perfgoal.model import Budget, Indicator, Project, SpendPlan
from perfgoal.reporters.common import WORDS, location_text
from perfgoal.rules.base import Lang

# Characters HTML cannot hold (C0 controls but TAB/LF/CR, DEL, non-characters) are dropped.
_INVALID = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0xFFFE, 0xFFFF]
_ESCAPES: dict[int, str | None] = {
    ord("&"): "&amp;",
    ord("<"): "&lt;",
    ord(">"): "&gt;",
    ord('"'): "&quot;",
    ord("'"): "&#x27;",
    **dict.fromkeys(_INVALID),
}
_NEEDS_ESCAPE = re.compile("[&<>\"'\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_CLASS_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")

LABELS: dict[Lang, dict[str, str]] = {
    "zh": {
        "total": "预算数",
        "fiscal": "财政资金",
        "other": "其他资金",
        "basic": "基本支出",
        "project": "项目支出",
        "budget": "预算",
        "unit": "单位",
        "plan": "资金支出计划（累计）与预算数",
        "no_plan": "无资金支出计划",
        "tiers": "指标层级",
        "others": "其他",
        "blank": "空",
        "reference": "预算数",
        "percent": "100%",
        "indicators": "个指标",
    },
    "en": {
        "total": "budget",
        "fiscal": "fiscal funds",
        "other": "other funds",
        "basic": "basic expenditure",
        "project": "project expenditure",
        "budget": "budget",
        "unit": "unit",
        "plan": "cumulative spend plan against the budget",
        "no_plan": "no spend plan",
        "tiers": "indicator tiers",
        "others": "other",
        "blank": "blank",
        "reference": "budget",
        "percent": "100%",
        "indicators": "indicator(s)",
    },
}


def esc(text: object) -> str:
    """Text from a document, safe in HTML content and in quoted attributes (as
    ``html.escape(text, quote=True)``, in one pass)."""
    value = text if isinstance(text, str) else str(text)
    return value.translate(_ESCAPES) if _NEEDS_ESCAPE.search(value) else value


def css_token(text: str) -> str:
    """A rule code as a class-name part (codes are perfgoal's own; this is belt and braces)."""
    return _CLASS_UNSAFE.sub("_", text)


def amount(value: Decimal | None, raw: str | None = None) -> str:
    if value is not None:
        return esc(format(value, "f"))
    return esc(raw.strip()) if raw and raw.strip() else "—"


# --- budget --------------------------------------------------------------------------


def budget_table(budget: Budget, amount_unit: str | None, lang: Lang) -> str:
    words = LABELS[lang]
    rows: list[str] = []
    for name in ("total", "fiscal", "other", "basic", "project"):
        value = getattr(budget, name)
        raw = budget.raw.get(name)
        if value is None and not (raw and raw.strip()):
            continue
        rows.append(f"<tr><th>{words[name]}</th><td>{amount(value, raw)}</td></tr>")
    for part in budget.parts:
        rows.append(f"<tr><th>{esc(part.label)}</th><td>{amount(part.amount, part.raw)}</td></tr>")
    unit = f"（{esc(amount_unit)}）" if amount_unit and lang == "zh" else ""
    unit = unit or (f" ({esc(amount_unit)})" if amount_unit else "")
    body = "".join(rows) or "<tr><td>—</td></tr>"
    return f'<table class="budget"><caption>{words["budget"]}{unit}</caption>{body}</table>'


# --- spend plan chart ----------------------------------------------------------------

_W, _H = 260, 130
_LEFT, _RIGHT, _TOP, _BOTTOM = 44, 12, 12, 28


def _is_percent(plan: SpendPlan, total: Decimal | None) -> bool:
    """The plan really is in percent: the header says % and it ends at 100, not at 预算数."""
    if "%" not in (plan.unit_label or "") and "％" not in (plan.unit_label or ""):
        return False
    filled = [c.amount for c in plan.checkpoints if c.amount is not None]
    return bool(filled) and filled[-1] == 100 and total != 100


@dataclass(frozen=True, slots=True)
class _Axes:
    """Where a checkpoint and an amount fall in the chart: by month when every checkpoint
    has one, else evenly; amounts from 0 to ``top``."""

    months: list[int | None]
    top: Decimal
    inner_w: int = _W - _LEFT - _RIGHT
    inner_h: int = _H - _TOP - _BOTTOM

    @property
    def by_month(self) -> bool:
        return all(m is not None and 1 <= m <= 12 for m in self.months)

    def x_of(self, index: int) -> float:
        month = self.months[index]
        if self.by_month and month is not None:
            return _LEFT + self.inner_w * month / 12
        return _LEFT + self.inner_w * (index + 1) / len(self.months)

    def y_of(self, value: Decimal) -> float:
        share = float(max(value, Decimal(0)) / self.top)
        return _TOP + self.inner_h * (1 - min(share, 1.0))


def plan_chart(plan: SpendPlan | None, total: Decimal | None, lang: Lang) -> str:
    """The cumulative plan as a line, one point per checkpoint (a blank one hollow, on the
    axis), and a dashed line at 预算数 (at 100 when the plan is in percent)."""
    words = LABELS[lang]
    if plan is None or not plan.checkpoints:
        return f'<figure class="plan none"><figcaption>{words["no_plan"]}</figcaption></figure>'
    percent = _is_percent(plan, total)
    reference = Decimal(100) if percent else total
    values = [c.amount for c in plan.checkpoints if c.amount is not None]
    top = max([*values, reference or Decimal(0), Decimal(0)])
    axes = _Axes([c.month for c in plan.checkpoints], top if top > 0 else Decimal(1))
    base = _TOP + axes.inner_h
    parts = [
        f'<svg class="chart" viewBox="0 0 {_W} {_H}" width="{_W}" height="{_H}" role="img">',
        f'<line class="axis" x1="{_LEFT}" y1="{base}" x2="{_W - _RIGHT}" y2="{base}"/>',
    ]
    if reference is not None:
        y = axes.y_of(reference)
        label = words["percent"] if percent else f"{words['reference']} {format(reference, 'f')}"
        parts.append(
            f'<line class="ref" x1="{_LEFT}" y1="{y:.1f}" x2="{_W - _RIGHT}" y2="{y:.1f}"/>'
            f'<text class="reflabel" x="{_LEFT - 4}" y="{y + 4:.1f}">{esc(label)}</text>'
        )
    points = [
        f"{axes.x_of(i):.1f},{axes.y_of(c.amount):.1f}"
        for i, c in enumerate(plan.checkpoints)
        if c.amount is not None
    ]
    if points:
        parts.append(f'<polyline class="line" points="{_LEFT},{base} {" ".join(points)}"/>')
    parts += _checkpoint_marks(plan, axes, lang)
    parts.append("</svg>")
    unit = f" ({esc(plan.unit_label)})" if plan.unit_label else ""
    caption = f"<figcaption>{words['plan']}{unit}</figcaption>"
    return f'<figure class="plan">{"".join(parts)}{caption}</figure>'


def _checkpoint_marks(plan: SpendPlan, axes: _Axes, lang: Lang) -> list[str]:
    """Each checkpoint's point (hollow on the axis when blank, its amount as a tooltip) and
    its label under the axis."""
    marks = []
    for index, checkpoint in enumerate(plan.checkpoints):
        x = axes.x_of(index)
        shown = amount(checkpoint.amount, checkpoint.raw)
        said = shown if checkpoint.amount is not None else LABELS[lang]["blank"]
        title = f"{esc(checkpoint.label)} {said}"
        if checkpoint.amount is None:
            y, kind = f"{_TOP + axes.inner_h}", "pt blank"
        else:
            y, kind = f"{axes.y_of(checkpoint.amount):.1f}", "pt"
        circle = f'<circle class="{kind}" cx="{x:.1f}" cy="{y}" r="3.5">'
        marks.append(f"{circle}<title>{title}</title></circle>")
        marks.append(f'<text class="tick" x="{x:.1f}" y="{_H - 10}">{esc(checkpoint.label)}</text>')
    return marks


# --- indicator tiers -----------------------------------------------------------------

_LEVEL1_ORDER = ("产出", "成本", "效益", "满意度")
_SEPARATOR: dict[Lang, str] = {"zh": "、", "en": ", "}
# The tiers' names in an English report (a Chinese one names them as the form does).
_TIERS_EN = {
    "产出": "output",
    "效益": "benefit",
    "满意度": "satisfaction",
    "数量": "quantity",
    "质量": "quality",
    "时效": "timeliness",
    "成本": "cost",
    "经济成本": "economic cost",
    "社会成本": "social cost",
    "生态环境成本": "environmental cost",
    "经济效益": "economic benefit",
    "社会效益": "social benefit",
    "生态效益": "ecological benefit",
    "可持续影响": "sustainable impact",
    "服务对象满意度": "beneficiary satisfaction",
}


def _tier_of(indicator: Indicator) -> tuple[str, str]:
    if is_satisfaction(indicator):
        return "满意度", "服务对象满意度"
    return level_key(indicator.level1), level2_key(indicator.level2)


def _tier_name(key: str, lang: Lang, *, level: int = 2) -> str:
    """A tier as the report names it: ``产出指标``/``数量`` in Chinese, ``output
    indicators``/``quantity`` in English."""
    if lang == "en":
        return f"{_TIERS_EN[key]} indicators" if level == 1 else _TIERS_EN[key]
    return tier_label(key) if level == 1 else key


def tier_grid(project: Project, framework: Framework, lang: Lang) -> str:
    """One row per 一级 of the framework, one cell per 二级 with how many indicators it
    holds; a required tier without any is marked missing. Names outside the framework are
    listed in a last row, as written."""
    table = table_for(framework)
    found: dict[tuple[str, str], list[str]] = {}
    others: list[str] = []
    for indicator in project.indicators:
        level1, level2 = _tier_of(indicator)
        if level1 in table and (level2 in table[level1] or level1 == "满意度"):
            found.setdefault((level1, level2), []).append(indicator.name or "")
        else:
            label = " / ".join(x for x in (indicator.level1, indicator.level2) if x) or "—"
            others.append(label)
    rows: list[str] = []
    for level1 in _LEVEL1_ORDER:
        if level1 not in table:
            continue
        names = sorted(
            (n for n in table[level1] if not (level1 == "效益" and n == "服务对象满意度")),
            key=LEVEL2_ORDER.index,
        )
        required = REQUIRED_LEVEL2.get(level1, ())
        any_found = any((level1, n) in found for n in names)
        head = "tier missing" if not any_found else "tier"
        cells = [f'<th class="{head}">{_tier_name(level1, lang, level=1)}</th>']
        for name in names:
            held = found.get((level1, name), [])
            state = "ok" if held else "missing" if name in required else "none"
            title = f' title="{esc(_SEPARATOR[lang].join(held))}"' if held else ""
            cells.append(
                f'<td class="{state}"{title}>{_tier_name(name, lang)} <b>{len(held)}</b></td>'
            )
        rows.append(f"<tr>{''.join(cells)}</tr>")
    if others:
        counted = sorted({o: others.count(o) for o in others}.items())
        items = _SEPARATOR[lang].join(f"{esc(name)} <b>{count}</b>" for name, count in counted)
        rows.append(
            f'<tr><th class="tier">{LABELS[lang]["others"]}</th>'
            f'<td class="unknown" colspan="4">{items}</td></tr>'
        )
    caption = f"{LABELS[lang]['tiers']} · {len(project.indicators)} {LABELS[lang]['indicators']}"
    return f'<table class="tiers"><caption>{caption}</caption>{"".join(rows)}</table>'


# --- findings ------------------------------------------------------------------------


def finding_item(finding: Finding, lang: Lang) -> str:
    """One finding: severity, code, name, message, where, and the row as it reads with
    ``- actual`` / ``+ expected``."""
    severity = finding.severity
    where = location_text(finding.location, lang)
    lines: list[str] = []
    if finding.context:
        lines.append(f'<span class="ctx">│ {esc(finding.context)}</span>')
    if finding.actual is not None and finding.expected is not None:
        lines.append(f'<span class="del">- {esc(finding.actual)}</span>')
    if finding.expected is not None:
        lines.append(f'<span class="add">+ {esc(finding.expected)}</span>')
    row = f'<pre class="row">{chr(10).join(lines)}</pre>' if lines else ""
    loc = f' <span class="loc">{esc(where)}</span>' if where else ""
    return (
        f'<li class="fd s-{severity} r-{css_token(finding.rule)}">'
        f'<span class="sev">{WORDS[lang][severity]}</span> '
        f'<code class="rule">{esc(finding.rule)}</code> '
        f'<span class="rname">{esc(finding.name)}</span> '
        f'<span class="msg">{esc(finding.message)}</span>{loc}{row}</li>'
    )


def finding_list(findings: list[Finding], lang: Lang) -> Iterator[str]:
    if not findings:
        return
    yield '<ol class="findings">'
    for finding in findings:
        yield finding_item(finding, lang)
    yield "</ol>"
