"""PG2xx: money: the budget's arithmetic, unreadable amounts, cost indicators against the
budget (docs/domain.md "Money"). The whole-department split (PG208) is in
:mod:`perfgoal.rules.department`, the spend plan in :mod:`perfgoal.rules.plan`.

All arithmetic is exact (:class:`~decimal.Decimal`); amounts are compared in the table's
own unit, converting only where a value carries a money unit of its own (PG207)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Literal, NamedTuple

from perfgoal.messages import message
from perfgoal.model import Budget, Document, Project
from perfgoal.options import NoOptions
from perfgoal.rules._common import is_cost, row_text
from perfgoal.rules.base import Fact, Rule
from perfgoal.values import convert_amount, decimal_text, normalize, plain_decimal, text_key

HUNDRED = Decimal(100)
BUDGET_LABELS = {
    "total": "预算数",
    "fiscal": "财政资金",
    "other": "其他资金",
    "basic": "基本支出",
    "project": "项目支出",
}
amount_text = decimal_text
"""An amount as it is shown: ``Decimal('4.00')`` -> ``'4.00'``."""


def _budget_label(project: Project, field: str) -> str:
    if field == "total" and project.kind == "department":
        return "资金总额"
    return BUDGET_LABELS[field]


def budget_text(project: Project) -> str:
    """The budget block as it reads: ``预算数 4.00 | 财政资金 3.00 | 其他资金 0.50``."""
    budget: Budget = project.budget
    cells = []
    for field in BUDGET_LABELS:
        amount: Decimal | None = getattr(budget, field)
        text = budget.raw.get(field) or (amount_text(amount) if amount is not None else None)
        if text is not None:
            cells.append(f"{_budget_label(project, field)} {text.strip()}")
    return " | ".join(cells)


def _parent(budget: Budget, of: str) -> Decimal | None:
    """The amount a ``其中`` part belongs to."""
    return {"total": budget.total, "fiscal": budget.fiscal, "other": budget.other}.get(of)


class BudgetSum(Rule):
    """财政资金与其他资金之和不等于预算数（精确比较，不四舍五入）；或某个“其中”项超过它所属
    的金额（如 其中：当年财政拨款 大于 财政资金，当年资金总额 大于 资金总额）。

    为什么：预算数（年度资金总额）= 财政资金（财政拨款）+ 其他资金（docs/domain.md “Money”）；
    “其中”项是它所属金额的一部分，不可能更大。对不上说明某个数填错了，财预〔2015〕88号要求
    目标与预算匹配（“适当性”）。
    """

    code = "PG201"
    name = "budget-sum"
    severity = "error"
    summary = {"zh": "财政资金 + 其他资金 ≠ 预算数", "en": "fiscal + other funds ≠ budget"}
    messages = {
        "default": {
            "zh": "财政资金与其他资金之和 {parts} 不等于预算数 {total}",
            "en": "财政资金 + 其他资金 = {parts}, but 预算数 is {total}",
        },
        "part": {
            "zh": "“{label}” {amount} 超过它所属的{parent_label} {parent}",
            "en": "“{label}” {amount} is above the {parent_label} {parent} it is part of",
        },
    }
    doc_en = """
    “财政资金” (fiscal funds) plus “其他资金” (other funds) is not “预算数” (the budget), compared
    exactly; or a “其中” part is above the amount it is part of (“其中：当年财政拨款” above
    “财政资金”, “当年资金总额” above “资金总额”).

    Why: “预算数” = “财政资金” + “其他资金” (docs/domain.md "Money"), and a “其中” part is a share
    of its amount, never more; a mismatch means one figure is wrong, and “财预〔2015〕88号” asks
    that target and money match.
    """

    def check(
        self, document: Document, options: NoOptions
    ) -> Iterator[Fact[Literal["default", "part"]]]:
        for project in document.projects:
            yield from self._sum(project)
            yield from self._parts(project)

    def _sum(self, project: Project) -> Iterator[Fact]:
        budget = project.budget
        if budget.total is None or (budget.fiscal is None and budget.other is None):
            return
        parts = (budget.fiscal or Decimal(0)) + (budget.other or Decimal(0))
        if parts == budget.total:
            return
        terms = [
            f"{BUDGET_LABELS[f]} {amount_text(v)}"
            for f, v in (("fiscal", budget.fiscal), ("other", budget.other))
            if v is not None
        ]
        actual = " + ".join(terms) + (f" = {amount_text(parts)}" if len(terms) > 1 else "")
        yield Fact(
            params={"parts": amount_text(parts), "total": amount_text(budget.total)},
            project=project,
            location=budget.location,
            expected=f"预算数 {amount_text(budget.total)}",
            actual=actual,
            context=budget_text(project),
        )

    def _parts(self, project: Project) -> Iterator[Fact[Literal["part"]]]:
        budget = project.budget
        for part in budget.parts:
            parent = _parent(budget, part.of) if part.of else None
            if part.amount is None or parent is None or part.amount <= parent:
                continue
            assert part.of is not None
            parent_label = _budget_label(project, part.of)
            label = part.label.strip()
            yield Fact(
                params={
                    "label": label,
                    "amount": amount_text(part.amount),
                    "parent_label": parent_label,
                    "parent": amount_text(parent),
                },
                project=project,
                location=part.location,
                expected=f"≤ {parent_label} {amount_text(parent)}",
                actual=f"{label} {amount_text(part.amount)}",
                context=f"{budget_text(project)} | {label} {(part.raw or '').strip()}",
                variant="part",
            )


class _Cell(NamedTuple):
    """One money cell as the parser left it, with a Fact carrying its project and location."""

    label: str
    raw: str | None
    value: Decimal | None
    unreadable: bool
    where: Fact

    def problem(self) -> Literal["unreadable", "negative"] | None:
        """``"unreadable"`` / ``"negative"`` for a bad cell; None when it is fine or blank."""
        if self.raw is None or not self.raw.strip():
            return None
        if self.unreadable:
            return "unreadable"
        return "negative" if self.value is not None and self.value < 0 else None


def _amount_cells(project: Project) -> Iterator[_Cell]:
    """Every money cell of the project, in the order the form gives them."""
    budget = project.budget
    for field in BUDGET_LABELS:
        yield _Cell(
            _budget_label(project, field),
            budget.raw.get(field),
            getattr(budget, field),
            field in budget.unreadable,
            Fact(project=project, location=budget.location),
        )
    for part in budget.parts:
        where = Fact(project=project, location=part.location)
        yield _Cell(normalize(part.label), part.raw, part.amount, part.unreadable, where)
    if project.spend_plan is not None:
        where = Fact(project=project, location=project.spend_plan.location)
        for point in project.spend_plan.checkpoints:
            label = f"资金支出计划 {point.label}"
            yield _Cell(label, point.raw, point.amount, point.unreadable, where)
    for duty in project.duties:
        name = normalize(duty.item or duty.task or duty.function or "")
        label = f"年度履职目标 {name} 预算金额".replace("  ", " ")
        where = Fact(project=project, location=duty.location)
        yield _Cell(label, duty.raw, duty.amount, duty.unreadable, where)


class BadAmount(Rule):
    """金额单元格不是非负的数字：预算数、财政资金、其他资金、基本支出、项目支出、资金支出计划
    或年度履职目标的预算金额写成了文字、写错了字符，或为负数。

    为什么：金额要参与核对（预算数 = 财政资金 + 其他资金，累计支出计划等，docs/domain.md
    “Money”）；读不出的金额无法核对，负数预算没有意义。
    """

    code = "PG205"
    name = "bad-amount"
    severity = "error"
    summary = {"zh": "金额不是非负数字", "en": "an amount that is not a non-negative number"}
    messages = {
        "unreadable": {"zh": "{label}“{raw}”不是数字金额", "en": "{label} “{raw}” is not a number"},
        "negative": {"zh": "{label}“{raw}”为负数", "en": "{label} “{raw}” is negative"},
    }
    doc_en = """
    An amount cell is not a non-negative number: “预算数”, “财政资金”, “其他资金”, “基本支出”,
    “项目支出”, a spend-plan checkpoint or a “年度履职目标” amount written in words, with a
    wrong character, or negative.

    Why: amounts are checked against each other (“预算数” = “财政资金” + “其他资金”, the cumulative
    plan; docs/domain.md "Money"); an unreadable amount cannot be checked, a negative one means
    nothing.
    """

    def check(
        self, document: Document, options: NoOptions
    ) -> Iterator[Fact[Literal["unreadable", "negative"]]]:
        for project in document.projects:
            for cell in _amount_cells(project):
                variant = cell.problem()
                if variant is None or cell.raw is None:
                    continue
                label, where, text = cell.label, cell.where, cell.raw.strip()
                yield Fact(
                    params={"label": label, "raw": text},
                    project=project,
                    location=where.location,
                    actual=text,
                    expected="≥ 0" if variant == "negative" else message("fact.number-example"),
                    context=f"{label} {text}",
                    variant=variant,
                )


def _to_unit(value: Decimal, unit: str, table_unit: str | None) -> Decimal | None:
    """``value`` (in money ``unit``) in the table's unit, exactly; None when not comparable.
    Without a table unit only a value in 万元 compares (the forms' usual unit)."""
    if not table_unit and unit not in ("万", "万元"):
        return None
    return convert_amount(value, unit, table_unit or "万元")


class CostExceedsBudget(Rule):
    """成本指标的金额（换算为本表的金额单位后）超过预算数。区间取上限；百分比与非金额单位
    的指标值不比较。

    为什么：成本指标反映完成产出的资金代价，不应超过项目预算（财预〔2021〕101号；
    财预〔2015〕88号“适当性”：资金与目标相匹配）。
    """

    code = "PG207"
    name = "cost-exceeds-budget"
    severity = "warning"
    summary = {"zh": "成本指标金额超过预算数", "en": "a cost indicator above the budget"}
    messages = {
        "default": {
            "zh": "成本指标“{name}”的金额 {amount} 超过预算数 {total}",
            "en": "cost indicator “{name}” ({amount}) is above 预算数 {total}",
        }
    }
    doc_en = """
    A cost indicator's amount, converted to the table's amount unit, is above “预算数”. A
    range is compared by its upper end; values in percent or in non-money units are skipped.

    Why: a cost indicator is what the outputs cost; it cannot exceed the project's budget
    (“财预〔2021〕101号”; “财预〔2015〕88号”: money and target must match).
    """

    def check(self, document: Document, options: NoOptions) -> Iterator[Fact]:
        for project in document.projects:
            total = project.budget.total
            if total is None:
                continue
            table_unit = project.amount_unit
            for indicator in project.indicators:
                value = indicator.value
                amount = value.upper if value.upper is not None else value.number
                if not is_cost(indicator) or amount is None or not value.unit:
                    continue
                unit = text_key(value.unit)
                converted = _to_unit(amount, unit, table_unit)
                if converted is None or converted <= total:
                    continue
                shown = f"{plain_decimal(converted)} {table_unit or '万元'}"
                yield Fact(
                    params={
                        "name": normalize(indicator.name or ""),
                        "amount": shown,
                        "total": amount_text(total),
                    },
                    project=project,
                    location=indicator.location,
                    actual=f"{(value.raw or '').strip()} (= {shown})",
                    expected=f"≤ 预算数 {amount_text(total)} {table_unit or '万元'}",
                    context=row_text(indicator),
                )
