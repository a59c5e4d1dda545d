"""The CI output formats (SARIF, GitHub annotations, JUnit, GitLab Code Quality), baselines,
the pre-commit manifest and the recipes of docs/ci.md, on a synthetic report."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from jsonschema import Draft4Validator
from ruamel.yaml import YAML

from perfgoal import __version__
from perfgoal.baseline import apply_baseline, write_baseline
from perfgoal.errors import UsageError
from perfgoal.findings import FileReport, Finding, ProjectRef, Report
from perfgoal.model import Location
from perfgoal.reporters import ReportOptions, github, gitlab, junit, sarif
from perfgoal.rules import REGISTRY

ROOT = Path(__file__).resolve().parents[1]
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

CLEAN = "drafts/clean.txt"
MIXED = "drafts/预算,草稿.txt"
PLAN = "drafts/plan.docx"
BROKEN = "drafts/broken.docx"

P1 = ProjectRef(seq=1, code="13091625P00024010001J", name="2025科技创新环境建设")
P2 = ProjectRef(seq=2, code=None, name="科普")
ROW = "| 产出指标 | 数量指标 | 开展活动次数 | ≥ |"


def _finding(path: str, **fields: Any) -> Finding:
    finding = Finding(**fields)
    finding.fingerprint = finding.compute_fingerprint(path)
    return finding


def malformed(line: int) -> Finding:
    return _finding(
        MIXED,
        rule="PG301",
        name="malformed-value",
        severity="error",
        message="指标值无法识别: 100%, 见\n下行 <&>",
        project=P1,
        location=Location(line=line, table=2, row=5, column=5),
        expected="≥2次",
        actual="≥",
        context=ROW,
    )


def mixed_findings() -> list[Finding]:
    return [
        malformed(12),
        _finding(
            MIXED,
            rule="PG303",
            name="value-echoes-name",
            severity="warning",
            message="指标值只是重复了指标名称\r\n“开展活动次数”\x0b",
            project=P1,
            location=Location(line=14, table=2, row=7, column=5),
            context="| 效益指标 | 社会效益指标 | 开展活动次数 | 开展活动次数 |",
        ),
        _finding(
            MIXED,
            rule="PG306",
            name="basis-unrecognized",
            severity="info",
            message="指标值确定依据“领导要求”不是计划标准/行业标准/历史标准/其他标准",
            project=P1,
            location=Location(line=15, table=2, row=8, column=6),
            actual="领导要求",
        ),
        malformed(40),  # the same finding on another line: the same fingerprint
    ]


def plan_finding() -> Finding:
    return _finding(
        PLAN,
        rule="PG203",
        name="plan-final-total",
        severity="error",
        message="资金支出计划最后一期不等于预算数",
        project=P2,
        location=Location(table=3, row=4, column=5),
        expected="12月底 4.00 (= 预算数)",
        actual="12月底 3.00",
    )


def broken_finding() -> Finding:
    return _finding(
        BROKEN,
        rule="PG001",
        name="unreadable-input",
        severity="error",
        message="无法读取文件：不是 zip 文件",
        actual="不是 zip 文件",
    )


def make_report() -> Report:
    return Report.build(
        [
            FileReport(path=CLEAN),
            FileReport(path=MIXED, findings=mixed_findings()),
            FileReport(path=PLAN, findings=[plan_finding()]),
            FileReport(path=BROKEN, findings=[broken_finding()]),
        ]
    )


# --- SARIF -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_validator() -> Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sarif_validates_against_the_schema(sarif_validator: Draft4Validator, lang: Any) -> None:
    text = sarif.render(make_report(), ReportOptions(lang))
    assert text.endswith("\n")
    log = json.loads(text)
    errors = sorted(sarif_validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    assert text == sarif.render(make_report(), ReportOptions(lang))  # deterministic


def test_sarif_driver_lists_every_rule_and_internal_error() -> None:
    run = json.loads(sarif.render(make_report(), ReportOptions("zh")))["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "perfgoal"
    assert driver["version"] == __version__
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids == sorted(ids)
    assert set(ids) == {rule.code for rule in REGISTRY} | {"PG999"}
    by_id = {rule["id"]: rule for rule in driver["rules"]}
    assert by_id["PG999"]["name"] == "internal-error"
    for rule in REGISTRY:
        descriptor = by_id[rule.code]
        assert descriptor["name"] == rule.name
        assert descriptor["shortDescription"]["text"] == rule.summary["zh"]
        assert descriptor["help"]["text"] == rule.doc("zh")
        assert descriptor["fullDescription"]["text"]
        assert "\n" not in descriptor["fullDescription"]["text"]
        assert descriptor["defaultConfiguration"]["level"] == sarif.LEVEL[rule.severity]
    pg001 = by_id["PG001"]
    assert pg001["fullDescription"]["text"].startswith("文件无法读取")
    en_log = json.loads(sarif.render(make_report(), ReportOptions("en")))
    en = en_log["runs"][0]["tool"]["driver"]["rules"]
    assert next(r for r in en if r["id"] == "PG001")["shortDescription"]["text"] == (
        "the file cannot be read"
    )


def test_sarif_results() -> None:
    run = json.loads(sarif.render(make_report(), ReportOptions("zh")))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert len(results) == 6
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["partialFingerprints"]["perfgoalFingerprint/v1"]
    levels = [r["level"] for r in results]
    assert levels == ["error", "warning", "note", "error", "error", "error"]

    first, _, info, moved, plan, broken = results
    assert first["partialFingerprints"] == moved["partialFingerprints"]
    assert first["message"]["text"] == "指标值无法识别: 100%, 见\n下行 <&>"
    physical = first["locations"][0]["physicalLocation"]
    assert unquote(physical["artifactLocation"]["uri"]) == MIXED
    assert physical["region"] == {"startLine": 12}
    assert moved["locations"][0]["physicalLocation"]["region"] == {"startLine": 40}
    assert first["locations"][0]["logicalLocations"] == [
        {
            "name": "表 2/第 5 行/第 5 列",
            "fullyQualifiedName": "13091625P00024010001J/表 2/第 5 行/第 5 列",
            "kind": "element",
        }
    ]
    assert first["properties"] == {
        "project": {"seq": 1, "code": "13091625P00024010001J", "name": "2025科技创新环境建设"},
        "expected": "≥2次",
        "actual": "≥",
        "context": ROW,
    }
    assert info["properties"]["actual"] == "领导要求"
    assert "expected" not in info["properties"]

    # Word: no lines, so line 1; the project without a code is 项目N.
    plan_physical = plan["locations"][0]["physicalLocation"]
    assert plan_physical["artifactLocation"]["uri"] == PLAN
    assert plan_physical["region"] == {"startLine": 1}
    assert plan["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == (
        "项目2/表 3/第 4 行/第 5 列"
    )
    # An unreadable file: no project, no location.
    assert "logicalLocations" not in broken["locations"][0]
    assert broken["locations"][0]["physicalLocation"]["region"] == {"startLine": 1}
    assert broken["properties"] == {"actual": "不是 zip 文件"}

    uris = [a["location"]["uri"] for a in run["artifacts"]]
    assert [unquote(u) for u in uris] == [CLEAN, MIXED, PLAN, BROKEN]
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["index"] == 1


_URI_REFERENCE = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        ("drafts/a.docx", "drafts/a.docx"),
        ("drafts/my draft #1.txt", "drafts/my%20draft%20%231.txt"),
        ("项目.docx", "%E9%A1%B9%E7%9B%AE.docx"),
        ("50%.txt", "50%25.txt"),
        ("a:b/c.txt", "a%3Ab/c.txt"),
        ("/srv/drafts/a.txt", "file:///srv/drafts/a.txt"),
        ("drafts\\a.txt", "drafts/a.txt"),
    ],
)
def test_sarif_uri(path: str, uri: str) -> None:
    assert sarif.artifact_uri(path) == uri
    assert _URI_REFERENCE.match(uri)


def test_first_paragraph_joins_lines() -> None:
    assert sarif.first_paragraph("一行\n二行。\n\n为什么：") == "一行二行。"
    assert sarif.first_paragraph("One line\nand two (项目编码).\n\nWhy:") == (
        "One line and two (项目编码)."
    )


# --- GitHub ----------------------------------------------------------------------------


def test_github_annotations_zh() -> None:
    expected = [
        f"::group::{MIXED}",
        "::error file=drafts/预算%2C草稿.txt,line=12,title=PG301 malformed-value::"
        "指标值无法识别: 100%25, 见%0A下行 <&>（期望：≥2次；实际：≥）",
        "::warning file=drafts/预算%2C草稿.txt,line=14,title=PG303 value-echoes-name::"
        "指标值只是重复了指标名称%0D%0A“开展活动次数”\x0b",
        "::notice file=drafts/预算%2C草稿.txt,line=15,title=PG306 basis-unrecognized::"
        "指标值确定依据“领导要求”不是计划标准/行业标准/历史标准/其他标准（实际：领导要求）",
        "::error file=drafts/预算%2C草稿.txt,line=40,title=PG301 malformed-value::"
        "指标值无法识别: 100%25, 见%0A下行 <&>（期望：≥2次；实际：≥）",
        "::endgroup::",
        "::group::drafts/plan.docx",
        "::error file=drafts/plan.docx,title=PG203 plan-final-total::"
        "资金支出计划最后一期不等于预算数（期望：12月底 4.00 (= 预算数)；实际：12月底 3.00）"
        "［项目 2 · 科普，表 3 第 4 行 第 5 列］",
        "::endgroup::",
        "::group::drafts/broken.docx",
        "::error file=drafts/broken.docx,title=PG001 unreadable-input::"
        "无法读取文件：不是 zip 文件（实际：不是 zip 文件）",
        "::endgroup::",
    ]
    text = github.render(make_report(), ReportOptions("zh"))
    assert text == "\n".join(expected) + "\n"


def test_github_annotations_en() -> None:
    lines = github.render(make_report(), ReportOptions("en")).split("\n")
    assert lines[1].endswith("%0A下行 <&> (expected: ≥2次; actual: ≥)")
    assert lines[7].endswith(
        " (expected: 12月底 4.00 (= 预算数); actual: 12月底 3.00)"
        " [project 2 · 科普, table 3, row 4, column 5]"
    )


def test_github_escaping() -> None:
    assert github.escape_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"
    assert github.escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"
    assert github.render(Report.build([FileReport(path=CLEAN)]), ReportOptions("zh")) == ""


# --- JUnit -----------------------------------------------------------------------------


def test_junit() -> None:
    text = junit.render(make_report(), ReportOptions("zh"))
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    assert root.get("name") == "perfgoal"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("7", "4", "0")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [CLEAN, MIXED, PLAN, BROKEN]
    for suite in suites:
        names = [case.get("name") for case in suite.findall("testcase")]
        assert len(names) == len(set(names)) == int(suite.get("tests", "-1"))
        assert len(suite.findall("testcase/failure")) == int(suite.get("failures", "-1"))

    clean, mixed, plan, broken = suites
    (case,) = clean.findall("testcase")
    assert case.get("name") == "perfgoal: no findings"
    assert list(case) == []
    assert case.get("classname") == "perfgoal.drafts.clean.txt"

    cases = mixed.findall("testcase")
    assert [c.get("name") for c in cases] == [
        "PG301 malformed-value #1 项目 1 · 13091625P00024010001J · 2025科技创新环境建设 / "
        "第 12 行（表 2 第 5 行 第 5 列）",
        "PG303 value-echoes-name #1 项目 1 · 13091625P00024010001J · 2025科技创新环境建设 / "
        "第 14 行（表 2 第 7 行 第 5 列）",
        "PG306 basis-unrecognized #1 项目 1 · 13091625P00024010001J · 2025科技创新环境建设 / "
        "第 15 行（表 2 第 8 行 第 6 列）",
        "PG301 malformed-value #2 项目 1 · 13091625P00024010001J · 2025科技创新环境建设 / "
        "第 40 行（表 2 第 5 行 第 5 列）",
    ]
    # no ``file`` attribute on a testcase: Jenkins' xUnit schema (junit-10) rejects it
    assert all(set(c.attrib) == {"classname", "name"} for c in cases)
    failure = cases[0].find("failure")
    assert failure is not None
    assert failure.get("type") == "PG301"
    assert failure.get("message") == "指标值无法识别: 100%, 见\n下行 <&>"
    assert failure.text is not None
    assert "- ≥\n+ ≥2次" in failure.text
    assert f"│ {ROW}" in failure.text
    # a warning below --fail-on (error) is a passing testcase: its text in <system-out>
    assert cases[1].find("failure") is None
    warning = cases[1].find("system-out")
    assert warning is not None and warning.text is not None
    assert "\x0b" not in warning.text  # illegal in XML 1.0: stripped
    strict_xml = junit.render(make_report(), ReportOptions("zh", fail_on="warning"))
    strict = ET.fromstring(strict_xml.encode("utf-8"))
    strict_cases = strict.findall("testsuite")[1].findall("testcase")
    assert [c.find("failure") is not None for c in strict_cases] == [True, True, False, True]
    info = cases[2]
    assert info.find("failure") is None
    out = info.find("system-out")
    assert out is not None and out.text is not None and "领导要求" in out.text

    (broken_case,) = broken.findall("testcase")
    assert broken_case.get("name") == "PG001 unreadable-input #1 文档"
    assert plan.findall("testcase")[0].get("name") == (
        "PG203 plan-final-total #1 项目 2 · 科普 / 表 3 第 4 行 第 5 列"
    )


def test_junit_strips_illegal_characters_everywhere() -> None:
    finding = broken_finding().model_copy(update={"message": "坏\x00字\ufffe符\udc80"})
    report = Report.build([FileReport(path="a\x01.txt", findings=[finding])])
    root = ET.fromstring(junit.render(report, ReportOptions("en")).encode("utf-8"))
    case = root.find("testsuite/testcase")
    assert case is not None
    suite = root.find("testsuite")
    assert suite is not None and suite.get("name") == "a.txt"
    failure = case.find("failure")
    assert failure is not None and failure.get("message") == "坏字符"


# --- GitLab ----------------------------------------------------------------------------


def test_gitlab_code_quality() -> None:
    issues = json.loads(gitlab.render(make_report(), ReportOptions("zh")))
    assert isinstance(issues, list) and len(issues) == 6
    fingerprints = [issue["fingerprint"] for issue in issues]
    assert len(set(fingerprints)) == 6
    assert fingerprints[0] == mixed_findings()[0].fingerprint
    assert [issue["severity"] for issue in issues] == [
        "major",
        "minor",
        "info",
        "major",
        "major",
        "major",
    ]
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["description"].startswith(issue["check_name"] + " ")
        assert issue["categories"] and issue["type"] == "issue"
    assert issues[0]["location"] == {"path": MIXED, "lines": {"begin": 12}}
    assert issues[4]["location"] == {"path": PLAN, "lines": {"begin": 1}}
    assert issues[5]["location"] == {"path": BROKEN, "lines": {"begin": 1}}
    assert issues[0]["description"] == "PG301 指标值无法识别: 100%, 见\n下行 <&>"
    assert gitlab.render(Report.build([FileReport(path=CLEAN)]), ReportOptions("zh")) == "[]\n"


# --- Baseline --------------------------------------------------------------------------


def test_baseline_round_trip(tmp_path: Path) -> None:
    report = make_report()
    path = tmp_path / "baseline.json"
    write_baseline(report, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == 1 and data["tool"] == "perfgoal"
    entries = data["findings"]
    assert len(entries) == 6
    assert entries == sorted(entries, key=lambda e: (e["path"], e["rule"], e["fingerprint"]))
    assert set(entries[0]) == {"path", "rule", "fingerprint"}

    applied = apply_baseline(report, path)
    assert applied.summary.model_dump() == {"files": 4, "error": 0, "warning": 0, "info": 0}
    assert [f.path for f in applied.files] == [CLEAN, MIXED, PLAN, BROKEN]
    assert report.summary.error == 4  # the input is not changed

    new = _finding(
        PLAN,
        rule="PG201",
        name="budget-sum",
        severity="error",
        message="财政资金 + 其他资金 ≠ 预算数",
    )
    files = make_report().files
    files[2].findings.append(new)
    remaining = apply_baseline(Report.build(files), path)
    assert [(f.path, [x.rule for x in f.findings]) for f in remaining.files] == [
        (CLEAN, []),
        (MIXED, []),
        (PLAN, ["PG201"]),
        (BROKEN, []),
    ]
    assert remaining.summary.error == 1


def test_baseline_counts_multiplicity(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    write_baseline(Report.build([FileReport(path=MIXED, findings=[malformed(12)])]), path)
    report = Report.build([FileReport(path=MIXED, findings=[malformed(12), malformed(40)])])
    (file,) = apply_baseline(report, path).files
    assert [f.location.line for f in file.findings if f.location] == [40]
    # a line move alone does not resurrect a finding
    moved = Report.build([FileReport(path=MIXED, findings=[malformed(99)])])
    assert apply_baseline(moved, path).summary.error == 0


@pytest.mark.parametrize(
    "content",
    [
        "not json",
        "[]",
        '{"schema_version": 2, "tool": "perfgoal", "findings": []}',
        '{"schema_version": 1, "tool": "perfgoal"}',
        '{"schema_version": 1, "tool": "perfgoal", "findings": [{"path": "a.txt"}]}',
        '{"schema_version": 1, "tool": "perfgoal", "findings": ["x"]}',
    ],
)
def test_malformed_baseline(tmp_path: Path, content: str) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UsageError, match="baseline"):
        apply_baseline(make_report(), path)


def test_missing_baseline(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such baseline"):
        apply_baseline(make_report(), tmp_path / "nope.json")


# --- pre-commit and docs/ci.md ---------------------------------------------------------


def test_pre_commit_manifest() -> None:
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "perfgoal"]
    assert hook["entry"] == "perfgoal validate --force-exclude --allow-empty"
    assert hook["language"] == "python"
    assert hook["require_serial"] is False
    assert hook["name"] and hook["description"]
    files = re.compile(hook["files"])
    for name in ("a.docx", "b.txt", "c.yml", "d.yaml", "drafts/项目.docx", "e.pdf", "f.xlsx"):
        assert files.search(name), name
    for name in ("f.docx.bak", "g.yamlx", "h.py", "i.md"):
        assert not files.search(name), name


def test_ci_docs_yaml_blocks_parse() -> None:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```yaml\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE)
    assert len(blocks) >= 3
    docs = [YAML(typ="safe").load(block) for block in blocks]
    assert all(isinstance(doc, dict) for doc in docs)
    workflow = next(d for d in docs if "jobs" in d)
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    assert any(
        str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@") for s in steps
    )
    assert any("--format sarif" in str(s.get("run", "")) for s in steps)
    assert any("--format github" in str(s.get("run", "")) for s in steps)
    gitlab_job = next(
        job
        for d in docs
        for job in d.values()
        if isinstance(job, dict) and "artifacts" in job and "script" in job
    )
    reports = gitlab_job["artifacts"]["reports"]
    assert set(reports) >= {"junit", "codequality"}
    pre_commit = next(d for d in docs if "repos" in d)
    assert pre_commit["repos"][0]["hooks"][0]["id"] == "perfgoal"
