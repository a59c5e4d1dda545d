"""PG209, PG311: the project's schedule (计划开始日期 / 计划完成日期 / 项目起止时间, kept in
``Project.meta``) and the deadlines of its 时效指标 against it and against the budget year."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from perfgoal.dates import Day, dates_in, first_date, is_after, last_date
from perfgoal.messages import message
from perfgoal.model import Document, Indicator, Project
from perfgoal.options import NoOptions, YearOptions
from perfgoal.rules._common import budget_year, indicators, level2_key
from perfgoal.rules._indicator import (
    DEADLINE_YEAR_RE,
    indicator_fact,
    is_date_range,
    raw_value,
)
from perfgoal.rules.base import Fact, Rule
from perfgoal.values import text_key

START, END, SPAN = "计划开始日期", "计划完成日期", "项目起止时间"


def planned_start(project: Project) -> Day | None:
    if START in project.meta:
        return first_date(project.meta[START])
    return first_date(project.meta.get(SPAN))


def planned_end(project: Project) -> Day | None:
    """计划完成日期, else the end of 项目起止时间 when it gives two dates."""
    if END in project.meta:
        return last_date(project.meta[END])
    span = dates_in(project.meta.get(SPAN))
    return span[-1] if len(span) >= 2 else None


def _schedule_text(project: Project) -> str:
    cells = [f"{name} {project.meta[name]}" for name in (START, END, SPAN) if name in project.meta]
    return " | ".join(cells)


class ScheduleReversed(Rule):
    """计划开始日期晚于计划完成日期（或项目起止时间的起点晚于终点）。

    为什么：项目实施期是绩效目标“可行性”的一部分（财预〔2015〕88号）；开始晚于完成的计划
    无法执行，多半是年份或月份填反、填错。日期缺月、缺日时按最宽松的理解比较（只在必然
    颠倒时报告）。
    """

    code = "PG209"
    name = "schedule-reversed"
    severity = "error"
    summary = {"zh": "计划开始日期晚于计划完成日期", "en": "the planned start is after the end"}
    messages = {
        "default": {
            "zh": "计划开始日期 {start} 晚于计划完成日期 {end}",
            "en": "the planned start {start} is after the planned end {end}",
        }
    }
    doc_en = """
    The planned start (“计划开始日期”, or the start of “项目起止时间”) is after the planned end
    (“计划完成日期”, or the end of “项目起止时间”).

    Why: the implementation period is part of a target's feasibility (“财预〔2015〕88号”); a
    plan that ends before it starts cannot be carried out, and is usually a year or month
    typed the wrong way round. Dates without month or day are compared as loosely as they
    allow (reported only when certainly reversed).
    """

    def check(self, document: Document, options: NoOptions) -> Iterator[Fact]:
        for project in document.projects:
            start, end = planned_start(project), planned_end(project)
            if start is None or end is None or not is_after(start, end):
                continue
            yield Fact(
                params={"start": start.text(), "end": end.text()},
                project=project,
                expected=message("fact.start-by", end=end.text()),
                actual=f"{START} {start.text()}",
                context=_schedule_text(project),
            )


def _deadline(indicator: Indicator) -> Day | None:
    """The last date a 时效 value names (a date text, or a range of year.month)."""
    value = indicator.value
    if value.kind != "qualitative" and not is_date_range(value):
        return None
    return last_date(value.raw)


class DeadlineOutsideYear(Rule):
    """时效指标的日期或区间终点晚于预算年度（如 2025 年的表写“2026年6月”或
    “2025.07-2026.01”），或晚于表中的计划完成日期（项目起止时间的终点）。预算年度取配置的
    ``year``，否则取文档年度；未知时不比较年度。

    为什么：财预〔2015〕88号的“可行性”要求目标能在预算年度内、按计划完成；时效目标落在
    下一年或计划完成之后，说明资金将跨年使用，或目标、计划有一处写错了。
    """

    code = "PG311"
    name = "deadline-outside-year"
    severity = "info"
    summary = {"zh": "时效指标晚于预算年度", "en": "a deadline after the budget year"}
    messages = {
        "default": {
            "zh": "时效指标值“{value}”晚于预算年度 {budget_year} 年",
            "en": "deadline “{value}” is after the budget year {budget_year}",
        },
        "plan": {
            "zh": "时效指标值“{value}”晚于计划完成日期 {end}",
            "en": "deadline “{value}” is after the planned end {end}",
        },
    }
    options = YearOptions
    doc_en = """
    A “时效” (timeliness) indicator whose date, or the end of its range, falls after the
    budget year (a 2025 table saying "2026年6月" or "2025.07-2026.01"), or after the
    table's planned end (“计划完成日期”, the end of “项目起止时间”). The budget year is the
    configured ``year``, else the document's; unknown, the year is not compared.

    Why: “财预〔2015〕88号” (feasibility) asks for targets that can be met within the budget
    year and the plan; a deadline in the next year or after the planned end means the money
    will be spent late, or the target or the plan is wrong.
    """

    def check(
        self, document: Document, options: YearOptions
    ) -> Iterator[Fact[Literal["default", "plan"]]]:
        year = budget_year(document, options)
        for project, indicator in indicators(document):
            if level2_key(indicator.level2) != "时效":
                continue
            raw = raw_value(indicator)
            text = text_key(indicator.value.raw)
            years = [int(y) for y in DEADLINE_YEAR_RE.findall(text)]
            if year is not None and years and max(years) > year:
                params = {"value": raw, "budget_year": year}
                yield indicator_fact(
                    project,
                    indicator,
                    params,
                    actual=raw,
                    expected=message("fact.within-year", year=year),
                )
                continue
            end, deadline = planned_end(project), _deadline(indicator)
            if end is not None and deadline is not None and is_after(deadline, end):
                params = {"value": raw, "end": end.text()}
                expected = f"不晚于 {end.text()}"
                yield indicator_fact(
                    project, indicator, params, variant="plan", actual=raw, expected=expected
                )
