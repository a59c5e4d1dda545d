"""``perfgoal parse --format table``: a rich overview of each parsed document."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.table import Table

from perfgoal.framework import level_key
from perfgoal.messages import Lang, render
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


def render_documents(documents: list[Document], console: Console, lang: Lang = "zh") -> None:
    for document in documents:
        unit = document.unit
        head = " · ".join(
            str(part)
            for part in (
                document.source.path,
                f"{unit.code or ''} {unit.name or ''}".strip() if unit else None,
                document.year,
                render("parsed.unit", lang, unit=document.amount_unit)
                if document.amount_unit
                else None,
            )
            if part
        )
        console.print(f"[bold]{head}[/bold]", highlight=False)
        if document.overview:
            count = len(document.overview.items)
            console.print(f"  {render('parsed.overview', lang, count=count)}", highlight=False)
        table = Table(show_lines=False, header_style="bold")
        table.add_column("#", no_wrap=True)
        table.add_column(render("parsed.code", lang), no_wrap=True)
        for column in ("parsed.name", "parsed.budget", "parsed.plan", "parsed.tiers"):
            table.add_column(render(column, lang), overflow="fold")
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
            notes = render("parsed.notes", lang, count=len(document.notes))
            console.print(f"  [yellow]{notes}[/yellow]")
