"""Each rule's bad and good examples, as fixtures that run (``PG203.yaml`` beside this file).

A fixture holds, for ``bad`` and ``good``, a list of examples. An example is its input and
``findings``, the rule's messages on it in both languages (``zh``, ``en``; none for a good
example). The input is one of:

- ``table``: a small table written as pipe rows (``| 项目名称 | 科学技术普及专项 |``, one
  table row a line; a line without ``|`` is a paragraph), read as a text export;
- ``file``: a whole input file, ``name`` (its suffix matters) and its content as ``text``
  (UTF-8) or ``base64`` (a few bytes: a picture named ``.docx``), with a ``description``
  in both languages, which is what the documentation shows instead of the bytes.

An example may also carry a ``description`` of its own (shown before its table) and
``inject: failing-rule``: the test runs it with a rule added that raises (PG999, an internal
error, comes from no honest input; the example shows what a user sees when a rule fails).

``perfgoal explain``, docs/rules.md and the SARIF rule help show them through
:meth:`perfgoal.rules.base.Rule.doc`; tests/rules/test_examples.py checks each input through
:func:`perfgoal.validate` and that the rule finds exactly those messages.

They are package data, not test data, because ``explain`` prints them at run time.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from ruamel.yaml import YAML

from perfgoal.messages import Lang

TABLE_FILE = "example.txt"
"""The name a table example is checked under (a text export)."""

Injection = Literal["failing-rule"]


@dataclass(frozen=True, slots=True)
class ExampleFile:
    """An example given as a file: what the user would hand to perfgoal."""

    name: str
    data: bytes
    description: dict[Lang, str]


@dataclass(frozen=True, slots=True)
class Example:
    findings: tuple[dict[Lang, str], ...]
    """The rule's messages on the input, in code order of the findings."""
    table: str | None = None
    """Pipe rows, one table row a line; a paragraph line (a title) has no ``|``."""
    file: ExampleFile | None = None
    description: dict[Lang, str] | None = None
    inject: Injection | None = None

    def input(self) -> tuple[str, bytes]:
        """The file name and bytes the example stands for."""
        if self.file is not None:
            return self.file.name, self.file.data
        assert self.table is not None
        return TABLE_FILE, text_export(self.table).encode()

    def lines(self, lang: Lang) -> list[str]:
        """The example as the documentation shows it, before its findings."""
        sep = "：" if lang == "zh" else ": "
        if self.file is not None:
            return [f"{self.file.name}{sep}{self.file.description[lang]}"]
        assert self.table is not None
        head = [self.description[lang]] if self.description else []
        return head + self.table.strip().splitlines()


@dataclass(frozen=True, slots=True)
class Examples:
    bad: tuple[Example, ...]
    good: tuple[Example, ...]

    def text(self, lang: Lang) -> str:
        """The examples as a rule's documentation shows them: 反例/正例 (Bad/Good)
        sections, each example indented, each finding after an arrow."""
        heads = {"zh": ("反例：", "正例："), "en": ("Bad:", "Good:")}[lang]
        sections = []
        for head, examples in zip(heads, (self.bad, self.good), strict=True):
            lines = [head]
            for example in examples:
                lines += [f"    {line}" for line in example.lines(lang)]
                lines += [f"    → {finding[lang]}" for finding in example.findings]
            sections.append("\n".join(lines))
        return "\n\n".join(sections)


def _languages(data: object) -> dict[Lang, str]:
    assert isinstance(data, dict), data
    return {"zh": str(data["zh"]), "en": str(data["en"])}


def _file(data: dict[str, object]) -> ExampleFile:
    if "base64" in data:
        content = base64.b64decode(str(data["base64"]))
    else:
        content = str(data.get("text") or "").encode()
    return ExampleFile(str(data["name"]), content, _languages(data["description"]))


def _example(data: dict[str, object]) -> Example:
    findings = data.get("findings") or []
    assert isinstance(findings, list)
    file = data.get("file")
    inject = data.get("inject")
    assert inject in (None, "failing-rule"), inject
    assert (file is None) != ("table" not in data), "an example is a table or a file"
    return Example(
        findings=tuple(_languages(f) for f in findings),
        table=str(data["table"]) if "table" in data else None,
        file=_file(file) if isinstance(file, dict) else None,
        description=_languages(data["description"]) if "description" in data else None,
        inject=inject,
    )


@cache
def examples_of(code: str, folder: Path | None = None) -> Examples | None:
    """The fixture of the rule ``code`` (in ``folder``, default this package), or None."""
    source = (folder or resources.files(__package__)).joinpath(f"{code}.yaml")
    if not source.is_file():
        return None
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
