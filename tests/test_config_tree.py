"""Configuration per file, as ruff's hierarchical configuration: the nearest perfgoal.yaml
or pyproject.toml ([tool.perfgoal]) above each checked file wins, whole; ``--config``
overrides it for every file; a broken one on the way is exit 2 naming it; ``--show-settings``
says which one a file gets. Through the CLI, in a scratch git repository."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from linter_repo import SAMPLES, make_repo, run

BAD = SAMPLES / "bad" / "budget-arithmetic.txt"  # PG201-PG205 errors
STRICT = 'severity: {"PG2*": info}\nextend-exclude: ["skip-*.txt"]\n'


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """make_repo's (root perfgoal.yaml ignores PG306), with ``drafts/nested/`` holding its
    own perfgoal.yaml (budget rules as infos, ``skip-*.txt`` excluded) and ``legacy/`` a
    pyproject.toml whose [tool.perfgoal] selects the budget rules only."""
    root = make_repo(tmp_path / "repo")
    nested = root / "drafts" / "nested"
    nested.mkdir()
    shutil.copy(BAD, nested / "arithmetic.txt")
    shutil.copy(SAMPLES / "cangzhou-2025.txt", nested / "cangzhou.txt")
    shutil.copy(BAD, nested / "skip-me.txt")
    shutil.copy(BAD, root / "drafts" / "skip-me.txt")  # not below the nested config
    (nested / "perfgoal.yaml").write_text(STRICT, encoding="utf-8")
    legacy = root / "legacy"
    legacy.mkdir()
    shutil.copy(SAMPLES / "cangzhou-2025.txt", legacy / "cangzhou.txt")
    (legacy / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.perfgoal]\nselect = ["PG2*"]\n', encoding="utf-8"
    )
    return root


def _report(repo: Path, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    done = run("validate", ".", "--format", "json", *args, cwd=repo, env=env)
    assert done.returncode in (0, 1), done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def _findings(report: dict[str, Any]) -> dict[str, list[tuple[str, str]]]:
    """Each file's findings as (rule, severity)."""
    return {
        file["path"]: [(f["rule"], f["severity"]) for f in file["findings"]]
        for file in report["files"]
    }


def _rules(findings: list[tuple[str, str]]) -> set[str]:
    return {rule for rule, _ in findings}


def test_the_nearest_config_wins_for_the_files_below_it(repo: Path) -> None:
    found = _findings(_report(repo, "--jobs", "1"))
    # the root's perfgoal.yaml: budget errors, PG306 ignored
    assert ("PG201", "error") in found["drafts/arithmetic.txt"]
    assert "PG306" not in _rules(found["drafts/cangzhou.txt"])
    # the nested one, whole (not merged with the root's): budget rules are infos, and
    # PG306, which only the root's ignores, is reported again
    nested = found["drafts/nested/arithmetic.txt"]
    assert ("PG201", "info") in nested
    assert all(severity == "info" for rule, severity in nested if rule.startswith("PG2"))
    assert "PG306" in _rules(found["drafts/nested/cangzhou.txt"])
    # a pyproject.toml's [tool.perfgoal] is a configuration like the others
    assert _rules(found["legacy/cangzhou.txt"]) <= {f"PG2{n:02d}" for n in range(100)}


def test_a_nested_exclude_applies_below_its_folder_only(repo: Path) -> None:
    shown = run("validate", ".", "--show-files", cwd=repo).stdout.splitlines()
    assert "drafts/skip-me.txt" in shown
    assert "drafts/nested/skip-me.txt" not in shown
    assert "drafts/nested/arithmetic.txt" in shown
    # the root's .gitignore still holds below the nested config
    assert not any(path.endswith(".bak.txt") or path.startswith("build/") for path in shown)


def test_run_from_the_nested_folder_gives_the_same(repo: Path) -> None:
    inside = _findings(_report(repo / "drafts" / "nested", "--jobs", "1"))
    outside = _findings(_report(repo, "--jobs", "1"))
    assert inside["arithmetic.txt"] == outside["drafts/nested/arithmetic.txt"]
    # and a folder given from the root: the files below it still get their own config
    done = run("validate", "drafts", "--format", "json", "--jobs", "1", cwd=repo)
    assert (
        _findings(json.loads(done.stdout))["drafts/nested/arithmetic.txt"]
        == (outside["drafts/nested/arithmetic.txt"])
    )


def test_config_overrides_discovery_for_every_file(repo: Path) -> None:
    found = _findings(_report(repo, "--config", "perfgoal.yaml", "--jobs", "1"))
    assert ("PG201", "error") in found["drafts/nested/arithmetic.txt"]
    assert "PG306" not in _rules(found["drafts/nested/cangzhou.txt"])
    assert "PG306" not in _rules(found["legacy/cangzhou.txt"])
    assert "drafts/nested/skip-me.txt" in found  # the nested exclude is not read either


def test_command_line_rules_apply_to_every_config(repo: Path) -> None:
    found = _findings(_report(repo, "--ignore", "PG201", "--jobs", "1"))
    assert all("PG201" not in _rules(findings) for findings in found.values())
    assert "PG202" in _rules(found["drafts/nested/arithmetic.txt"])


@pytest.mark.parametrize(
    ("name", "text", "says"),
    [
        ("perfgoal.yaml", "select: [PG201\n", "YAML 语法错误"),
        ("perfgoal.yaml", "severity: {PG201: loud}\n", "severity.PG201"),
        ("perfgoal.yaml", "ignore: [PG9999]\n", "PG9999"),
        # another tool's broken pyproject.toml: never passed over for the root's config
        ("pyproject.toml", "[project\nname = 'x'\n", "TOML 语法错误"),
        ("pyproject.toml", "[tool.perfgoal]\nselekt = []\n", "selekt"),
    ],
)
def test_a_broken_nested_config_is_exit_2_naming_it(
    repo: Path, name: str, text: str, says: str
) -> None:
    broken = repo / "drafts" / "broken"
    broken.mkdir()
    shutil.copy(BAD, broken / "draft.txt")
    (broken / name).write_text(text, encoding="utf-8")
    for args in (["."], ["drafts/broken/draft.txt"], [".", "--show-files"]):
        done = run("validate", *args, cwd=repo)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert f"drafts/broken/{name}" in done.stderr and says in done.stderr
        assert done.stdout == ""
    # --config reads no other configuration file: the broken one is not in the way
    assert run("validate", ".", "--config", "perfgoal.yaml", cwd=repo).returncode == 1


def test_an_unreadable_nested_config_is_exit_2_naming_it(repo: Path) -> None:
    (repo / "drafts" / "nested" / "perfgoal.yaml").unlink()
    (repo / "drafts" / "nested" / "perfgoal.yaml").mkdir()
    done = run("validate", ".", "--lang", "en", cwd=repo)
    assert done.returncode == 2
    assert "drafts/nested/perfgoal.yaml" in done.stderr


def test_show_settings_names_the_config_of_each_path(repo: Path) -> None:
    done = run("validate", "--show-settings", "drafts/nested/arithmetic.txt", "legacy", cwd=repo)
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.split("\n\n")
    nested = repo.resolve() / "drafts" / "nested" / "perfgoal.yaml"
    assert first.splitlines()[0] == f"# drafts/nested/arithmetic.txt 的配置：{nested}"
    values = dict(line.split(": ", 1) for line in first.splitlines()[1:])
    assert json.loads(values["severity"]) == {"PG2*": "info"}
    assert json.loads(values["extend-exclude"]) == ["skip-*.txt"]
    assert "PG306" in json.loads(values["rules"])
    assert second.startswith(f"# legacy 的配置：{repo.resolve() / 'legacy' / 'pyproject.toml'}\n")
    assert 'rules: ["PG201", "PG202"' in second and "PG101" not in second


def test_show_settings_with_config_and_command_line_rules(repo: Path) -> None:
    args = ["--show-settings", "--config", "perfgoal.yaml", "--select", "PG3*", "--lang", "en"]
    done = run("validate", *args, "drafts/nested/arithmetic.txt", cwd=repo)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "# settings of drafts/nested/arithmetic.txt: perfgoal.yaml"
    values = dict(line.split(": ", 1) for line in lines[1:])
    assert json.loads(values["select"]) == ["PG3*"]
    assert json.loads(values["ignore"]) == ["PG306"]
    assert "PG306" not in values["rules"] and "PG301" in values["rules"]


def test_show_settings_without_any_config(tmp_path: Path) -> None:
    shutil.copy(BAD, tmp_path / "draft.txt")
    done = run("validate", "--show-settings", "draft.txt", "--lang", "en", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == (
        "# settings of draft.txt: the defaults (no configuration file in its folder or above)"
    )
    assert "select: null" in done.stdout.splitlines()


def test_a_parallel_run_equals_the_serial_one(repo: Path) -> None:
    serial = _report(repo, "--jobs", "1")
    assert len(serial["files"]) >= 6  # enough for the workers to be used
    assert _report(repo, "--jobs", "2") == serial


def test_a_changed_nested_config_rechecks_the_files_below_it(repo: Path) -> None:
    env = {"PERFGOAL_NO_CACHE": ""}
    cold = _report(repo, "--jobs", "1", env=env)
    entries = set((repo / ".perfgoal_cache").rglob("*.json"))
    assert len(entries) == len(cold["files"])  # one cache beside the root's config
    assert _report(repo, "--jobs", "1", env=env) == cold
    assert set((repo / ".perfgoal_cache").rglob("*.json")) == entries

    (repo / "drafts" / "nested" / "perfgoal.yaml").write_text(
        'severity: {"PG2*": warning}\nextend-exclude: ["skip-*.txt"]\n', encoding="utf-8"
    )
    warm = _report(repo, "--jobs", "1", env=env)
    added = set((repo / ".perfgoal_cache").rglob("*.json")) - entries
    assert len(added) == 2  # drafts/nested/arithmetic.txt and cangzhou.txt, only they
    found = _findings(warm)
    assert ("PG201", "warning") in found["drafts/nested/arithmetic.txt"]
    unchanged = [f for f in cold["files"] if not f["path"].startswith("drafts/nested/")]
    assert [f for f in warm["files"] if not f["path"].startswith("drafts/nested/")] == unchanged


@pytest.mark.parametrize(
    ("config", "check"),
    [
        ('severity: {"PG3*": info}\n', "severity"),
        ('select: ["PG3*"]\n', "select"),
        ('ignore: ["PG3*"]\n', "ignore"),
    ],
)
def test_globs_work_in_every_config_key(tmp_path: Path, config: str, check: str) -> None:
    shutil.copy(SAMPLES / "cangzhou-2025.txt", tmp_path / "cangzhou.txt")
    shutil.copy(BAD, tmp_path / "arithmetic.txt")
    plain = _findings(_report(tmp_path, "--jobs", "1"))
    pg3 = [(r, s) for fs in plain.values() for r, s in fs if r.startswith("PG3")]
    assert any(severity != "info" for _, severity in pg3)  # the glob has work to do
    (tmp_path / "perfgoal.yaml").write_text(config, encoding="utf-8")
    found = [(r, s) for fs in _findings(_report(tmp_path, "--jobs", "1")).values() for r, s in fs]
    if check == "severity":
        assert sorted(r for r, _ in found) == sorted(r for fs in plain.values() for r, _ in fs)
        assert all(s == "info" for r, s in found if r.startswith("PG3"))
        assert any(s == "error" for r, s in found if not r.startswith("PG3"))
    elif check == "select":
        assert found and all(r.startswith("PG3") for r, _ in found)
    else:
        assert found and not any(r.startswith("PG3") for r, _ in found)


def test_a_pyproject_without_a_perfgoal_table_is_passed_over(repo: Path) -> None:
    (repo / "drafts" / "nested" / "perfgoal.yaml").unlink()
    (repo / "drafts" / "nested" / "pyproject.toml").write_text(
        '[project]\nname = "budget-site"\n', encoding="utf-8"
    )
    done = run("validate", "--show-settings", "drafts/nested/arithmetic.txt", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].endswith(f"{repo.resolve() / 'perfgoal.yaml'}")


def test_a_nested_name_glob_excludes_only_below_its_folder(repo: Path) -> None:
    # "drafts" names a folder above the nested config: it must not exclude the whole tree
    (repo / "drafts" / "nested" / "perfgoal.yaml").write_text(
        'extend-exclude: ["drafts", "cangzhou.txt"]\n', encoding="utf-8"
    )
    shown = run("validate", ".", "--show-files", cwd=repo).stdout.splitlines()
    assert "drafts/nested/arithmetic.txt" in shown
    assert "drafts/nested/cangzhou.txt" not in shown
    assert "drafts/cangzhou.txt" in shown  # the nested glob does not reach above it


def test_a_hook_passing_files_gets_each_file_its_config(repo: Path) -> None:
    # pre-commit passes the changed files with --force-exclude: the nested exclude holds
    args = ["drafts/nested/skip-me.txt", "drafts/nested/arithmetic.txt", "drafts/skip-me.txt"]
    shown = run("validate", *args, "--force-exclude", "--show-files", cwd=repo).stdout
    assert shown.splitlines() == ["drafts/nested/arithmetic.txt", "drafts/skip-me.txt"]
    done = run("validate", *args, "--force-exclude", "-f", "concise", cwd=repo)
    assert "drafts/nested/arithmetic.txt:10:1: PG201 [info]" in done.stdout
    assert "drafts/skip-me.txt:10:1: PG201 [error]" in done.stdout


def test_summary_and_report_use_each_files_config(repo: Path) -> None:
    # below the nested config the budget errors are infos: nothing fails there; checked
    # with the root's config (--config) they are errors again
    for command, out in (("report", ["-o", "-"]), ("summary", ["-f", "csv"])):
        done = run(command, "drafts/nested", *out, cwd=repo)
        assert done.returncode == 0, (command, done.stderr)
        strict = run(command, "drafts/nested", *out, "--config", "perfgoal.yaml", cwd=repo)
        assert strict.returncode == 1, (command, strict.stderr)
