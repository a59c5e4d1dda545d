"""PG208: a whole department's money: 资金总额 = 基本支出 + 项目支出, and the 年度履职目标
rows against that split (docs/domain.md "Who writes the tables, who reads them")."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Literal

from perfgoal.messages import message
from perfgoal.model import Document, Project
from perfgoal.options import NoOptions
from perfgoal.rules.base import Fact, Rule
from perfgoal.rules.money import BUDGET_LABELS, amount_text, budget_text
from perfgoal.values import text_key


def _is_basic(text: str) -> bool:
    return "基本支出" in text_key(text)


DepartmentVariant = Literal["default", "duties_basic", "duties_project"]


class DepartmentBudgetSum(Rule):
    """部门整体支出绩效目标表中，资金总额 ≠ 基本支出 + 项目支出；或年度履职目标的预算金额与
    之不符：写明“基本支出”的行之和 ≠ 基本支出，其余行之和 ≠ 项目支出。

    为什么：部门整体的资金总额分为基本支出和项目支出，年度履职目标逐项列出这些资金
    （docs/domain.md “Who writes the tables, who reads them”）；对不上说明有遗漏或填错。
    """

    code = "PG208"
    name = "department-budget-sum"
    severity = "error"
    summary = {"zh": "部门整体资金总额与其构成不符", "en": "department totals do not add up"}
    messages = {
        "default": {
            "zh": "基本支出与项目支出之和 {parts} 不等于资金总额 {total}",
            "en": "基本支出 + 项目支出 = {parts}, but 资金总额 is {total}",
        },
        "duties_basic": {
            "zh": "年度履职目标中基本支出各行合计 {parts}，不等于基本支出 {total}",
            "en": "the 基本支出 rows of 年度履职目标 sum to {parts}, but 基本支出 is {total}",
        },
        "duties_project": {
            "zh": "年度履职目标中项目各行合计 {parts}，不等于项目支出 {total}",
            "en": "the project rows of 年度履职目标 sum to {parts}, but 项目支出 is {total}",
        },
    }
    doc_en = """
    In a whole-department table, “资金总额” ≠ “基本支出” + “项目支出”; or the “年度履职目标” amounts
    disagree with that block: the rows naming “基本支出” do not sum to “基本支出”, or the other
    rows do not sum to “项目支出”.

    Why: a department's total funds split into basic and project spending, and the
    “年度履职目标” rows list that money (docs/domain.md "Who writes the tables, who reads
    them"); a mismatch means something is missing or wrong.
    """

    def check(self, document: Document, options: NoOptions) -> Iterator[Fact[DepartmentVariant]]:
        for project in document.projects:
            if project.kind != "department":
                continue
            budget, context = project.budget, budget_text(project)
            if None not in (budget.total, budget.basic, budget.project):
                assert budget.total is not None and budget.basic is not None
                assert budget.project is not None
                parts = budget.basic + budget.project
                if parts != budget.total:
                    yield Fact(
                        params={"parts": amount_text(parts), "total": amount_text(budget.total)},
                        project=project,
                        location=budget.location,
                        expected=f"资金总额 {amount_text(budget.total)}",
                        actual=f"基本支出 {amount_text(budget.basic)} + 项目支出 "
                        f"{amount_text(budget.project)} = {amount_text(parts)}",
                        context=context,
                    )
            yield from _duty_facts(project, context)


def _duty_facts(
    project: Project, context: str
) -> Iterator[Fact[Literal["duties_basic", "duties_project"]]]:
    """年度履职目标 sums against 基本支出 / 项目支出 (each only when some row has an amount)."""
    groups: dict[Literal["basic", "project"], list[Decimal]] = {"basic": [], "project": []}
    for duty in project.duties:
        if duty.amount is not None:
            text = " ".join(t for t in (duty.item, duty.task, duty.function) if t)
            groups["basic" if _is_basic(text) else "project"].append(duty.amount)
    for field, amounts in groups.items():
        expected: Decimal | None = getattr(project.budget, field)
        if not amounts or expected is None:
            continue
        parts = sum(amounts, Decimal(0))
        if parts != expected:
            label = BUDGET_LABELS[field]
            yield Fact(
                params={"parts": amount_text(parts), "total": amount_text(expected)},
                project=project,
                expected=f"{label} {amount_text(expected)}",
                actual=message("fact.duty-total", label=label, total=amount_text(parts)),
                context=context,
                variant="duties_basic" if field == "basic" else "duties_project",
            )
