"""Every rule's bad and good examples (src/perfgoal/rules/examples/CODE.yaml) run: each
input (a table read as a text export, or a whole file) is checked through
:func:`perfgoal.validate` and gives exactly the fixture's findings of its rule, in both
languages. The same examples are what ``explain`` and docs/rules.md show."""

from __future__ import annotations

import contextlib
import inspect
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import perfgoal
from perfgoal.config import Config
from perfgoal.rules import REGISTRY
from perfgoal.rules.base import Lang, Rule
from perfgoal.rules.examples import Example, text_export
from test_engine import Crashing

ROOT = Path(__file__).resolve().parents[2]


# The rule an ``inject: failing-rule`` example runs with: test_engine's always-crashing
# rule, its check compiled under the module name the fixture's message shows (the engine
# names the line where the exception was raised).
_FAILING = "def check(self, document, options):\n    raise ZeroDivisionError('division by zero')\n"
_namespace: dict[str, object] = {}
exec(compile(_FAILING, "failing_rule.py", "exec"), _namespace)
FailingRule = type("FailingRule", (Crashing,), {"check": _namespace["check"]})


@contextlib.contextmanager
def injected(example: Example) -> Iterator[list[str]]:
    """The registry with the example's injection in it; yields the extra codes to select."""
    if example.inject is None:
        yield []
        return
    REGISTRY.append(FailingRule)
    try:
        yield [FailingRule.code]
    finally:
        REGISTRY.remove(FailingRule)


def findings_of(rule: type[Rule], example: Example, folder: Path) -> list[dict[Lang, str]]:
    """The findings of ``rule`` on the example's input (written into ``folder``, checked
    through the API as the CLI checks a file), each in both languages (a finding's
    fingerprint does not depend on the language)."""
    name, data = example.input()
    path = folder / name
    path.write_bytes(data)
    with injected(example) as extra:
        config = Config(select=[rule.code, *extra])
        found = {
            lang: [
                f
                for report in perfgoal.validate([path], jobs=1, config=config, lang=lang)
                for f in report.findings
                if f.rule in (rule.code, "PG999")
            ]
            for lang in ("zh", "en")
        }
    english = {f.fingerprint: f.message for f in found["en"]}
    assert len(english) == len(found["en"]) == len(found["zh"])
    return [{"zh": f.message, "en": english[f.fingerprint]} for f in found["zh"]]


def cases(registry: list[type[Rule]]) -> list[tuple[type[Rule], str, Example]]:
    out = []
    for rule in registry:
        examples = rule.examples()
        if examples is not None:
            out += [(rule, "bad", example) for example in examples.bad]
            out += [(rule, "good", example) for example in examples.good]
    return out


CASES = cases(REGISTRY)


@pytest.mark.parametrize(
    ("rule", "kind", "example"),
    CASES,
    ids=[f"{rule.code}-{kind}{i}" for i, (rule, kind, _) in enumerate(CASES)],
)
def test_the_example_gives_its_findings(
    rule: type[Rule], kind: str, example: Example, tmp_path: Path
) -> None:
    assert bool(example.findings) == (kind == "bad"), "a bad example finds, a good one not"
    assert findings_of(rule, example, tmp_path) == list(example.findings)


def test_every_rule_has_examples_written_once() -> None:
    """Every rule has a fixture with a bad and a good example, and no examples of its own
    in its docstrings (the fixture's are shown)."""
    with_fixture = {rule.code for rule, _, _ in CASES}
    assert with_fixture == {rule.code for rule in REGISTRY}
    for rule in REGISTRY:
        own = inspect.cleandoc(rule.__doc__ or "") + inspect.cleandoc(rule.doc_en)
        assert "反例" not in own and "Bad:" not in own, rule.code
        assert "反例：" in rule.doc("zh") and "Bad:" in rule.doc("en")


def test_a_failing_rule_outside_the_examples_is_not_registered() -> None:
    assert FailingRule not in REGISTRY


def test_a_table_becomes_the_text_export_the_reader_reads() -> None:
    table = "标题\n| 项目名称 | 示例 |\n|  | 用途 |"
    assert text_export(table) == "标题\n\n\t项目名称\n\t示例\n\n\t\n\t用途\n"


def _perfgoal(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfgoal", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=60,
    )


def test_a_file_example_is_what_validate_reports(tmp_path: Path) -> None:
    """The PNG renamed .docx of PG001's fixture, as a user runs it: the fixture's message."""
    examples = REGISTRY[0].examples()
    assert examples is not None and REGISTRY[0].code == "PG001"
    picture = next(e for e in examples.bad if e.file and e.file.name.endswith(".png.docx"))
    name, data = picture.input()
    (tmp_path / name).write_bytes(data)
    run = _perfgoal("validate", tmp_path / name, "--no-cache", "-j", "1", "--format", "concise")
    assert run.returncode == 1, run.stderr
    assert picture.findings[0]["zh"] in run.stdout


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explain_shows_a_file_example_by_name_not_bytes(lang: Lang) -> None:
    run = _perfgoal("explain", "PG001", "--lang", lang)
    assert run.returncode == 0, run.stderr
    png = {
        "zh": "扫描件.png.docx：改名为 .docx 的 PNG 图片",
        "en": "扫描件.png.docx: a PNG picture",
    }
    assert png[lang] in run.stdout
    assert "iVBORw0KGgo" not in run.stdout and "<table>" not in run.stdout


def test_sarif_help_shows_a_file_example_by_name_not_bytes(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("关于报送2025年绩效目标的说明\n", "utf-8")
    run = _perfgoal("validate", draft, "--no-cache", "-j", "1", "--format", "sarif")
    rules = {r["id"]: r for r in json.loads(run.stdout)["runs"][0]["tool"]["driver"]["rules"]}
    help_text = rules["PG001"]["help"]["text"]
    assert "扫描件.png.docx：改名为 .docx 的 PNG 图片" in help_text
    assert "iVBORw0KGgo" not in help_text
    assert "部门预算.html：" in rules["PG004"]["help"]["text"]
    assert "<table>" not in rules["PG004"]["help"]["text"]
