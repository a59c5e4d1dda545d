"""The engine: a rule's bug never stops the others; severities and order."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from typer.testing import CliRunner

from builders import config, document, project
from perfgoal import engine
from perfgoal.cli import app
from perfgoal.model import Document
from perfgoal.options import Options
from perfgoal.rules import REGISTRY, rule_by_code
from perfgoal.rules.base import Fact, Lang, Rule

SEED = Path(__file__).resolve().parent.parent / "samples" / "cangzhou-2025.txt"


class Crashing(Rule):
    """测试用：总是出错的规则。反例： 无 正例： 无"""

    code = "PG990"
    name = "always-crashes"
    severity = "warning"
    summary: ClassVar[dict[Lang, str]] = {"zh": "测试", "en": "test"}
    messages: ClassVar[dict[str, dict[Lang, str]]] = {"default": {"zh": "—", "en": "—"}}

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        raise ZeroDivisionError("division by zero in a rule")


def test_a_crashing_rule_becomes_a_finding_and_others_still_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(engine, "REGISTRY", [*REGISTRY, Crashing])
    doc = document(project(plan=("1.00", "2.00", "3.00", "3.00")))
    findings = engine.check_document(doc, config(), "en")
    codes = [f.rule for f in findings]
    assert "PG203" in codes
    crash = next(f for f in findings if f.rule == "PG999")
    assert crash.severity == "error"
    assert "PG990" in crash.message and "ZeroDivisionError" in crash.message


def test_debug_re_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "REGISTRY", [*REGISTRY, Crashing])
    with pytest.raises(ZeroDivisionError):
        engine.check_document(document(), config(), "en", debug=True)


def test_cli_reports_a_crash_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "REGISTRY", [*REGISTRY, Crashing])
    result = CliRunner().invoke(app, ["validate", str(SEED), "--format", "text", "-j", "1"])
    assert result.exit_code == 3  # perfgoal's own bug: the report is complete, the code says so
    assert "PG999" in result.stdout and "Traceback" not in result.output
    assert "internal error" in result.stderr and "--debug" in result.stderr


def test_clean_document_has_no_findings() -> None:
    assert engine.check_document(document(), config(), "zh") == []


def test_severity_override_and_sorting() -> None:
    doc = document(
        project(1, plan=("1.00", "2.00", "3.00", "3.00")),
        project(
            2,
            code="13091625P00024210001X",
            total="5.00",
            fiscal="4.00",
            plan=("1.00", "2.00", "3.00", "5.00"),
        ),
    )
    findings = engine.check_document(doc, config(severity={"PG203": "warning"}), "zh")
    assert [(f.project.seq if f.project else None, f.rule) for f in findings] == [
        (1, "PG203"),
        (2, "PG201"),
    ]
    assert findings[0].severity == "warning" and findings[1].severity == "error"
    assert findings[0].fingerprint and findings[0].fingerprint != findings[1].fingerprint


def test_a_huge_cell_is_cut_in_the_message_and_context() -> None:
    from builders import ind, legacy_indicators

    rows = legacy_indicators()
    rows[1] = ind("产出指标", "质量指标", None, "x" * 1_000_000)
    findings = engine.check_document(document(project(indicators=rows)), config(), "zh")
    assert findings and all(len(f.message) < 1000 for f in findings)
    assert all(f.context is None or len(f.context) < 4100 for f in findings)


def test_a_glob_in_the_configuration_sets_the_severity_of_every_rule_it_names(
    tmp_path: Path,
) -> None:
    sample = Path(__file__).resolve().parent.parent / "samples" / "bad" / "malformed-values.txt"
    (tmp_path / "perfgoal.yaml").write_text(
        'severity:\n  "PG3*": info\n  PG302: error\n', encoding="utf-8"
    )
    runner = CliRunner()
    args = ["validate", str(sample), "--config", str(tmp_path / "perfgoal.yaml")]
    result = runner.invoke(app, [*args, "--format", "json"])
    findings = json.loads(result.stdout)["files"][0]["findings"]
    severities = {f["rule"]: f["severity"] for f in findings if f["rule"].startswith("PG3")}
    assert severities["PG302"] == "error"  # the code itself beats the glob
    assert {s for rule, s in severities.items() if rule != "PG302"} == {"info"}
    assert len(severities) > 3


def test_pg999_is_a_rule_whose_severity_and_ignore_apply(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "REGISTRY", [*REGISTRY, Crashing])
    doc = document()
    [crash] = engine.check_document(doc, config(severity={"internal-error": "warning"}), "en")
    assert (crash.rule, crash.severity) == ("PG999", "warning")
    assert engine.check_document(doc, config(ignore=["PG999"]), "en") == []
    # a select that does not name PG999 never hides a bug
    monkeypatch.setattr("perfgoal.rules.REGISTRY", [*REGISTRY, Crashing])  # PG990 is known
    [selected] = engine.check_document(doc, config(select=["PG990"]), "en")
    assert selected.rule == "PG999" and "PG990" in selected.message


def test_pg999_is_in_the_registry_and_explained() -> None:
    assert rule_by_code("PG999").name == "internal-error"
    result = CliRunner().invoke(app, ["explain", "PG999", "--lang", "en"])
    assert result.exit_code == 0 and "--debug" in result.output


@pytest.mark.parametrize(
    ("lang", "suffix"), [("zh", "…（共 5006 字）"), ("en", "… (5006 characters in all)")]
)
def test_a_long_cell_is_cut_in_the_report_language(lang: Lang, suffix: str) -> None:
    """A 5,000-character 指标值 is shown cut, with its length said in the finding's language;
    the fingerprint does not depend on the language."""
    from perfgoal import api

    text = SEED.read_text(encoding="utf-8").replace("≥90", "≥90" + "x" * 5000, 1)
    doc = api.parse(text.encode(), filename="long.txt")
    cut = [f for f in engine.check_document(doc, config(), lang) if f.actual and "xxx" in f.actual]
    assert cut and all(f.actual and f.actual.endswith(suffix) for f in cut)
    assert all(len(f.actual or "") < 4100 for f in cut)
    chinese = {f.fingerprint for f in engine.check_document(doc, config(), "zh")}
    assert {f.fingerprint for f in cut} <= chinese
