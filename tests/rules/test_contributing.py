"""CONTRIBUTING.md's worked example is all a rule needs: its class, taken from the file and
added to a temporary registry, with its fixture in a temporary folder, is selected,
explained and run by the fixtures test like every rule."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from test_examples import cases, findings_of
from typer.testing import CliRunner

from perfgoal.cli import app
from perfgoal.rules import REGISTRY, known, rule_by_code, selects
from perfgoal.rules.base import Rule
from perfgoal.rules.examples import text_export

GUIDE = Path(__file__).resolve().parents[2] / "CONTRIBUTING.md"


def _block(language: str) -> str:
    blocks = re.findall(rf"```{language}\n(.*?)```", GUIDE.read_text("utf-8"), re.S)
    assert len(blocks) == 1, f"one {language} block in CONTRIBUTING.md"
    return str(blocks[0])


@pytest.fixture
def example_rule(tmp_path: Path) -> Iterator[type[Rule]]:
    namespace: dict[str, object] = {}
    # the imports of a family module (rules/value_form.py)
    exec(
        "from collections.abc import Iterator\n"
        "from perfgoal.model import Document\n"
        "from perfgoal.options import NoOptions\n"
        "from perfgoal.rules._indicator import indicator_fact\n"
        "from perfgoal.rules.base import Fact, Rule\n" + _block("python"),
        namespace,
    )
    rule = namespace["LongIndicatorName"]
    assert isinstance(rule, type) and issubclass(rule, Rule)
    (tmp_path / f"{rule.code}.yaml").write_text(_block("yaml"), "utf-8")
    rule.examples_folder = tmp_path
    REGISTRY.append(rule)  # the registry line
    try:
        yield rule
    finally:
        REGISTRY.remove(rule)


def test_the_selector_knows_it(example_rule: type[Rule]) -> None:
    assert known("PG312") and known("long-indicator-name")
    assert selects("PG31*", example_rule)
    assert rule_by_code("pg312") is rule_by_code("long-indicator-name") is example_rule


def test_explain_shows_its_examples(example_rule: type[Rule]) -> None:
    expected = {"zh": ("反例：", "正例：", "→ 三级指标名称"), "en": ("Bad:", "→ indicator")}
    for lang, words in expected.items():
        result = CliRunner().invoke(app, ["explain", "PG312", "--lang", lang])
        assert result.exit_code == 0, result.output
        assert "long-indicator-name" in result.stdout
        for word in words:
            assert word in result.stdout


def test_the_fixtures_test_runs_it(example_rule: type[Rule], tmp_path: Path) -> None:
    mine = [(kind, example) for rule, kind, example in cases(REGISTRY) if rule is example_rule]
    assert [kind for kind, _ in mine] == ["bad", "good"]
    for _, example in mine:
        assert findings_of(example_rule, example, tmp_path) == list(example.findings)


def test_validate_selects_and_ignores_it(example_rule: type[Rule], tmp_path: Path) -> None:
    examples = example_rule.examples()
    assert examples is not None
    draft = tmp_path / "draft.txt"
    draft.write_text(text_export(examples.bad[0].table or ""), "utf-8")
    expected: Mapping[str, str] = examples.bad[0].findings[0]
    base = ["validate", str(draft), "--no-cache", "-j", "1", "--format", "concise"]
    found = CliRunner().invoke(app, [*base, "--select", "PG312"])
    assert "PG312" in found.stdout and expected["zh"] in found.stdout, found.output
    ignored = CliRunner().invoke(app, [*base, "--ignore", "long-indicator-name"])
    assert "PG312" not in ignored.stdout, ignored.output
