"""A hostile environment around the documents, through the real CLI (one subprocess each):
broken drafts, file names that are not UTF-8, outputs that cannot be written, configs and
baselines out of bounds, FIFOs and devices, closed or broken standard output, a deleted
working folder, links in loops, unreadable and vanishing files, very long paths, odd
locales and encodings, perfgoal's own bugs, Ctrl-C and dying workers.

Each case asserts what a user relies on: no traceback, the documented exit code (README
"Exit codes"), a message naming the file, and the other files of the run still reported.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED_TXT = SAMPLES / "cangzhou-2025.txt"
SEED_DOCX = SAMPLES / "cangzhou-2025.docx"
DEPARTMENT = SAMPLES / "layouts" / "department-overall.txt"

# The CLI's entry point; PERFGOAL_TEST_INJECT plants a bug or a race first:
#   vanish:NAME       the file NAME is deleted right after the folder was listed
#   bug:to_json       serialize.to_json raises (an error no per-file guard catches)
#   bug:NAME          reading the file NAME raises, in whichever process reads it
#   exit:NAME         the worker process reading NAME dies (os._exit), every time
_MAIN = """
import os, sys
inject = os.environ.get("PERFGOAL_TEST_INJECT", "")
what, _, name = inject.partition(":")
if what == "vanish":
    import perfgoal.runner
    listed = perfgoal.runner.select
    def select(paths, *args, **kwargs):
        targets = listed(paths, *args, **kwargs)
        for target in targets:
            if getattr(target, "name", None) == name:
                os.unlink(target)
        return targets
    perfgoal.runner.select = select
elif what == "bug" and name == "to_json":
    import perfgoal.serialize
    def to_json(*args, **kwargs):
        raise ZeroDivisionError("injected bug")
    perfgoal.serialize.to_json = to_json
elif what in ("bug", "exit"):
    import perfgoal.load
    real = perfgoal.load.parse_documents
    parent = os.getpid()
    def parse_documents(data, display, *args):
        here = display.rsplit("/", 1)[-1] == name
        if here and what == "exit" and os.getpid() != parent:
            os._exit(1)
        if here and what == "bug":
            raise ZeroDivisionError("injected bug")
        return real(data, display, *args)
    perfgoal.load.parse_documents = parse_documents
from perfgoal.cli import main
main()
"""


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    def report(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.stdout)
        return data

    def by_path(self) -> dict[str, list[dict[str, Any]]]:
        return {f["path"]: f["findings"] for f in self.report()["files"]}

    def errors(self, path: str) -> list[str]:
        return [
            f"{f['rule']} {f['message']}" for f in self.by_path()[path] if f["severity"] == "error"
        ]


def _environment(env: dict[str, str] | None) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PERFGOAL_")}
    environment.pop("GITHUB_ACTIONS", None)
    # no results cache: the injected bugs patch the reading of a file, which a cache hit skips
    environment.update({"COLUMNS": "200", "PERFGOAL_NO_CACHE": "1", **(env or {})})
    return {k: v for k, v in environment.items() if v is not None}


def cli(
    *args: str | Path,
    env: dict[str, str] | None = None,
    cwd: Path = ROOT,
    preexec: Callable[[], None] | None = None,
    stdout: Any = subprocess.PIPE,
    timeout: float = 60,
) -> Run:
    """``perfgoal ARGS`` in a child process; never a traceback unless ``--debug`` is given."""
    proc = subprocess.run(
        [sys.executable, "-c", _MAIN, *map(str, args)],
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=timeout,
        env=_environment(env),
        cwd=cwd,
        preexec_fn=preexec,
    )
    out = (proc.stdout or b"").decode("utf-8", "replace")
    err = proc.stderr.decode("utf-8", "replace")
    if "--debug" not in args:
        assert "Traceback" not in err and "Traceback" not in out, err
    return Run(proc.returncode, out, err)


def one_line(run: Run) -> str:
    """The single line perfgoal wrote to stderr."""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    return lines[0]


def validate_json(*args: str | Path, **kwargs: Any) -> Run:
    return cli("validate", *args, "--format", "json", "-j", "1", **kwargs)


def _draft(tmp: Path, name: str, text: str) -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


# -- 1, 4: drafts holding a lone surrogate or a 4,000-digit integer -------------------------


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("surrogate.json", '{"schema_version": 1, "projects": [{"seq": 1, "name": "\\ud800"}]}',
         "无效的 Unicode 字符（单独的代理项 \\ud800）（位置 projects.0.name）"),
        ("surrogate.yaml", 'schema_version: 1\nprojects:\n- seq: 1\n  name: "\\ud800"\n',
         "无效的 Unicode 字符（单独的代理项 \\ud800）（位置 projects.0.name） (第 4 行)"),
        ("huge-year.yaml", "schema_version: 1\nyear: 0x" + "f" * 4000 + "\n",
         "整数超过 100 位（位置 year） (第 2 行)"),
    ],
)  # fmt: skip
def test_a_draft_out_of_bounds_is_one_pg001_in_every_command(
    tmp_path: Path, name: str, text: str, says: str
) -> None:
    path = _draft(tmp_path, name, text)
    for args in (["parse", path, "--format", "json"], ["parse", path], ["to-yaml", path]):
        run = cli(*args)
        assert run.code == 1
        assert one_line(run) == f"perfgoal: {path}: {run.stderr.split(': ', 2)[2].strip()}"
        assert says in run.stderr
    shutil.copy(SEED_TXT, tmp_path / "good.txt")
    run = validate_json(tmp_path)
    assert run.code == 1
    (error,) = run.errors(path.as_posix())
    assert error.startswith("PG001 ") and says in error
    assert run.errors((tmp_path / "good.txt").as_posix()) == []


# -- 2: a file name that is not UTF-8 -------------------------------------------------------


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    odd = os.fsdecode(b"\xff\xfe\xb0\xb8.txt")
    shutil.copy(SEED_TXT, folder / odd)
    shutil.copy(SEED_TXT, folder / "good.txt")
    run = validate_json(folder)
    assert run.code == 0
    reports = run.by_path()
    shown = (folder / "\ufffd\ufffd\ufffd\ufffd.txt").as_posix()
    assert set(reports) == {shown, (folder / "good.txt").as_posix()}
    assert len(reports[shown]) == len(reports[(folder / "good.txt").as_posix()]) > 0
    parsed = cli("parse", folder / odd, "--format", "json")
    assert parsed.code == 0
    assert json.loads(parsed.stdout)["source"]["path"] == shown
    text = cli("validate", folder, "--format", "text", "-j", "1")
    assert shown in text.stdout


# -- 3: outputs that cannot be written --------------------------------------------------------


def _read_only(tmp: Path) -> Path:
    path = tmp / "read-only.json"
    path.write_text("OLD", encoding="utf-8")
    path.chmod(0o444)
    return path


@pytest.mark.parametrize("target", ["read-only", "folder", "missing-folder", "/dev/full"])
@pytest.mark.parametrize("command", ["validate", "to-yaml"])
def test_an_output_that_cannot_be_written_is_one_line_and_exit_2(
    tmp_path: Path, command: str, target: str
) -> None:
    if target == "/dev/full" and not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    output = {
        "read-only": lambda: _read_only(tmp_path),
        "folder": lambda: tmp_path,
        "missing-folder": lambda: tmp_path / "no-such-folder" / "report.json",
        "/dev/full": lambda: Path("/dev/full"),
    }[target]()
    extra = ["--format", "json", "-j", "1"] if command == "validate" else []
    run = cli(command, SEED_TXT, *extra, "-o", output)
    assert run.code == 2
    assert one_line(run).startswith(f"perfgoal: error: 无法写入 {output}：")
    if target == "read-only":
        assert output.read_text(encoding="utf-8") == "OLD"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".perfgoal-")] == []


def test_schema_to_an_existing_file_is_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "schemas"
    path.write_text("OLD", encoding="utf-8")
    run = cli("schema", "-o", path)
    assert run.code == 2
    assert "这不是一个文件夹" in one_line(run)
    assert path.read_text(encoding="utf-8") == "OLD"


def _small_files() -> None:
    """The child may write files of at most 4 KiB (a bigger write fails with EFBIG)."""
    import resource

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_failed_write_leaves_the_old_report_whole(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text('{"old": "report"}', encoding="utf-8")
    run = cli("validate", SEED_TXT, "--format", "json", "-o", report, preexec=_small_files)
    assert run.code == 2
    assert "无法写入" in one_line(run)
    assert report.read_text(encoding="utf-8") == '{"old": "report"}'  # not half a new one
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temporary left
    written = cli("validate", SEED_TXT, "--format", "json", "-o", report)
    assert written.code == 0 and json.loads(report.read_text(encoding="utf-8"))["files"]
    assert oct(report.stat().st_mode & 0o777) == oct(0o644 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# -- 5: configuration files -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("perfgoal.yaml", "ignore: [PG306]\n# 说明\n".encode("gbk"), "不是 UTF-8 编码的文本"),
        ("pyproject.toml", b'tool = "perfgoal"\n', "'tool' 应是一个表"),
        ("perfgoal.yaml", b"year: " + b"9" * 5000 + b"\n", "YAML 中有无法读取的值"),
        ("pyproject.toml", b"[tool.perfgoal]\nyear = " + b"9" * 4000 + b"\n", "整数超过 100 位"),
        ("pyproject.toml", b"[tool.perfgoal]\nyear = " + b"9" * 5000 + b"\n", "TOML 中有无法读取"),
        ("perfgoal.yaml", b"select: " + b"[" * 100_000 + b"]" * 100_000, "嵌套"),
    ],
)  # fmt: skip
def test_a_broken_config_is_exit_2_naming_it(
    tmp_path: Path, name: str, content: bytes, says: str
) -> None:
    (tmp_path / name).write_bytes(content)
    shutil.copy(SEED_TXT, tmp_path / "good.txt")
    for run in (
        cli("validate", "good.txt", cwd=tmp_path),
        cli("validate", SEED_TXT, "--config", tmp_path / name),
    ):
        assert run.code == 2
        line = one_line(run)
        assert line.startswith("perfgoal: error: ") and name in line and says in line


def test_a_word_document_as_config_is_exit_2() -> None:
    run = cli("validate", SEED_TXT, "--config", SEED_DOCX)
    assert run.code == 2
    assert one_line(run) == (
        f"perfgoal: error: {SEED_DOCX}: 配置文件不是 UTF-8 编码的文本（第 14 字节）"
    )


def test_an_empty_config_is_no_config(tmp_path: Path) -> None:
    (tmp_path / "perfgoal.yaml").write_bytes(b"")
    shutil.copy(SEED_TXT, tmp_path / "good.txt")
    run = validate_json("good.txt", cwd=tmp_path)
    plain = validate_json(SEED_TXT)
    assert run.code == plain.code == 0
    assert len(run.by_path()["good.txt"]) == len(plain.by_path()[SEED_TXT.as_posix()])


def test_a_config_that_is_a_folder_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "perfgoal.yaml").mkdir()
    shutil.copy(SEED_TXT, tmp_path / "good.txt")
    run = cli("validate", "good.txt", cwd=tmp_path)
    assert run.code == 2
    assert "perfgoal.yaml：这是一个文件夹" in one_line(run)
    run = cli("validate", SEED_TXT, "--config", tmp_path)
    assert run.code == 2 and "这是一个文件夹" in one_line(run)


# -- 6: baselines out of bounds ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "嵌套超过 64 层"),
        (b'{"schema_version": 1, "findings": [], "n": ' + b"9" * 5000 + b"}", "整数超过 100 位"),
        (b'{"schema_version": 1, "findings": [{"path": "\\ud800", "fingerprint": "x"}]}', "代理项"),
        ("基线".encode("gbk"), "not UTF-8"),
    ],
)
def test_a_baseline_out_of_bounds_is_exit_2(tmp_path: Path, content: bytes, says: str) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_bytes(content)
    run = cli("validate", SEED_TXT, "--baseline", baseline)
    assert run.code == 2
    line = one_line(run)
    assert f"malformed baseline {baseline}" in line and says in line


# -- 7: FIFOs and devices ----------------------------------------------------------------------


def test_fifos_and_devices_are_refused_without_being_opened(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    os.mkfifo(folder / "pipe.txt")
    shutil.copy(SEED_TXT, folder / "good.txt")
    devices = [d for d in ("/dev/zero", "/dev/urandom") if Path(d).exists()]
    started = time.monotonic()
    run = validate_json(folder, folder / "pipe.txt", *devices, timeout=20)
    assert time.monotonic() - started < 10
    assert run.code == 1
    reports = run.by_path()
    assert run.errors((folder / "pipe.txt").as_posix()) == [
        "PG001 无法读取文件：这是命名管道（FIFO），不是普通文件，已跳过（不会读取它）"
    ]
    for device in devices:
        assert run.errors(device) == [
            "PG001 无法读取文件：这是字符设备，不是普通文件，已跳过（不会读取它）"
        ]
    assert run.errors((folder / "good.txt").as_posix()) == []
    assert len(reports[(folder / "good.txt").as_posix()]) > 0
    parsed = cli("parse", folder / "pipe.txt", timeout=20)
    assert parsed.code == 1 and "命名管道（FIFO）" in one_line(parsed)


# -- 8: standard output closed or a pipe closed by its reader --------------------------------------


def test_stdout_closed_is_one_line_and_exit_2() -> None:
    def close_stdout() -> None:
        os.close(1)

    for args in (["validate", SEED_TXT, "--format", "json"], ["parse", SEED_TXT]):
        run = cli(*args, preexec=close_stdout, stdout=None)
        assert run.code == 2
        assert one_line(run) == (
            "perfgoal: error: 无法写入标准输出：它已被关闭 / cannot write to standard output: "
            "it is closed"
        )


def test_stdout_closed_does_not_stop_a_report_to_a_file(tmp_path: Path) -> None:
    def close_stdout() -> None:
        os.close(1)

    report = tmp_path / "report.json"
    run = cli("validate", SEED_TXT, "-f", "json", "-o", report, preexec=close_stdout, stdout=None)
    assert run.code == 0
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["files"] == 1


def test_a_pipe_closed_by_its_reader_ends_quietly() -> None:
    """Like ``perfgoal … | true``: the reader is gone before the report is written."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _MAIN, "validate", str(SEED_TXT), "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_environment(None),
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=30) == 2
    assert stderr == ""  # no message, no "Exception ignored … BrokenPipeError"


# -- 9: a deleted working folder ---------------------------------------------------------------


def test_a_deleted_working_folder(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()

    def enter_and_delete() -> None:
        os.chdir(gone)
        os.rmdir(gone)

    run = cli("validate", SEED_TXT, "--format", "json", preexec=enter_and_delete, cwd=tmp_path)
    assert run.code == 0
    assert "当前工作目录已不存在，未查找配置文件" in run.stderr.splitlines()[0]
    assert run.report()["summary"]["files"] == 1
    gone.mkdir()
    relative = cli("validate", "x.txt", preexec=enter_and_delete, cwd=tmp_path)
    assert relative.code == 2 and "路径不存在：x.txt" in relative.stderr


# -- 10, 11: digits that are not decimal, an amount with a huge exponent -------------------


def test_superscript_digits_in_a_project_code_are_read(tmp_path: Path) -> None:
    path = tmp_path / "code.txt"
    path.write_text(
        "\t项目编码\n\t430121²³P00024010001J\n\t项目名称\n\t科技项目\n", encoding="utf-8"
    )
    run = validate_json(path)
    rules = {f["rule"] for f in run.by_path()[path.as_posix()]}
    assert "PG999" not in rules and "PG001" not in rules
    assert "PG401" in rules  # the code is reported as malformed, the file is read
    parsed = json.loads(cli("parse", path, "--format", "json").stdout)
    assert parsed["projects"][0]["code"] == "430121²³P00024010001J"
    assert parsed["year"] is None


def test_a_huge_exponent_in_a_department_table_is_checked_not_crashed(tmp_path: Path) -> None:
    project = {"seq": 1, "kind": "department", "name": "部" * 150_000,
               "budget": {"total": "1", "basic": "9E+999999", "project": "9E+999999"}}  # fmt: skip
    path = tmp_path / "department.json"
    path.write_text(json.dumps({"schema_version": 1, "projects": [project]}), encoding="utf-8")
    run = validate_json(path)
    assert run.code == 1
    rules = [f["rule"] for f in run.by_path()[path.as_posix()]]
    assert "PG999" not in rules and "PG208" in rules


# -- 12: drafts bounded as documents are ------------------------------------------------------


def test_a_draft_of_75000_projects_is_refused_fast(tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    projects = ",".join(f'{{"seq": {i}}}' for i in range(75_000))
    path.write_text(f'{{"schema_version": 1, "projects": [{projects}]}}', encoding="utf-8")
    started = time.monotonic()
    run = validate_json(path)
    assert time.monotonic() - started < 10
    assert run.errors(path.as_posix()) == [
        "PG001 无法读取文件：文档中有 75000 个项目表，超过上限 10000"
    ]


def test_findings_are_bounded_and_the_rest_counted() -> None:
    from perfgoal.config import Config
    from perfgoal.engine import check_document
    from perfgoal.load import load_document

    document = load_document(SEED_TXT)
    every = check_document(document, Config(), "zh")
    capped = check_document(document, Config(), "zh", limit=10)
    assert len(capped) == 11
    last = capped[-1]
    assert last.message.startswith(f"另有 {len(every) - 10} 条问题未列出（每个文件最多列出 10 条）")
    worst = max(every[10:], key=lambda f: {"error": 3, "warning": 2, "info": 1}[f.severity])
    assert last.severity == worst.severity


# -- the next cases: links, permissions, races, long paths ------------------------------------


def test_a_symlink_loop_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "loop.txt").symlink_to(tmp_path / "loop.txt")
    (tmp_path / "a.docx").symlink_to(tmp_path / "b.docx")
    (tmp_path / "b.docx").symlink_to(tmp_path / "a.docx")
    (tmp_path / "up").symlink_to(tmp_path)  # a link to a folder above: not followed
    shutil.copy(SEED_TXT, tmp_path / "good.txt")
    run = validate_json(tmp_path)
    assert sorted(run.by_path()) == [
        (tmp_path / n).as_posix() for n in ("a.docx", "b.docx", "good.txt", "loop.txt")
    ]
    for name in ("a.docx", "b.docx", "loop.txt"):
        assert run.errors((tmp_path / name).as_posix()) == [
            "PG001 无法读取文件：无法打开文件：符号链接循环（Too many levels of symbolic links）"
        ]


_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _PR_CAPBSET_DROP = 1, 2, 24


def _without_root_reading() -> None:
    """As root, drop the capabilities that let root read any file (for the child only)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _can_deny_reading(tmp: Path) -> Callable[[], None] | None:
    probe = tmp / "probe"
    probe.write_text("x")
    probe.chmod(0)
    preexec = _without_root_reading if os.geteuid() == 0 else None
    try:
        proc = subprocess.run(["cat", str(probe)], capture_output=True, preexec_fn=preexec)
    except (OSError, subprocess.SubprocessError):
        return None
    finally:
        probe.unlink()
    return (preexec or (lambda: None)) if proc.returncode != 0 else None


def test_unreadable_files_and_folders_are_reported(tmp_path: Path) -> None:
    preexec = _can_deny_reading(tmp_path)
    if preexec is None:
        pytest.skip("cannot make a file unreadable here (root that cannot drop CAP_DAC_*)")
    folder = tmp_path / "inbox"
    (folder / "locked").mkdir(parents=True)
    shutil.copy(SEED_TXT, folder / "locked" / "hidden.txt")
    shutil.copy(SEED_TXT, folder / "secret.txt")
    shutil.copy(SEED_TXT, folder / "good.txt")
    (folder / "secret.txt").chmod(0)
    (folder / "locked").chmod(0)
    try:
        run = validate_json(folder, preexec=preexec)
    finally:
        (folder / "locked").chmod(0o755)
    assert run.code == 1
    assert run.errors((folder / "secret.txt").as_posix()) == [
        "PG001 无法读取文件：无法打开文件：没有读取权限（Permission denied）"
    ]
    assert run.errors((folder / "locked").as_posix()) == [
        "PG001 无法读取文件：无法读取文件夹：没有读取权限（Permission denied）"
    ]
    assert run.errors((folder / "good.txt").as_posix()) == []


def test_a_file_that_vanishes_between_listing_and_reading(tmp_path: Path) -> None:
    shutil.copy(SEED_TXT, tmp_path / "gone.txt")
    shutil.copy(SEED_TXT, tmp_path / "good.txt")
    run = validate_json(tmp_path, env={"PERFGOAL_TEST_INJECT": "vanish:gone.txt"})
    assert run.code == 1
    assert run.errors((tmp_path / "gone.txt").as_posix()) == [
        "PG001 无法读取文件：无法打开文件：文件不存在（可能已被删除或移动）"
        "（No such file or directory）"
    ]
    assert run.errors((tmp_path / "good.txt").as_posix()) == []


def test_paths_of_4000_characters(tmp_path: Path) -> None:
    folder = tmp_path
    while len(folder.as_posix()) < 3_700:
        folder = folder / ("d" * 200)
    folder.mkdir(parents=True)
    name = "x" * (4_000 - len(folder.as_posix()) - 5) + ".txt"
    path = folder / name
    shutil.copy(SEED_TXT, path)
    assert len(path.as_posix()) == 4_000
    run = validate_json(path)
    assert run.code == 0 and list(run.by_path()) == [path.as_posix()]
    deeper = folder / ("d" * 250) / ("e" * 250)  # beyond PATH_MAX (4,096 bytes)
    _make_deep(tmp_path, deeper)
    run = validate_json(tmp_path)
    assert run.errors(path.as_posix()) == []
    unreadable = [p for p, fs in run.by_path().items() if p != path.as_posix()]
    assert len(unreadable) == 1
    assert run.errors(unreadable[0]) == [
        "PG001 无法读取文件：无法读取文件夹：路径过长（File name too long）"
    ]
    too_long = cli("validate", "a" * 300 + ".txt")
    assert too_long.code == 2 and "路径过长" in one_line(too_long)


def _make_deep(base: Path, target: Path) -> None:
    """Make ``target`` below ``base`` level by level (its full path is too long for mkdir)."""
    fd = os.open(base, os.O_RDONLY)
    try:
        for part in target.relative_to(base).parts:
            with contextlib.suppress(FileExistsError):
                os.mkdir(part, dir_fd=fd)
            inner = os.open(part, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
    finally:
        os.close(fd)


# -- locales and encodings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "env",
    [
        {"LANG": "C", "LC_ALL": "POSIX"},
        {"LANG": "C"},
        {"HOME": None},
    ],
    ids=["LC_ALL=POSIX", "LANG=C", "HOME-unset"],
)
def test_odd_environments_still_write_chinese(env: dict[str, Any]) -> None:
    run = cli("validate", SEED_TXT, "--format", "text", env=env)  # (None: unset)
    assert run.code == 0
    assert "项目 1 · 13091625P00024010001J · 2025科技创新环境建设" in run.stdout


def test_an_ascii_only_stdout_gets_escapes_not_a_traceback() -> None:
    env = {"PYTHONIOENCODING": "ascii"}
    text = cli("validate", SEED_TXT, "--format", "text", env=env)
    assert text.code == 0
    assert "\\u9879\\u76ee 1" in text.stdout  # 项目 1
    parsed = cli("parse", SEED_TXT, "--format", "json", env=env)
    assert json.loads(parsed.stdout)["projects"][0]["name"] == "2025科技创新环境建设"
    missing = cli("validate", "no-such-file.txt", env=env)
    assert missing.code == 2 and "no-such-file.txt" in missing.stderr


# -- perfgoal's own bugs: exit 3, one line naming the file, the other files reported ----------


def test_a_bug_outside_every_file_guard_is_exit_3_with_one_line() -> None:
    env = {"PERFGOAL_TEST_INJECT": "bug:to_json"}
    run = cli("parse", SEED_TXT, "--format", "json", env=env)
    assert run.code == 3
    assert one_line(run) == (
        "perfgoal: 内部错误 internal error: ZeroDivisionError: injected bug"
        "（用 --debug 重新运行可查看详情 / rerun with --debug for the traceback）"
    )
    debug = cli("parse", SEED_TXT, "--format", "json", "--debug", env=env)
    assert debug.code == 3
    assert "Traceback (most recent call last)" in debug.stderr
    assert "ZeroDivisionError: injected bug" in debug.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bug_on_one_file_of_a_folder_is_exit_3_and_the_rest_is_reported(
    tmp_path: Path, jobs: str
) -> None:
    for i in range(6):
        shutil.copy(SEED_TXT, tmp_path / f"f{i}.txt")
    env = {"PERFGOAL_TEST_INJECT": "bug:f3.txt"}
    run = cli("validate", tmp_path, "--format", "json", "-j", jobs, env=env)
    assert run.code == 3
    crashed = (tmp_path / "f3.txt").as_posix()
    summary, line = run.stderr.strip().splitlines()
    assert summary.startswith("共 6 个文件：")
    assert line.startswith(f"perfgoal: {crashed}: 内部错误 internal error")
    reports = run.by_path()
    assert [f["rule"] for f in reports[crashed]] == ["PG999"]
    assert "ZeroDivisionError: injected bug" in reports[crashed][0]["message"]
    others = [p for p in reports if p != crashed]
    assert len(others) == 5 and all(len(reports[p]) == len(reports[others[0]]) > 0 for p in others)


def test_a_worker_that_dies_costs_only_its_file(tmp_path: Path) -> None:
    for i in range(8):
        shutil.copy(SEED_TXT, tmp_path / f"f{i}.txt")
    run = cli("validate", tmp_path, "--format", "json", "-j", "2",
              env={"PERFGOAL_TEST_INJECT": "exit:f5.txt"})  # fmt: skip
    assert run.code == 3
    reports = run.by_path()
    dead = (tmp_path / "f5.txt").as_posix()
    assert [f["rule"] for f in reports[dead]] == ["PG999"]
    assert "工作进程意外退出" in reports[dead][0]["message"]
    assert all(len(reports[p]) > 1 for p in reports if p != dead)


# -- Ctrl-C during --jobs 2 --------------------------------------------------------------------


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text()
        found.update(int(c) for c in text.split())
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc to find workers")
def test_ctrl_c_during_a_parallel_run(tmp_path: Path) -> None:
    for i in range(300):
        shutil.copy(SEED_DOCX, tmp_path / f"f{i:03d}.docx")
    proc = subprocess.Popen(
        [sys.executable, "-c", _MAIN, "validate", str(tmp_path), "-j", "2", "-f", "json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_environment(None),
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 30
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the workers did not start"
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=20) == 130
    assert proc.stderr is not None
    stderr = proc.stderr.read().decode()
    assert stderr.strip() == "perfgoal: 已中断 / interrupted"
    for worker in workers:  # none left behind
        assert not Path(f"/proc/{worker}").exists() or _is_zombie_of_init(worker)


def _is_zombie_of_init(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except OSError:
        return True


# -- --jobs 2 and --jobs 1 give the same bytes -------------------------------------------------


def _mixed_folder(folder: Path) -> None:
    """200 files: the samples, their drafts, broken and hostile files, in subfolders."""
    sources = sorted(p for p in SAMPLES.rglob("*") if p.suffix in (".txt", ".docx"))
    hostile: dict[str, bytes] = {
        "empty.txt": b"",
        "picture.docx": b"\x89PNG\r\n\x1a\n" + bytes(64),
        "truncated.docx": SEED_DOCX.read_bytes()[:5000],
        "surrogate.json": b'{"schema_version": 1, "projects": [{"seq": 1, "name": "\\ud800"}]}',
        "deep.json": b"[" * 5000 + b"]" * 5000,
        "huge.yaml": b"schema_version: 1\nyear: 0x" + b"f" * 4000 + b"\n",
        "gbk.txt": "\t项目名称\n\t示例项目\n".encode("gbk"),
        "binary.txt": bytes(range(256)) * 4,
        "code.txt": "\t项目编码\n\t430121²³P00024010001J\n".encode(),
    }
    count = 0
    while count < 200:
        group = folder / f"g{count // 40}"
        group.mkdir(exist_ok=True)
        kind = count % 3
        if kind == 0:
            source = sources[count % len(sources)]
            shutil.copy(source, group / f"{count:03d}-{source.name}")
        elif kind == 1:
            name, data = sorted(hostile.items())[count % len(hostile)]
            (group / f"{count:03d}-{name}").write_bytes(data)
        else:
            source = sources[count % len(sources)]
            data = bytearray(source.read_bytes())
            data[len(data) // 3] ^= 0xFF  # a damaged copy
            (group / f"{count:03d}-damaged{source.suffix}").write_bytes(bytes(data))
        count += 1
    os.mkfifo(folder / "g0" / "pipe.txt")
    (folder / "g1" / "loop.txt").symlink_to(folder / "g1" / "loop.txt")


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_jobs_2_and_jobs_1_give_the_same_bytes(tmp_path: Path, fmt: str) -> None:
    _mixed_folder(tmp_path)
    one = cli("validate", tmp_path, "--format", fmt, "-j", "1", timeout=120)
    two = cli("validate", tmp_path, "--format", fmt, "-j", "2", timeout=120)
    assert one.code == two.code == 1
    assert one.stdout == two.stdout and one.stderr == two.stderr
    if fmt == "json":
        # every file the folder walk selects (the hostile .txt files that are no 绩效目标表
        # are not: tests/test_selection.py), each reported once
        shown = cli("validate", tmp_path, "--show-files").stdout.splitlines()
        assert one.report()["summary"]["files"] == len(shown) > 100
