"""Re-exports of :mod:`perfgoal.framework` for the rule modules."""

from perfgoal.framework import (
    COST_LEVEL2,
    FRAMEWORK_2021,
    LEGACY,
    Framework,
    budget_year,
    framework_of,
    indicators,
    is_cost,
    is_satisfaction,
    level2_key,
    level_key,
    row_text,
    table_for,
    tier_label,
)

__all__ = [
    "COST_LEVEL2",
    "FRAMEWORK_2021",
    "LEGACY",
    "Framework",
    "budget_year",
    "framework_of",
    "indicators",
    "is_cost",
    "is_satisfaction",
    "level2_key",
    "level_key",
    "row_text",
    "table_for",
    "tier_label",
]
