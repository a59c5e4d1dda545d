"""perfgoal in CI: golden files for every format on the bad samples, --jobs, -o, auto
format, exit switches and the pre-commit hook's entry."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from perfgoal.cli import app
from perfgoal.rules import REGISTRY

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
SARIF_SCHEMA = Path(__file__).resolve().parent / "data" / "sarif-schema-2.1.0.json"
BAD = sorted(
    p.relative_to(ROOT).as_posix()
    for p in (ROOT / "samples" / "bad").glob("*.*")
    if p.suffix in (".txt", ".docx")
)
FORMATS = {
    "json": "json",
    "sarif": "sarif.json",
    "github": "github.txt",
    "junit": "junit.xml",
    "gitlab": "gitlab.json",
    "text": "txt",
}

runner = CliRunner()


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # paths in reports are as given: keep them relative
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["validate", *args], env={"COLUMNS": "200", **(env or {})})
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("path", BAD)
def test_golden_files(path: str, fmt: str) -> None:
    code, out, _ = _run(path, "--format", fmt, "-j", "1")
    assert code == 1
    if fmt == "sarif":
        out = _without_rule_metadata(out)
    golden = GOLDEN / f"{Path(path).name}.{FORMATS[fmt]}"
    if os.environ.get("PERFGOAL_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(out, "utf-8")
    assert out == golden.read_text("utf-8"), f"{golden.name} differs (PERFGOAL_UPDATE_GOLDEN=1)"


def _without_rule_metadata(sarif: str) -> str:
    """The SARIF log without the driver's rules: the catalog is the same in every log and
    is tested once (tests/test_reporters_ci.py), so that a new rule or a reworded help text
    does not change every golden file."""
    log = json.loads(sarif)
    rules = log["runs"][0]["tool"]["driver"].pop("rules")
    assert [rule["id"] for rule in rules] == sorted(rule.code for rule in REGISTRY)
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def test_sarif_of_all_bad_samples_is_valid() -> None:
    _, out, _ = _run("samples/bad", "--format", "sarif")
    sarif = json.loads(out)
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(sarif)
    results = sarif["runs"][0]["results"]
    assert len(results) > 20
    assert all(r["partialFingerprints"] for r in results)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == set(BAD)


def test_junit_parses_with_unique_testcase_names() -> None:
    _, out, _ = _run("samples/bad", "samples/layouts/2021-framework.txt", "--format", "junit")
    root = ET.fromstring(out.encode())
    suites = root.findall("testsuite")
    assert len(suites) == len(BAD) + 1
    for suite in suites:
        names = [case.get("name") for case in suite.findall("testcase")]
        assert len(names) == len(set(names)) > 0
    clean = next(s for s in suites if s.get("name") == "samples/layouts/2021-framework.txt")
    assert clean.find("testcase/failure") is None


def _validate_folder(jobs: int) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-m", "perfgoal", "validate", "samples/", "--format", "json"]
    return subprocess.run(
        [*command, "--jobs", str(jobs)], capture_output=True, cwd=ROOT, check=False
    )


def test_jobs_2_equals_jobs_1_byte_for_byte() -> None:
    one, two = _validate_folder(1), _validate_folder(2)
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout
    assert len(json.loads(one.stdout)["files"]) >= 19


def test_output_file_gets_the_machine_format_and_stderr_the_summary(tmp_path: Path) -> None:
    target = tmp_path / "report.sarif"
    code, out, err = _run("samples/bad/codes.txt", "--format", "sarif", "-o", str(target))
    assert code == 1 and out == ""
    assert json.loads(target.read_text("utf-8"))["version"] == "2.1.0"
    assert err.strip() == "共 1 个文件：2 错误 · 1 警告 · 0 提示"


def test_auto_format_is_github_in_actions_and_plain_elsewhere() -> None:
    _, actions, _ = _run("samples/bad/codes.txt", env={"GITHUB_ACTIONS": "true"})
    assert actions.startswith("::group::samples/bad/codes.txt")
    assert "::error file=samples/bad/codes.txt" in actions
    assert "PG401" in actions.split("::endgroup::")[1]  # the full plain report follows
    _, plain, _ = _run("samples/bad/codes.txt")
    assert not plain.startswith("::") and "\x1b[" not in plain and "PG401" in plain


def test_exit_zero_and_statistics() -> None:
    code, out, _ = _run(
        "samples/bad/malformed-values.txt", "--exit-zero", "--statistics", "--format", "text"
    )
    assert code == 0
    assert re.search(r"^\s+1\s+PG301\s+malformed-value$", out, re.MULTILINE)
    assert _run("no/such/path", "--exit-zero")[0] == 2


def test_baseline_reports_only_new_findings(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    assert _run("samples/bad", "--write-baseline", str(baseline), "-f", "json")[0] == 1
    code, out, _ = _run("samples/bad", "--baseline", str(baseline), "-f", "json")
    assert code == 0 and json.loads(out)["summary"]["error"] == 0
    draft = tmp_path / "codes.txt"
    text = (ROOT / "samples/bad/codes.txt").read_text("utf-8")
    draft.write_text(text.replace("\t4.00\n\t其中", "\t5.00\n\t其中", 1), "utf-8")
    # the same defects in another file are new: the baseline is per path
    code, out, _ = _run(str(draft), "--baseline", str(baseline), "-f", "json")
    assert code == 1


def test_pre_commit_entry_runs_on_the_samples() -> None:
    hooks = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    hook = next(h for h in hooks if h["id"] == "perfgoal")
    pattern = re.compile(hook["files"])
    files = [
        p.relative_to(ROOT).as_posix()
        for p in sorted((ROOT / "samples").rglob("*"))
        if pattern.search(p.name) and p.is_file() and p.name != "README.md"
    ]
    assert "samples/cangzhou-2025.txt" in files
    entry = hook["entry"].split()
    assert entry[:2] == ["perfgoal", "validate"]
    command = [sys.executable, "-m", "perfgoal", *entry[1:], *hook.get("args", [])]
    clean = subprocess.run(
        [*command, "samples/cangzhou-2025.txt", "samples/layouts/2021-framework.docx"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr
    bad = subprocess.run(
        [*command, *files], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr
    assert "samples/bad/codes.txt" in bad.stdout
