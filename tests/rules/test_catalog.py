"""The catalog as a whole, read from the registry: codes and names, options and variants
declared (the messages are exactly the variants a rule's ``check`` declares), and every
rule quiet on clean tables of both frameworks."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import ClassVar, Literal

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from builders import check, document, indicators_2021, project
from perfgoal.cli import app
from perfgoal.model import Document
from perfgoal.options import CodeYearOptions, NoOptions, Options, RuleOptions, options_for
from perfgoal.rules import REGISTRY, rule_by_code
from perfgoal.rules.base import Fact, Lang, Rule, declared_variants


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


@pytest.mark.parametrize("rule", REGISTRY, ids=lambda r: r.code)
def test_the_messages_are_the_declared_variants(rule: type[Rule]) -> None:
    """A rule's ``messages`` has one template per variant its ``check`` declares (the
    ``Literal`` of its ``Fact``s, which mypy holds every fact it yields to), no more, no less."""
    assert set(rule.messages) == declared_variants(rule), rule.code


def test_declared_variants_are_read_from_the_check() -> None:
    assert declared_variants(rule_by_code("PG303")) == {"name", "description"}
    assert declared_variants(rule_by_code("PG108")) == {"default", "nonpositive", "unreadable"}
    assert declared_variants(rule_by_code("PG002")) == {"default"}


class _Undeclared(Rule):
    code = "PG998"
    name = "undeclared"
    messages: ClassVar[dict[str, dict[Lang, str]]] = {
        "default": {"zh": "—", "en": "—"},
        "cost": {"zh": "—", "en": "—"},
    }

    def check(self, document: Document, options: NoOptions) -> Iterator[Fact[Literal["cots"]]]:
        yield Fact(variant="cots")


def test_a_typo_in_a_variant_shows() -> None:
    assert declared_variants(_Undeclared) == {"cots"} != set(_Undeclared.messages)
