"""The rich report at a fixed terminal width: no line wider than the terminal (a Chinese
character is two cells), hanging indents, the context row under its column headers with
the cell at fault underlined."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from rich.cells import cell_len
from rich.text import Text

from builders import document, ind, legacy_indicators, project
from perfgoal.reporters.layout import Column, grid, hanging, wrap

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = "samples/cangzhou-2025.txt"
SAMPLES = [
    REFERENCE,
    "samples/cangzhou-2025.docx",
    "samples/bad/budget-arithmetic.txt",
    "samples/bad/codes.docx",
    "samples/bad/malformed-values.txt",
    "samples/bad/missing-tiers.docx",
    "samples/layouts/department-overall.txt",
    "samples/layouts/operator-column.txt",
    "samples/formats/cangzhou-2025.xlsx",
]


def report(path: str, columns: int, *args: str, command: str = "validate") -> list[str]:
    env = {**os.environ, "COLUMNS": str(columns), "PERFGOAL_NO_CACHE": "1"}
    for name in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS"):
        env.pop(name, None)
    done = subprocess.run(
        [sys.executable, "-m", "perfgoal", command, path, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr
    assert "\x1b" not in done.stdout  # not a terminal: no colour
    return done.stdout.splitlines()


@pytest.mark.parametrize("columns", [80, 60])
@pytest.mark.parametrize("path", SAMPLES)
def test_no_line_is_wider_than_the_terminal(path: str, columns: int) -> None:
    lines = report(path, columns)
    assert lines[-1].startswith("共 ")
    wide = [line for line in lines if cell_len(line) > columns]
    assert wide == []


def test_the_reference_report_at_80_columns() -> None:
    lines = report(REFERENCE, 80)
    assert max(cell_len(line) for line in lines) <= 80
    assert lines[0] == REFERENCE
    # Only the file's path, the blank line after a file and the summary start at column 0.
    at_zero = [line for line in lines if line and not line.startswith(" ")]
    assert at_zero == [REFERENCE, lines[-1]]
    # A message too long for one line continues under its first character (column 15,
    # after "    PG306 提示 "), the place at its end.
    start = lines.index(next(line for line in lines if line.startswith("    PG306 提示 ")))
    assert lines[start] == (
        "    PG306 提示 指标值确定依据“开展活动次数”不是 计划标准/行业标准/历史标准/其他"
    )
    assert lines[start + 1] == "               标准 之一  第 87 行（表 2 第 2 行）"
    # The row under its headers; the 指标值确定依据 cell (the rule's subject) underlined.
    assert lines[start + 2 : start + 5] == [
        "      │ 一级指标  二级指标  三级指标      绩效指标描述  指标值  指标值确定依据",
        "      │ 产出指标  数量指标  开展活动次数  开展活动次数  ≥2次    开展活动次数",
        "      │                                                         ^^^^^^^^^^^^",
    ]
    assert lines[start + 5 : start + 7] == [
        "      - 开展活动次数",
        "      + 计划标准/行业标准/历史标准/其他标准",
    ]


def test_english_headers_and_the_value_marked() -> None:
    lines = report("samples/bad/malformed-values.txt", 80, "--lang", "en")
    start = lines.index(
        "    PG301 error value “≥次” looks numeric but its operator, number and unit"
    )
    assert lines[start + 1 : start + 5] == [
        "                cannot be read  line 45 (table 2, row 2)",
        "      │ level 1   level 2   level 3       description       value  basis",
        "      │ 产出指标  数量指标  开展活动次数  开展科普活动次数  ≥次    计划标准",
        "      │                                                     ^^^",
    ]


def test_a_wider_terminal_keeps_a_row_on_one_band() -> None:
    lines = report(REFERENCE, 200)
    assert max(cell_len(line) for line in lines) <= 200
    rows = [line for line in lines if line.startswith("      │ 一级指标")]
    assert rows and all(line.endswith("指标值确定依据") for line in rows)


def test_the_bureau_summary_fits_80_columns() -> None:
    wide = report("samples/bad", 200, command="summary")
    assert wide[1].startswith("┃ 预算单位编码 ┃ 预算单位")  # room enough: the table
    lines = report("samples/bad", 80, command="summary")
    assert max(cell_len(line) for line in lines) <= 80
    assert "…" not in "".join(lines)  # nothing cut
    start = lines.index("306001 沧州临港经济技术开发区循环经济促进中心本级")
    assert lines[start + 1 : start + 4] == [
        "  文件数 8 · 项目数 12 · 部门整体表 0 · 预算数合计（万元） 48.00",
        "  未计入预算数的项目 0 · 错误 28 · 警告 12 · 提示 2",
        "  最常见的问题 PG202×4; PG102×2; PG103×2",
    ]
    assert lines[-4] == "合计"
    assert all(line.startswith("  ") for line in lines[-3:])


def test_awkward_rows_stay_inside_80_columns(tmp_path: Path) -> None:
    """计算符号 and 度量单位 columns (7 and 8 cells), a 300-character value, a tab in a cell
    and a 140-character project name: every line within 80 cells, each row under the right
    headers."""
    rows = legacy_indicators()
    rows.append(
        ind(
            "产出指标",
            "数量指标",
            "培训人次",
            "2",
            operator_text="≥",
            unit_text="人次",
            basis="随意",
        )
    )
    rows.append(ind("产出指标", "质量指标", "合格率", "90", operator_text="≥"))
    rows.append(ind("产出指标", "质量指标", "达标率", "95", unit_text="%", basis="随便"))
    rows.append(ind("产出指标", "数量指标", "名\t称", "很" * 300))
    draft = tmp_path / "awkward.json"
    draft.write_text(
        document(project(name="很长的项目名称" * 20, indicators=rows)).model_dump_json()
    )
    lines = report(str(draft), 80)
    assert max(cell_len(line) for line in lines) <= 80
    headers = [line.split()[1:] for line in lines if line.startswith("      │ 一级指标")]
    assert [
        "一级指标",
        "二级指标",
        "三级指标",
        "绩效指标描述",
        "计算符号",
        "指标值",
        "度量单位",
    ] in headers
    assert ["一级指标", "二级指标", "三级指标", "绩效指标描述", "计算符号", "指标值"] in headers
    assert ["一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "度量单位"] in headers
    assert "      │ 产出指标  数量指标  名 称     名 称说明" in lines


def _docs_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("report_svg", ROOT / "docs" / "report_svg.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_report_shows_todays_80_column_report() -> None:
    """docs/report.md's block is the CLI's report at COLUMNS=80 (its first project, then the
    closing counts), and the SVG next to it is what the script records today."""
    script = _docs_script()
    documented = script.documented().splitlines()
    lines = report(REFERENCE, 80)
    cut = documented.index(script.OMITTED)
    assert documented[:cut] == lines[:cut]
    assert lines[cut].startswith("  项目 2 · ")
    assert documented[cut + 1 :] == ["", lines[-1]]
    text, svg = script.render()
    assert text.rstrip() == script.documented().rstrip()
    assert svg == script.SVG.read_text("utf-8"), "stale: run python docs/report_svg.py"
    assert "<svg" in svg and "项目 1 · 13091625P00024010001J" in svg.replace("&#160;", " ")


# --- the layout, on its own -----------------------------------------------------------------


def test_wrap_breaks_between_chinese_characters_not_inside_words() -> None:
    lines = [t.plain for t in wrap(Text("资金支出计划 PG206 13091625P00024010001J 一二三"), 22)]
    assert lines == ["资金支出计划 PG206", "13091625P00024010001J", "一二三"]
    lines = [t.plain for t in wrap(Text("资金支出计划表头单位"), 9)]
    assert lines == ["资金支出", "计划表头", "单位"]


def test_wrap_keeps_closing_punctuation_with_the_character_before() -> None:
    lines = [t.plain for t in wrap(Text("一二三四五六七八九，十"), 18)]
    assert lines == ["一二三四五六七八", "九，十"]
    lines = [t.plain for t in wrap(Text("一二三四五六七（八九"), 16)]
    assert lines == ["一二三四五六七", "（八九"]


def test_wrap_splits_what_is_wider_than_a_line_and_keeps_line_breaks() -> None:
    assert [t.plain for t in wrap(Text("abcdefghij"), 4)] == ["abcd", "efgh", "ij"]
    assert [t.plain for t in wrap(Text("甲\n\n乙"), 10)] == ["甲", "", "乙"]
    assert [t.plain for t in wrap(Text("a\tb"), 10)] == ["a b"]  # rich prints a tab as 8


def test_hanging_indent_and_styles_kept() -> None:
    text = hanging(Text("    PG1 "), Text("一二三四五六七八九十", style="red"), 20)
    assert text.plain.split("\n") == ["    PG1 一二三四五六", "        七八九十"]
    assert {span.style for span in text.spans} == {"red"}


def test_grid_bands_and_marks() -> None:
    columns = [Column("甲甲", "一"), Column("乙", "二二二", marked=True), Column("丙", "三")]
    assert [t.plain for t in grid(columns, 20, gap="  ", header_style="", mark_style="")] == [
        "甲甲  乙      丙",
        "一    二二二  三",
        "      ^^^^^^",
    ]
    lines = [t.plain for t in grid(columns, 12, gap="  ", header_style="", mark_style="")]
    assert lines == ["甲甲  乙", "一    二二二", "      ^^^^^^", "丙", "三"]
