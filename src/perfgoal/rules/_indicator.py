"""Helpers shared by the 指标值 rules (PG3xx): how reviewers compare texts, and a fact about
one indicator row."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import TypeVar, overload

from perfgoal.messages import Message
from perfgoal.model import Indicator, IndicatorValue, Operator, Project
from perfgoal.rules._common import (
    row_text,
)
from perfgoal.rules.base import Fact
from perfgoal.values import decimal_text, text_key

NUMERIC_KINDS = ("quantitative", "range")
OPERATOR_SYMBOL: dict[Operator, str] = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}
FLIPPED: dict[Operator, Operator] = {">=": "<=", ">": "<", "<=": ">=", "<": ">", "=": "="}
_YEAR_MONTH_RE = re.compile(r"20[0-9]{2}\.(?:0?[1-9]|1[0-2])")
# A year in a deadline: 2026年…, 2026.06, 2026-06, 2026/06, or the year alone.
DEADLINE_YEAR_RE = re.compile(r"(?<![0-9.])(20[0-9]{2})(?=年|[./-][0-9]|$)")


def compare_key(text: str | None) -> str:
    """Text as reviewers compare it: :func:`~perfgoal.values.text_key`, no trailing 。."""
    return text_key(text).rstrip("。")


def raw_value(indicator: Indicator) -> str:
    return (indicator.value.raw or "").strip()


def is_year_month(value: Decimal | None) -> bool:
    return value is not None and _YEAR_MONTH_RE.fullmatch(decimal_text(value)) is not None


def is_fraction(indicator: Indicator) -> bool:
    """PG309's case: a 率/度 indicator written as a bare fraction (``0.9`` for 90%)."""
    value = indicator.value
    return (
        compare_key(indicator.name).endswith(("率", "度"))
        and value.kind == "quantitative"
        and value.unit is None
        and value.number is not None
        and 0 < value.number <= 1
    )


V = TypeVar("V", bound=str)


@overload
def indicator_fact(
    project: Project,
    indicator: Indicator,
    params: Mapping[str, object],
    *,
    actual: str | Message | None = None,
    expected: str | Message | None = None,
) -> Fact: ...


@overload
def indicator_fact(
    project: Project,
    indicator: Indicator,
    params: Mapping[str, object],
    *,
    variant: V,
    actual: str | Message | None = None,
    expected: str | Message | None = None,
) -> Fact[V]: ...


def indicator_fact(
    project: Project,
    indicator: Indicator,
    params: Mapping[str, object],
    *,
    variant: str = "default",
    actual: str | Message | None = None,
    expected: str | Message | None = None,
) -> Fact[str]:
    """A fact about one indicator row: its location, the row as context (of the variant the
    caller's rule declares)."""
    return Fact(
        params=dict(params),
        project=project,
        location=indicator.location,
        expected=expected,
        actual=actual,
        context=row_text(indicator),
        variant=variant,
    )


def is_date_range(value: IndicatorValue) -> bool:
    return value.kind == "range" and is_year_month(value.number) and is_year_month(value.upper)
