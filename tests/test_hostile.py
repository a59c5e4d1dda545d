"""Hostile and broken inputs through the real CLI, one subprocess each (README.md exit codes).

Every unreadable input is exit 1 with one PG001 (or PG002) finding under the file's path and
no traceback; the zip bomb, the entity expansion and the 50 MB text are refused in under
5 s with bounded memory (the child runs under an address-space limit and reports its peak
resident size). Inputs that can be read (mixed encodings, NUL bytes, 1 MB lines, ragged
rows, renamed files) are parsed and reported like any other file.
"""

from __future__ import annotations

import io
import json
import os
import resource
import shutil
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from docx_fixtures import document_xml, p, package, patch_declared_size, python_docx, zip_bomb

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED_TXT = SAMPLES / "cangzhou-2025.txt"
SEED_DOCX = SAMPLES / "cangzhou-2025.docx"
GOOD = sorted(p.relative_to(ROOT) for p in SAMPLES.rglob("*") if p.suffix in (".txt", ".docx"))
ADDRESS_SPACE = 2 << 30  # the child's RLIMIT_AS: 2 GiB
FAST = 5.0  # seconds, for the bomb, the entities and the 50 MB text
SMALL_MB = 300  # peak RSS of the child for those (a plain run is about 80 MB)

# The CLI's entry point, reporting its own peak RSS (in KiB) on stderr when it exits. A test
# may inject a bug into the parser or a rule through PERFGOAL_TEST_INJECT.
_MAIN = """
import os, resource, sys
inject = os.environ.get("PERFGOAL_TEST_INJECT")
if inject:
    def boom(*args, **kwargs):
        raise ZeroDivisionError("injected bug")
    if inject == "parser":
        import perfgoal.parsing
        perfgoal.parsing.parse_grid = boom
    else:
        from perfgoal.rules import rule_by_code
        rule_by_code(inject).check = boom
from perfgoal.cli import main
try:
    main()
finally:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # ru_maxrss may count the pages of the (large) test process the child was spawned from;
    # VmHWM is this program's own peak
    try:
        with open("/proc/self/status") as status:
            peak = next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
    except (OSError, StopIteration, ValueError):
        pass
    print(f"PEAK_RSS_KB={peak}", file=sys.stderr)
"""


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float

    def report(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.stdout)
        return data

    def findings(self, path: Path) -> list[dict[str, Any]]:
        files = [f for f in self.report()["files"] if f["path"] == path.as_posix()]
        assert len(files) == 1, f"{path} is not in the report"
        findings: list[dict[str, Any]] = files[0]["findings"]
        return findings


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def cli(*args: str, env: dict[str, str] | None = None, timeout: float = 60) -> Run:
    """``perfgoal ARGS`` in a child process with a memory limit; never a traceback unless
    ``--debug`` is given."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PERFGOAL_")}
    environment.pop("GITHUB_ACTIONS", None)
    environment.update({"COLUMNS": "200", **(env or {})})
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _MAIN, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_limit_memory,
        env=environment,
        cwd=ROOT,
    )
    seconds = time.perf_counter() - started
    lines = proc.stderr.splitlines()
    peak = [line for line in lines if line.startswith("PEAK_RSS_KB=")]
    assert peak, proc.stderr
    stderr = "\n".join(line for line in lines if not line.startswith("PEAK_RSS_KB="))
    if "--debug" not in args:
        assert "Traceback" not in stderr and "Traceback" not in proc.stdout
    return Run(proc.returncode, proc.stdout, stderr, seconds, int(peak[0][12:]) / 1024)


def validate(path: Path, *extra: str, env: dict[str, str] | None = None) -> Run:
    return cli("validate", str(path), "--format", "json", "-j", "1", *extra, env=env)


def one_finding(run: Run, path: Path, rule: str = "PG001") -> str:
    """Exit 1 and exactly one error, ``rule``, reported under ``path``: its message."""
    assert run.code == 1, run.stderr
    errors = [f for f in run.findings(path) if f["severity"] == "error"]
    assert [f["rule"] for f in errors] == [rule], errors
    message: str = errors[0]["message"]
    return message


# -- the inputs --------------------------------------------------------------------------------

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504


def _ole(stream: str) -> bytes:
    return _OLE2 + stream.encode("utf-16-le") + b"\0" * 64


def _corrupt_docx() -> bytes:
    data = bytearray(SEED_DOCX.read_bytes())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 100, start + info.compress_size - 100, 97):
        data[offset] ^= 0x5A
    return bytes(data)


def _xlsx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
    return out.getvalue()


_ENTITIES = "".join(
    f'<!ENTITY lol{i} "{(f"&lol{i - 1};" if i > 1 else "&lol;") * 10}">' for i in range(1, 10)
)


def _billion_laughs() -> bytes:
    xml = document_xml(p("&lol9;")).replace(
        "?>", f'?><!DOCTYPE lolz [<!ENTITY lol "lol">{_ENTITIES}]>', 1
    )
    return package({"word/document.xml": xml})


def _external_entity() -> bytes:
    """XXE: an entity naming a URL and a local file; reading it would touch the network."""
    doctype = (
        '<!DOCTYPE w:document [<!ENTITY net SYSTEM "http://192.0.2.1/x.dtd">'
        '<!ENTITY file SYSTEM "file:///etc/passwd">]>'
    )
    xml = document_xml(p("&net;&file;")).replace("?>", "?>" + doctype, 1)
    return package({"word/document.xml": xml})


def _cell_bomb() -> bytes:
    """250,000 numbered cells: 15 MB of XML, 1 MB zipped."""
    rows = "".join(f"<w:tr><w:tc><w:p><w:r><w:t>{i}</w:t></w:r></w:p></w:tc></w:tr>"
                   for i in range(250_000))  # fmt: skip
    return package({"word/document.xml": document_xml(f"<w:tbl>{rows}</w:tbl>")})


def _nested_tables(depth: int) -> bytes:
    body = p("最里层")
    for _ in range(depth):
        body = f"<w:tbl><w:tr><w:tc>{body}</w:tc></w:tr></w:tbl>"
    return package({"word/document.xml": document_xml(body)})


def _paragraphs_only() -> bytes:
    def build(document: Any) -> None:
        document.add_paragraph("关于报送2025年项目绩效目标的说明")
        document.add_paragraph("现将我单位2025年项目绩效目标报送如下，请审核。")

    return python_docx(build)


def _fifty_mb_text() -> bytes:
    seed = SEED_TXT.read_bytes()
    return seed * (50 * 1024 * 1024 // len(seed) + 1)


def _mixed_encoding() -> bytes:
    lines = SEED_TXT.read_bytes().split(b"\n")
    gbk = "三、工作保障措施\n加强组织领导，落实工作责任。".encode("gbk")
    return b"\n".join([*lines[:40], gbk, *lines[40:]])


def _nul_bytes() -> bytes:
    return SEED_TXT.read_bytes().replace("。".encode(), "。".encode() + b"\x00")


def _long_lines() -> bytes:
    return (
        SEED_TXT.read_bytes()
        + b"\n\n\n"
        + "说明".encode() * (1 << 19)  # a paragraph line of 3 MB
        + b"\n\n\n\t"
        + b"9" * (1 << 20)  # a table cell of 1 MB
        + b"\n"
    )


def _ragged_rows() -> bytes:
    lines = SEED_TXT.read_text("utf-8").split("\n")
    out: list[str] = []
    for number, line in enumerate(lines):
        out.append(line)
        if line.startswith("\t") and number % 7 == 0:
            out.extend(["\t多出的单元格", "\t"])  # extra cells
    text = "\n".join(out)
    return text.replace("\n\t≥90百分比\n", "\n", 3).encode()  # missing cells


def _draft_yaml() -> bytes:
    return cli("to-yaml", str(SAMPLES / "layouts" / "hunan-shenbao.txt")).stdout.encode()


def _yaml_alias_bomb() -> bytes:
    levels = "".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 9))
    return ("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + levels + "projects: *a8\n").encode()


# name -> bytes; the file's name (and suffix) is part of the case.
INPUTS: dict[str, Callable[[], bytes]] = {
    "picture.docx": lambda: b"\x89PNG\r\n\x1a\n" + bytes(200),
    "empty.txt": lambda: b"",
    "blank.docx": lambda: b" \r\n\t\n",
    "legacy.docx": lambda: _ole("WordDocument"),
    "encrypted.docx": lambda: _ole("EncryptedPackage"),
    "truncated.docx": lambda: SEED_DOCX.read_bytes()[: len(SEED_DOCX.read_bytes()) // 2],
    "corrupt.docx": _corrupt_docx,
    "workbook.docx": _xlsx,
    "undecodable.txt": lambda: bytes(range(0x80, 0x100)) * 64,
    "binary.txt": lambda: "项目名称".encode() + bytes(range(1, 32)) * 64,
    "billion-laughs.docx": _billion_laughs,
    "external-entity.docx": _external_entity,
    "zip-bomb.docx": zip_bomb,
    "zip-bomb-lying-header.docx": lambda: patch_declared_size(
        zip_bomb(), "word/document.xml", 1000
    ),
    "deep-nesting.docx": lambda: _nested_tables(130),
    "paragraphs-only.docx": _paragraphs_only,
    "fifty-mb.txt": _fifty_mb_text,
    "cell-bomb.docx": _cell_bomb,
    "cell-flood.txt": lambda: b"\t1\n" * 200_001,
    "yaml-alias-bomb.yaml": _yaml_alias_bomb,
    "huge-integer.json": lambda: b'{"schema_version": 1, "year": ' + b"9" * 5000 + b"}",
    "deep.json": lambda: b"[" * 100_000 + b"]" * 100_000,
    "huge-exponent.json": lambda: json.dumps(
        {"projects": [{"seq": 1, "budget": {"total": "1E+999999999"}}]}
    ).encode(),
    # readable ones
    "docx-renamed.txt": SEED_DOCX.read_bytes,
    "text-named.docx": SEED_TXT.read_bytes,
    "text-named.json": SEED_TXT.read_bytes,
    "draft-named.txt": _draft_yaml,
    "mixed-encoding.txt": _mixed_encoding,
    "nul-bytes.txt": _nul_bytes,
    "long-lines.txt": _long_lines,
    "ragged-rows.txt": _ragged_rows,
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for name, make in INPUTS.items():
        (folder / name).write_bytes(make())
    (folder / "dangling.docx").symlink_to(folder / "no-such-target.docx")
    return folder


# -- unreadable: exactly one PG001 under the file's name -----------------------------------------


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("picture.docx", "这是 PNG 图片，不是 perfgoal 能读取的文档"),
        ("empty.txt", "文件为空"),
        ("blank.docx", "文件为空"),
        # read through LibreOffice when it is installed (it cannot convert this stub), else
        # PG001 says what to install: the kind of file is named either way
        ("legacy.docx", "旧版 Word 97-2003 文档（.doc）"),
        ("encrypted.docx", "受密码保护（加密）的 Office 文档，请先去除密码再保存"),
        ("truncated.docx", "不是有效的 Word 文档（zip 结构损坏，文件可能不完整）"),
        ("corrupt.docx", "word/document.xml"),
        ("undecodable.txt", "无法识别文本编码"),
        ("binary.txt", "不是文本文件"),
        ("external-entity.docx", "文档包含 DOCTYPE 声明，已拒绝（可能是 XML 实体攻击）"),
        ("deep-nesting.docx", "不是格式正确的 XML"),
        ("yaml-alias-bomb.yaml", "锚点/别名（&/*）展开后超过 2000000 个节点"),
        ("huge-integer.json", "JSON 文件中有无法读取的值"),
        ("deep.json", "JSON 文件嵌套过深"),
        ("huge-exponent.json", "位数过多"),
    ],
)
def test_unreadable_input_is_one_precise_pg001(hostile: Path, name: str, says: str) -> None:
    path = hostile / name
    run = validate(path)
    message = one_finding(run, path)
    assert says in message
    assert run.findings(path)[0]["name"] == "unreadable-input"
    assert len(run.findings(path)) == 1


def test_corrupt_zip_member_says_damaged(hostile: Path) -> None:
    message = one_finding(validate(hostile / "corrupt.docx"), hostile / "corrupt.docx")
    assert "数据损坏" in message or "不是格式正确的 XML" in message


def test_workbook_named_docx_is_read_as_excel(hostile: Path) -> None:
    # sniffed by content: an (empty) Excel workbook, readable, holding no target table
    path = hostile / "workbook.docx"
    assert one_finding(validate(path), path, "PG002")


def test_docx_without_tables_is_pg002(hostile: Path) -> None:
    path = hostile / "paragraphs-only.docx"
    run = validate(path)
    message = one_finding(run, path, "PG002")
    assert message == "文件中没有找到绩效目标表（没有项目表或指标表）"
    assert len(run.findings(path)) == 1  # no PG003 per paragraph on top


# -- attacks: refused fast, in little memory -----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("billion-laughs.docx", "文档包含 DOCTYPE 声明，已拒绝（可能是 XML 实体攻击）"),
        ("zip-bomb.docx", "word/document.xml 解压后 300 MiB，超过上限 64 MiB"),
        # zipfile inflates no more than the declared size: the CRC check fails first
        ("zip-bomb-lying-header.docx", "word/document.xml 数据损坏，无法解压（Bad CRC-32"),
        ("fifty-mb.txt", "文件大小 50.0 MiB 超过文本/YAML/JSON 文件的上限 8.0 MiB"),
        ("cell-bomb.docx", "文档中的表格单元格和段落超过 200000 个（约 2,000 个项目表）"),
        ("cell-flood.txt", "文档中的表格单元格和段落超过 200000 个（约 2,000 个项目表）"),
    ],
)
def test_attacks_are_refused_fast_in_bounded_memory(hostile: Path, name: str, says: str) -> None:
    path = hostile / name
    run = validate(path)
    message = one_finding(run, path)
    assert says in message
    assert run.seconds < FAST, f"{name} took {run.seconds:.1f} s"
    assert run.peak_mb < SMALL_MB, f"{name} peaked at {run.peak_mb:.0f} MB"


def test_xml_limit_is_configurable(hostile: Path) -> None:
    path = hostile / "docx-renamed.txt"  # the seed as Word: document.xml is 122 KiB
    run = validate(path, env={"PERFGOAL_MAX_XML_MB": "0.1"})
    assert "word/document.xml 解压后 122 KiB，超过上限 102 KiB" in one_finding(run, path)
    assert validate(path, env={"PERFGOAL_MAX_XML_MB": "1"}).code == 0


def test_text_limit_is_configurable(hostile: Path) -> None:
    path = hostile / "long-lines.txt"  # 4 MB
    run = validate(path, env={"PERFGOAL_MAX_TEXT_MB": "2"})
    assert "超过文本/YAML/JSON 文件的上限 2.0 MiB（可用环境变量 PERFGOAL_MAX_TEXT_MB 调整）" in (
        one_finding(run, path)
    )
    bad = validate(path, env={"PERFGOAL_MAX_TEXT_MB": "lots"})
    assert "环境变量 PERFGOAL_MAX_TEXT_MB 的值无效" in one_finding(bad, path)


@pytest.mark.parametrize("stated", [0, 100])
def test_a_file_larger_than_its_stat_says_is_read_whole_and_limited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stated: int
) -> None:
    """A file that grows while it is read, or a file system that states size 0 (/proc,
    some FUSE mounts): read to its end, and refused past the text limit all the same."""
    import perfgoal.load
    from perfgoal.errors import InputError

    path = tmp_path / "growing.txt"
    path.write_bytes(b"x" * 5000)
    real_fstat = os.fstat

    def understated(fd: int) -> Any:
        info = real_fstat(fd)
        return os.stat_result((*info[:6], stated, *info[7:]))

    monkeypatch.setattr(perfgoal.load.os, "fstat", understated)
    assert perfgoal.load.read_bytes(path) == b"x" * 5000
    monkeypatch.setenv("PERFGOAL_MAX_TEXT_MB", "0.001")  # 1,048 bytes
    with pytest.raises(InputError):
        perfgoal.load.read_bytes(path)


# -- readable after all: parsed and reported -----------------------------------------------------


def _rules(run: Run, path: Path) -> list[tuple[str, str]]:
    return [(f["rule"], f["message"]) for f in run.findings(path)]


@pytest.fixture(scope="module")
def seed_findings() -> dict[str, list[tuple[str, str]]]:
    out = {}
    for path in (SEED_TXT, SEED_DOCX):
        run = validate(path.relative_to(ROOT))
        assert run.code == 0
        out[path.suffix] = _rules(run, path.relative_to(ROOT))
    return out


@pytest.mark.parametrize(
    ("name", "like"),
    [("docx-renamed.txt", ".docx"), ("text-named.docx", ".txt"), ("text-named.json", ".txt")],
)
def test_renamed_files_are_read_by_content(
    hostile: Path, seed_findings: dict[str, list[tuple[str, str]]], name: str, like: str
) -> None:
    run = validate(hostile / name)
    assert run.code == 0
    assert _rules(run, hostile / name) == seed_findings[like]
    parsed = cli("parse", str(hostile / name), "--format", "json")
    assert json.loads(parsed.stdout)["source"]["format"] == like[1:]


def test_yaml_draft_named_txt_is_read_as_yaml(hostile: Path) -> None:
    parsed = cli("parse", str(hostile / "draft-named.txt"), "--format", "json")
    assert parsed.code == 0
    document = json.loads(parsed.stdout)
    assert document["source"]["format"] == "yaml"
    assert document["projects"][0]["name"]


def test_nul_bytes_are_dropped(
    hostile: Path, seed_findings: dict[str, list[tuple[str, str]]]
) -> None:
    run = validate(hostile / "nul-bytes.txt")
    assert run.code == 0
    assert _rules(run, hostile / "nul-bytes.txt") == seed_findings[".txt"]


def test_mixed_encoding_is_decoded_line_by_line_and_reported(
    hostile: Path, seed_findings: dict[str, list[tuple[str, str]]]
) -> None:
    path = hostile / "mixed-encoding.txt"
    run = validate(path)
    assert run.code == 0
    findings = run.findings(path)
    note = findings[0]
    assert note["rule"] == "PG003"
    assert note["message"].startswith(
        "文本混用了编码：第 41、42 行不是 UTF-8，已按 GB18030 读取，请核对后统一存为 UTF-8"
    )
    assert note["context"] == "三、工作保障措施"
    assert note["location"]["line"] == 41
    parsed = json.loads(cli("parse", str(path), "--format", "json").stdout)
    assert "加强组织领导，落实工作责任。" in parsed["overview"]["safeguards"]
    assert len(parsed["projects"]) == 12


def test_long_lines_are_parsed_in_bounded_memory(hostile: Path) -> None:
    path = hostile / "long-lines.txt"
    run = validate(path)
    assert run.code == 1  # the 1 MB cell reads as an indicator row without a name (PG106)
    assert run.peak_mb < 600, f"peaked at {run.peak_mb:.0f} MB"
    (note,) = [f for f in run.findings(path) if f["rule"] == "PG003"]
    assert note["location"]["line"] == 1191
    assert note["context"].endswith("…（共 1048576 字）")  # pointed at, not copied
    assert len(note["context"]) < 2100
    (empty,) = [f for f in run.findings(path) if f["severity"] == "error"]
    assert empty["rule"] == "PG106" and empty["location"]["line"] == 1194
    parsed = json.loads(cli("parse", str(path), "--format", "json").stdout)
    assert len(parsed["projects"]) == 12
    (kept,) = [n for n in parsed["notes"] if n["length"] is not None]
    assert kept["length"] == 1048576 and len(kept["text"]) == 2000  # the length, not a suffix
    # the report's language says how long it was
    (english,) = [f for f in validate(path, "--lang", "en").findings(path) if f["rule"] == "PG003"]
    assert english["context"].endswith("… (1048576 characters in all)")
    assert english["fingerprint"] == note["fingerprint"]


def test_ragged_rows_are_parsed_and_extra_cells_reported(hostile: Path) -> None:
    path = hostile / "ragged-rows.txt"
    run = validate(path)
    assert run.code in (0, 1)
    extra = [f for f in run.findings(path) if f["context"] == "多出的单元格"]
    assert extra and all(f["rule"] == "PG003" for f in extra)
    parsed = json.loads(cli("parse", str(path), "--format", "json").stdout)
    assert len(parsed["projects"]) == 12


# -- bugs become findings; --debug shows the traceback -----------------------------------------


def test_a_parser_bug_is_a_pg999_finding_naming_the_file() -> None:
    seed = SEED_TXT.relative_to(ROOT)
    run = validate(seed, env={"PERFGOAL_TEST_INJECT": "parser"})
    assert run.code == 3  # perfgoal's own bug (README "Exit codes"), named on stderr
    assert f"perfgoal: {seed.as_posix()}: 内部错误 internal error" in run.stderr
    (finding,) = run.findings(seed)
    assert finding["rule"] == "PG999"
    assert "ZeroDivisionError: injected bug" in finding["message"]
    assert "--debug" in finding["message"]


def test_a_rule_bug_is_a_pg999_finding_naming_the_rule() -> None:
    seed = SEED_TXT.relative_to(ROOT)
    run = validate(seed, env={"PERFGOAL_TEST_INJECT": "PG203"})
    assert run.code == 3
    crashes = [f for f in run.findings(seed) if f["rule"] == "PG999"]
    assert len(crashes) == 1
    assert "PG203 plan-final-total" in crashes[0]["message"]
    assert "ZeroDivisionError: injected bug" in crashes[0]["message"]
    assert any(f["rule"] == "PG206" for f in run.findings(seed))  # the other rules ran


@pytest.mark.parametrize("inject", ["parser", "PG203"])
def test_debug_shows_the_traceback(inject: str) -> None:
    run = validate(SEED_TXT.relative_to(ROOT), "--debug", env={"PERFGOAL_TEST_INJECT": inject})
    assert run.code == 3
    assert "Traceback (most recent call last)" in run.stderr
    assert "ZeroDivisionError: injected bug" in run.stderr


# -- everything in one folder ------------------------------------------------------------------


def test_a_folder_of_everything(hostile: Path, tmp_path: Path) -> None:
    """Good files are reported exactly as on their own; each bad file has one error."""
    folder = tmp_path / "inbox"
    shutil.copytree(hostile, folder, symlinks=True)
    for sample in GOOD:
        shutil.copy(sample, folder / f"good-{sample.parent.name}-{sample.name}")
    # named one by one: a folder walk would not take the text-like files that are no
    # 绩效目标表 (tests/test_selection.py)
    named = sorted(str(p) for p in folder.iterdir())
    run = cli("validate", *named, "--format", "json", "-j", "2", timeout=120)
    assert run.code == 1
    report = {f["path"]: f["findings"] for f in run.report()["files"]}
    assert len(report) == len(INPUTS) + 1 + len(GOOD)
    walked = cli("validate", str(folder), "--show-files").stdout.splitlines()
    assert set(walked) < set(report)
    assert all(Path(p).suffix in (".txt", ".json", ".yaml") for p in set(report) - set(walked))
    alone = cli("validate", *map(str, GOOD), "--format", "json", "-j", "1")
    by_sample = {f["path"]: f["findings"] for f in alone.report()["files"]}
    for sample in GOOD:
        got = report[(folder / f"good-{sample.parent.name}-{sample.name}").as_posix()]
        expected = by_sample[sample.as_posix()]
        assert [(f["rule"], f["message"]) for f in got] == [
            (f["rule"], f["message"]) for f in expected
        ], sample.name
    readable = {n for n in INPUTS if n.endswith(".txt") and n not in _UNREADABLE_TXT} | {
        "text-named.docx",
        "text-named.json",
    }
    for name in [*INPUTS, "dangling.docx"]:
        if name in readable:
            continue
        findings = report[(folder / name).as_posix()]
        errors = [f for f in findings if f["severity"] == "error"]
        assert len(errors) == 1 and errors[0]["rule"] in ("PG001", "PG002"), (name, findings)
        if errors[0]["rule"] == "PG001":
            assert len(findings) == 1, name


_UNREADABLE_TXT = {"empty.txt", "undecodable.txt", "binary.txt", "fifty-mb.txt", "cell-flood.txt"}


def test_an_endless_device_is_refused_without_reading_it_all() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero")
    run = validate(Path("/dev/zero"))  # refused before it is opened (not a regular file)
    assert "这是字符设备，不是普通文件" in one_finding(run, Path("/dev/zero"))
    assert run.seconds < FAST and run.peak_mb < SMALL_MB


# -- regressions found while hardening (through the API: fast) -----------------------------------


def _load(data: bytes, suffix: str) -> Any:
    from perfgoal.load import load_bytes

    return load_bytes(data, f"input{suffix}", suffix)


def test_a_cell_continued_over_many_lines_is_read_in_linear_time() -> None:
    """Four times the lines cost about four times the CPU time, not sixteen (it was
    quadratic: 10 s for 300,000 lines). CPU time of this process, so that other processes on
    the machine do not count; a ratio, not a speed."""

    def cost(lines: int) -> tuple[float, Any]:
        data = ("\t项目名称\n" + "续行\n" * lines).encode()
        started = time.process_time()
        document = _load(data, ".txt")
        return time.process_time() - started, document

    cost(1_000)  # warm: imports, caches
    small, _ = cost(75_000)
    large, document = cost(300_000)
    assert large / small < 8, (small, large)
    assert document.notes == [] or all(n.text is None or len(n.text) < 3000 for n in document.notes)


def test_stray_cells_are_summed_up_after_a_thousand_notes() -> None:
    document = _load(b"\t1\n" * 5000, ".txt")  # one row of 5,000 cells nobody can place
    assert len(document.notes) == 1001
    last = document.notes[-1]
    assert last.message.startswith(
        "另有 4000 处无法识别的内容未逐条列出（只列出前 1000 处），其中第一处是无法识别的单元格"
    )
    assert last.text == "1" and last.location.column == 1001


@pytest.mark.parametrize("text", ["BMI 指数说明", "MZ 项目说明"])
def test_text_starting_like_a_two_letter_magic_is_text(text: str) -> None:
    document = _load(f"{text}\n\t项目名称\n\t示例\n".encode(), ".txt")
    assert document.source.format == "txt"


@pytest.mark.parametrize(
    ("draft", "says"),
    [
        (b"year: " + b"9" * 5000 + b"\n", "YAML 文件中有无法读取的值"),
        (b"projects: " + b"[" * 100_000 + b"]" * 100_000, "嵌套超过 64 层"),  # was 7 s
        (b"".join(b"  " * i + b"k%d:\n" % i for i in range(1000)), "YAML 文件嵌套过深"),
        (
            b"p: &p {seq: 1, goals: [x]}\nq: &q [" + b", ".join([b"*p"] * 2000) + b"]\n"
            b"projects: [" + b", ".join([b"*q"] * 2000) + b"]\n",
            "展开后超过",
        ),
        (b'{"projects": [{"seq": 1, "budget": {"total": "1E-999999999"}}]}', "位数过多"),
    ],
)
def test_hostile_drafts_are_input_errors(draft: bytes, says: str) -> None:
    from perfgoal.errors import InputError

    suffix = ".json" if draft.startswith(b"{") else ".yaml"
    started = time.perf_counter()
    with pytest.raises(InputError) as caught:
        _load(draft, suffix)
    assert says in str(caught.value)
    assert time.perf_counter() - started < 3


def test_next_line_character_survives_the_yaml_round_trip() -> None:
    from perfgoal.model import Document, Project, Source
    from perfgoal.serialize import to_yaml

    goals = ["\x85", "甲\x85乙", "a\u2028b"]
    document = Document(source=Source(path="x", format="txt", sha256=""), amount_unit="\x85")
    document.projects.append(Project(seq=1, goals=goals))
    again = _load(to_yaml(document).encode(), ".yaml")  # was folded into a space
    assert again.projects[0].goals == goals and again.amount_unit == "\x85"


# -- the other formats: PDF, Excel, HTML, legacy Word ----------------------------------------

FORMATS = SAMPLES / "formats"


def _pdf(objects: list[bytes], *, trailer: bytes = b"") -> bytes:
    """A PDF of ``objects`` (numbered from 1; object 1 is the catalog) with a valid xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer, xref,
    )  # fmt: skip
    return bytes(out)


def _page_pdf(content: bytes, resources: bytes = b"<< >>", extra: tuple[bytes, ...] = ()) -> bytes:
    stream = zlib.compress(content)
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources "
            + resources + b" >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream + b"\nendstream",
            *extra,
        ]
    )  # fmt: skip


def _scanned_pdf() -> bytes:
    """A page holding one image and no text, as a scanner writes it."""
    image = b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray " \
            b"/BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream"  # fmt: skip
    return _page_pdf(
        b"q 595 0 0 842 0 0 cm /Im1 Do Q", b"<< /XObject << /Im1 5 0 R >> >>", (image,)
    )


def _encrypted_pdf() -> bytes:
    """A PDF encrypted with a user password (the standard security handler, RC4 40-bit)."""
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 \
              + b"> /P -44 >>"  # fmt: skip
    return _pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>", encrypt],
        trailer=b"/Encrypt 3 0 R /ID [<" + b"33" * 16 + b"> <" + b"33" * 16 + b">] ",
    )


def _million_objects_pdf() -> bytes:
    # written into one buffer: a million small bytes objects would leave this (parent)
    # process large, and a child forked from it would start with that resident size
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n")
    for n in range(2, 1_000_002):
        out.write(b"%d 0 obj null endobj\n" % n)
    out.write(b"%%EOF\n")
    return out.getvalue()


def _dense_page_pdf() -> bytes:
    """One page drawing a million tiny rectangles (13 MB of content, 40 KB compressed)."""
    return _page_pdf(b"0 0 1 1 re f\n" * 1_000_000)


def _workbook(parts: dict[str, bytes | str], bomb: str | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(
            "xl/workbook.xml",
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="表1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        zf.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>',
        )
        for name, data in parts.items():
            zf.writestr(name, data)
        if bomb is not None:
            with zf.open(bomb, "w", force_zip64=True) as part:
                for _ in range(300):
                    part.write(b" " * (1024 * 1024))
    return out.getvalue()


_SHEET = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' \
         "<sheetData>{}</sheetData></worksheet>"  # fmt: skip


def _xlsx_billion_laughs() -> bytes:
    cell = '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    xml = f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">{_ENTITIES}]>' + _SHEET.format(
        cell
    )
    return _workbook({"xl/worksheets/sheet1.xml": xml})


def _xlsx_cell_bomb() -> bytes:
    rows = io.StringIO()
    for i in range(1, 250_001):
        rows.write(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>')
    return _workbook({"xl/worksheets/sheet1.xml": _SHEET.format(rows.getvalue())})


def _nested_html() -> bytes:
    return b"<html><body>" + b"<div>" * 100_000 + "项目名称".encode() + b"</div>" * 100_000


def _half(path: Path) -> Callable[[], bytes]:
    return lambda: path.read_bytes()[: len(path.read_bytes()) // 2]


FORMAT_INPUTS: dict[str, Callable[[], bytes]] = {
    "truncated.pdf": _half(FORMATS / "cangzhou-2025.pdf"),
    "encrypted.pdf": _encrypted_pdf,
    "scanned.pdf": _scanned_pdf,
    "million-objects.pdf": _million_objects_pdf,
    "dense-page.pdf": _dense_page_pdf,
    "truncated.xlsx": _half(FORMATS / "cangzhou-2025.xlsx"),
    "zip-bomb.xlsx": lambda: _workbook({}, bomb="xl/worksheets/sheet1.xml"),
    "billion-laughs.xlsx": _xlsx_billion_laughs,
    "cell-bomb.xlsx": _xlsx_cell_bomb,
    "truncated.xls": _half(FORMATS / "cangzhou-2025.xls"),
    "nested.html": _nested_html,
    "pdf-named.docx": (FORMATS / "cangzhou-2025.pdf").read_bytes,
    "html-named.doc": (FORMATS / "cangzhou-2025.html").read_bytes,
}


@pytest.fixture(scope="module")
def hostile_formats(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-formats")
    for name, make in FORMAT_INPUTS.items():
        (folder / name).write_bytes(make())
    return folder


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("truncated.pdf", "PDF 文件不完整（缺少文件尾 %%EOF），可能在上传或下载时被截断"),
        ("encrypted.pdf", "这是受密码保护（加密）的 PDF"),
        ("scanned.pdf", "这是扫描件 PDF（页面只有图片，没有文字层），perfgoal 不做文字识别（OCR）"),
        ("million-objects.pdf", "PDF 中的对象超过 500000 个，已拒绝"),
        ("dense-page.pdf", "PDF 第 1 页的内容超过 4 MiB，已拒绝"),
        ("truncated.xlsx", "不是有效的 Excel 工作簿（zip 结构损坏，文件可能不完整）"),
        ("zip-bomb.xlsx", "xl/worksheets/sheet1.xml 解压后 300 MiB，超过上限 64 MiB"),
        ("billion-laughs.xlsx", "文档包含 DOCTYPE 声明，已拒绝（可能是 XML 实体攻击）"),
        ("cell-bomb.xlsx", "工作簿中的单元格超过 200000 个，已拒绝"),
        ("truncated.xls", "不是有效的 Excel 97-2003 工作簿"),
        ("nested.html", "HTML 页面的元素嵌套超过 200 层，已拒绝"),
    ],
)
def test_broken_and_hostile_formats_are_one_pg001_fast(
    hostile_formats: Path, name: str, says: str
) -> None:
    path = hostile_formats / name
    run = validate(path)
    assert says in one_finding(run, path)
    assert len(run.findings(path)) == 1
    assert run.seconds < FAST, f"{name} took {run.seconds:.1f} s"
    assert run.peak_mb < SMALL_MB, f"{name} peaked at {run.peak_mb:.0f} MB"


def test_renamed_pdf_and_html_are_read_by_content(hostile_formats: Path) -> None:
    run = cli("validate", str(hostile_formats), "--format", "json", "-j", "1", "--select", "PG0*")
    for name in ("pdf-named.docx", "html-named.doc"):
        assert run.findings(hostile_formats / name) == [], name
