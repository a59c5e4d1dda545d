"""``-`` reads one document from standard input (``--stdin-filename NAME`` names it), for
every command that takes document paths, through the CLI in a subprocess."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from linter_repo import ROOT, SAMPLES, cli_env

SEED = SAMPLES / "cangzhou-2025.txt"
WORD = SAMPLES / "cangzhou-2025.docx"
CJK = re.compile(r"[\u3400-\u9fff]")


def piped(
    *args: str,
    data: bytes | None,
    cwd: Path,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``perfgoal ARGS`` in a subprocess with ``data`` on standard input (None: standard
    input closed); never a traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "perfgoal", *args],
        cwd=cwd,
        env=cli_env(env),
        input=data,
        stdin=subprocess.DEVNULL if data is None else None,
        capture_output=True,
        timeout=300,
        check=False,
        preexec_fn=(lambda: os.close(0)) if data is None else None,
    )
    result = subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def findings(report: dict[str, Any]) -> list[tuple[str, str, str, Any]]:
    return [
        (file["path"], f["rule"], f["message"], f["location"])
        for file in report["files"]
        for f in file["findings"]
    ]


def test_validate_reads_stdin_as_the_file(tmp_path: Path) -> None:
    as_file = piped("validate", str(SEED), "-f", "json", data=b"", cwd=tmp_path)
    as_stdin = piped("validate", "-", "-f", "json", data=SEED.read_bytes(), cwd=tmp_path)
    assert as_stdin.returncode == as_file.returncode == 0
    from_file, from_stdin = json.loads(as_file.stdout), json.loads(as_stdin.stdout)
    assert [f[1:] for f in findings(from_stdin)] == [f[1:] for f in findings(from_file)]
    assert {f[0] for f in findings(from_stdin)} == {"-"}
    assert from_stdin["summary"] == from_file["summary"]


def test_stdin_filename_is_the_path_shown_everywhere(tmp_path: Path) -> None:
    name = "drafts/沧州.docx"
    done = piped(
        "validate", "-", "--stdin-filename", name, "-f", "concise",
        "-f", f"sarif:{tmp_path / 'r.sarif'}", data=WORD.read_bytes(), cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()[:-1]
    assert lines and all(line.startswith(f"{name}: PG") for line in lines)
    sarif = json.loads((tmp_path / "r.sarif").read_text("utf-8"))
    uris = {
        loc["physicalLocation"]["artifactLocation"]["uri"]
        for result in sarif["runs"][0]["results"]
        for loc in result["locations"]
    }
    assert len(uris) == 1 and uris.pop().endswith(".docx")
    parsed = piped(
        "parse", "-", "--stdin-filename", name, "-f", "json", data=WORD.read_bytes(), cwd=tmp_path
    )
    assert json.loads(parsed.stdout)["source"] | {"sha256": ""} == {
        "path": name, "format": "docx", "sha256": "", "converted_to": None,
    }  # fmt: skip


def test_the_name_picks_the_format_when_the_bytes_do_not(tmp_path: Path) -> None:
    draft = piped("to-yaml", str(SEED), data=b"", cwd=tmp_path).stdout
    head, _, rest = draft.partition("\n")
    assert head == "schema_version: 1"
    reordered = (rest + head + "\n").encode("utf-8")  # a hand-edited draft: the key last
    named = piped(
        "parse", "-", "--stdin-filename", "d.yaml", "-f", "json", data=reordered, cwd=tmp_path
    )
    assert named.returncode == 0, named.stderr
    document = json.loads(named.stdout)
    assert document["source"]["format"] == "yaml" and len(document["projects"]) == 12
    unnamed = piped("parse", "-", "-f", "json", data=reordered, cwd=tmp_path)
    assert json.loads(unnamed.stdout)["source"]["format"] == "txt"  # sniffed as a text export


def test_parse_and_to_yaml_read_stdin_as_the_file(tmp_path: Path) -> None:
    from_file = piped("to-yaml", str(SEED), data=b"", cwd=tmp_path).stdout
    from_stdin = piped(
        "to-yaml", "-", "--stdin-filename", str(SEED), data=SEED.read_bytes(), cwd=ROOT
    )
    assert from_stdin.returncode == 0 and from_stdin.stdout == from_file
    plain = piped("to-yaml", "-", data=SEED.read_bytes(), cwd=tmp_path).stdout
    assert "  path: '-'\n" in plain or '  path: "-"\n' in plain
    table = piped("parse", "-", data=SEED.read_bytes(), cwd=tmp_path, env={"COLUMNS": "200"})
    assert table.returncode == 0 and "13091625P00024010001J" in table.stdout


def test_report_summary_and_diff_read_stdin(tmp_path: Path) -> None:
    html = piped("report", "-", "-o", "-", data=SEED.read_bytes(), cwd=tmp_path)
    assert html.returncode == 0 and html.stdout.startswith("<!DOCTYPE html>")
    csv = piped(
        "summary",
        "-",
        "--stdin-filename",
        "a.txt",
        "-f",
        "csv",
        data=SEED.read_bytes(),
        cwd=tmp_path,
    )
    assert csv.returncode == 0 and "306001" in csv.stdout
    same = piped("diff", str(SEED), "-", data=SEED.read_bytes(), cwd=tmp_path)
    assert same.returncode == 0, same.stdout + same.stderr
    other = SAMPLES / "bad" / "codes.txt"
    changed = piped("diff", "-", str(SEED), data=other.read_bytes(), cwd=tmp_path)
    assert changed.returncode == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_stdin_twice_is_a_usage_error(tmp_path: Path, lang: str) -> None:
    done = piped("validate", "-", str(SEED), "-", "--lang", lang, data=b"x", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    expected = (
        "标准输入（-）只能给一次" if lang == "zh" else "standard input (-) can be given only once"
    )
    assert done.stderr == f"perfgoal: error: {expected}\n"
    parse = piped("parse", "-", "-", data=b"x", cwd=tmp_path)
    assert parse.returncode == 2 and "只能给一次" in parse.stderr


def test_stdin_filename_without_stdin_is_a_usage_error(tmp_path: Path) -> None:
    done = piped(
        "validate", str(SEED), "--stdin-filename", "a.txt", "--lang", "en", data=b"", cwd=tmp_path
    )
    assert done.returncode == 2
    assert done.stderr.startswith("perfgoal: error: --stdin-filename") and not CJK.search(
        done.stderr
    )


@pytest.mark.parametrize(
    ("data", "reason"), [(b"", "文件为空"), (b" \n\t\n", "文件为空"), (None, "标准输入已关闭")]
)
def test_empty_or_closed_stdin_is_an_input_error(
    tmp_path: Path, data: bytes | None, reason: str
) -> None:
    done = piped("validate", "-", "-f", "json", data=data, cwd=tmp_path)
    assert done.returncode == 1
    (file,) = json.loads(done.stdout)["files"]
    assert file["path"] == "-"
    assert [(f["rule"], reason in f["message"]) for f in file["findings"]] == [("PG001", True)]
    english = piped("validate", "-", "-f", "concise", "--lang", "en", data=data, cwd=tmp_path)
    assert english.stdout.startswith("-: PG001 [error] ")
    # (PG001's ``actual`` is the Chinese reason in every language, its fingerprint's part)
    assert not CJK.search(english.stdout.split("(actual:")[0])
    parse = piped("parse", "-", data=data, cwd=tmp_path)
    assert parse.returncode == 1 and parse.stderr.startswith(f"perfgoal: -: {reason}")


def test_stdin_is_held_to_the_size_limit(tmp_path: Path) -> None:
    done = piped(
        "validate", "-", "-f", "concise", data=SEED.read_bytes() * 4, cwd=tmp_path,
        env={"PERFGOAL_MAX_TEXT_MB": "0.05"},
    )  # fmt: skip
    assert done.returncode == 1
    assert "PG001" in done.stdout and "PERFGOAL_MAX_TEXT_MB" in done.stdout


def test_stdin_is_cached_by_its_bytes_and_name(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = {"PERFGOAL_NO_CACHE": "", "PERFGOAL_CACHE_DIR": str(cache)}

    def entries() -> int:
        return len(list(cache.rglob("*.json")))

    first = piped("validate", "-", "-f", "json", data=SEED.read_bytes(), cwd=tmp_path, env=env)
    assert entries() == 1
    again = piped("validate", "-", "-f", "json", data=SEED.read_bytes(), cwd=tmp_path, env=env)
    assert again.stdout == first.stdout and entries() == 1
    named = piped(
        "validate", "-", "--stdin-filename", "b.txt", "-f", "json", data=SEED.read_bytes(),
        cwd=tmp_path, env=env,
    )  # fmt: skip
    assert entries() == 2
    assert {f[0] for f in findings(json.loads(named.stdout))} == {"b.txt"}


def test_stdin_is_configured_as_the_file_it_stands_for(tmp_path: Path) -> None:
    """As ruff: the configuration of ``--stdin-filename``'s folder applies to ``-``, and
    ``--show-files`` / ``--show-settings`` name that file."""
    sub = tmp_path / "drafts"
    sub.mkdir()
    (sub / "perfgoal.yaml").write_text("ignore: [PG303]\n", "utf-8")
    data = SEED.read_bytes()
    named = ("--stdin-filename", "drafts/seed.txt")
    inside = piped("validate", "-f", "json", *named, "-", data=data, cwd=tmp_path)
    outside = piped("validate", "-f", "json", "-", data=data, cwd=tmp_path)
    rules_inside = {rule for _, rule, _, _ in findings(json.loads(inside.stdout))}
    rules_outside = {rule for _, rule, _, _ in findings(json.loads(outside.stdout))}
    assert "PG303" in rules_outside
    assert rules_inside == rules_outside - {"PG303"}
    shown = piped("validate", "--show-files", *named, "-", data=data, cwd=tmp_path)
    assert shown.stdout.split() == ["drafts/seed.txt"]
    settings = piped("validate", "--show-settings", *named, "-", data=data, cwd=tmp_path)
    assert "drafts/perfgoal.yaml" in settings.stdout.replace(os.sep, "/")
    assert '"PG303"' in settings.stdout
