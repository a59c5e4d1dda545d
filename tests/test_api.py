"""The Python API (``perfgoal.parse``/``check``/``validate``) gives what the CLI gives, takes
paths or bytes, and is pure: two threads checking different drafts at once get what each
gets alone."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import perfgoal
from perfgoal.config import Config
from perfgoal.errors import InputError, UsageError
from perfgoal.model import Document

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "cangzhou-2025.txt"
DRAFTS = [
    SEED,
    ROOT / "samples" / "cangzhou-2025.docx",
    ROOT / "samples" / "bad" / "budget-arithmetic.txt",
    ROOT / "samples" / "bad" / "malformed-values.docx",
    ROOT / "samples" / "bad" / "missing-tiers.txt",
    ROOT / "samples" / "layouts" / "district-multi.docx",
]


def _cli_json(*args: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "perfgoal", "validate", *args, "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def _dumped(findings: list[Any]) -> list[dict[str, Any]]:
    return [finding.model_dump(mode="json") for finding in findings]


def test_parse_and_check_give_what_validate_prints() -> None:
    path = "samples/bad/budget-arithmetic.txt"
    cli = _cli_json(path)["files"][0]["findings"]
    document = perfgoal.parse(ROOT / path, filename=path)
    assert isinstance(document, Document)
    assert _dumped(perfgoal.check(document)) == cli
    assert any(f["rule"] == "PG203" for f in cli)  # the spend plan ends below the budget


def test_bytes_and_path_parse_alike() -> None:
    from_path = perfgoal.parse(SEED, filename="seed.txt")
    from_bytes = perfgoal.parse(SEED.read_bytes(), filename="seed.txt")
    assert from_bytes.model_dump(mode="json") == from_path.model_dump(mode="json")
    assert from_path.source.path == "seed.txt"
    assert len(from_path.projects) >= 1


def test_bytes_of_a_word_file_are_recognised_without_a_name() -> None:
    docx = ROOT / "samples" / "cangzhou-2025.docx"
    document = perfgoal.parse(docx.read_bytes())
    assert document.source.format == "docx"
    assert document.source.path == "<bytes>"
    assert [p.name for p in document.projects] == [p.name for p in perfgoal.parse(docx).projects]


def test_unreadable_input_raises_input_error_with_a_key() -> None:
    with pytest.raises(InputError) as caught:
        perfgoal.parse(b"\x89PNG\r\n\x1a\n" + bytes(64), filename="scan.png")
    assert caught.value.reason.key.startswith("input.")
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.render("en"))


def test_config_selects_rules() -> None:
    document = perfgoal.parse(ROOT / "samples" / "bad" / "budget-arithmetic.txt")
    only = perfgoal.check(document, Config(select=["PG203"]))
    assert only and {f.rule for f in only} == {"PG203"}
    assert perfgoal.check(document, Config(ignore=["PG203"])) == [
        f for f in perfgoal.check(document) if f.rule != "PG203"
    ]


def test_validate_yields_a_report_per_file_in_cli_order(tmp_path: Path) -> None:
    for draft in DRAFTS:
        shutil.copy(draft, tmp_path / draft.name)
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    reports = list(perfgoal.validate([tmp_path]))
    cli = _cli_json(str(tmp_path), "--jobs", "1")
    assert [r.path for r in reports] == [f["path"] for f in cli["files"]]
    assert [_dumped(r.findings) for r in reports] == [f["findings"] for f in cli["files"]]
    broken = next(r for r in reports if r.path.endswith("broken.docx"))
    assert [f.rule for f in broken.findings] == ["PG001"]


def test_validate_in_workers_equals_serial(tmp_path: Path) -> None:
    for n, draft in enumerate(DRAFTS * 2):
        shutil.copy(draft, tmp_path / f"{n:02d}-{draft.name}")
    serial = [r.model_dump(mode="json") for r in perfgoal.validate([tmp_path], jobs=1)]
    parallel = [r.model_dump(mode="json") for r in perfgoal.validate([tmp_path], jobs=2)]
    assert parallel == serial


def test_validate_of_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        list(perfgoal.validate([tmp_path / "nowhere"]))


def test_two_threads_get_what_each_gets_alone() -> None:
    """Bytes in, findings out: no module state shared between calls."""
    inputs = [(path.read_bytes(), path.name) for path in DRAFTS]
    configs = [Config(), Config(ignore=["PG3*"]), Config(severity={"PG2*": "info"})]

    def work(case: tuple[bytes, str, Config]) -> list[dict[str, Any]]:
        data, name, config = case
        return _dumped(perfgoal.check(perfgoal.parse(data, filename=name), config))

    cases = [(data, name, config) for data, name in inputs for config in configs]
    alone = [work(case) for case in cases]
    with ThreadPoolExecutor(max_workers=2) as pool:
        together = list(pool.map(work, cases * 3))
    assert together == alone * 3
    assert alone[0] != alone[1] or alone[0] == []  # the configs really differ in effect


def test_import_is_cheap() -> None:
    """``import perfgoal`` loads no parser, rule or pydantic model until one is used."""
    code = (
        "import sys, perfgoal; "
        "print(sorted(m for m in ('pydantic', 'perfgoal.model', 'perfgoal.api', 'lxml') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def _blocks(markdown: str) -> list[str]:
    return re.findall(r"```python\n(.*?)```", markdown, flags=re.S)


DOC = ROOT / "docs" / "api.md"


def test_the_first_example_of_the_api_docs_runs(capsys: pytest.CaptureFixture[str]) -> None:
    first = _blocks(DOC.read_text(encoding="utf-8"))[0]
    with _in(ROOT):
        exec(compile(first, "docs/api.md", "exec"), {})
    out = capsys.readouterr().out
    assert perfgoal.parse(SEED).projects[0].name in out


def test_the_cluster_map_step_of_the_api_docs_runs() -> None:
    step = next(b for b in _blocks(DOC.read_text(encoding="utf-8")) if "def check_one" in b)
    scope: dict[str, Any] = {}
    exec(compile(step, "docs/api.md", "exec"), scope)
    good = scope["check_one"](("a.txt", SEED.read_bytes()))
    assert good["path"] == "a.txt" and isinstance(good["findings"], list)
    assert json.loads(json.dumps(good)) == good  # plain JSON, for any engine to collect
    bad = scope["check_one"](("scan.png", b"\x89PNG\r\n\x1a\n" + bytes(64)))
    assert "error" in bad and bad["error"].isascii()


def test_the_pandas_example_of_the_api_docs_runs(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pandas", reason="pandas is only the docs' example, not a dependency")
    block = next(b for b in _blocks(DOC.read_text(encoding="utf-8")) if "pandas" in b)
    with _in(ROOT):
        exec(compile(block, "docs/api.md", "exec"), {})
    assert "cangzhou-2025.txt" in capsys.readouterr().out


@contextlib.contextmanager
def _in(folder: Path) -> Iterator[None]:
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)
