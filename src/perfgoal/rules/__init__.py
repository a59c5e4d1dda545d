"""The rule catalog: an explicit registry, in code order (docs/rules.md).

Codes and names are stable; a rule is added by writing its class in the family module,
listing it here and writing its examples (rules/examples/CODE.yaml): CONTRIBUTING.md.
"""

from __future__ import annotations

import fnmatch

from perfgoal.rules.base import Rule
from perfgoal.rules.codes import (
    BadProjectCode,
    CodeYearMismatch,
    DuplicateProjectCode,
    ProjectNatureUnknown,
    UnitMismatch,
)
from perfgoal.rules.department import DepartmentBudgetSum
from perfgoal.rules.indicator_values import (
    BasisUnrecognized,
    NotMeasurable,
    OperatorConflict,
    SatisfactionThreshold,
    ValueEchoesName,
)
from perfgoal.rules.input import (
    InternalError,
    NoTargetTable,
    SkippedTables,
    UnparsedContent,
    UnreadableInput,
)
from perfgoal.rules.money import BadAmount, BudgetSum, CostExceedsBudget
from perfgoal.rules.overview import DuplicateGoal, OverviewUnmatched
from perfgoal.rules.plan import (
    PlanDecreasing,
    PlanExceedsTotal,
    PlanFinalTotal,
    PlanUnitMismatch,
)
from perfgoal.rules.schedule import DeadlineOutsideYear, ScheduleReversed
from perfgoal.rules.structure import DuplicateIndicator, EmptyIndicator, MissingField, WeightSum
from perfgoal.rules.tiers import MisplacedLevel2, MissingLevel1, MissingLevel2, UnknownCategory
from perfgoal.rules.value_form import (
    MalformedValue,
    MissingUnit,
    PercentAsFraction,
    PercentOutOfRange,
    PlaceholderValue,
)

REGISTRY: list[type[Rule]] = sorted(
    [
        UnreadableInput,
        NoTargetTable,
        UnparsedContent,
        SkippedTables,
        MissingField,
        MissingLevel1,
        MissingLevel2,
        MisplacedLevel2,
        UnknownCategory,
        EmptyIndicator,
        DuplicateIndicator,
        WeightSum,
        BudgetSum,
        PlanDecreasing,
        PlanFinalTotal,
        PlanExceedsTotal,
        BadAmount,
        PlanUnitMismatch,
        CostExceedsBudget,
        DepartmentBudgetSum,
        ScheduleReversed,
        MalformedValue,
        PercentOutOfRange,
        ValueEchoesName,
        NotMeasurable,
        SatisfactionThreshold,
        BasisUnrecognized,
        MissingUnit,
        PlaceholderValue,
        PercentAsFraction,
        OperatorConflict,
        DeadlineOutsideYear,
        BadProjectCode,
        CodeYearMismatch,
        DuplicateProjectCode,
        UnitMismatch,
        ProjectNatureUnknown,
        OverviewUnmatched,
        DuplicateGoal,
        InternalError,
    ],
    key=lambda rule: rule.code,
)


def selects(pattern: str, rule: type[Rule]) -> bool:
    """Whether ``pattern`` names ``rule``: its code (any case), its name, or a glob of
    either (``PG3*``, ``*-sum``). The one selector of configuration and command line."""
    p = pattern.strip()
    return fnmatch.fnmatchcase(rule.code, p.upper()) or fnmatch.fnmatchcase(rule.name, p.lower())


def known(pattern: str) -> bool:
    """Whether ``pattern`` names at least one rule."""
    return any(selects(pattern, rule) for rule in REGISTRY)


def rule_by_code(code: str) -> type[Rule]:
    """The rule with this code or name (case-insensitive code); KeyError if none. (Read
    from :data:`REGISTRY` at each call: a test may add a rule to it.)"""
    for rule in REGISTRY:
        if code.upper() == rule.code or code.lower() == rule.name:
            return rule
    raise KeyError(code)


__all__ = ["REGISTRY", "Rule", "known", "rule_by_code", "selects"]
