"""Every rule's bad and good examples (src/perfgoal/rules/examples/CODE.yaml) run: each
table, read as a text export and parsed, gives exactly the fixture's findings of its rule,
in both languages. The same examples are what ``explain`` and docs/rules.md show."""

from __future__ import annotations

import inspect

import pytest

import perfgoal
from perfgoal.config import Config
from perfgoal.rules import REGISTRY
from perfgoal.rules.base import Lang, Rule
from perfgoal.rules.examples import Example, text_export


def findings_of(rule: type[Rule], table: str) -> list[dict[Lang, str]]:
    """The findings of ``rule`` on ``table`` (and any internal error), each in both
    languages (a finding's fingerprint does not depend on the language)."""
    document = perfgoal.parse(text_export(table).encode(), filename="example.txt")
    config = Config(select=[rule.code])
    codes = (rule.code, "PG999")
    found = {
        lang: [f for f in perfgoal.check(document, config, lang=lang) if f.rule in codes]
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
def test_the_example_gives_its_findings(rule: type[Rule], kind: str, example: Example) -> None:
    assert bool(example.findings) == (kind == "bad"), "a bad example finds, a good one not"
    assert findings_of(rule, example.table) == list(example.findings)


def test_examples_are_written_once() -> None:
    """A rule with a fixture has no examples of its own in its docstrings (the fixture's are
    shown); a rule without one keeps its 反例/正例 text."""
    with_fixture = {rule.code for rule, _, _ in CASES}
    assert with_fixture, "no fixture found"
    for rule in REGISTRY:
        own = inspect.cleandoc(rule.__doc__ or "") + inspect.cleandoc(rule.doc_en)
        if rule.code in with_fixture:
            assert "反例" not in own and "Bad:" not in own, rule.code
            assert "反例：" in rule.doc("zh") and "Bad:" in rule.doc("en")
        elif rule.code != "PG999":
            assert "反例" in own, rule.code


def test_a_table_becomes_the_text_export_the_reader_reads() -> None:
    table = "标题\n| 项目名称 | 示例 |\n|  | 用途 |"
    assert text_export(table) == "标题\n\n\t项目名称\n\t示例\n\n\t\n\t用途\n"
