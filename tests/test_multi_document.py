"""Several documents in one file: ``parse -f json A B`` prints an array of documents valid
against the published schema, ``parse -f yaml A B`` a YAML stream, and ``validate`` (and
``parse``, ``to-yaml``, ``summary``) reads both back, one document at a time, each reported
as ``PATH#N`` — through the CLI in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from builders import stated_data
from linter_repo import ROOT, SAMPLES, run
from test_stdin import piped

SEED = SAMPLES / "cangzhou-2025.txt"
BAD = SAMPLES / "bad" / "codes.txt"
SCHEMA = json.loads((ROOT / "schemas" / "document.schema.json").read_text("utf-8"))


def report(*args: str, cwd: Path) -> tuple[int, dict[str, Any]]:
    done = run("validate", *args, "-f", "json", cwd=cwd)
    return done.returncode, json.loads(done.stdout)


def shown(report: dict[str, Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each file's path and its findings' rules and messages."""
    return [
        (file["path"], [(f["rule"], f["message"]) for f in file["findings"]])
        for file in report["files"]
    ]


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``two.json`` and ``two.yaml`` as parse writes them, from the reference document and
    a bad draft, in a scratch folder."""
    folder = tmp_path_factory.mktemp("multi")
    for fmt in ("json", "yaml"):
        done = run("parse", "-f", fmt, str(SEED), str(BAD), cwd=folder)
        assert done.returncode == 0, done.stderr
        (folder / f"two.{fmt}").write_text(done.stdout, "utf-8")
    return folder


def test_parse_json_of_several_files_is_an_array_of_valid_documents(drafts: Path) -> None:
    items = json.loads((drafts / "two.json").read_text("utf-8"))
    assert isinstance(items, list) and len(items) == 2
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for item in items:
        validator.validate(item)
    alone = json.loads(run("parse", "-f", "json", str(SEED), cwd=drafts).stdout)
    assert isinstance(alone, dict) and alone == items[0]  # one file: an object, as always


def test_parse_yaml_of_several_files_is_a_stream(drafts: Path) -> None:
    text = (drafts / "two.yaml").read_text("utf-8")
    assert text.startswith("schema_version: 1\n") and text.count("\n---\n") == 1
    alone = run("to-yaml", str(SEED), cwd=drafts).stdout
    assert text.startswith(alone)


@pytest.mark.parametrize("name", ["two.json", "two.yaml"])
def test_validate_checks_each_document_on_its_own(drafts: Path, name: str) -> None:
    code, both = report(name, cwd=drafts)
    _, seed = report(str(SEED), cwd=drafts)
    _, bad = report(str(BAD), cwd=drafts)
    assert code == 1  # the bad draft has errors
    assert [path for path, _ in shown(both)] == [f"{name}#1", f"{name}#2"]
    assert [found for _, found in shown(both)] == [
        shown(seed)[0][1],
        shown(bad)[0][1],
    ]
    counts = {k: seed["summary"][k] + bad["summary"][k] for k in ("error", "warning", "info")}
    assert {k: both["summary"][k] for k in counts} == counts


def test_parse_and_to_yaml_read_several_documents_back(drafts: Path) -> None:
    back = run("parse", "-f", "json", "two.yaml", cwd=drafts)
    items = json.loads(back.stdout)
    assert [d["source"]["path"] for d in items] == ["two.yaml#1", "two.yaml#2"]
    original = json.loads((drafts / "two.json").read_text("utf-8"))
    # (the YAML draft's locations are its lines, what the JSON states its source_location)
    assert [stated_data(d | {"source": None}, draft=True) for d in items] == [
        stated_data(d | {"source": None}) for d in original
    ]
    stream = run("to-yaml", "two.json", cwd=drafts)
    assert stream.returncode == 0 and stream.stdout.count("\n---\n") == 1


def test_a_pipe_of_several_documents_needs_no_name(drafts: Path) -> None:
    data = (drafts / "two.json").read_bytes()
    done = piped("validate", "-", "-f", "concise", data=data, cwd=drafts)
    paths = {line.split(":")[0] for line in done.stdout.splitlines()[:-1]}
    assert paths == {"-#1", "-#2"}
    named = piped(
        "validate", "-", "--stdin-filename", "r.yaml", "-f", "json", data=data, cwd=drafts
    )
    assert [f["path"] for f in json.loads(named.stdout)["files"]] == ["r.yaml#1", "r.yaml#2"]


def test_an_unreadable_draft_is_its_own_pg001(drafts: Path) -> None:
    items = json.loads((drafts / "two.json").read_text("utf-8"))
    broken = {**items[1], "schema_version": 7}
    (drafts / "mixed.json").write_text(json.dumps([items[0], broken, 5], ensure_ascii=False))
    code, mixed = report("mixed.json", cwd=drafts)
    assert code == 1
    found = shown(mixed)
    assert [path for path, _ in found] == ["mixed.json#1", "mixed.json#2", "mixed.json#3"]
    assert found[0][1] == shown(report(str(SEED), cwd=drafts)[1])[0][1]
    assert [rule for rule, _ in found[1][1]] == ["PG001"] and "schema_version" in found[1][1][0][1]
    assert [rule for rule, _ in found[2][1]] == ["PG001"] and "顶层不是一个对象" in found[2][1][0][
        1
    ]


def test_a_yaml_error_names_its_line_in_the_stream(drafts: Path) -> None:
    text = (drafts / "two.yaml").read_text("utf-8")
    first, second = text.split("\n---\n")
    (drafts / "bad2.yaml").write_text(
        first + "\n---\n" + second.replace("schema_version: 1", "schema_version: 7", 1), "utf-8"
    )
    line = first.count("\n") + 3  # (first's lines, the ---, the second's first line)
    done = run("validate", "bad2.yaml", "-f", "concise", cwd=drafts)
    (error,) = [ln for ln in done.stdout.splitlines() if "PG001" in ln]
    assert error.startswith(f"bad2.yaml#2:{line}:1: PG001 [error] ")
    assert text.splitlines()[line - 1] == "schema_version: 1"


@pytest.mark.parametrize(("name", "text"), [("e.json", "[]\n"), ("e.yaml", "[]\n")])
def test_an_empty_array_is_pg001(drafts: Path, name: str, text: str) -> None:
    (drafts / name).write_text(text, "utf-8")
    code, empty = report(name, cwd=drafts)
    assert code == 1
    assert [(p, [r for r, _ in f]) for p, f in shown(empty)] == [(name, ["PG001"])]


def test_a_folder_walk_and_workers_read_them_too(drafts: Path, tmp_path: Path) -> None:
    folder = tmp_path / "round"
    folder.mkdir()
    for name in ("two.json", "two.yaml"):
        (folder / name).write_bytes((drafts / name).read_bytes())
    for n in range(3):  # enough files for the workers
        (folder / f"seed{n}.txt").write_bytes(SEED.read_bytes())
    _, serial = report("round", "-j", "1", cwd=tmp_path)
    _, parallel = report("round", "-j", "2", cwd=tmp_path)
    assert [f["path"] for f in serial["files"]] == [
        "round/seed0.txt", "round/seed1.txt", "round/seed2.txt",
        "round/two.json#1", "round/two.json#2", "round/two.yaml#1", "round/two.yaml#2",
    ]  # fmt: skip
    assert parallel == serial


def test_summary_counts_every_document(drafts: Path) -> None:
    done = run("summary", "two.json", "-f", "csv", cwd=drafts)
    alone = run("summary", str(SEED), str(BAD), "-f", "csv", cwd=drafts)
    assert done.returncode == alone.returncode == 1
    assert done.stdout.splitlines()[1:] == alone.stdout.splitlines()[1:]
