"""The catalog as a whole: codes and names as the registry lists them, and every rule quiet on
clean tables of both frameworks."""

from __future__ import annotations

import pytest

from builders import check, document, indicators_2021, project
from perfgoal.rules import REGISTRY, rule_by_code
from perfgoal.rules.base import Rule

SPEC_CATALOG = {
    "PG001": "unreadable-input",
    "PG002": "no-target-table",
    "PG003": "unparsed-content",
    "PG004": "skipped-tables",  # added with the PDF/Excel/HTML readers (issue 10)
    "PG101": "missing-field",
    "PG102": "missing-level1",
    "PG103": "missing-level2",
    "PG104": "misplaced-level2",
    "PG105": "unknown-category",
    "PG106": "empty-indicator",
    "PG107": "duplicate-indicator",
    "PG108": "weight-sum",
    "PG201": "budget-sum",
    "PG202": "plan-decreasing",
    "PG203": "plan-final-total",
    "PG204": "plan-exceeds-total",
    "PG205": "bad-amount",
    "PG206": "plan-unit-mismatch",
    "PG207": "cost-exceeds-budget",
    "PG208": "department-budget-sum",
    "PG209": "schedule-reversed",
    "PG301": "malformed-value",
    "PG302": "percent-out-of-range",
    "PG303": "value-echoes-name",
    "PG304": "not-measurable",
    "PG305": "satisfaction-threshold",
    "PG306": "basis-unrecognized",
    "PG307": "missing-unit",
    "PG308": "placeholder-value",
    "PG309": "percent-as-fraction",
    "PG310": "operator-conflict",
    "PG311": "deadline-outside-year",
    "PG401": "bad-project-code",
    "PG402": "code-year-mismatch",
    "PG403": "duplicate-project-code",
    "PG404": "unit-mismatch",
    "PG405": "project-nature-unknown",
    "PG501": "overview-unmatched",
    "PG502": "duplicate-goal",
    "PG999": "internal-error",  # the engine's own bugs, a registry entry since issue 11
}


def test_catalog_matches_the_spec() -> None:
    assert {rule.code: rule.name for rule in REGISTRY} == SPEC_CATALOG
    assert [rule.code for rule in REGISTRY] == sorted(SPEC_CATALOG)


@pytest.mark.parametrize("rule", REGISTRY, ids=lambda r: r.code)
def test_lookup_by_code_and_name(rule: type[Rule]) -> None:
    assert rule_by_code(rule.code) is rule_by_code(rule.name) is rule_by_code(rule.code.lower())


@pytest.mark.parametrize("rule", REGISTRY, ids=lambda r: r.code)
def test_quiet_on_a_clean_legacy_table(rule: type[Rule]) -> None:
    assert check(rule.code, document()) == []


@pytest.mark.parametrize("rule", REGISTRY, ids=lambda r: r.code)
def test_quiet_on_a_clean_2021_table(rule: type[Rule]) -> None:
    assert check(rule.code, document(project(indicators=indicators_2021()))) == []
