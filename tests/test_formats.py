"""The reference document in every other form (``samples/formats/``) parses to the same model
as its Word version, apart from ``source`` and ``location``; the budget book yields only its
target tables; sniffing sends renamed files to the right reader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from perfgoal.cli import app
from perfgoal.load import load_bytes, load_document
from perfgoal.readers.convert import soffice_path

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
FORMATS = SAMPLES / "formats"
REFERENCE = SAMPLES / "cangzhou-2025.docx"
NEEDS_LIBREOFFICE = pytest.mark.skipif(
    soffice_path() is None,
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui",
)
runner = CliRunner()


def _without_places(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_places(v) for k, v in value.items() if k not in ("source", "location")}
    if isinstance(value, list):
        return [_without_places(v) for v in value]
    return value


def parse_json(path: Path) -> dict[str, Any]:
    result = runner.invoke(app, ["parse", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


@pytest.fixture(scope="module")
def reference() -> dict[str, Any]:
    parsed: dict[str, Any] = _without_places(parse_json(REFERENCE))
    return parsed


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("cangzhou-2025.pdf", "pdf"),
        ("cangzhou-2025.xlsx", "xlsx"),
        ("cangzhou-2025-stacked.xlsx", "xlsx"),
        ("cangzhou-2025.xls", "xls"),
        ("cangzhou-2025.html", "html"),
        pytest.param("cangzhou-2025.doc", "doc", marks=NEEDS_LIBREOFFICE),
        pytest.param("cangzhou-2025.wps", "wps", marks=NEEDS_LIBREOFFICE),
    ],
)
def test_each_form_parses_as_the_word_document(
    reference: dict[str, Any], name: str, fmt: str
) -> None:
    parsed = parse_json(FORMATS / name)
    assert parsed["source"]["format"] == fmt
    assert _without_places(parsed) == reference
    assert len(reference["projects"]) == 12 and reference["overview"]["items"]


@NEEDS_LIBREOFFICE
def test_odt_and_rtf_are_converted_too(reference: dict[str, Any]) -> None:
    for name in ("cangzhou-2025.odt", "cangzhou-2025.rtf"):
        document = load_document(FORMATS / name)
        assert document.source.converted_to == "docx"
        assert _without_places(json.loads(document.model_dump_json())) == reference, name


def test_pdf_locations_carry_the_page() -> None:
    document = load_document(FORMATS / "cangzhou-2025.pdf")
    pages = [i.location.page for p in document.projects for i in p.indicators]
    assert None not in pages and pages == sorted(pages) and pages[-1] == 10
    assert document.projects[0].budget.location.page == 2


def test_excel_locations_carry_sheet_and_cell() -> None:
    per_sheet = load_document(FORMATS / "cangzhou-2025.xlsx")
    first = per_sheet.projects[0]
    assert first.budget.location.sheet == "1.2025科技创新环境建设绩效目标表"
    assert first.budget.location.cell == "A4"  # the row's first cell: 预算规模及资金用途
    assert first.indicators[0].location.cell == "A11"
    stacked = load_document(FORMATS / "cangzhou-2025-stacked.xlsx")
    assert {p.location.sheet for p in stacked.projects} == {"绩效目标表"}
    assert stacked.projects[11].indicators[0].location.cell is not None


def test_budget_book_yields_only_the_target_tables(reference: dict[str, Any]) -> None:
    book = FORMATS / "budget-book.pdf"
    parsed = _without_places(parse_json(book))
    assert len(parsed.pop("skipped_tables")) == 7
    assert parsed.pop("skipped_paragraphs") > 20
    expected = dict(reference)
    expected.pop("skipped_tables")
    expected.pop("skipped_paragraphs")
    assert parsed == expected  # every project whole, the tables split by page breaks too
    document = load_document(book)
    split = [p for p in document.projects if len({i.location.page for i in p.indicators}) > 1] + [
        p for p in document.projects if p.budget.location.page != p.indicators[0].location.page
    ]
    assert split, "the budget book no longer splits a project table over a page break"


def test_budget_book_reports_the_skipped_tables_and_no_pg003() -> None:
    result = runner.invoke(app, ["validate", str(FORMATS / "budget-book.pdf"), "--format", "json"])
    findings = json.loads(result.stdout)["files"][0]["findings"]
    rules = [f["rule"] for f in findings]
    assert "PG003" not in rules and "PG002" not in rules
    (skipped,) = [f for f in findings if f["rule"] == "PG004"]
    assert skipped["severity"] == "info"
    assert skipped["message"].startswith("跳过了 7 个不是绩效目标表的表格（第 1–11 页）")
    assert skipped["location"]["page"] == 1
    text = runner.invoke(app, ["validate", str(FORMATS / "budget-book.pdf"), "--format", "text"])
    assert "第 1 页 表 1" in text.stdout  # the report names the page


def test_documents_of_target_tables_only_skip_nothing() -> None:
    for path in sorted(SAMPLES.glob("**/*.docx")) + sorted(SAMPLES.glob("**/*.txt")):
        if path.parent.name == "formats":
            continue
        document = load_document(path)
        assert document.skipped_tables == [] and document.skipped_paragraphs == 0, path


@pytest.mark.parametrize(
    ("source", "named"),
    [
        ("cangzhou-2025.pdf", "draft.docx"),
        ("cangzhou-2025.xlsx", "draft.txt"),
        ("cangzhou-2025.html", "draft.doc"),
        ("cangzhou-2025.xls", "draft.et"),
    ],
)
def test_sniffing_by_content(reference: dict[str, Any], source: str, named: str) -> None:
    data = (FORMATS / source).read_bytes()
    document = load_bytes(data, named, Path(named).suffix)
    assert _without_places(json.loads(document.model_dump_json())) == reference
