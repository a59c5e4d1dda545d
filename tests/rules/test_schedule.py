"""PG209 schedule-reversed and PG311's planned-end case: the smallest input that fires each,
the nearest that must not; and the dates they read."""

from __future__ import annotations

import pytest

from builders import check, document, ind, legacy_indicators, project
from perfgoal.dates import Day, dates_in, is_after
from perfgoal.model import Project


def scheduled(meta: dict[str, str], deadline: str | None = None) -> Project:
    rows = legacy_indicators()
    if deadline is not None:
        rows = [
            ind("产出指标", "时效指标", "项目完成时间", deadline) if i.level2 == "时效指标" else i
            for i in rows
        ]
    p = project(indicators=rows)
    p.meta = meta
    return p


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("2025年3月1日", [Day(2025, 3, 1)]),
        ("2025-03-01", [Day(2025, 3, 1)]),
        ("2025/3/1", [Day(2025, 3, 1)]),
        ("2025.03", [Day(2025, 3)]),
        ("202503", [Day(2025, 3)]),
        ("20251231", [Day(2025, 12, 31)]),
        ("2025年底", [Day(2025, 12)]),
        ("2025年度", [Day(2025)]),
        ("202001-202012", [Day(2020, 1), Day(2020, 12)]),
        ("2025年1月至2025年12月", [Day(2025, 1), Day(2025, 12)]),
        ("2023.07-2024.01", [Day(2023, 7), Day(2024, 1)]),
        ("2025年13月", []),
        ("2024年2月30日", []),
        ("≥2000人次", [Day(2000)]),  # a number that looks like a year: callers filter by kind
        ("按计划完成", []),
    ],
)
def test_dates_in(text: str, days: list[Day]) -> None:
    assert dates_in(text) == days


def test_is_after_is_only_for_certain() -> None:
    assert is_after(Day(2025, 10, 1), Day(2025, 3, 31))
    assert not is_after(Day(2025, 3), Day(2025, 3, 15))  # March may be March 1st
    assert not is_after(Day(2025), Day(2025, 6))


@pytest.mark.parametrize(
    "meta",
    [
        {"计划开始日期": "2025年10月1日", "计划完成日期": "2025年3月31日"},
        {"计划开始日期": "2026-01-01", "计划完成日期": "2025-12-31"},
        {"项目起止时间": "202512-202503"},
        {"项目起止时间": "2025年10月至2025年3月"},
    ],
)
def test_schedule_reversed(meta: dict[str, str]) -> None:
    [finding] = check("PG209", document(scheduled(meta)))
    assert finding.severity == "error"
    assert "is after the planned end" in finding.message


@pytest.mark.parametrize(
    "meta",
    [
        {"计划开始日期": "2025年3月1日", "计划完成日期": "2025年10月31日"},
        {"计划开始日期": "2025年3月", "计划完成日期": "2025年3月15日"},
        {"项目起止时间": "202001-202012"},
        {"项目起止时间": "2025年度"},
        {"计划开始日期": "", "计划完成日期": "2025年3月31日"},
        {"计划开始日期": "尽快", "计划完成日期": "2025年3月31日"},
        {},
    ],
)
def test_schedule_in_order(meta: dict[str, str]) -> None:
    assert check("PG209", document(scheduled(meta))) == []


@pytest.mark.parametrize(
    ("meta", "deadline"),
    [
        ({"计划完成日期": "2025年6月30日"}, "2025年10月底前"),
        ({"项目起止时间": "2025.01-2025.06"}, "2025.03-2025.09"),
    ],
)
def test_deadline_after_the_planned_end(meta: dict[str, str], deadline: str) -> None:
    [finding] = check("PG311", document(scheduled(meta, deadline)))
    assert finding.severity == "info"
    assert "is after the planned end" in finding.message
    assert finding.actual == deadline


@pytest.mark.parametrize(
    ("meta", "deadline"),
    [
        ({"计划完成日期": "2025年6月30日"}, "2025年6月底前"),
        ({"计划完成日期": "2025年6月"}, "2025年6月30日前"),
        ({"计划完成日期": "按进度"}, "2025年10月底前"),
        ({}, "2025年10月底前"),
        ({"计划完成日期": "2025年6月30日"}, "≤30天"),  # not a date
    ],
)
def test_deadline_within_the_plan(meta: dict[str, str], deadline: str) -> None:
    assert check("PG311", document(scheduled(meta, deadline))) == []


def test_a_deadline_after_the_year_is_reported_once() -> None:
    meta = {"计划完成日期": "2025年6月30日"}
    [finding] = check("PG311", document(scheduled(meta, "2026年6月")))
    assert "budget year" in finding.message
