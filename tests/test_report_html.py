"""The HTML report (``perfgoal report``, ``validate --format html``) read as a file: one
self-contained page, every finding in it, document text escaped. What a browser does with
it (filters, the chart's points) is in ``test_report_browser.py``."""

from __future__ import annotations

import base64
import gzip
import html
import json
import re
from pathlib import Path

from typer.testing import CliRunner

from perfgoal.cli import app
from perfgoal.config import Config
from perfgoal.engine import check_document
from perfgoal.findings import FileReport, Report
from perfgoal.load import load_document
from perfgoal.reporters.html import HtmlOptions, render

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "cangzhou-2025.txt"
runner = CliRunner()
HOSTILE = "<script>alert('pg')</script>"


def _findings(path: Path) -> list[dict[str, object]]:
    result = runner.invoke(app, ["validate", str(path), "--format", "json"])
    return [f for file in json.loads(result.stdout)["files"] for f in file["findings"]]


def _page(documents: list[Path], **options: object) -> str:
    files, models = [], {}
    for path in documents:
        document = load_document(path, path.as_posix())
        models[document.source.path] = document
        files.append(
            FileReport(path=document.source.path, findings=check_document(document, Config()))
        )
    return "".join(render(Report.build(files), HtmlOptions(documents=models, **options)))  # type: ignore[arg-type]


def test_report_of_the_samples_is_one_self_contained_page(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(SAMPLES), "-o", str(out)])
    assert result.exit_code == 1  # the bad drafts hold errors: exit as validate does
    assert "Traceback" not in result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    # nothing fetched: no external script, style sheet, image, font or link
    assert not re.search(r"""(?:src|href)\s*=|@import|url\(""", page)
    assert page.count("<script") == 1  # the report's own script, inline
    # every finding of every file is there, with its message as written (escaped)
    findings = _findings(SAMPLES)
    assert page.count('<li class="fd ') == len(findings) > 300
    for finding in findings:
        assert html.escape(str(finding["message"])) in page


def test_validate_format_html_writes_the_same_page_to_stdout() -> None:
    result = runner.invoke(app, ["validate", str(SEED), "--format", "html"])
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert result.stdout.count('<article class="card') == 12
    assert "共 1 个文件" in result.stderr  # the counts line, beside a machine format


def test_cards_show_budget_plan_points_and_tiers() -> None:
    page = _page([SEED])
    cards = page.split('<article class="card')[1:]
    assert len(cards) == 12
    first = cards[0]
    assert "2025科技创新环境建设" in first and "13091625P00024010001J" in first
    assert "<th>预算数</th><td>4.00</td>" in first
    # one point per checkpoint (3月底 … 12月底), and the 预算数 line
    assert first.count('<circle class="pt"') == 4
    assert 'class="ref"' in first and "预算数 4.00" in first
    # project 5's plan fills only 12月底: three hollow points on the axis, one filled
    fifth = cards[4]
    assert fifth.count('<circle class="pt blank"') == 3
    assert fifth.count('<circle class="pt"') == 1
    # the tier grid: legacy framework, 产出 with 数量/质量/时效/成本 present
    assert '<td class="ok" title="开展活动次数">数量 <b>1</b></td>' in first


def test_missing_tier_is_marked() -> None:
    page = _page([SAMPLES / "bad" / "missing-tiers.txt"])
    assert '<th class="tier missing">满意度指标</th>' in page
    assert '<td class="missing">时效 <b>0</b></td>' in page


def test_document_text_is_escaped(tmp_path: Path) -> None:
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("2025科技创新环境建设\n", f"{HOSTILE}\n", 1)
    text = text.replace("\t≥2次\n", f"\t≥2{HOSTILE}\n", 1)
    hostile = tmp_path / "hostile.txt"
    hostile.write_text(text, encoding="utf-8")
    page = _page([hostile])
    assert HOSTILE not in page
    assert html.escape(HOSTILE) in page
    assert page.count("<script") == 1  # only the report's own
    # in the packed form too (document text inside the compressed bodies is escaped)
    packed = _page([hostile], inline_limit=0)
    [data] = re.findall(r'data-z="([A-Za-z0-9+/=]*)"', packed)
    body = gzip.decompress(base64.b64decode(data)).decode("utf-8")
    assert HOSTILE not in body and html.escape(HOSTILE) in body


def test_large_rounds_are_packed_and_lose_nothing() -> None:
    inline = _page([SEED, SAMPLES / "bad" / "codes.txt"])
    packed = _page([SEED, SAMPLES / "bad" / "codes.txt"], inline_limit=0)
    assert "data-z=" not in inline
    parts = [
        gzip.decompress(base64.b64decode(data)).decode("utf-8")
        for data in re.findall(r'data-z="([A-Za-z0-9+/=]*)"', packed)
    ]
    assert len(parts) == 2
    for part in parts:
        assert f'<div class="body">{part}</div>' in inline  # the same bodies, stored otherwise
    assert len(packed) < len(inline)
    # the headings, counts and overview stay plain HTML
    assert packed.count('<section class="pg-file') == 2 and 'id="overview"' in packed


def test_english(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", str(SEED), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Performance-goal review report" in page
    assert "showing {shown} of {total} findings" in page


def test_unwritable_output_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(SEED), "-o", str(tmp_path / "no" / "r.html")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
