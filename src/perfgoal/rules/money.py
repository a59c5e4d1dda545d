"""PG2xx: money: the budget's arithmetic, the cumulative spend plan, unreadable amounts,
cost indicators against the budget, the whole-department split (DOMAIN.md "Money").

All arithmetic is exact (:class:`~decimal.Decimal`); amounts are compared in the table's
own unit, converting only where a value carries a money unit of its own (PG207)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, localcontext

from perfgoal.model import Budget, Checkpoint, Document, Project, SpendPlan
from perfgoal.options import Options
from perfgoal.rules._common import is_cost, row_text
from perfgoal.rules.base import Fact, Lang, Rule
from perfgoal.values import normalize, parse_amount

HUNDRED = Decimal(100)
_BUDGET_LABELS = {
    "total": "预算数",
    "fiscal": "财政资金",
    "other": "其他资金",
    "basic": "基本支出",
    "project": "项目支出",
}
# Powers of ten of the money units a value or a table may be written in.
_MONEY_EXPONENT = {"元": 0, "千元": 3, "万": 4, "万元": 4, "亿": 8, "亿元": 8}


def _num(value: Decimal) -> str:
    return format(value, "f")


def _budget_label(project: Project, field: str) -> str:
    if field == "total" and project.kind == "department":
        return "资金总额"
    return _BUDGET_LABELS[field]


def _budget_text(project: Project) -> str:
    """The budget block as it reads: ``预算数 4.00 | 财政资金 3.00 | 其他资金 0.50``."""
    budget: Budget = project.budget
    cells = []
    for field in _BUDGET_LABELS:
        amount: Decimal | None = getattr(budget, field)
        text = budget.raw.get(field) or (_num(amount) if amount is not None else None)
        if text is not None:
            cells.append(f"{_budget_label(project, field)} {text.strip()}")
    return " | ".join(cells)


def _checkpoint_text(checkpoint: Checkpoint) -> str:
    if checkpoint.amount is not None:
        return f"{checkpoint.label} {_num(checkpoint.amount)}"
    raw = (checkpoint.raw or "").strip()
    return f"{checkpoint.label} {raw}" if raw else checkpoint.label


def _plan_text(plan: SpendPlan) -> str:
    """``资金支出计划 | 3月底 1.00 | 6月底 2.00 | 10月底 3.00 | 12月底 4.00``."""
    head = f"资金支出计划（{plan.unit_label}）" if plan.unit_label else "资金支出计划"
    return " | ".join([head, *(_checkpoint_text(c) for c in plan.checkpoints)])


def _says_percent(plan: SpendPlan) -> bool:
    label = normalize(plan.unit_label or "")
    return "%" in label or "百分" in label


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
        return HUNDRED if self.percent else self.project.budget.total

    def expected(self, label: str) -> str:
        if self.percent:
            return f"{label} 100 (%)"
        total = self.project.budget.total
        return f"{label} {_num(total)} (= 预算数)" if total is not None else label

    def fact(self, params: dict[str, object], checkpoint: Checkpoint, expected: str) -> Fact:
        return Fact(
            params=params,
            project=self.project,
            location=self.plan.location,
            expected=expected,
            actual=_checkpoint_text(checkpoint),
            context=_plan_text(self.plan),
            variant="percent" if self.percent else "default",
        )


def _read_plan(project: Project) -> _Plan | None:
    """The project's spend plan, or None when it has none or no filled checkpoint."""
    plan = project.spend_plan
    if plan is None:
        return None
    filled = [c for c in plan.checkpoints if c.amount is not None]
    if not filled:
        return None
    total = project.budget.total
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


class BudgetSum(Rule):
    """财政资金与其他资金之和不等于预算数（精确比较，不四舍五入）。

    为什么：预算数（年度资金总额）= 财政资金（财政拨款）+ 其他资金（DOMAIN.md “Money”）；
    对不上说明某个数填错了，财预〔2015〕88号要求目标与预算匹配（“适当性”）。

    反例：
        预算数 4.00 | 财政资金 3.00 | 其他资金 0.50

    正例：
        预算数 4.00 | 财政资金 3.50 | 其他资金 0.50
    """

    code = "PG201"
    name = "budget-sum"
    severity = "error"
    summary = {"zh": "财政资金 + 其他资金 ≠ 预算数", "en": "fiscal + other funds ≠ budget"}
    messages = {
        "default": {
            "zh": "财政资金与其他资金之和 {parts} 不等于预算数 {total}",
            "en": "财政资金 + 其他资金 = {parts}, but 预算数 is {total}",
        }
    }
    doc_en = """
    财政资金 (fiscal funds) plus 其他资金 (other funds) is not 预算数 (the budget), compared
    exactly.

    Why: 预算数 = 财政资金 + 其他资金 (DOMAIN.md "Money"); a mismatch means one figure is
    wrong, and 财预〔2015〕88号 asks that target and money match.

    Bad:
        预算数 4.00 | 财政资金 3.00 | 其他资金 0.50

    Good:
        预算数 4.00 | 财政资金 3.50 | 其他资金 0.50
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        for project in document.projects:
            budget = project.budget
            if budget.total is None or (budget.fiscal is None and budget.other is None):
                continue
            parts = (budget.fiscal or Decimal(0)) + (budget.other or Decimal(0))
            if parts == budget.total:
                continue
            terms = [
                f"{_BUDGET_LABELS[f]} {_num(v)}"
                for f, v in (("fiscal", budget.fiscal), ("other", budget.other))
                if v is not None
            ]
            actual = " + ".join(terms) + (f" = {_num(parts)}" if len(terms) > 1 else "")
            yield Fact(
                params={"parts": _num(parts), "total": _num(budget.total)},
                project=project,
                location=budget.location,
                expected=f"预算数 {_num(budget.total)}",
                actual=actual,
                context=_budget_text(project),
            )


_DECREASING: dict[Lang, str] = {
    "zh": "资金支出计划是累计数，{label} {amount} 低于 {previous_label} {previous}",
    "en": "the spend plan is cumulative, but {label} {amount} is below {previous_label} {previous}",
}


class PlanDecreasing(Rule):
    """累计资金支出计划在某个时间点比前一个已填的时间点还低。

    为什么：资金支出计划按 3月底、6月底、10月底、12月底 累计填报，只增不减（DOMAIN.md
    “Money”）；下降说明填成了当期数或填错了。

    反例：
        资金支出计划 | 3月底 1.00 | 6月底 3.00 | 10月底 2.00 | 12月底 4.00

    正例：
        资金支出计划 | 3月底 1.00 | 6月底 2.00 | 10月底 3.00 | 12月底 4.00
    """

    code = "PG202"
    name = "plan-decreasing"
    severity = "error"
    summary = {"zh": "累计支出计划出现下降", "en": "the cumulative spend plan goes down"}
    messages = {"default": _DECREASING, "percent": _DECREASING}
    doc_en = """
    The cumulative spend plan is lower at a checkpoint than at the previous filled one.

    Why: 资金支出计划 is cumulative (3月底, 6月底, 10月底, 12月底): it never goes down
    (DOMAIN.md "Money"); a drop means per-period figures or a typing slip.

    Bad:
        资金支出计划 | 3月底 1.00 | 6月底 3.00 | 10月底 2.00 | 12月底 4.00

    Good:
        资金支出计划 | 3月底 1.00 | 6月底 2.00 | 10月底 3.00 | 12月底 4.00
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        for project in document.projects:
            plan = _read_plan(project)
            if plan is None:
                continue
            for previous, current in zip(plan.filled, plan.filled[1:], strict=False):
                assert previous.amount is not None and current.amount is not None
                if current.amount < previous.amount:
                    params: dict[str, object] = {
                        "label": current.label,
                        "amount": _num(current.amount),
                        "previous_label": previous.label,
                        "previous": _num(previous.amount),
                    }
                    yield plan.fact(params, current, f"≥ {_checkpoint_text(previous)}")


class PlanFinalTotal(Rule):
    """累计资金支出计划的最后一个已填时间点不等于预算数（以百分比填报时不等于 100）。

    为什么：资金支出计划是累计数，年底应支出全部预算（DOMAIN.md “Money”）；财预〔2015〕88号
    要求目标可行、与预算匹配。

    反例：
        预算数 4.00；资金支出计划 | 3月底 1.00 | 6月底 2.00 | 10月底 3.00 | 12月底 3.00

    正例：
        预算数 4.00；资金支出计划 | 3月底 1.00 | 6月底 2.00 | 10月底 3.00 | 12月底 4.00
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
    The last filled checkpoint of the cumulative spend plan is not 预算数 (not 100 when the
    plan is in percent).

    Why: the plan is cumulative and by year end the whole budget is spent (DOMAIN.md
    "Money"); 财预〔2015〕88号 asks for feasible targets matching the money.

    Bad:
        预算数 4.00; 资金支出计划 | 3月底 1.00 | 6月底 2.00 | 10月底 3.00 | 12月底 3.00

    Good:
        预算数 4.00; 资金支出计划 | 3月底 1.00 | 6月底 2.00 | 10月底 3.00 | 12月底 4.00
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
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
                "amount": _num(last.amount),
                "total": _num(plan.target),
            }
            yield plan.fact(params, last, plan.expected(last.label))


class PlanExceedsTotal(Rule):
    """资金支出计划某个时间点超过预算数（以百分比填报时超过 100）。

    为什么：计划支出不能超过预算（DOMAIN.md “Money”）；财预〔2015〕88号要求目标可行
    （“可行性”）。

    反例：
        预算数 4.00；资金支出计划 | 3月底 1.00 | 6月底 2.00 | 10月底 5.00 | 12月底 4.00

    正例：
        预算数 4.00；资金支出计划 | 3月底 1.00 | 6月底 2.00 | 10月底 3.00 | 12月底 4.00
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
    A checkpoint of the spend plan is above 预算数 (above 100 when the plan is in percent).

    Why: a plan cannot spend more than the budget (DOMAIN.md "Money"); 财预〔2015〕88号 asks
    for feasible targets.

    Bad:
        预算数 4.00; 资金支出计划 | 3月底 1.00 | 6月底 2.00 | 10月底 5.00 | 12月底 4.00

    Good:
        预算数 4.00; 资金支出计划 | 3月底 1.00 | 6月底 2.00 | 10月底 3.00 | 12月底 4.00
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        for project in document.projects:
            plan = _read_plan(project)
            if plan is None or plan.target is None:
                continue
            for checkpoint in plan.filled:
                assert checkpoint.amount is not None
                if checkpoint.amount <= plan.target:
                    continue
                bound = "100 (%)" if plan.percent else f"{_num(plan.target)} (预算数)"
                params: dict[str, object] = {
                    "label": checkpoint.label,
                    "amount": _num(checkpoint.amount),
                    "total": _num(plan.target),
                }
                yield plan.fact(params, checkpoint, f"{checkpoint.label} ≤ {bound}")


def _bad_amount(raw: str | None, value: Decimal | None, unit: str | None) -> str | None:
    """``"unreadable"`` / ``"negative"`` for a bad amount cell; None when it is fine or blank."""
    if raw is None or not raw.strip():
        return None
    if value is None:
        return None if parse_amount(raw, unit).blank else "unreadable"
    return "negative" if value < 0 else None


def _amount_cells(project: Project) -> Iterator[tuple[str, str | None, Decimal | None, Fact]]:
    """Every money cell: (label, raw, value, a Fact carrying its project and location)."""
    budget = project.budget
    for field in _BUDGET_LABELS:
        yield (
            _budget_label(project, field),
            budget.raw.get(field),
            getattr(budget, field),
            Fact(project=project, location=budget.location),
        )
    if project.spend_plan is not None:
        where = Fact(project=project, location=project.spend_plan.location)
        for checkpoint in project.spend_plan.checkpoints:
            yield f"资金支出计划 {checkpoint.label}", checkpoint.raw, checkpoint.amount, where
    for duty in project.duties:
        name = normalize(duty.item or duty.task or duty.function or "")
        label = f"年度履职目标 {name} 预算金额".replace("  ", " ")
        yield label, duty.raw, duty.amount, Fact(project=project, location=duty.location)


class BadAmount(Rule):
    """金额单元格不是非负的数字：预算数、财政资金、其他资金、基本支出、项目支出、资金支出计划
    或年度履职目标的预算金额写成了文字、写错了字符，或为负数。

    为什么：金额要参与核对（预算数 = 财政资金 + 其他资金，累计支出计划等，DOMAIN.md
    “Money”）；读不出的金额无法核对，负数预算没有意义。

    反例：
        预算数 四万元 | 财政资金 4.0O

    正例：
        预算数 4.00 | 财政资金 4.00
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
    An amount cell is not a non-negative number: 预算数, 财政资金, 其他资金, 基本支出,
    项目支出, a spend-plan checkpoint or a 年度履职目标 amount written in words, with a
    wrong character, or negative.

    Why: amounts are checked against each other (预算数 = 财政资金 + 其他资金, the cumulative
    plan; DOMAIN.md "Money"); an unreadable amount cannot be checked, a negative one means
    nothing.

    Bad:
        预算数 四万元 | 财政资金 4.0O

    Good:
        预算数 4.00 | 财政资金 4.00
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        for project in document.projects:
            for label, raw, value, where in _amount_cells(project):
                variant = _bad_amount(raw, value, project.amount_unit)
                if variant is None or raw is None:
                    continue
                text = raw.strip()
                yield Fact(
                    params={"label": label, "raw": text},
                    project=project,
                    location=where.location,
                    actual=text,
                    expected="≥ 0" if variant == "negative" else "数字金额，如 4.00",
                    context=f"{label} {text}",
                    variant=variant,
                )


class PlanUnitMismatch(Rule):
    """资金支出计划的表头写的是（%），但填的是金额：最后一个已填时间点等于预算数（且预算数
    不是 100）。这是常见的模板不一致，只作提示。

    为什么：表头单位与数值不符，读者无法确定是比例还是金额（DOMAIN.md “Money”：样本文件
    即如此）。

    反例：
        预算数 4.00；资金支出计划（%） | 3月底 1.00 | 6月底 2.00 | 10月底 3.00 | 12月底 4.00

    正例：
        预算数 4.00；资金支出计划（%） | 3月底 25 | 6月底 50 | 10月底 75 | 12月底 100
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
    equals 预算数 (and 预算数 is not 100). A common template inconsistency, noted for
    information.

    Why: a header unit that contradicts the values leaves the reader guessing (DOMAIN.md
    "Money": the reference document does this).

    Bad:
        预算数 4.00; 资金支出计划（%） | 3月底 1.00 | 6月底 2.00 | 10月底 3.00 | 12月底 4.00

    Good:
        预算数 4.00; 资金支出计划（%） | 3月底 25 | 6月底 50 | 10月底 75 | 12月底 100
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        for project in document.projects:
            plan = _read_plan(project)
            total = project.budget.total
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
                    "amount": _num(last.amount),
                },
                project=project,
                location=plan.plan.location,
                actual=f"资金支出计划（{plan.plan.unit_label}）",
                expected=f"资金支出计划（{unit}）",
                context=_plan_text(plan.plan),
            )


def _to_unit(value: Decimal, unit: str, table_unit: str | None) -> Decimal | None:
    """``value`` (in money ``unit``) in the table's unit, exactly; None when not comparable."""
    source = _MONEY_EXPONENT.get(unit)
    if source is None:
        return None
    target = _MONEY_EXPONENT.get(table_unit) if table_unit else 4 if source == 4 else None
    if target is None:
        return None
    with localcontext() as ctx:
        ctx.prec = len(value.as_tuple().digits) + abs(source - target) + 2
        return value.scaleb(source - target)


def _plain(value: Decimal) -> str:
    """``Decimal('5.0000')`` -> ``5``; ``500`` stays ``500`` (no exponent)."""
    return format(value.normalize(), "f")


class CostExceedsBudget(Rule):
    """成本指标的金额（换算为本表的金额单位后）超过预算数。区间取上限；百分比与非金额单位
    的指标值不比较。

    为什么：成本指标反映完成产出的资金代价，不应超过项目预算（财预〔2021〕101号；
    财预〔2015〕88号“适当性”：资金与目标相匹配）。

    反例：
        预算数 4.00（万元）；| 产出指标 | 成本指标 | 项目成本 | … | ≤50000元 |

    正例：
        预算数 4.00（万元）；| 产出指标 | 成本指标 | 项目成本 | … | ≤40000元 |
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
    A cost indicator's amount, converted to the table's amount unit, is above 预算数. A
    range is compared by its upper end; values in percent or in non-money units are skipped.

    Why: a cost indicator is what the outputs cost; it cannot exceed the project's budget
    (财预〔2021〕101号; 财预〔2015〕88号: money and target must match).

    Bad:
        预算数 4.00 (万元); | 产出指标 | 成本指标 | 项目成本 | … | ≤50000元 |

    Good:
        预算数 4.00 (万元); | 产出指标 | 成本指标 | 项目成本 | … | ≤40000元 |
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
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
                unit = normalize(value.unit).replace(" ", "")
                converted = _to_unit(amount, unit, table_unit)
                if converted is None or converted <= total:
                    continue
                shown = f"{_plain(converted)} {table_unit or '万元'}"
                yield Fact(
                    params={
                        "name": normalize(indicator.name or ""),
                        "amount": shown,
                        "total": _num(total),
                    },
                    project=project,
                    location=indicator.location,
                    actual=f"{(value.raw or '').strip()} (= {shown})",
                    expected=f"≤ 预算数 {_num(total)} {table_unit or '万元'}",
                    context=row_text(indicator),
                )


def _is_basic(text: str) -> bool:
    return "基本支出" in normalize(text).replace(" ", "")


class DepartmentBudgetSum(Rule):
    """部门整体支出绩效目标表中，资金总额 ≠ 基本支出 + 项目支出；或年度履职目标的预算金额与
    之不符：写明“基本支出”的行之和 ≠ 基本支出，其余行之和 ≠ 项目支出。

    为什么：部门整体的资金总额分为基本支出和项目支出，年度履职目标逐项列出这些资金
    （DOMAIN.md “The documents”）；对不上说明有遗漏或填错。

    反例：
        资金总额 100.00 | 基本支出 60.00 | 项目支出 30.00

    正例：
        资金总额 100.00 | 基本支出 60.00 | 项目支出 40.00
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
    In a whole-department table, 资金总额 ≠ 基本支出 + 项目支出; or the 年度履职目标 amounts
    disagree with that block: the rows naming 基本支出 do not sum to 基本支出, or the other
    rows do not sum to 项目支出.

    Why: a department's total funds split into basic and project spending, and the
    年度履职目标 rows list that money (DOMAIN.md "The documents"); a mismatch means something
    is missing or wrong.

    Bad:
        资金总额 100.00 | 基本支出 60.00 | 项目支出 30.00

    Good:
        资金总额 100.00 | 基本支出 60.00 | 项目支出 40.00
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        for project in document.projects:
            if project.kind != "department":
                continue
            budget, context = project.budget, _budget_text(project)
            if None not in (budget.total, budget.basic, budget.project):
                assert budget.total is not None and budget.basic is not None
                assert budget.project is not None
                parts = budget.basic + budget.project
                if parts != budget.total:
                    yield Fact(
                        params={"parts": _num(parts), "total": _num(budget.total)},
                        project=project,
                        location=budget.location,
                        expected=f"资金总额 {_num(budget.total)}",
                        actual=f"基本支出 {_num(budget.basic)} + 项目支出 "
                        f"{_num(budget.project)} = {_num(parts)}",
                        context=context,
                    )
            yield from _duty_facts(project, context)


def _duty_facts(project: Project, context: str) -> Iterator[Fact]:
    """年度履职目标 sums against 基本支出 / 项目支出 (each only when some row has an amount)."""
    groups: dict[str, list[Decimal]] = {"basic": [], "project": []}
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
            label = _BUDGET_LABELS[field]
            yield Fact(
                params={"parts": _num(parts), "total": _num(expected)},
                project=project,
                expected=f"{label} {_num(expected)}",
                actual=f"年度履职目标（{label}）合计 {_num(parts)}",
                context=context,
                variant=f"duties_{field}",
            )
