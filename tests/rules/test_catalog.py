"""The catalog as a whole, read from the registry: codes and names, options and variants
declared, and every rule quiet on clean tables of both frameworks."""

from __future__ import annotations

import inspect
import json
import re
from decimal import Decimal

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from builders import check, document, indicators_2021, project
from perfgoal.cli import app
from perfgoal.options import CodeYearOptions, Options, RuleOptions, options_for
from perfgoal.rules import REGISTRY, rule_by_code
from perfgoal.rules.base import Rule


def test_the_registry_is_a_catalog() -> None:
    """Codes PGnnn and kebab-case names, each once, in code order; the hundreds name the
    family (0 input, 1 structure, 2 money, 3 values, 4 codes, 5 overview, 9 perfgoal)."""
    codes = [rule.code for rule in REGISTRY]
    names = [rule.name for rule in REGISTRY]
    assert codes == sorted(set(codes))
    assert len(set(names)) == len(names)
    for rule in REGISTRY:
        assert re.fullmatch(r"PG[0-59]\d\d", rule.code), rule.code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.name), rule.name
        assert rule.severity in ("error", "warning", "info")
        assert rule.summary["zh"] and rule.summary["en"]


def test_the_rules_command_lists_the_registry() -> None:
    result = CliRunner().invoke(app, ["rules", "--format", "json", "--lang", "en"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert [(r["code"], r["name"], r["severity"]) for r in listed] == [
        (rule.code, rule.name, rule.severity) for rule in REGISTRY
    ]
    assert [r["options"] for r in listed] == [list(rule.options.model_fields) for rule in REGISTRY]


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
