"""Which files ``validate`` checks in a real-looking repository (as ruff chooses them):
document formats always, text-like files only when they are drafts, ``.gitignore`` and
``exclude`` respected, perfgoal's own configuration never; empty runs are not green."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from linter_repo import make_repo, run
from perfgoal.selection import looks_like_document

DRAFTS = ["drafts/arithmetic.txt", "drafts/cangzhou.docx", "drafts/cangzhou.txt"]


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_repo(tmp_path_factory.mktemp("repo") / "site")
    done = run("to-yaml", "drafts/cangzhou.txt", "-o", "drafts/cangzhou.yaml", cwd=root)
    assert done.returncode == 0, done.stderr
    done = run("parse", "-f", "json", "drafts/arithmetic.txt", cwd=root)
    (root / "drafts" / "arithmetic.json").write_text(done.stdout, encoding="utf-8")
    return root


ALL = sorted([*DRAFTS, "drafts/arithmetic.json", "drafts/cangzhou.yaml"])


def files_of(done: subprocess.CompletedProcess[str]) -> list[str]:
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_folder_walk_takes_documents_and_drafts_only(repo: Path) -> None:
    assert files_of(run("validate", ".", "--show-files", cwd=repo)) == ALL


def test_folder_run_reports_only_the_drafts(repo: Path) -> None:
    done = run("validate", ".", "--format", "json", cwd=repo)
    report = json.loads(done.stdout)
    assert sorted(f["path"] for f in report["files"]) == ALL
    # no unrelated file became an unreadable-input finding
    assert not any(f["rule"] in ("PG001", "PG002") for r in report["files"] for f in r["findings"])
    assert done.returncode == 1  # the bad draft's arithmetic errors


def test_gitignore_respected_unless_told(repo: Path) -> None:
    shown = files_of(run("validate", ".", "--show-files", "--no-respect-gitignore", cwd=repo))
    assert "build/codes.docx" in shown and "drafts/old.bak.txt" in shown
    assert "requirements.txt" not in shown


def test_config_respect_gitignore_false(repo: Path, tmp_path: Path) -> None:
    config = tmp_path / "perfgoal.yaml"
    config.write_text("respect-gitignore: false\n", encoding="utf-8")
    shown = files_of(run("validate", ".", "--show-files", "--config", str(config), cwd=repo))
    assert "build/codes.docx" in shown


def test_exclude_and_extend_exclude(repo: Path) -> None:
    shown = files_of(run("validate", ".", "--show-files", "--extend-exclude", "*.yaml", cwd=repo))
    assert "drafts/cangzhou.yaml" not in shown and "drafts/cangzhou.txt" in shown
    shown = files_of(
        run("validate", ".", "--show-files", "--extend-exclude", "drafts/cangzhou.*", cwd=repo)
    )
    assert shown == ["drafts/arithmetic.json", "drafts/arithmetic.txt"]


def test_exclude_in_config_is_relative_to_its_folder(repo: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(repo, work)
    (work / "perfgoal.yaml").write_text("extend-exclude: ['drafts/*.json']\n", encoding="utf-8")
    shown = files_of(run("validate", "drafts", "--show-files", cwd=work))
    assert "drafts/arithmetic.json" not in shown and "drafts/arithmetic.txt" in shown
    # from another working folder the same config file excludes the same file
    config = ["--config", "work/perfgoal.yaml"]
    shown = files_of(run("validate", "work/drafts", "--show-files", *config, cwd=tmp_path))
    assert shown == [
        "work/drafts/arithmetic.txt",
        "work/drafts/cangzhou.docx",
        "work/drafts/cangzhou.txt",
        "work/drafts/cangzhou.yaml",
    ]


def test_explicit_files_are_checked_whatever_they_hold(repo: Path) -> None:
    done = run("validate", "requirements.txt", "drafts/old.bak.txt", "--format", "json", cwd=repo)
    report = json.loads(done.stdout)
    assert [f["path"] for f in report["files"]] == ["requirements.txt", "drafts/old.bak.txt"]


def test_force_exclude_filters_explicit_files_as_a_hook_needs(repo: Path) -> None:
    args = ["requirements.txt", "package.json", "drafts/old.bak.txt", "drafts/cangzhou.txt"]
    shown = files_of(run("validate", *args, "--force-exclude", "--show-files", cwd=repo))
    assert shown == ["drafts/cangzhou.txt"]


def test_own_config_never_checked(repo: Path) -> None:
    done = run("validate", "perfgoal.yaml", cwd=repo)
    assert done.returncode == 2
    assert "perfgoal.yaml" in done.stderr and "配置文件" in done.stderr
    assert "perfgoal.yaml" not in files_of(run("validate", ".", "--show-files", cwd=repo))


def test_path_yielding_nothing_is_exit_2_unless_allowed(repo: Path) -> None:
    done = run("validate", "docs", "--lang", "en", cwd=repo)
    assert done.returncode == 2
    assert "docs: no file to check" in done.stderr
    done = run("validate", "docs", "--allow-empty", cwd=repo)
    assert done.returncode == 0
    done = run("validate", "build/codes.docx", "--force-exclude", cwd=repo)
    assert done.returncode == 2 and "build/codes.docx" in done.stderr


def test_outside_a_git_work_tree_nothing_is_ignored(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    shutil.copy(Path(__file__).parent.parent / "samples" / "bad" / "codes.docx", folder)
    (folder / ".gitignore").write_text("*.docx\n", encoding="utf-8")
    assert files_of(run("validate", ".", "--show-files", cwd=folder)) == ["codes.docx"]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("项目名称\t道路维护\n预算数\t100\n", True),
        ("schema_version: 1\nsource:\n  path: a.txt\n", True),
        ('[\n  {\n    "schema_version": 1,\n    "source": {}', True),
        ('{"schema_version": 1, "files": [], "summary": {}}', False),  # a findings report
        ('{"name": "budget-site"}', False),
        ("requests==2.31\n", False),
        ("会议纪要：绩效目标下周提交。\n", False),  # one label is not a table
    ],
)
def test_sniffing_in_every_encoding(head: str, expected: bool) -> None:
    for encoding in ("utf-8", "gb18030", "utf-16"):
        assert looks_like_document(head.encode(encoding)) is expected, encoding


def test_reports_written_into_the_folder_are_not_checked_next_time(tmp_path: Path) -> None:
    """A reviewer writes the round's reports beside the drafts: they quote the drafts'
    labels, yet the next walk leaves every one of them alone; the drafts perfgoal writes
    (parse -f json, to-yaml) are taken."""
    root = Path(__file__).resolve().parent.parent / "samples"
    folder = tmp_path / "round"
    folder.mkdir()
    shutil.copy(root / "cangzhou-2025.txt", folder / "a.txt")
    shutil.copy(root / "bad" / "codes.txt", folder / "b.txt")
    env = {"PERFGOAL_NO_CACHE": "1"}
    outputs = {
        "json": "report.json",
        "json-lines": "lines.json",
        "gitlab": "gl-code-quality-report.json",
        "sarif": "sarif.json",
    }
    for fmt, name in outputs.items():
        run("validate", ".", "-f", fmt, "-o", name, cwd=folder, env=env)
    run("validate", ".", "--write-baseline", "baseline.json", cwd=folder, env=env)
    run("diff", "a.txt", "b.txt", "-f", "json", "-o", "diff.json", cwd=folder, env=env)
    run("report", "a.txt", "b.txt", "-o", "report.html", cwd=folder, env=env)
    (folder / "draft.json").write_text(run("parse", "a.txt", "-f", "json", cwd=folder).stdout)
    run("to-yaml", "b.txt", "-o", "draft.yaml", cwd=folder)
    written = {*outputs.values(), "baseline.json", "diff.json", "report.html", "draft.yaml"}
    assert written <= {p.name for p in folder.iterdir()}  # every command wrote its file
    shown = files_of(run("validate", ".", "--show-files", cwd=folder))
    assert sorted(Path(p).name for p in shown) == ["a.txt", "b.txt", "draft.json", "draft.yaml"]


def test_a_utf8_text_with_a_line_in_gbk_is_taken() -> None:
    """The loader reads such a file line by line (PG003 names the lines): the walk must
    take it too, by its UTF-8 labels."""
    seed = Path(__file__).resolve().parent.parent / "samples" / "cangzhou-2025.txt"
    lines = seed.read_text(encoding="utf-8").splitlines()
    mixed = b"\n".join(
        line.encode("gb18030" if n == 3 else "utf-8") for n, line in enumerate(lines)
    )
    assert looks_like_document(mixed[:65536])
