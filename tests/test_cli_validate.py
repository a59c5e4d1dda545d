"""``perfgoal validate``, ``rules`` and ``explain`` through the CLI, on real files."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from perfgoal.cli import app
from perfgoal.rules import REGISTRY
from perfgoal.rules.catalog import rules_markdown
from perfgoal.schemas import schemas

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "cangzhou-2025.txt"
BAD = SAMPLES / "bad"
CONTRACT = json.loads(
    (Path(__file__).parent / "data" / "contracts" / "findings.contract.json").read_text("utf-8")
)

runner = CliRunner()


def validate(*args: str, env: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, ["validate", *args, "--format", "json"], env=env)
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)


def rules_of(report: dict[str, Any]) -> Counter[str]:
    return Counter(f["rule"] for file in report["files"] for f in file["findings"])


def test_seed_has_no_error_and_what_a_reviewer_would_say() -> None:
    code, report = validate(str(SEED))
    assert code == 0
    assert report["summary"]["error"] == 0
    findings = report["files"][0]["findings"]
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for finding in findings:
        by_rule.setdefault(finding["rule"], []).append(finding)
    # values that only repeat the indicator name, and 依据 that are not standard bases
    assert len(by_rule["PG303"]) > 20 and len(by_rule["PG306"]) > 50
    # the duplicated goal of table 12
    assert [f["project"]["seq"] for f in by_rule["PG502"]] == [12]
    # tables 9-12 are missing from the overview's list
    assert sorted(f["project"]["seq"] for f in by_rule["PG501"]) == [9, 10, 11, 12]
    # the 2024 codes of tables 11-12
    assert sorted(f["project"]["seq"] for f in by_rule["PG402"]) == [11, 12]
    assert {f["severity"] for f in findings} <= {"warning", "info"}


def _comparable(report: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (f["rule"], f["project"]["seq"] if f["project"] else None, f["message"], f["context"])
        for f in report["files"][0]["findings"]
    ]


def test_word_rendition_gives_the_same_findings() -> None:
    _, text = validate(str(SEED))
    code, word = validate(str(SAMPLES / "cangzhou-2025.docx"))
    assert code == 0
    assert sorted(_comparable(word), key=str) == sorted(_comparable(text), key=str)


ALL_FILES = sorted(p for p in SAMPLES.rglob("*") if p.suffix in (".txt", ".docx"))


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.name)
def test_json_output_meets_the_contract(path: Path) -> None:
    _, report = validate(str(path))
    jsonschema.Draft202012Validator(CONTRACT).validate(report)
    jsonschema.Draft202012Validator(schemas()["findings.schema.json"]).validate(report)


BAD_FAMILIES = {
    "budget-arithmetic": {"PG201", "PG202", "PG203", "PG204", "PG205"},
    "missing-tiers": {"PG102", "PG103", "PG104", "PG105", "PG106", "PG107"},
    "malformed-values": {"PG301", "PG302", "PG305", "PG307", "PG308", "PG309", "PG310", "PG311"},
    "codes": {"PG401", "PG403", "PG404"},
}


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
@pytest.mark.parametrize("stem", sorted(BAD_FAMILIES))
def test_bad_samples_show_their_family(stem: str, suffix: str) -> None:
    code, report = validate(str(BAD / f"{stem}{suffix}"))
    assert set(rules_of(report)) == BAD_FAMILIES[stem]
    assert code == 1


def test_clean_layout_samples_have_no_errors() -> None:
    clean = ("2021-framework", "hunan-shenbao", "department-overall", "operator-column")
    more = ("qingshan-long-term", "jiaxian-shenbao", "score-shenpi", "province-2025")
    more += ("district-multi", "yuan-two-column", "department-ningde", "flat-merged", "flat-sheet")
    for stem in (*clean, *more):
        for path in sorted((SAMPLES / "layouts").glob(f"{stem}.*")):
            code, report = validate(str(path))
            assert (code, dict(rules_of(report))) == (0, {}), path.name


def test_folder_is_every_draft_inside_sorted() -> None:
    code, report = validate(str(BAD))
    assert code == 1
    assert [f["path"] for f in report["files"]] == sorted(
        p.as_posix() for p in BAD.iterdir() if p.suffix in (".txt", ".docx")
    )


def test_unreadable_file_is_reported_and_the_others_checked(tmp_path: Path) -> None:
    (tmp_path / "a-broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "b-good.txt").write_bytes(SEED.read_bytes())
    code, report = validate(str(tmp_path))
    assert code == 1
    broken, good = report["files"]
    assert [f["rule"] for f in broken["findings"]] == ["PG001"]
    assert "a-broken.docx" in broken["path"]
    assert good["findings"] and all(f["rule"] != "PG001" for f in good["findings"])


def test_pg001_follows_ignore_and_severity_but_not_a_narrow_select(tmp_path: Path) -> None:
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    code, report = validate(str(tmp_path), "--ignore", "PG001")
    assert code == 0 and report["files"][0]["findings"] == []
    code, report = validate(str(tmp_path), "--ignore", "unreadable-input")
    assert code == 0 and report["summary"]["error"] == 0
    # selecting the rules that check drafts does not make an unreadable draft pass
    code, report = validate(str(tmp_path), "--select", "PG203")
    assert code == 1 and rules_of(report) == Counter({"PG001": 1})
    (tmp_path / "perfgoal.yaml").write_text("severity: {PG001: warning}\n", "utf-8")
    code, report = validate(
        str(tmp_path / "broken.docx"), "--config", str(tmp_path / "perfgoal.yaml")
    )
    assert code == 0 and report["files"][0]["findings"][0]["severity"] == "warning"


def test_yaml_draft_error_points_at_its_line(tmp_path: Path) -> None:
    draft = tmp_path / "draft.yaml"
    runner.invoke(app, ["to-yaml", str(SEED), "-o", str(draft)])
    lines = draft.read_text("utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if "total:" in line)
    lines[index] = lines[index].split(":")[0] + ": 四万"
    draft.write_text("\n".join(lines) + "\n", "utf-8")
    code, report = validate(str(draft))
    assert code == 1
    [finding] = report["files"][0]["findings"]
    assert finding["rule"] == "PG001"
    assert finding["location"]["line"] == index + 1


@pytest.mark.parametrize(
    ("args", "present", "absent"),
    [
        (["--select", "PG3*"], {"PG303", "PG306"}, {"PG501", "PG402", "PG502"}),
        (["--select", "value-echoes-name"], {"PG303"}, {"PG306"}),
        (["--ignore", "PG306,PG303"], {"PG501"}, {"PG303", "PG306"}),
        (["--ignore", "PG5*"], {"PG303"}, {"PG501", "PG502"}),
    ],
)
def test_select_and_ignore(args: list[str], present: set[str], absent: set[str]) -> None:
    _, report = validate(str(SEED), *args)
    found = set(rules_of(report))
    assert present <= found and not absent & found


@pytest.mark.parametrize(("fail_on", "code"), [("error", 0), ("warning", 1), ("info", 1)])
def test_fail_on(fail_on: str, code: int) -> None:
    assert validate(str(SEED), "--fail-on", fail_on)[0] == code


def test_fail_on_info_only() -> None:
    args = (str(SEED), "--select", "PG402", "--fail-on")
    assert validate(*args, "warning")[0] == 0
    assert validate(*args, "info")[0] == 1


@pytest.mark.parametrize(
    "args",
    [
        ["--no-such-option"],
        ["no/such/folder"],
        ["--select", "PG777"],
        ["--ignore", "no-such-rule"],
        ["--fail-on", "fatal"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = runner.invoke(app, ["validate", str(SEED), *args])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("config", "says"),
    [
        ("excludes: [PG306]\n", "excludes"),
        ("ignore: [PG777]\n", "PG777"),
        ("framework: 2020\n", "framework"),
        ("satisfaction_min: lots\n", "satisfaction_min"),
        ("severity: {PG303: fatal}\n", "severity"),
        ("project_code_pattern: '(['\n", "project_code_pattern"),
        ("select: [PG3*\n", "YAML"),
    ],
)
def test_invalid_config_exits_2_naming_the_key(tmp_path: Path, config: str, says: str) -> None:
    path = tmp_path / "perfgoal.yaml"
    path.write_text(config, "utf-8")
    result = runner.invoke(app, ["validate", str(SEED), "--config", str(path)])
    assert result.exit_code == 2
    assert says in result.stderr
    assert "Traceback" not in result.output


def test_config_is_discovered_in_a_parent_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "perfgoal.yaml").write_text(
        "ignore: [PG306]\nseverity: {value-echoes-name: error}\n", "utf-8"
    )
    child = tmp_path / "drafts" / "2025"
    child.mkdir(parents=True)
    monkeypatch.chdir(child)
    code, report = validate(str(SEED))
    assert "PG306" not in rules_of(report)
    assert {f["severity"] for f in report["files"][0]["findings"] if f["rule"] == "PG303"} == {
        "error"
    }
    assert code == 1


def test_config_in_pyproject(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "drafts"\n\n[tool.perfgoal]\nselect = ["PG402"]\nyear = 2024\n',
        "utf-8",
    )
    monkeypatch.chdir(tmp_path)
    _, report = validate(str(SEED))
    # with the budget year set to 2024, the 2025 codes are the mismatching ones
    seqs = sorted(f["project"]["seq"] for f in report["files"][0]["findings"])
    assert seqs == list(range(1, 11))


def test_english_messages_by_option_and_by_environment() -> None:
    _, zh = validate(str(SEED), "--select", "PG502")
    _, en = validate(str(SEED), "--select", "PG502", "--lang", "en")
    _, env = validate(str(SEED), "--select", "PG502", env={"PERFGOAL_LANG": "en"})
    zh_f, en_f, env_f = (r["files"][0]["findings"][0] for r in (zh, en, env))
    assert zh_f["rule"] == en_f["rule"] == "PG502" and zh_f["name"] == en_f["name"]
    assert zh_f["message"] != en_f["message"] == env_f["message"]
    assert en_f["message"].isascii() is False or "goal" in en_f["message"]
    assert "goal" in en_f["message"].lower()


def test_rich_report_is_diff_style() -> None:
    result = runner.invoke(
        app,
        ["validate", str(BAD / "budget-arithmetic.txt"), "--format", "rich", "--lang", "en"],
        env={"NO_COLOR": "1", "COLUMNS": "200"},
    )
    assert result.exit_code == 1
    out = result.stdout
    assert "\x1b[" not in out
    assert "project 1 · 13091625P00024010001J · 2025科技创新环境建设" in out
    assert "PG203" in out
    assert "│ 资金支出计划（万元） | 3月底 1.00 | 6月底 3.00 | 10月底 2.00 | 12月底 3.50" in out
    assert "- 12月底 3.50" in out
    assert "+ 12月底 4.00 (= 预算数)" in out
    assert out.rstrip().splitlines()[-1].startswith("1 file(s): 6 error(s)")


def test_rules_lists_the_catalog() -> None:
    result = runner.invoke(app, ["rules"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for rule in REGISTRY:
        assert rule.code in result.stdout and rule.name in result.stdout


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["PG203"],
            [
                "plan-final-total",
                "反例",
                "正例",
                "3.00 | 3.00 |",
                "3.00 | 4.00 |",
                "→ 资金支出计划 12月底 为 3.00",
            ],
        ),
        (["plan-final-total", "--lang", "en"], ["PG203", "Bad", "Good", "Why"]),
        (["pg303"], ["value-echoes-name", "反例", "正例"]),
    ],
)
def test_explain(args: list[str], words: list[str]) -> None:
    result = runner.invoke(app, ["explain", *args])
    assert result.exit_code == 0
    for word in words:
        assert word in result.stdout


def test_explain_unknown_rule_is_a_usage_error() -> None:
    result = runner.invoke(app, ["explain", "PG777"])
    assert result.exit_code == 2


@pytest.mark.parametrize("rule", REGISTRY, ids=lambda r: r.code)
def test_every_rule_is_documented_in_both_languages(rule: Any) -> None:
    zh, en = rule.doc("zh"), rule.doc("en")
    assert "反例" in zh and "正例" in zh and "为什么" in zh
    assert "Bad" in en and "Good" in en and "Why" in en
    assert rule.summary["zh"] and rule.summary["en"]


def test_docs_rules_md_is_current() -> None:
    assert (ROOT / "docs" / "rules.md").read_text("utf-8") == rules_markdown(), (
        "docs/rules.md is stale: python -m perfgoal.rules.catalog > docs/rules.md"
    )
