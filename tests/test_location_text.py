"""One location wording everywhere: ``第 12 行`` only for a text line, ``表 1 第 6 行 第 3 列``
for a table position, ``第 31 页`` for a PDF page, ``Sheet1!B7`` for an Excel cell; the same
text in every reporter that writes a location (rich, concise, github, junit, html, SARIF's
logical location)."""

from __future__ import annotations

import json
from html import escape

import pytest

from perfgoal.model import Location
from perfgoal.reporters.common import location_text
from test_report_width import report

CASES = [
    (Location(line=12), "第 12 行", "line 12"),
    (Location(table=1, row=6, column=3), "表 1 第 6 行 第 3 列", "table 1, row 6, column 3"),
    (Location(table=2), "表 2", "table 2"),
    (Location(page=31), "第 31 页", "page 31"),
    (Location(page=13, table=8, row=6), "第 13 页 表 8 第 6 行", "page 13, table 8, row 6"),
    (Location(sheet="Sheet1", cell="B7"), "Sheet1!B7", "Sheet1!B7"),
    (Location(sheet="绩效目标表", cell="A49"), "绩效目标表!A49", "绩效目标表!A49"),
    (Location(sheet="1.目标表", cell="A7"), "'1.目标表'!A7", "'1.目标表'!A7"),
    (Location(sheet="it's", cell="C2"), "'it''s'!C2", "'it''s'!C2"),
    (Location(sheet="Sheet1"), "工作表 Sheet1", "sheet Sheet1"),
    (Location(line=69, table=1, row=6), "第 69 行（表 1 第 6 行）", "line 69 (table 1, row 6)"),
    (Location(line=1, table=1), "第 1 行（表 1）", "line 1 (table 1)"),
    (
        Location(sheet="S", cell="A7", table=1, row=6),
        "S!A7（表 1 第 6 行）",
        "S!A7 (table 1, row 6)",
    ),
    (Location(row=3, column=2), "", ""),  # a row is never worded without its table
    (Location(), "", ""),
    (None, "", ""),
]


@pytest.mark.parametrize(("location", "zh", "en"), CASES)
def test_wording(location: Location | None, zh: str, en: str) -> None:
    assert location_text(location, "zh") == zh
    assert location_text(location, "en") == en


def _validate(path: str, *args: str) -> str:
    return "\n".join(report(path, 400, *args)) + "\n"


# (sample, first finding's place in zh, in en): a text line, an Excel cell, a PDF page and a
# Word table, each with its table position.
SAMPLES = [
    ("samples/cangzhou-2025.txt", "第 69 行（表 1 第 6 行）", "line 69 (table 1, row 6)"),
    (
        "samples/formats/cangzhou-2025.xlsx",
        "'1.2025科技创新环境建设绩效目标表'!A7（表 1 第 6 行）",
        "'1.2025科技创新环境建设绩效目标表'!A7 (table 1, row 6)",
    ),
    ("samples/formats/cangzhou-2025.pdf", "第 2 页 表 1 第 6 行", "page 2, table 1, row 6"),
    ("samples/cangzhou-2025.docx", "表 1 第 6 行", "table 1, row 6"),
]


@pytest.mark.parametrize(("path", "zh", "en"), SAMPLES)
def test_every_reporter_words_the_place_alike(path: str, zh: str, en: str) -> None:
    rich_zh = _validate(path)
    assert f"  {zh}\n" in rich_zh  # the rich report: after the message
    rich_en = _validate(path, "--lang", "en")
    assert f"  {en}\n" in rich_en
    junit = _validate(path, "-f", "junit")
    assert f" / {zh}" in junit  # the testcase name
    html = _validate(path, "-f", "html")
    assert f'<span class="loc">{escape(zh)}</span>' in html
    if "第 69 行" not in zh:  # without line numbers, the place is in the message
        assert f"，{zh}］" in _validate(path, "-f", "concise")
        assert f"，{zh}］" in _validate(path, "-f", "github")
    sarif = json.loads(_validate(path, "-f", "sarif"))
    logical = sarif["runs"][0]["results"][0]["locations"][0]["logicalLocations"][0]
    assert logical["name"] == "表 1/第 6 行"  # the same parts, as a path
