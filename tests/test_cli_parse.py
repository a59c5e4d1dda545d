"""``perfgoal parse``, ``to-yaml``, ``schema`` and ``--version`` through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from builders import stated
from perfgoal.cli import app
from perfgoal.load import load_document
from perfgoal.schemas import schema_text, schemas

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "cangzhou-2025.txt"
CONTRACTS = Path(__file__).resolve().parent / "data" / "contracts"
ALL_SAMPLES = sorted(p for p in SAMPLES.rglob("*") if p.suffix in (".txt", ".docx"))

runner = CliRunner()


def _contract(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((CONTRACTS / name).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", ALL_SAMPLES, ids=lambda p: p.name)
def test_parse_json_meets_the_document_contract(path: Path) -> None:
    result = runner.invoke(app, ["parse", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    _contract("document.contract.json").validate(data)
    # and the schema we publish
    jsonschema.Draft202012Validator(schemas()["document.schema.json"]).validate(data)


def test_parse_several_files_gives_an_array() -> None:
    result = runner.invoke(
        app, ["parse", str(SEED), str(SAMPLES / "cangzhou-2025.docx"), "--format", "json"]
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [d["source"]["format"] for d in data] == ["txt", "docx"]
    assert len(data[0]["projects"]) == 12
    assert data[0]["projects"][4]["spend_plan"]["checkpoints"][0]["amount"] is None


def test_parse_table_shows_projects() -> None:
    result = runner.invoke(app, ["parse", str(SEED)], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "13091625P00024010001J" in result.stdout
    assert "2025科技创新环境建设" in result.stdout


@pytest.mark.parametrize("path", ALL_SAMPLES, ids=lambda p: p.name)
def test_yaml_round_trip_is_the_identity(path: Path, tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    result = runner.invoke(app, ["to-yaml", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "\\u" not in text  # Chinese written as is
    original = load_document(path)
    again = load_document(out)
    assert again.source.format == "yaml"
    assert stated(again, draft=True) == stated(original)
    json_out = tmp_path / "draft.json"
    json_out.write_text(runner.invoke(app, ["parse", str(path), "-f", "json"]).stdout, "utf-8")
    assert stated(load_document(json_out), draft=True) == stated(original)


def test_yaml_error_names_the_line(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    runner.invoke(app, ["to-yaml", str(SEED), "-o", str(out)])
    lines = out.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("year:"))
    lines[index] = "year: 今年"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["parse", str(out)])
    assert result.exit_code == 1
    assert f"第 {index + 1} 行" in result.stderr
    assert "year" in result.stderr
    assert "Traceback" not in result.output


def test_checked_in_schemas_are_current() -> None:
    for name, schema in schemas().items():
        assert (ROOT / "schemas" / name).read_text(encoding="utf-8") == schema_text(schema), (
            f"schemas/{name} is stale: run `perfgoal schema`"
        )


def test_schema_command_writes_files(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema", "-o", str(tmp_path)])
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "diff.schema.json",
        "document.schema.json",
        "findings.schema.json",
    ]


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("perfgoal ")


def test_missing_file_is_a_usage_error() -> None:
    result = runner.invoke(app, ["parse", "no/such/file.docx"])
    assert result.exit_code == 2
    assert "no/such/file.docx" in result.stderr


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("empty.docx", b"", "文件为空"),
        ("truncated.docx", (SAMPLES / "cangzhou-2025.docx").read_bytes()[:3000], "docx"),
        ("picture.docx", b"\x89PNG\r\n\x1a\n" + bytes(200), ""),
    ],
)
def test_unreadable_file_is_one_line_exit_1(
    tmp_path: Path, name: str, data: bytes, says: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = runner.invoke(app, ["parse", str(path), str(SEED), "-f", "json"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and name in errors[0] and says in errors[0]
    assert json.loads(result.stdout)["source"]["path"].endswith("cangzhou-2025.txt")


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys\n"
        "from perfgoal.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('docx', 'lxml', 'ruamel', 'ruamel.yaml', 'charset_normalizer')"
        " if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "HEAVY []" in out
