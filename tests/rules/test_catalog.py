"""The catalog as a whole: codes and names as the registry lists them, and every rule quiet on
clean tables of both frameworks."""

from __future__ import annotations

import inspect
import re
from decimal import Decimal

import pytest
from pydantic import ValidationError

from builders import check, document, indicators_2021, project
from perfgoal.options import CodeYearOptions, Options, RuleOptions, options_for
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


@pytest.mark.parametrize("rule", REGISTRY, ids=lambda r: r.code)
def test_options_are_a_model_the_configuration_sets(rule: type[Rule]) -> None:
    """Each rule declares its options as a model (unknown keys refused); every field is one
    of the configuration's, with the same default, so ``options:`` in a config reaches it."""
    model = rule.options
    assert issubclass(model, RuleOptions)
    assert model.model_config.get("extra") == "forbid"
    with pytest.raises(ValidationError):
        model.model_validate({"no_such_option": 1})
    defaults = Options()
    for name, info in model.model_fields.items():
        assert name in Options.model_fields, f"{rule.code}: {name} is not a configuration option"
        assert info.get_default(call_default_factory=True) == getattr(defaults, name)


def test_every_configuration_option_is_read_by_a_rule() -> None:
    read = {name for rule in REGISTRY for name in rule.options.model_fields}
    assert read == set(Options.model_fields)


def test_a_rule_gets_only_the_options_it_declares() -> None:
    given = options_for(CodeYearOptions, Options(year=2031, satisfaction_min=Decimal(95)))
    assert type(given) is CodeYearOptions
    assert given.year == 2031
    assert not hasattr(given, "satisfaction_min")


def _variants_named(source: str) -> set[str]:
    """The variant names a rule's source writes: the string literals of each line that
    sets ``variant`` (``variant="cost"``, ``variant = "a" if … else "b"``)."""
    names: set[str] = set()
    for line in source.splitlines():
        found = re.search(r"\bvariant\s*=(?!=)", line)
        if found and 'f"' not in line:
            rest = re.split(r",\s*\w+=", line[found.end() :])[0]
            names |= set(re.findall(r"""["']([\w-]+)["']""", rest))
    return names


@pytest.mark.parametrize("rule", REGISTRY, ids=lambda r: r.code)
def test_the_messages_cover_every_variant(rule: type[Rule]) -> None:
    """A Fact's variant names one of its rule's message templates: a variant the rule's
    source writes without a template would fail only when that finding is rendered."""
    named = _variants_named(inspect.getsource(rule))
    assert named <= set(rule.messages), f"{rule.code}: no message for {named - set(rule.messages)}"


def test_the_variant_scan_sees_variants() -> None:
    assert _variants_named(inspect.getsource(rule_by_code("PG303"))) >= {"name", "description"}
    assert _variants_named('    variant = "a" if x else "b"\n') == {"a", "b"}
