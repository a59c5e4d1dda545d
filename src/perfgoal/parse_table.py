"""``perfgoal parse --format table``: a rich overview of each parsed document."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from perfgoal.framework import level_key
from perfgoal.model import Document, Project


def _plan(project: Project) -> str:
    plan = project.spend_plan
    if plan is None:
        return "—"
    parts = [f"{c.label} {c.amount if c.amount is not None else '·'}" for c in plan.checkpoints]
    label = f" ({plan.unit_label})" if plan.unit_label else ""
    return " → ".join(parts) + label


def _tiers(project: Project) -> str:
    counts = Counter(level_key(i.level1) or "?" for i in project.indicators)
    return " ".join(f"{name}{count}" for name, count in counts.items()) or "—"


def render_documents(documents: list[Document], console: Console) -> None:
    for document in documents:
        unit = document.unit
        head = " · ".join(
            str(part)
            for part in (
                document.source.path,
                f"{unit.code or ''} {unit.name or ''}".strip() if unit else None,
                document.year,
                f"单位：{document.amount_unit}" if document.amount_unit else None,
            )
            if part
        )
        console.print(f"[bold]{head}[/bold]", highlight=False)
        if document.overview:
            console.print(
                f"  第一部分：分项绩效目标 {len(document.overview.items)} 项", highlight=False
            )
        table = Table(show_lines=False, header_style="bold")
        table.add_column("#", no_wrap=True)
        table.add_column("项目编码", no_wrap=True)
        for column in ("项目名称", "预算数", "资金支出计划", "指标（一级: 个数）"):
            table.add_column(column, overflow="fold")
        for project in document.projects:
            total = project.budget.total
            table.add_row(
                str(project.seq),
                project.code or "—",
                project.name or (project.unit.name if project.unit else None) or "—",
                f"{total}" if total is not None else "—",
                _plan(project),
                _tiers(project),
            )
        console.print(table)
        if document.notes:
            console.print(
                f"  [yellow]{len(document.notes)} 处内容无法识别（validate 报告为 PG003）[/yellow]"
            )
