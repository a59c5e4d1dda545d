"""Output people expect from a linter, through the CLI in a subprocess in a scratch git
repository: one line per finding (concise, json-lines), several outputs in one run, noise
control, and colour as NO_COLOR/FORCE_COLOR say."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from linter_repo import ROOT, cli_env, make_repo, run
from perfgoal.rules import REGISTRY

ESCAPE = "\x1b["
SARIF_SCHEMA = json.loads((ROOT / "tests/data/sarif-schema-2.1.0.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repo(tmp_path_factory.mktemp("out") / "site")


def report_of(repo: Path, *args: str) -> dict[str, Any]:
    done = run("validate", *args, "--format", "json", cwd=repo)
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def test_concise_is_one_line_per_finding(repo: Path) -> None:
    done = run("validate", "drafts", "--format", "concise", cwd=repo)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    report = report_of(repo, "drafts")
    findings = [(f["path"], x) for f in report["files"] for x in f["findings"]]
    assert len(lines) == len(findings) + 1
    assert lines[-1].startswith("共 3 个文件：")
    for line, (path, finding) in zip(lines, findings, strict=False):
        head = f"{path}:{finding['location']['line']}:1:" if path.endswith(".txt") else f"{path}:"
        assert line.startswith(f"{head} {finding['rule']} [{finding['severity']}] "), line
        assert finding["message"] in line
    # the Word file has no line numbers: the table position ends the message
    assert any(re.match(r"drafts/cangzhou\.docx: PG\d{3} \[\w+\] .*表 \d+", ln) for ln in lines)


def test_json_lines_streams_the_findings(repo: Path) -> None:
    done = run("validate", "drafts", "--format", "json-lines", cwd=repo)
    assert done.returncode == 1
    records = [json.loads(line) for line in done.stdout.splitlines()]
    report = report_of(repo, "drafts")
    assert records == [{"path": f["path"], **x} for f in report["files"] for x in f["findings"]]
    assert done.stderr.startswith("共 3 个文件")


def test_several_outputs_in_one_run(repo: Path, tmp_path: Path) -> None:
    sarif, junit, as_json = tmp_path / "r.sarif", tmp_path / "r.xml", tmp_path / "r.json"
    done = run(
        "validate", "drafts", "--format", "concise", "--format", f"sarif:{sarif}",
        "-f", f"junit:{junit}", "-f", f"json:{as_json}", cwd=repo,
    )  # fmt: skip
    assert done.returncode == 1
    concise = run("validate", "drafts", "--format", "concise", cwd=repo)
    assert done.stdout == concise.stdout
    assert json.loads(as_json.read_text("utf-8")) == report_of(repo, "drafts")
    jsonschema.validate(json.loads(sarif.read_text("utf-8")), SARIF_SCHEMA)
    assert junit.read_text("utf-8").startswith("<?xml")
    only_files = run("validate", "drafts", "-f", f"sarif:{sarif}", cwd=repo)
    assert only_files.stdout == "" and only_files.stderr.startswith("共 3 个文件")


@pytest.mark.parametrize(
    "args",
    [["-f", "rich", "-f", "text"], ["-f", "yaml"], ["-f", "auto:x.txt"]],
)
def test_bad_format_lists_are_usage_errors(repo: Path, args: list[str]) -> None:
    done = run("validate", "drafts", *args, "--lang", "en", cwd=repo)
    assert done.returncode == 2 and done.stderr.startswith("perfgoal: error: --format")


def test_rules_as_json() -> None:
    done = run("rules", "--format", "json", "--lang", "en", cwd=ROOT)
    rules = json.loads(done.stdout)
    assert [r["code"] for r in rules] == [r.code for r in REGISTRY]
    assert all(r["summary"] == r["summaries"]["en"] and r["severity"] for r in rules)


def test_min_severity_hides_but_counts(repo: Path) -> None:
    full = report_of(repo, "drafts/cangzhou.txt")
    assert full["summary"]["info"] > 10
    for flags in (["--no-infos"], ["--min-severity", "warning"]):
        shown = report_of(repo, "drafts/cangzhou.txt", *flags)
        severities = {x["severity"] for f in shown["files"] for x in f["findings"]}
        assert severities == {"warning"}
        assert shown["summary"] == full["summary"]
    done = run("validate", "drafts/cangzhou.txt", "--no-infos", "-f", "text", cwd=repo)
    assert "提示" not in done.stdout.split("\n共")[0]
    info = full["summary"]["info"]
    assert done.stdout.rstrip().endswith(f"{info} 提示（其中 {info} 条未显示：--min-severity）")
    # --fail-on still sees what is hidden
    hidden = run(
        "validate", "drafts/cangzhou.txt", "--min-severity", "error", "--fail-on", "info",
        cwd=repo,
    )  # fmt: skip
    assert hidden.returncode == 1


def test_quiet_prints_the_counts_only(repo: Path) -> None:
    done = run("validate", "drafts", "-q", "--lang", "en", cwd=repo)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        line for line in done.stdout.splitlines() if line.startswith("3 file(s): ")
    ]
    assert len(done.stdout.splitlines()) == 1


def run_on_terminal(*args: str, cwd: Path, env: dict[str, str]) -> str:
    """What ``perfgoal ARGS`` writes to a terminal (a pseudo-terminal as standard output)."""
    master, slave = os.openpty()
    full = cli_env({"COLUMNS": "100", **env})
    with subprocess.Popen(
        [sys.executable, "-m", "perfgoal", *args], cwd=cwd, env=full, stdout=slave,
        stderr=subprocess.DEVNULL,
    ) as proc:  # fmt: skip
        os.close(slave)
        chunks: list[bytes] = []
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=120)
    os.close(master)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("env", "args", "coloured"),
    [
        ({}, [], True),
        ({"NO_COLOR": "1"}, [], False),
        ({"NO_COLOR": ""}, [], True),  # set but empty: no effect (no-color.org)
        ({"NO_COLOR": "1"}, ["--color", "always"], True),
        ({}, ["--color", "never"], False),
    ],
)
def test_colour_on_a_terminal(
    repo: Path, env: dict[str, str], args: list[str], coloured: bool
) -> None:
    out = run_on_terminal("validate", "drafts/arithmetic.txt", *args, cwd=repo, env=env)
    assert "PG" in out
    assert (ESCAPE in out) is coloured


def test_force_color_colours_a_pipe_but_never_a_file(repo: Path, tmp_path: Path) -> None:
    target = "drafts/arithmetic.txt"
    piped = run("validate", target, "-f", "rich", cwd=repo, env={"FORCE_COLOR": "1"})
    assert ESCAPE in piped.stdout
    assert ESCAPE not in run("validate", target, "-f", "rich", cwd=repo).stdout
    report = tmp_path / "report.txt"
    run("validate", target, "-f", "rich", "-o", str(report), cwd=repo, env={"FORCE_COLOR": "1"})
    assert "PG" in report.read_text("utf-8") and ESCAPE not in report.read_text("utf-8")
    run("validate", target, "-f", "rich", "--color", "always", "-o", str(report), cwd=repo)
    assert ESCAPE in report.read_text("utf-8")
    never = run(
        "validate", target, "--color", "never", cwd=repo, env={"FORCE_COLOR": "1"}
    )  # fmt: skip
    assert ESCAPE not in never.stdout


# What the Jenkins xUnit plugin's junit-10 schema allows on each element (GitLab reads a
# subset of it).
JUNIT_ATTRIBUTES = {
    "testsuites": {"name", "time", "tests", "failures", "errors"},
    "testsuite": {"name", "tests", "failures", "errors", "group", "time", "skipped",
                  "timestamp", "hostname", "id", "package", "file", "log", "url"},
    "testcase": {"name", "time", "classname", "group"},
    "failure": {"type", "message"},
    "system-out": set(),
}  # fmt: skip
JUNIT_REQUIRED = {"testsuite": {"name", "tests", "failures", "errors"}, "testcase": {"name"}}


def test_junit_fits_the_jenkins_schema_and_warnings_do_not_fail(repo: Path) -> None:
    import xml.etree.ElementTree as ET

    done = run("validate", "drafts/cangzhou.txt", "-f", "junit", cwd=repo)
    assert done.returncode == 0  # only warnings and infos
    root = ET.fromstring(done.stdout.encode("utf-8"))
    for element in root.iter():
        assert set(element.attrib) <= JUNIT_ATTRIBUTES[element.tag], element.tag
        assert JUNIT_REQUIRED.get(element.tag, set()) <= set(element.attrib), element.tag
    assert root.get("failures") == "0" and root.findall(".//failure") == []
    assert int(root.get("tests", "0")) > 20
    strict = run("validate", "drafts/cangzhou.txt", "-f", "junit", "--fail-on", "warning", cwd=repo)
    assert strict.returncode == 1
    failed = ET.fromstring(strict.stdout.encode("utf-8"))
    warnings = report_of(repo, "drafts/cangzhou.txt")["summary"]["warning"]
    assert failed.get("failures") == str(warnings) == str(len(failed.findall(".//failure")))
