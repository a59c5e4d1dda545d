"""The results cache (``.perfgoal_cache/``): a warm run gives what a cold run gives without
parsing again; a changed file, config option or environment limit is checked again, and
only it; a corrupt or foreign entry is never trusted; ``--no-cache`` and ``clean``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from perfgoal.checking import check_files
from perfgoal.config import Config
from perfgoal.runner import RunOptions

ROOT = Path(__file__).resolve().parent.parent
DRAFTS = [
    ROOT / "samples" / "cangzhou-2025.txt",
    ROOT / "samples" / "bad" / "budget-arithmetic.txt",
    ROOT / "samples" / "bad" / "missing-tiers.docx",
    ROOT / "samples" / "layouts" / "district-multi.docx",
]


@pytest.fixture
def cached(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PERFGOAL_NO_CACHE", raising=False)
    monkeypatch.delenv("PERFGOAL_CACHE_DIR", raising=False)


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    folder = tmp_path / "drafts"
    folder.mkdir()
    for draft in DRAFTS:
        shutil.copy(draft, folder / draft.name)
    return folder


def _validate(folder: Path, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    environment = {k: v for k, v in os.environ.items() if k != "PERFGOAL_NO_CACHE"}
    result = subprocess.run(
        [sys.executable, "-m", "perfgoal", "validate", ".", "--format", "json", *args],
        capture_output=True,
        text=True,
        cwd=folder,
        env={**environment, **(env or {})},
        check=False,
        timeout=120,  # (a cache entry that blocks must fail the test, not hang it)
    )
    assert result.returncode in (0, 1), result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


def _entries(folder: Path) -> set[Path]:
    return set((folder / ".perfgoal_cache").rglob("*.json"))


def test_a_warm_run_reads_the_cache_and_reports_the_same(cached: None, drafts: Path) -> None:
    cold = _validate(drafts)
    entries = _entries(drafts)
    assert len(entries) == len(DRAFTS)
    assert (drafts / ".perfgoal_cache" / ".gitignore").read_text().strip().endswith("*")
    assert _validate(drafts) == cold
    assert _entries(drafts) == entries  # nothing new written
    # the cache is not a draft: the walk never takes it
    assert all(".perfgoal_cache" not in f["path"] for f in cold["files"])


def test_a_warm_run_parses_nothing(
    cached: None, drafts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(drafts)
    options = RunOptions(config=Config(), jobs=1, cache=True)
    targets: list[Path | Any] = sorted(drafts.iterdir(), key=lambda p: p.name)
    targets = [p for p in targets if p.is_file()]
    cold = check_files(targets, options)

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("a cached file was parsed again")

    monkeypatch.setattr("perfgoal.load.parse_documents", no_parsing)
    assert check_files(targets, options) == cold


def test_each_file_is_read_once_cold_and_warm(
    cached: None, drafts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache key needs the file's bytes, and so does the parser: one read serves both
    (the parent used to read and hash every file for the key, the worker again)."""
    import perfgoal.load

    monkeypatch.chdir(drafts)
    opened: list[str] = []
    open_regular = perfgoal.load.open_regular

    def counted(path: Path) -> Any:
        opened.append(Path(path).name)
        return open_regular(path)

    monkeypatch.setattr(perfgoal.load, "open_regular", counted)
    options = RunOptions(config=Config(), jobs=1, cache=True)
    targets: list[Path | Any] = sorted(p for p in drafts.iterdir() if p.is_file())
    cold = check_files(targets, options)
    assert sorted(opened) == sorted(p.name for p in targets)
    opened.clear()
    assert check_files(targets, options) == cold
    assert sorted(opened) == sorted(p.name for p in targets)  # hashed, not parsed


def test_a_changed_file_is_checked_again_and_only_it(cached: None, drafts: Path) -> None:
    cold = _validate(drafts)
    before = _entries(drafts)
    seed = drafts / "cangzhou-2025.txt"
    seed.write_text(seed.read_text(encoding="utf-8").replace("2025", "2026", 1), encoding="utf-8")
    warm = _validate(drafts)
    assert len(_entries(drafts) - before) == 1  # one new entry: the changed file's
    assert [f["path"] for f in warm["files"]] == [f["path"] for f in cold["files"]]
    for new, old in zip(warm["files"], cold["files"], strict=True):
        if new["path"] != "cangzhou-2025.txt":
            assert new == old


def test_a_changed_option_is_applied_not_served_from_the_cache(cached: None, drafts: Path) -> None:
    cold = _validate(drafts)
    assert any(f["rule"] == "PG203" for file in cold["files"] for f in file["findings"])
    (drafts / "perfgoal.yaml").write_text("ignore: [PG203]\n", encoding="utf-8")
    ignored = _validate(drafts)
    assert not any(f["rule"] == "PG203" for file in ignored["files"] for f in file["findings"])
    (drafts / "perfgoal.yaml").write_text("severity: {PG203: warning}\n", encoding="utf-8")
    warned = _validate(drafts)
    severities = {f["severity"] for file in warned["files"] for f in file["findings"]
                  if f["rule"] == "PG203"}  # fmt: skip
    assert severities == {"warning"}
    assert _validate(drafts, "--lang", "en") != warned  # the language is part of the key


def test_a_corrupt_or_foreign_entry_is_ignored_and_rewritten(cached: None, drafts: Path) -> None:
    cold = _validate(drafts)
    entries = sorted(_entries(drafts))
    entries[0].write_bytes(b'{"path": "cangzhou-2025.tx')  # truncated
    entries[1].write_text(json.dumps({"path": "elsewhere.txt", "findings": []}))
    entries[2].write_bytes(b"\xff\xfe not json")
    header, payload = entries[3].read_text(encoding="utf-8").split("\n", 1)
    tampered = payload.replace('"findings": [', '"findings": [], "x": [', 1)
    entries[3].write_text(f"{header}\n{tampered}", encoding="utf-8")  # the hash no longer fits
    assert _validate(drafts) == cold
    for entry in entries[:4]:  # rewritten whole: a header, then the file's report
        header, payload = entry.read_text(encoding="utf-8").split("\n", 1)
        assert json.loads(header)["sha256"]
        assert json.loads(payload)["path"] == json.loads(header)["path"]


def test_no_cache_neither_reads_nor_writes(cached: None, drafts: Path) -> None:
    _validate(drafts, "--no-cache")
    assert not (drafts / ".perfgoal_cache").exists()
    _validate(drafts, env={"PERFGOAL_NO_CACHE": "1"})
    assert not (drafts / ".perfgoal_cache").exists()


def test_unreadable_files_are_not_cached(cached: None, drafts: Path) -> None:
    (drafts / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    report = _validate(drafts)
    assert any(f["rule"] == "PG001" for file in report["files"] for f in file["findings"])
    assert len(_entries(drafts)) == len(DRAFTS)


def test_a_cache_that_cannot_be_written_is_skipped(cached: None, drafts: Path) -> None:
    blocker = drafts.parent / "a-file"
    blocker.write_text("not a folder")
    env = {"PERFGOAL_CACHE_DIR": str(blocker / "cache")}  # below a file: mkdir fails, as root too
    assert _validate(drafts, env=env) == _validate(drafts, "--no-cache")


def test_an_existing_cache_dir_is_not_told_to_ignore_everything(
    cached: None, drafts: Path, tmp_path: Path
) -> None:
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    _validate(drafts, env={"PERFGOAL_CACHE_DIR": str(checkout)})
    assert not (checkout / ".gitignore").exists()
    assert list(checkout.rglob("*.json"))  # used as it is


def _perfgoal(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfgoal", *args],
        capture_output=True,
        text=True,
        cwd=folder,
        check=False,
    )


def test_clean_removes_the_cache_and_only_a_cache(cached: None, drafts: Path) -> None:
    _validate(drafts)
    done = _perfgoal(drafts, "clean", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert "removed the cache" in done.stdout
    assert not (drafts / ".perfgoal_cache").exists()
    again = _perfgoal(drafts, "clean")
    assert again.returncode == 0 and "没有缓存" in again.stdout
    (drafts / ".perfgoal_cache").mkdir()
    (drafts / ".perfgoal_cache" / "mine.txt").write_text("not perfgoal's")
    refused = _perfgoal(drafts, "clean")
    assert refused.returncode == 2 and "不是 perfgoal 的缓存" in refused.stderr
    assert (drafts / ".perfgoal_cache" / "mine.txt").exists()


def test_a_warm_run_with_workers_starts_no_pool(
    cached: None, drafts: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parent serves the files at the head of the list that have an entry; the pool
    starts at the first that has none and gets only the files from there on."""
    import perfgoal.workers

    for n in range(6):
        shutil.copy(DRAFTS[0], drafts / f"copy-{n}.txt")
    monkeypatch.chdir(drafts)
    options = RunOptions(config=Config(), jobs=2, cache=True)
    targets: list[Path | Any] = sorted(p for p in drafts.iterdir() if p.is_file())
    pooled: list[list[str]] = []
    in_parallel = perfgoal.workers.in_parallel

    def recorded(task: Any, items: list[Any], *args: Any, **kwargs: Any) -> Any:
        pooled.append([path.name for path, _ in items])
        return in_parallel(task, items, *args, **kwargs)

    monkeypatch.setattr(perfgoal.workers, "in_parallel", recorded)
    cold = check_files(targets, options)
    assert pooled == [[p.name for p in targets]]  # nothing cached yet
    pooled.clear()
    assert check_files(targets, options) == cold
    assert pooled == []  # every file served by the parent

    changed = targets.index(drafts / "copy-1.txt")
    targets[changed].write_text(DRAFTS[0].read_text(encoding="utf-8").replace("2025", "2026", 1))
    again = check_files(targets, options)
    assert pooled == [[p.name for p in targets[changed:]]]
    assert again == check_files(targets, RunOptions(config=Config(), jobs=1, cache=False))


def test_an_entry_that_is_no_regular_file_is_ignored(cached: None, drafts: Path) -> None:
    """A FIFO would block the run and /dev/zero fill memory: neither is read."""
    cold = _validate(drafts)
    entries = sorted(_entries(drafts))
    entries[0].unlink()
    os.mkfifo(entries[0])
    entries[1].unlink()
    entries[1].symlink_to("/dev/zero")
    assert _validate(drafts) == cold


def test_a_file_of_drafts_is_not_stored(cached: None, tmp_path: Path) -> None:
    """A JSON array of one draft is reported as PATH#1: it is checked on every run, and no
    entry is written that no run could use."""
    folder = tmp_path / "array"
    folder.mkdir()
    draft = subprocess.run(
        [sys.executable, "-m", "perfgoal", "parse", "-f", "json", str(DRAFTS[1])],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    (folder / "one.json").write_text(f"[{draft}]", encoding="utf-8")
    cold = _validate(folder)
    assert [f["path"] for f in cold["files"]] == ["one.json#1"]
    assert _entries(folder) == set()
    assert _validate(folder) == cold
