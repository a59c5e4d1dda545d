"""PG5xx: overview items against project tables, and duplicate goals."""

from __future__ import annotations

from difflib import SequenceMatcher

import pytest

from builders import check, document, overview, project
from perfgoal.model import Document, Overview
from perfgoal.rules import overview as overview_rules
from perfgoal.rules.overview import MATCH_THRESHOLD, match_overview, name_key, similarity

CODES = ["PG501", "PG502"]
RULES = [overview_rules.OverviewUnmatched, overview_rules.DuplicateGoal]

# samples/cangzhou-2025.txt: the eight 分项绩效目标 items, in their order ...
SEED_ITEMS = [
    "科学技术普及专项",
    "科技创新环境建设专项",
    "智慧园区与循环经济建设专项",
    "综合事务管理",
    "支持科技创新扶持政策项目",
    "智慧平台一体化项目",
    "南开大学绿色研究院研发及运营项目",
    "航天沧州能源环保创新研究院研发及运营项目",
]
# ... and the twelve project tables, in table order (seq = position + 1).
SEED_PROJECTS = [
    "2025科技创新环境建设",
    "2025科学技术普及",
    "2025智慧园区与循环经济建设",
    "2025综合事务管理",
    "2025航天沧州能源环保创新研究院项目",
    "2025南开大学-沧州渤海新区绿色化工研究院项目",
    "2025支持科技创新扶持政策项目",
    "2025智慧平台一体化项目",
    "提前下达2025年技术创新引导专项资金",
    "提前下达2025年支持市县科技创新和科学普及专项资金",
    "下达2023-2024年沧州市重大科技专项（第一批）项目经费",
    "下达沧州市科技计划项目经费446.6",
]
# item index -> project seq, as a reader pairs them
SEED_PAIRS = {0: 2, 1: 1, 2: 3, 3: 4, 4: 7, 5: 8, 6: 6, 7: 5}


def seed_document(items: list[str] = SEED_ITEMS, seqs: list[int] | None = None) -> Document:
    chosen = seqs if seqs is not None else list(range(1, len(SEED_PROJECTS) + 1))
    projects = [project(seq, name=SEED_PROJECTS[seq - 1], code=None) for seq in chosen]
    return document(*projects, overview=overview(*items))


# --- name matching --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("科学技术普及专项", "科学技术普及"),
        ("2025科学技术普及", "科学技术普及"),
        ("提前下达2025年技术创新引导专项资金", "技术创新引导"),
        ("下达2023-2024年沧州市重大科技专项（第一批）项目经费", "沧州市重大科技专项第一批"),
        ("下达沧州市科技计划项目经费446.6", "沧州市科技计划"),
        ("2025年度 综合事务管理 经费", "综合事务管理"),
        ("项目", "项目"),
        (None, ""),
    ],
)
def test_name_key(name: str | None, key: str) -> None:
    assert name_key(name) == key


def test_seed_items_pair_with_tables_1_to_8() -> None:
    doc = seed_document()
    assert doc.overview is not None
    pairs = match_overview(doc.overview.items, doc.projects)
    assert {item.seq - 1: p.seq for item, p in pairs} == SEED_PAIRS


def test_weighted_similarity_separates_the_seed_better_than_plain_ratio() -> None:
    """Why the threshold is what it is (see MATCH_THRESHOLD): true pairs stay well above it,
    every wrong pair well below; plain SequenceMatcher.ratio leaves almost no gap."""
    item_keys = [name_key(n) for n in SEED_ITEMS]
    project_keys = [name_key(n) for n in SEED_PROJECTS]
    weights = overview_rules.char_weights([*item_keys, *project_keys])
    true: list[float] = []
    wrong: list[float] = []
    true_plain: list[float] = []
    wrong_plain: list[float] = []
    for i, ik in enumerate(item_keys):
        for j, pk in enumerate(project_keys):
            is_pair = SEED_PAIRS[i] == j + 1
            (true if is_pair else wrong).append(similarity(ik, pk, weights))
            (true_plain if is_pair else wrong_plain).append(SequenceMatcher(None, ik, pk).ratio())
    assert min(true) - MATCH_THRESHOLD >= 0.1 and MATCH_THRESHOLD - max(wrong) >= 0.08
    assert min(true) - max(wrong) > 2 * (min(true_plain) - max(wrong_plain))


# --- PG501 overview-unmatched ---------------------------------------------------------------


def test_seed_tables_9_to_12_are_unmatched() -> None:
    findings = check("PG501", seed_document())
    assert [f.project.seq for f in findings if f.project] == [9, 10, 11, 12]
    assert len(findings) == 4
    f = findings[-1]
    assert f.severity == "info"
    assert f.actual == "下达沧州市科技计划项目经费446.6"
    assert f.message == "project “下达沧州市科技计划项目经费446.6” has no matching overview item"
    assert f.context == "项目名称 | 下达沧州市科技计划项目经费446.6"


@pytest.mark.parametrize("missing", range(1, 9))
def test_item_without_its_table_is_unmatched(missing: int) -> None:
    """Leave each of tables 1-8 out: its item must not grab one of tables 9-12."""
    seqs = [s for s in range(1, 13) if s != missing]
    findings = check("PG501", seed_document(seqs=seqs))
    item = next(i for i, seq in SEED_PAIRS.items() if seq == missing)
    unmatched_items = [f.actual for f in findings if f.project is None]
    assert unmatched_items == [SEED_ITEMS[item]]
    assert [f.project.seq for f in findings if f.project] == [9, 10, 11, 12]
    assert f"overview item “{SEED_ITEMS[item]}” has no matching project table" in [
        f.message for f in findings
    ]


@pytest.mark.parametrize("missing", range(8))
def test_table_without_its_item_is_unmatched(missing: int) -> None:
    items = [n for i, n in enumerate(SEED_ITEMS) if i != missing]
    findings = check("PG501", seed_document(items=items))
    assert all(f.project is not None for f in findings)
    assert [f.project.seq for f in findings if f.project] == sorted(
        [SEED_PAIRS[missing], 9, 10, 11, 12]
    )


def test_overview_unmatched_quiet() -> None:
    assert check("PG501", seed_document(seqs=list(range(1, 9)))) == []
    no_items = document(project(), overview=Overview(overall_goal="发挥政府职能作用。"))
    assert check("PG501", no_items) == []
    assert check("PG501", seed_document(items=[], seqs=[9])) == []


def test_department_table_is_not_a_project_to_match() -> None:
    department = project(2, name="青县教育局部门整体支出", code=None, kind="department")
    doc = document(
        project(1, name="2025科学技术普及"), department, overview=overview("科学技术普及专项")
    )
    assert check("PG501", doc) == []


# --- PG502 duplicate-goal -------------------------------------------------------------------


def test_duplicate_goal_on_seed_table_12() -> None:
    goal = "完成下达沧州市科技计划项目经费拨付工作"
    findings = check("PG502", document(project(12, goals=[goal, goal])))
    assert len(findings) == 1
    f = findings[0]
    assert f.severity == "warning" and f.actual == goal
    assert f.message == f"goal 2 repeats goal 1: “{goal}”"
    assert f.project is not None and f.project.seq == 12


def test_duplicate_goal_ignores_spaces_and_final_full_stop() -> None:
    goals = ["促进创新体系建设。", "提升科学素质", "促进创新 体系建设"]
    findings = check("PG502", document(project(goals=goals)))
    assert len(findings) == 1 and "goal 3 repeats goal 1" in findings[0].message


@pytest.mark.parametrize("goals", [["促进创新体系建设", "提升科学素质"], ["", " "], []])
def test_duplicate_goal_quiet(goals: list[str]) -> None:
    assert check("PG502", document(project(goals=goals))) == []


def test_duplicate_goal_is_per_project() -> None:
    goal = "促进创新体系建设"
    doc = document(project(1, goals=[goal]), project(2, goals=[goal], code="13091625P00024210001X"))
    assert check("PG502", doc) == []
