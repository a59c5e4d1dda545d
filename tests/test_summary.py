"""``perfgoal summary``: the bureau's table, its totals checked against sums worked out by
hand from the sample documents (the amounts are quoted from the files below)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from perfgoal.cli import app

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
LAYOUTS = SAMPLES / "layouts"
ROUND = [
    SAMPLES / "cangzhou-2025.txt",
    LAYOUTS / "2021-framework.txt",
    LAYOUTS / "hunan-shenbao.txt",
    LAYOUTS / "operator-column.txt",
    LAYOUTS / "department-overall.txt",
]
# cangzhou-2025.txt, 12 tables in 万元: 4.00 + 4.00 + 15.00 + 5.00 + 300.00 + 500.00 + 20.00
#   + 30.00 + 10.00 + 34.70 + 100.00 + 446.60 = 1469.30
# 2021-framework.txt, 金额单位：元: 8,827,620.53 + 1,260,000.00 = 10,087,620.53 元
#   = 1008.762053 万元
# hunan-shenbao.txt: 年度本级预算金额 520.00 万元; operator-column.txt: 预算数 250万 (万元 table)
# department-overall.txt: a 部门整体 table (资金总额 2860.50 is not added to the projects)
BY_UNIT = {
    "沧州临港经济技术开发区循环经济促进中心本级": ("306001", 12, 0, "1469.30"),
    "青县农业农村局": ("122001", 2, 0, "1008.762053"),
    "长沙县教育局": ("", 1, 0, "520.00"),
    "献县卫生健康局": ("145001", 1, 0, "250.00"),
    "青县教育局": ("", 0, 1, "0.00"),
}
TOTAL_WAN = "3248.062053"  # 1469.30 + 1008.762053 + 520.00 + 250.00
runner = CliRunner()


def _csv(*args: str) -> tuple[int, list[dict[str, str]]]:
    result = runner.invoke(app, ["summary", *map(str, ROUND), "--format", "csv", *args])
    assert "Traceback" not in result.output
    return result.exit_code, list(csv.DictReader(io.StringIO(result.stdout)))


def _validate_counts() -> dict[str, dict[str, int]]:
    result = runner.invoke(app, ["validate", *map(str, ROUND), "--format", "json"])
    counts: dict[str, dict[str, int]] = {}
    for file in json.loads(result.stdout)["files"]:
        for finding in file["findings"]:
            per = counts.setdefault(file["path"], {"error": 0, "warning": 0, "info": 0})
            per[finding["severity"]] += 1
    return counts


def test_totals_per_unit_are_the_hand_computed_sums() -> None:
    code, rows = _csv()
    assert code == 0  # the round has warnings and infos, no error
    by_name = {row["预算单位"]: row for row in rows}
    assert set(by_name) == {*BY_UNIT, "合计"}
    for name, (unit_code, projects, departments, total) in BY_UNIT.items():
        row = by_name[name]
        assert row["预算单位编码"] == unit_code
        assert (int(row["项目数"]), int(row["部门整体表"])) == (projects, departments)
        assert row["预算数合计（万元）"] == total
        assert row["文件数"] == "1"
        assert row["未计入预算数的项目"] == "0"
    total = by_name["合计"]
    assert total["预算数合计（万元）"] == TOTAL_WAN
    assert (total["文件数"], total["项目数"], total["部门整体表"]) == ("5", "16", "1")


def test_findings_per_unit_are_those_of_validate() -> None:
    _, rows = _csv()
    by_name = {row["预算单位"]: row for row in rows}
    seed = _validate_counts()[ROUND[0].as_posix()]
    row = by_name["沧州临港经济技术开发区循环经济促进中心本级"]
    assert (int(row["错误"]), int(row["警告"]), int(row["提示"])) == (
        seed["error"],
        seed["warning"],
        seed["info"],
    )
    # the seed's most frequent rules: 指标值确定依据 not a standard basis, values echoing names
    assert row["最常见的问题"].startswith("PG306×")
    assert "PG303×" in row["最常见的问题"]
    others = [r for name, r in by_name.items() if name not in ("合计", row["预算单位"])]
    assert all(r["错误"] == r["警告"] == r["提示"] == "0" for r in others)


def test_amounts_in_yuan() -> None:
    _, rows = _csv("--amount-unit", "元", "--lang", "en")
    by_name = {row["budget unit"]: row for row in rows}
    assert (
        by_name["沧州临港经济技术开发区循环经济促进中心本级"]["total budget (元)"] == "14693000.00"
    )
    assert by_name["青县农业农村局"]["total budget (元)"] == "10087620.53"
    assert by_name["total"]["total budget (元)"] == "32480620.53"


def test_xlsx_holds_the_same_numbers(tmp_path: Path) -> None:
    out = tmp_path / "summary.xlsx"
    result = runner.invoke(app, ["summary", *map(str, ROUND), "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[1] == "预算单位" and header[5] == "预算数合计（万元）"
    by_name = {row[1]: row for row in rows[1:]}
    assert Decimal(str(by_name["沧州临港经济技术开发区循环经济促进中心本级"][5])) == Decimal(
        "1469.3"
    )
    assert by_name["合计"][3] == 16  # numbers are numbers, not text
    assert abs(float(by_name["合计"][5]) - float(TOTAL_WAN)) < 1e-6


def test_unreadable_file_has_its_row_and_fails(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    result = runner.invoke(app, ["summary", str(broken), str(ROUND[3]), "--format", "csv"])
    assert result.exit_code == 1  # PG001 is an error, as in validate
    rows = {row["预算单位"]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["（未识别单位）"]["错误"] == "1"
    assert rows["（未识别单位）"]["文件数"] == "1"
    assert rows["献县卫生健康局"]["预算数合计（万元）"] == "250.00"


def test_rich_table_and_usage_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["summary", str(ROUND[3])], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "献县卫生健康局" in result.stdout and "250.00" in result.stdout
    missing = runner.invoke(app, ["summary", str(tmp_path / "nope")])
    assert missing.exit_code == 2
    unwritable = runner.invoke(
        app, ["summary", str(ROUND[3]), "-f", "csv", "-o", str(tmp_path / "no" / "dir.csv")]
    )
    assert unwritable.exit_code == 2
    assert "dir.csv" in unwritable.stderr
