"""``perfgoal diff``: pairs of drafts made by editing the real sample, each asserting the
exact changes reported (projects by 项目编码 or name, budget, plan, indicators, findings)."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from perfgoal.cli import app
from perfgoal.load import load_document
from perfgoal.model import BudgetPart
from perfgoal.schemas import schemas
from perfgoal.serialize import to_yaml

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SEED = SAMPLES / "cangzhou-2025.txt"
TEXT = SEED.read_text(encoding="utf-8")
MARK = "[bookmark: _Toc_4_4_"
runner = CliRunner()


def _edit_project(text: str, seq: int, edit: Callable[[str], str]) -> str:
    """Apply ``edit`` to the lines of project table ``seq`` (from its heading to the next)."""
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith(MARK)]
    start, end = starts[seq - 1], starts[seq] if seq < len(starts) else len(lines)
    block = "\n".join(lines[start:end])
    edited = edit(block)
    assert edited != block, "the edit changed nothing"
    return "\n".join([*lines[:start], *edited.split("\n"), *lines[end:]])


def _drop_row(block: str, cell: str) -> str:
    """Remove the one indicator row (cells separated by a blank line) holding ``cell``."""
    rows = block.split("\n\n")
    [row] = [r for r in rows if f"\t{cell}\n" in r]
    rows.remove(row)
    return "\n\n".join(rows)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def diff(old: Path, new: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, ["diff", str(old), str(new), "--format", "json", *args])
    assert "Traceback" not in result.output
    data = json.loads(result.stdout)
    jsonschema.Draft202012Validator(schemas()["diff.schema.json"]).validate(data)
    return result.exit_code, data


def changed(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for p in data["projects"] if p["status"] != "unchanged"]


def fields(project: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    return [(c["field"], c["old"], c["new"]) for c in project["changes"]]


def rules(refs: list[dict[str, Any]]) -> list[str]:
    return [f["rule"] for f in refs]


@pytest.mark.parametrize(
    "other",
    [SAMPLES / "cangzhou-2025.docx", SEED],
    ids=["txt-vs-docx", "same-file"],
)
def test_same_document_in_two_formats_has_no_difference(other: Path) -> None:
    code, data = diff(SEED, other)
    assert code == 0
    assert data["identical"] is True
    assert data["summary"]["unchanged"] == 12 and not changed(data)


PAIRS = sorted(p for p in SAMPLES.rglob("*.txt") if p.with_suffix(".docx").exists() and p != SEED)


@pytest.mark.parametrize("text", PAIRS, ids=lambda p: p.stem)
def test_every_sample_in_its_two_formats_has_no_difference(text: Path) -> None:
    code, data = diff(text, text.with_suffix(".docx"))
    assert (code, data["identical"]) == (0, True)
    assert data["projects"] and not changed(data)


def test_yaml_draft_of_the_same_document_has_no_difference(tmp_path: Path) -> None:
    draft = _write(tmp_path, "draft.yaml", to_yaml(load_document(SEED)))
    code, data = diff(SAMPLES / "cangzhou-2025.docx", draft)
    assert (code, data["identical"]) == (0, True)


def test_changed_budget(tmp_path: Path) -> None:
    old = "\t预算数\n\t4.00\n\t其中：财政    资金\n\t4.00"
    new = "\t预算数\n\t5.00\n\t其中：财政    资金\n\t5.00"
    edited = _write(tmp_path, "b.txt", _edit_project(TEXT, 1, lambda b: b.replace(old, new, 1)))
    code, data = diff(SEED, edited)
    assert code == 1 and data["identical"] is False
    [project] = changed(data)
    assert project["new"]["seq"] == 1 and project["matched_by"] == "code"
    assert fields(project) == [
        ("budget.total", "4.00", "5.00"),
        ("budget.fiscal", "4.00", "5.00"),
    ]
    assert project["indicators"] == []
    # the plan still ends at 4.00: now below the budget; no longer "amounts under a % header"
    assert rules(project["findings_appeared"]) == ["PG203"]
    assert rules(project["findings_gone"]) == ["PG206"]
    assert data["summary"] == {
        "added": 0,
        "removed": 0,
        "changed": 1,
        "unchanged": 11,
        "findings_appeared": 1,
        "findings_gone": 1,
    }


def test_removed_indicator(tmp_path: Path) -> None:
    edited = _write(tmp_path, "r.txt", _edit_project(TEXT, 2, lambda b: _drop_row(b, "质量指标")))
    code, data = diff(SEED, edited)
    assert code == 1
    [project] = changed(data)
    assert project["new"]["seq"] == 2 and project["changes"] == []
    assert project["indicators"] == [
        {
            "kind": "removed",
            "old": {"level1": "产出指标", "level2": "质量指标", "name": "参与企业数量"},
            "new": None,
            "match": None,
            "score": None,
            "changes": [],
        }
    ]
    assert rules(project["findings_appeared"]) == ["PG103"]  # 产出 now lacks 质量指标
    assert rules(project["findings_gone"]) == ["PG306"]  # the removed row's basis


def test_renamed_project_matched_by_code(tmp_path: Path) -> None:
    old, new = "\t2025智慧园区与循环经济建设\n", "\t2025智慧园区与循环经济建设（调整）\n"
    edited = _write(tmp_path, "n.txt", _edit_project(TEXT, 3, lambda b: b.replace(old, new, 1)))
    code, data = diff(SEED, edited)
    assert code == 1
    [project] = changed(data)
    assert (project["matched_by"], project["score"]) == ("code", None)
    assert fields(project) == [
        ("name", "2025智慧园区与循环经济建设", "2025智慧园区与循环经济建设（调整）")
    ]
    assert project["findings_appeared"] == project["findings_gone"] == []


def test_renamed_project_with_a_new_code_matched_by_name(tmp_path: Path) -> None:
    def edit(block: str) -> str:
        block = block.replace("13091625P000028100012", "13091625P000028100099")
        return block.replace("\t2025综合事务管理\n", "\t2025年综合事务管理\n")

    edited = _write(tmp_path, "c.txt", _edit_project(TEXT, 4, edit))
    code, data = diff(SEED, edited)
    assert code == 1
    [project] = changed(data)
    assert project["matched_by"] == "name"
    assert project["score"] == pytest.approx(95.2)  # rapidfuzz ratio of the two names
    assert fields(project) == [
        ("code", "13091625P000028100012", "13091625P000028100099"),
        ("name", "2025综合事务管理", "2025年综合事务管理"),
    ]
    text = runner.invoke(app, ["diff", str(SEED), str(edited)]).stdout
    assert "按名称匹配，相似度 95.2%" in text


def test_reordered_tables_and_rows_have_no_difference(tmp_path: Path) -> None:
    lines = TEXT.split("\n")
    starts = [i for i, line in enumerate(lines) if line.startswith(MARK)]
    one, two, three = starts[0], starts[1], starts[2]
    swapped = [*lines[:one], *lines[two:three], *lines[one:two], *lines[three:]]
    text = "\n".join(swapped)

    def swap_rows(block: str) -> str:  # 时效指标 before 质量指标 (both under 产出指标)
        rows = block.split("\n\n")
        quality = next(i for i, r in enumerate(rows) if "\t质量指标\n" in r)
        timely = next(i for i, r in enumerate(rows) if "\t时效指标\n" in r)
        rows[quality], rows[timely] = rows[timely], rows[quality]
        return "\n\n".join(rows)

    edited = _write(tmp_path, "o.txt", _edit_project(text, 3, swap_rows))
    code, data = diff(SEED, edited)
    assert (code, data["identical"]) == (0, True)
    assert [p["new"]["seq"] for p in data["projects"][:3]] == [2, 1, 3]


def test_removed_and_added_projects(tmp_path: Path) -> None:
    lines = TEXT.split("\n")
    last = max(i for i, line in enumerate(lines) if line.startswith(MARK))
    edited = _write(tmp_path, "x.txt", "\n".join(lines[:last]))
    code, data = diff(SEED, edited)
    assert code == 1
    [removed] = changed(data)
    assert removed["status"] == "removed" and removed["old"]["seq"] == 12
    assert removed["new"] is None
    assert "PG502" in rules(removed["findings_gone"])  # its duplicated goal went with it
    code, back = diff(edited, SEED)
    [added] = changed(back)
    assert (added["status"], added["new"]["seq"]) == ("added", 12)


def test_indicator_renamed_and_value_changed(tmp_path: Path) -> None:
    def edit(block: str) -> str:
        return block.replace(
            "\t开展活动次数\n\t开展活动次数\n\t≥2次\n",
            "\t开展活动场次\n\t开展活动次数\n\t≥3次\n",
            1,
        )

    edited = _write(tmp_path, "i.txt", _edit_project(TEXT, 1, edit))
    _, data = diff(SEED, edited)
    [project] = changed(data)
    [indicator] = project["indicators"]
    assert indicator["kind"] == "changed" and indicator["match"] == "fuzzy"
    assert indicator["score"] == pytest.approx(83.3)
    assert [(c["field"], c["old"], c["new"]) for c in indicator["changes"]] == [
        ("indicator.name", "开展活动次数", "开展活动场次"),
        ("value", "≥2次", "≥3次"),
    ]


def test_same_value_written_otherwise_is_no_change(tmp_path: Path) -> None:
    edited = _write(
        tmp_path, "v.txt", _edit_project(TEXT, 1, lambda b: b.replace("\t100百分比\n", "\t100%\n"))
    )
    code, data = diff(SEED, edited)
    assert (code, data["identical"]) == (0, True)


def test_parts_plan_goals_meta_and_long_term_goals(tmp_path: Path) -> None:
    """Fields another reader may fill (budget parts, meta, long-term goals), through YAML."""
    document = load_document(SEED)
    old = _write(tmp_path, "old.yaml", to_yaml(document))
    project = document.projects[0]
    project.budget.parts = [
        BudgetPart(label="其中：当年财政拨款", amount=Decimal("3.00"), of="fiscal")
    ]
    assert project.spend_plan is not None
    project.spend_plan.checkpoints[1].amount = Decimal("2.50")
    project.goals = [project.goals[0].replace("进一步壮大", "显著壮大")]
    project.long_term_goals = ["三年内建成完善的创新体系"]
    project.meta = {"项目性质": "经常性项目"}
    document.meta = {"填报日期": "2025-01-06"}
    new = _write(tmp_path, "new.yaml", to_yaml(document))
    code, data = diff(old, new)
    assert code == 1
    assert [(c["field"], c["old"], c["new"]) for c in data["changes"]] == [
        ("meta[填报日期]", None, "2025-01-06")
    ]
    [changed_project] = changed(data)
    goal = document.projects[0].goals[0]
    assert fields(changed_project) == [
        ("budget.parts[其中：当年财政拨款]", None, "3.00"),
        ("spend_plan[6月底]", "2.00", "2.50"),
        ("goals", goal.replace("显著壮大", "进一步壮大"), goal),
        ("long_term_goals", None, "三年内建成完善的创新体系"),
        ("meta[项目性质]", None, "经常性项目"),
    ]


def test_markdown_and_rich(tmp_path: Path) -> None:
    edited = _write(
        tmp_path, "m.txt", _edit_project(TEXT, 1, lambda b: b.replace("\t≥2次\n", "\t≥4次\n", 1))
    )
    markdown = runner.invoke(app, ["diff", str(SEED), str(edited), "-f", "markdown"])
    assert markdown.exit_code == 1
    assert (
        "```diff\n~ 指标 产出指标 / 数量指标 / 开展活动次数\n  - 指标值: ≥2次\n  + 指标值: ≥4次\n"
        in (markdown.stdout)
    )
    assert "11 个项目无变化" in markdown.stdout
    rich = runner.invoke(app, ["diff", str(SEED), str(edited), "--lang", "en"])
    assert rich.exit_code == 1
    assert "- target value: ≥2次" in rich.stdout and "+ target value: ≥4次" in rich.stdout
    assert "11 project(s) unchanged" in rich.stdout


def test_trouble_exits_2(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["diff", str(SEED), str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2
    broken = _write(tmp_path, "broken.docx", "PK\x03\x04 not a zip")
    unreadable = runner.invoke(app, ["diff", str(SEED), str(broken)])
    assert unreadable.exit_code == 2
    assert "broken.docx" in unreadable.stderr and "Traceback" not in unreadable.output


def test_a_parser_failure_is_one_line_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import perfgoal.load

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated parser bug")

    monkeypatch.setattr(perfgoal.load, "load_document", broken)
    result = runner.invoke(app, ["diff", str(SEED), str(SEED)])
    assert result.exit_code == 3
    assert "simulated parser bug" in result.stderr and "cangzhou-2025.txt" in result.stderr
    assert "Traceback" not in result.output


def test_every_pair_of_samples_compares_without_error() -> None:
    """Any two of the samples (361 pairs, every layout against every other): no error, and
    identical exactly when they are the same document (in either format)."""
    from itertools import product

    from perfgoal.config import Config
    from perfgoal.diff.compare import compare_documents
    from perfgoal.diff.render import render_markdown, render_text
    from perfgoal.diff.run import load_side

    files = sorted(p for p in SAMPLES.rglob("*") if p.suffix in (".txt", ".docx"))
    sides = {p: load_side(p, Config(), "zh") for p in files}
    for old, new in product(files, files):
        result = compare_documents(sides[old], sides[new])
        assert render_text(result, "en") and render_markdown(result, "zh")
        assert result.identical == (old.with_suffix("") == new.with_suffix("")), (old, new)
