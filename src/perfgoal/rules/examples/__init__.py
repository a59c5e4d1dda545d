"""Each rule's bad and good examples, as fixtures that run (``PG203.yaml`` beside this file).

A fixture holds, for ``bad`` and ``good``, a list of examples: ``table``, a small table
written as pipe rows (``| 项目名称 | 科学技术普及专项 |``, one table row a line), and
``findings``, the rule's messages on it in both languages (``zh``, ``en``; none for a good
example). ``perfgoal explain``, docs/rules.md and the SARIF rule help show them through
:meth:`perfgoal.rules.base.Rule.doc`; tests/rules/test_examples.py reads each table as a
text export (:func:`text_export`) and checks that the rule finds exactly those messages.

They are package data, not test data, because ``explain`` prints them at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from perfgoal.messages import Lang


@dataclass(frozen=True, slots=True)
class Example:
    table: str
    """Pipe rows, one table row a line; a paragraph line (a title) has no ``|``."""
    findings: tuple[dict[Lang, str], ...]
    """The rule's messages on the table, in code order of the findings."""


@dataclass(frozen=True, slots=True)
class Examples:
    bad: tuple[Example, ...]
    good: tuple[Example, ...]

    def text(self, lang: Lang) -> str:
        """The examples as a rule's documentation shows them: 反例/正例 (Bad/Good)
        sections, each table indented, each finding after an arrow."""
        heads = {"zh": ("反例：", "正例："), "en": ("Bad:", "Good:")}[lang]
        sections = []
        for head, examples in zip(heads, (self.bad, self.good), strict=True):
            lines = [head]
            for example in examples:
                lines += [f"    {row}" for row in example.table.strip().splitlines()]
                lines += [f"    → {finding[lang]}" for finding in example.findings]
            sections.append("\n".join(lines))
        return "\n\n".join(sections)


def _example(data: dict[str, object]) -> Example:
    findings = data.get("findings") or []
    assert isinstance(findings, list)
    return Example(
        table=str(data["table"]),
        findings=tuple({"zh": str(f["zh"]), "en": str(f["en"])} for f in findings),
    )


@cache
def examples_of(code: str, folder: Path | None = None) -> Examples | None:
    """The fixture of the rule ``code`` (in ``folder``, default this package), or None."""
    source = (folder or resources.files(__package__)).joinpath(f"{code}.yaml")
    if not source.is_file():
        return None
    from ruamel.yaml import YAML  # only explain, docs and SARIF help read the fixtures

    data = YAML(typ="safe").load(source.read_text("utf-8"))
    return Examples(
        bad=tuple(_example(e) for e in data["bad"]),
        good=tuple(_example(e) for e in data["good"]),
    )


def text_export(table: str) -> str:
    """``table`` (pipe rows) in the text export format readers/text.py reads: one cell a
    line after a TAB, rows apart by a blank line; a line without ``|`` is a paragraph."""
    blocks = []
    for line in table.strip().splitlines():
        row = line.strip()
        if not row.startswith("|"):
            blocks.append(row)
            continue
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        blocks.append("\n".join(f"\t{cell}" for cell in cells))
    return "\n\n".join(blocks) + "\n"
