"""PG4xx: 项目编码 and 预算单位 rules."""

from __future__ import annotations

import pytest

from builders import UNIT, check, document, project
from perfgoal.model import Document, Unit
from perfgoal.rules import codes

CODES = ["PG401", "PG402", "PG403", "PG404"]
RULES = [
    codes.BadProjectCode,
    codes.CodeYearMismatch,
    codes.DuplicateProjectCode,
    codes.UnitMismatch,
]

# The twelve codes of samples/cangzhou-2025.txt, in table order.
SEED_CODES = [
    "13091625P00024010001J",
    "13091625P00024210001X",
    "13091625P000241100018",
    "13091625P000028100012",
    "13091625P00023810002C",
    "13091625P000236100021",
    "13091625P00002710001C",
    "13091625P00023910001E",
    "13091625P000252100015",
    "13091625P00025110001F",
    "13091624P00024510001G",
    "13091624P000246100016",
]


def seed_document() -> Document:
    """Twelve projects carrying the seed's codes."""
    return document(*[project(i, code=c) for i, c in enumerate(SEED_CODES, start=1)])


# --- PG401 bad-project-code -----------------------------------------------------------------


def test_bad_project_code_fires() -> None:
    findings = check("PG401", document(project(code="13091625P0002401001J")))
    assert len(findings) == 1
    f = findings[0]
    assert f.severity == "error" and f.actual == "13091625P0002401001J"
    assert f.expected == r"^\d{6}\d{2}P\d{11}[0-9A-Z]$"
    assert "does not match the pattern" in f.message
    assert f.context == "项目编码 | 13091625P0002401001J | 项目名称 | 2025科技创新环境建设"
    assert f.project is not None and f.project.seq == 1


def test_all_seed_codes_pass() -> None:
    assert check("PG401", seed_document()) == []


@pytest.mark.parametrize("code", ["13091625P 00024010001J", " 13091625P00024010001J ", None, ""])
def test_bad_project_code_quiet(code: str | None) -> None:
    assert check("PG401", document(project(code=code))) == []


@pytest.mark.parametrize("code", ["13091625p00024010001J", "1309162P00024010001J", "项目编码待定"])
def test_bad_project_code_variants(code: str) -> None:
    assert len(check("PG401", document(project(code=code)))) == 1


def test_bad_project_code_custom_pattern() -> None:
    doc = document(project(code="43-2025-001"))
    assert len(check("PG401", doc)) == 1
    assert check("PG401", doc, project_code_pattern=r"\d{2}-\d{4}-\d{3}") == []


# --- PG402 code-year-mismatch ---------------------------------------------------------------


def test_code_year_mismatch_on_seed_tables_11_and_12() -> None:
    findings = check("PG402", seed_document())
    assert [f.project.seq for f in findings if f.project] == [11, 12]
    f = findings[0]
    assert f.severity == "info"
    assert f.actual == "2024 (digits 7–8 of the project code)" and f.expected == "2025"
    assert "carries the year 2024, not the budget year 2025" in f.message
    # ``actual`` is worded in the report's language; the fingerprint is the same in both
    zh = check("PG402", seed_document(), lang="zh")[0]
    assert zh.actual == "2024 (项目编码第7–8位)" and zh.fingerprint == f.fingerprint


def test_code_year_mismatch_quiet() -> None:
    assert check("PG402", document(project(code="13091625P00024010001J"))) == []
    # unknown year, or a year configured to match, or a code that does not match the pattern
    assert check("PG402", document(project(code="13091624P000246100016"), year=None)) == []
    assert check("PG402", document(project(code="13091624P000246100016")), year=2024) == []
    assert check("PG402", document(project(code="130916XXP000246100016"))) == []


def test_code_year_mismatch_uses_configured_year() -> None:
    doc = document(project(code="13091625P00024010001J"), year=None)
    findings = check("PG402", doc, year=2026)
    assert len(findings) == 1 and findings[0].expected == "2026"


# --- PG403 duplicate-project-code -----------------------------------------------------------


def test_duplicate_project_code_fires_on_the_later_table() -> None:
    doc = document(
        project(1), project(2, name="2025科学技术普及"), project(3, code="13091625P00024210001X")
    )
    findings = check("PG403", doc)
    assert len(findings) == 1
    f = findings[0]
    assert f.severity == "error" and f.project is not None and f.project.seq == 2
    assert f.actual == "13091625P00024010001J"
    assert "already used by table 1" in f.message


def test_duplicate_project_code_ignores_spaces() -> None:
    doc = document(project(1), project(2, code="13091625P 00024010001J"))
    assert len(check("PG403", doc)) == 1


def test_duplicate_project_code_quiet() -> None:
    assert check("PG403", seed_document()) == []
    assert check("PG403", document(project(1, code=None), project(2, code=None))) == []


# --- PG404 unit-mismatch --------------------------------------------------------------------


def test_unit_mismatch_by_code() -> None:
    other = Unit(code="306002", name="沧州临港经济技术开发区管理委员会")
    findings = check("PG404", document(project(1), project(2, unit=other)))
    assert len(findings) == 1
    f = findings[0]
    assert f.severity == "warning" and f.project is not None and f.project.seq == 2
    assert f.actual == "306002 沧州临港经济技术开发区管理委员会"
    assert f.expected == "306001 沧州临港经济技术开发区循环经济促进中心本级"
    assert "differs from the document's" in f.message


def test_unit_mismatch_by_name_when_a_code_is_missing() -> None:
    findings = check("PG404", document(project(unit=Unit(name="青县教育局"))))
    assert len(findings) == 1


@pytest.mark.parametrize(
    "unit",
    [
        UNIT,
        Unit(code="306001", name="另一种写法"),  # codes agree: names are not compared
        Unit(name="沧州临港经济技术开发区循环经济促进中心 本级"),
        Unit(code="306001"),
        Unit(),
        None,
    ],
)
def test_unit_mismatch_quiet(unit: Unit | None) -> None:
    assert check("PG404", document(project(unit=unit))) == []


def test_unit_mismatch_without_document_unit() -> None:
    doc = document(project(unit=Unit(code="306002")))
    doc.unit = None
    assert check("PG404", doc) == []


# --- PG405 project-nature-unknown ----------------------------------------------------------


def _nature(field: str, text: str) -> Document:
    p = project()
    p.meta = {field: text}
    return document(p)


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [
        ("项目性质", "重点项目", "重点项目"),
        ("项目属性", "基础建设、修缮类", "基础建设、修缮类"),
        ("项目性质", "☑专项资金 □经常性项目", "专项资金"),
    ],
)
def test_project_nature_unknown(field: str, text: str, value: str) -> None:
    [finding] = check("PG405", _nature(field, text))
    assert finding.severity == "warning"
    assert finding.actual == value
    assert field in finding.message


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("项目性质", "经常性项目"),
        ("项目性质", " 一次性项目 "),
        ("项目属性", "新增项目□ 延续项目☑"),
        ("项目属性", "□新增项目 √延续项目"),
        ("项目属性", "新增项目□ 延续项目□"),  # nothing ticked: nothing chosen yet
        ("项目性质", ""),  # empty: PG101's business where required
        ("项目类别", "专项业务费"),  # another field
    ],
)
def test_project_nature_accepted(field: str, text: str) -> None:
    assert check("PG405", _nature(field, text)) == []


def test_project_nature_configured_list() -> None:
    assert check("PG405", _nature("项目性质", "重点项目"), project_natures=["重点项目"]) == []
    [finding] = check("PG405", _nature("项目性质", "经常性项目"), project_natures=["重点项目"])
    assert finding.expected == "重点项目"
