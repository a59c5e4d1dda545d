"""PG202–PG206: the cumulative 资金支出计划 (docs/domain.md "Money"): it never goes down, ends at
预算数 (or at 100 when it is really in percent) and never goes above it.

All arithmetic is exact (:class:`~decimal.Decimal`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from perfgoal.model import Budget, Checkpoint, Document, Project, SpendPlan
from perfgoal.options import NoOptions
from perfgoal.parsing.labels import ANNUAL_AMOUNT_LABELS as ANNUAL
from perfgoal.parsing.labels import key
from perfgoal.rules.base import Fact, Lang, Rule
from perfgoal.rules.money import HUNDRED, amount_text
from perfgoal.values import normalize


def _checkpoint_text(checkpoint: Checkpoint) -> str:
    if checkpoint.amount is not None:
        return f"{checkpoint.label} {amount_text(checkpoint.amount)}"
    raw = (checkpoint.raw or "").strip()
    return f"{checkpoint.label} {raw}" if raw else checkpoint.label


def _plan_text(plan: SpendPlan) -> str:
    """``资金支出计划 | 3月底 1.00 | 6月底 2.00 | 10月底 3.00 | 12月底 4.00``."""
    head = f"资金支出计划（{plan.unit_label}）" if plan.unit_label else "资金支出计划"
    return " | ".join([head, *(_checkpoint_text(c) for c in plan.checkpoints)])


def _says_percent(plan: SpendPlan) -> bool:
    label = normalize(plan.unit_label or "")
    return "%" in label or "百分" in label


PlanVariant = Literal["default", "percent"]
"""A cumulative-plan rule's facts: in amounts, or in percent of the budget."""


@dataclass(frozen=True, slots=True)
class _Plan:
    """A spend plan read for checking: its filled checkpoints and what they are in.

    ``percent`` when the header says % and the values end at 100, go above 预算数, or
    预算数 is unknown; a header saying % over values ending at 预算数 is read as amounts
    (PG206 notes it)."""

    project: Project
    plan: SpendPlan
    filled: list[Checkpoint]
    percent: bool

    @property
    def target(self) -> Decimal | None:
        """What the plan must end at and never exceed: 100 (%) or 预算数."""
        return HUNDRED if self.percent else annual_budget(self.project.budget)

    def expected(self, label: str) -> str:
        if self.percent:
            return f"{label} 100 (%)"
        total = annual_budget(self.project.budget)
        return f"{label} {amount_text(total)} (= 预算数)" if total is not None else label

    def fact(
        self, params: dict[str, object], checkpoint: Checkpoint, expected: str
    ) -> Fact[PlanVariant]:
        return Fact(
            params=params,
            project=self.project,
            location=self.plan.location,
            expected=expected,
            actual=_checkpoint_text(checkpoint),
            context=_plan_text(self.plan),
            variant="percent" if self.percent else "default",
        )


def annual_budget(budget: Budget) -> Decimal | None:
    """The budget a year's spend plan ends at: 预算数, or this year's share of it where the
    form gives both (资金总额 | 当年资金总额, 项目资金总额 | 年度资金申请总额)."""
    for part in budget.parts:
        if part.of == "total" and part.amount is not None and key(part.label) in ANNUAL:
            return part.amount
    return budget.total


def _read_plan(project: Project) -> _Plan | None:
    """The project's spend plan, or None when it has none or no filled checkpoint."""
    plan = project.spend_plan
    if plan is None:
        return None
    filled = [c for c in plan.checkpoints if c.amount is not None]
    if not filled:
        return None
    total = annual_budget(project.budget)
    last = filled[-1].amount
    # Percent only when the values read as percent (they end at 100, or go above 预算数);
    # a header saying % over values ending at 预算数 is read as amounts (PG206's note).
    largest = max(c.amount for c in filled if c.amount is not None)
    percent = (
        _says_percent(plan)
        and last != total
        and (last == HUNDRED or total is None or largest > total)
    )
    return _Plan(project=project, plan=plan, filled=filled, percent=percent)


_DECREASING: dict[Lang, str] = {
    "zh": "资金支出计划是累计数，{label} {amount} 低于 {previous_label} {previous}",
    "en": "the spend plan is cumulative, but {label} {amount} is below {previous_label} {previous}",
}


class PlanDecreasing(Rule):
    """累计资金支出计划在某个时间点比前一个已填的时间点还低。

    为什么：资金支出计划按 3月底、6月底、10月底、12月底 累计填报，只增不减（docs/domain.md
    “Money”）；下降说明填成了当期数或填错了。
    """

    code = "PG202"
    name = "plan-decreasing"
    severity = "error"
    summary = {"zh": "累计支出计划出现下降", "en": "the cumulative spend plan goes down"}
    messages = {"default": _DECREASING, "percent": _DECREASING}
    doc_en = """
    The cumulative spend plan is lower at a checkpoint than at the previous filled one.

    Why: “资金支出计划” is cumulative (“3月底”, “6月底”, “10月底”, “12月底”): it never goes down
    (docs/domain.md "Money"); a drop means per-period figures or a typing slip.
    """

    def check(self, document: Document, options: NoOptions) -> Iterator[Fact[PlanVariant]]:
        for project in document.projects:
            plan = _read_plan(project)
            if plan is None:
                continue
            for previous, current in zip(plan.filled, plan.filled[1:], strict=False):
                assert previous.amount is not None and current.amount is not None
                if current.amount < previous.amount:
                    params: dict[str, object] = {
                        "label": current.label,
                        "amount": amount_text(current.amount),
                        "previous_label": previous.label,
                        "previous": amount_text(previous.amount),
                    }
                    yield plan.fact(params, current, f"≥ {_checkpoint_text(previous)}")


class PlanFinalTotal(Rule):
    """累计资金支出计划的最后一个已填时间点不等于预算数（以百分比填报时不等于 100）。

    为什么：资金支出计划是累计数，年底应支出全部预算（docs/domain.md “Money”）；财预〔2015〕88号
    要求目标可行、与预算匹配。
    """

    code = "PG203"
    name = "plan-final-total"
    severity = "error"
    summary = {"zh": "支出计划最终数 ≠ 预算数", "en": "the spend plan does not end at the budget"}
    messages = {
        "default": {
            "zh": "资金支出计划 {label} 为 {amount}，应等于预算数 {total}",
            "en": "the spend plan ends at {label} {amount}, not at 预算数 {total}",
        },
        "percent": {
            "zh": "资金支出计划（%）{label} 为 {amount}，应为 100",
            "en": "the spend plan (%) ends at {label} {amount}, not at 100",
        },
    }
    doc_en = """
    The last filled checkpoint of the cumulative spend plan is not “预算数” (not 100 when the
    plan is in percent).

    Why: the plan is cumulative and by year end the whole budget is spent (docs/domain.md
    "Money"); “财预〔2015〕88号” asks for feasible targets matching the money.
    """

    def check(self, document: Document, options: NoOptions) -> Iterator[Fact[PlanVariant]]:
        for project in document.projects:
            plan = _read_plan(project)
            if plan is None or plan.target is None:
                continue
            last = plan.filled[-1]
            assert last.amount is not None
            if last.amount == plan.target:
                continue
            params: dict[str, object] = {
                "label": last.label,
                "amount": amount_text(last.amount),
                "total": amount_text(plan.target),
            }
            yield plan.fact(params, last, plan.expected(last.label))


class PlanExceedsTotal(Rule):
    """资金支出计划某个时间点超过预算数（以百分比填报时超过 100）。

    为什么：计划支出不能超过预算（docs/domain.md “Money”）；财预〔2015〕88号要求目标可行
    （“可行性”）。
    """

    code = "PG204"
    name = "plan-exceeds-total"
    severity = "error"
    summary = {"zh": "支出计划超过预算数", "en": "the spend plan exceeds the budget"}
    messages = {
        "default": {
            "zh": "资金支出计划 {label} {amount} 超过预算数 {total}",
            "en": "the spend plan at {label} ({amount}) exceeds 预算数 {total}",
        },
        "percent": {
            "zh": "资金支出计划（%）{label} {amount} 超过 100",
            "en": "the spend plan (%) at {label} ({amount}) exceeds 100",
        },
    }
    doc_en = """
    A checkpoint of the spend plan is above “预算数” (above 100 when the plan is in percent).

    Why: a plan cannot spend more than the budget (docs/domain.md "Money"); “财预〔2015〕88号” asks
    for feasible targets.
    """

    def check(self, document: Document, options: NoOptions) -> Iterator[Fact[PlanVariant]]:
        for project in document.projects:
            plan = _read_plan(project)
            if plan is None or plan.target is None:
                continue
            for checkpoint in plan.filled:
                assert checkpoint.amount is not None
                if checkpoint.amount <= plan.target:
                    continue
                bound = "100 (%)" if plan.percent else f"{amount_text(plan.target)} (预算数)"
                params: dict[str, object] = {
                    "label": checkpoint.label,
                    "amount": amount_text(checkpoint.amount),
                    "total": amount_text(plan.target),
                }
                yield plan.fact(params, checkpoint, f"{checkpoint.label} ≤ {bound}")


class PlanUnitMismatch(Rule):
    """资金支出计划的表头写的是（%），但填的是金额：最后一个已填时间点等于预算数（且预算数
    不是 100）。这是常见的模板不一致，只作提示。

    为什么：表头单位与数值不符，读者无法确定是比例还是金额（docs/domain.md “Money”：样本文件
    即如此）。
    """

    code = "PG206"
    name = "plan-unit-mismatch"
    severity = "info"
    summary = {"zh": "支出计划表头为 %，数值却是金额", "en": "plan header says % but holds amounts"}
    messages = {
        "default": {
            "zh": "资金支出计划表头单位为“{unit_label}”，但 {label} {amount} 等于预算数，"
            "数值是金额而不是百分比",
            "en": "the spend plan header says “{unit_label}”, but {label} {amount} equals 预算数: "
            "the values are amounts, not percent",
        }
    }
    doc_en = """
    The spend plan's header says (%) but the values are amounts: the last filled checkpoint
    equals “预算数” (and “预算数” is not 100). A common template inconsistency, noted for
    information.

    Why: a header unit that contradicts the values leaves the reader guessing (docs/domain.md
    "Money": the reference document does this).
    """

    def check(self, document: Document, options: NoOptions) -> Iterator[Fact]:
        for project in document.projects:
            plan = _read_plan(project)
            total = annual_budget(project.budget)
            if plan is None or plan.percent or total is None or total == HUNDRED:
                continue
            if not _says_percent(plan.plan):
                continue
            last = plan.filled[-1]
            assert last.amount is not None
            if last.amount != total:
                continue  # not clearly amounts either: PG203 speaks for it
            unit = project.amount_unit or document.amount_unit or "金额"
            yield Fact(
                params={
                    "unit_label": plan.plan.unit_label or "",
                    "label": last.label,
                    "amount": amount_text(last.amount),
                },
                project=project,
                location=plan.plan.location,
                actual=f"资金支出计划（{plan.plan.unit_label}）",
                expected=f"资金支出计划（{unit}）",
                context=_plan_text(plan.plan),
            )
