"""PG5xx: goals: the 分项绩效目标 of the overview part against the project tables, and the
goal list of each project (docs/domain.md "How reviewers judge a target": 相关性)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from difflib import SequenceMatcher
from typing import Literal

from perfgoal.model import Document, OverviewItem, Project
from perfgoal.options import NoOptions
from perfgoal.rules._indicator import compare_key
from perfgoal.rules.base import Fact, Rule
from perfgoal.values import normalize

# Name normalisation for matching 分项 items to project tables. The seed's items read
# 科学技术普及专项 where the table says 2025科学技术普及, and tables 9-12 read
# 提前下达2025年…专项资金 / 下达2023-2024年…项目经费: years, 下达 and funding words say
# nothing about *which* work is meant, so they are dropped; so are digits and punctuation
# (下达沧州市科技计划项目经费446.6, 南开大学-沧州…).
_YEAR_RE = re.compile(r"(?:19|20)[0-9]{2}(?:[-—–~至到](?:19|20)[0-9]{2})?年?度?")
_NOISE_RE = re.compile(r"[\s0-9.\-—–~·、,，。:：;；!！?？()（）\[\]【】“”\"'‘’《》<>]")
_LEADING_RE = re.compile(r"^(?:提前下达|下达)")
_TRAILING_RE = re.compile(r"(?:绩效目标表|专项资金|专项|项目经费|项目|经费|资金)$")

MATCH_THRESHOLD = 0.4
"""Lowest similarity at which an item and a project are paired.

Measured on the seed (samples/cangzhou-2025.txt) with :func:`similarity`: the eight true
pairs score 0.52 (南开大学绿色研究院研发及运营 / 南开大学-沧州渤海新区绿色化工研究院), 0.81
(航天沧州…) and 1.0 for the rest; the best wrong pair scores 0.31 (支持科技创新扶持政策 /
支持市县科技创新和科学普及). 0.4 sits in the middle of that gap. Plain
``SequenceMatcher.ratio`` left almost no gap (0.58 true vs 0.52 wrong), because 科技/创新/
研究院 appear in nearly every name of a 科技 department's document."""


def name_key(name: str | None) -> str:
    """A name as compared: ``提前下达2025年技术创新引导专项资金`` -> ``技术创新引导``."""
    if not name:
        return ""
    key = _NOISE_RE.sub("", _YEAR_RE.sub("", normalize(name)))
    key = _LEADING_RE.sub("", key)
    while (shorter := _TRAILING_RE.sub("", key)) != key and shorter:
        key = shorter
    return key


def char_weights(keys: Sequence[str]) -> dict[str, float]:
    """A character shared by k names weighs 1/k: distinctive characters count most."""
    counts = Counter(c for key in keys for c in set(key))
    return {c: 1 / n for c, n in counts.items()}


def similarity_bound(
    a: Counter[str], b: Counter[str], weights: dict[str, float], total: float
) -> float:
    """An upper bound of :func:`similarity` from shared characters alone (cheap):
    pairs below the threshold by this bound need no ``SequenceMatcher``. ``a``/``b`` are the
    two names' character counts, ``total`` the weight of both names' characters."""
    shared = sum(weights.get(c, 1.0) * min(n, b[c]) for c, n in a.items() if c in b)
    return 2 * shared / total if total else 0.0


def similarity(a: str, b: str, weights: dict[str, float]) -> float:
    """``SequenceMatcher`` ratio with each matched character weighted (0 … 1)."""
    if not a or not b:
        return 0.0
    blocks = SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    matched = sum(
        weights.get(c, 1.0) for block in blocks for c in a[block.a : block.a + block.size]
    )
    total = sum(weights.get(c, 1.0) for c in a + b)
    return 2 * matched / total if total else 0.0


def _project_name(project: Project) -> str | None:
    return project.name or project.title


def match_overview(
    items: Sequence[OverviewItem], projects: Sequence[Project]
) -> list[tuple[OverviewItem, Project]]:
    """Pair items and projects one to one, the most similar pairs first (greedy)."""
    item_keys = [name_key(item.name) for item in items]
    project_keys = [name_key(_project_name(project)) for project in projects]
    weights = char_weights([*item_keys, *project_keys])
    counts = {key: Counter(key) for key in [*item_keys, *project_keys]}
    mass = {key: sum(weights.get(c, 1.0) for c in key) for key in counts}
    scored = sorted(
        (-similarity(ik, pk, weights), i, j)
        for i, ik in enumerate(item_keys)
        for j, pk in enumerate(project_keys)
        if ik
        and pk
        and similarity_bound(counts[ik], counts[pk], weights, mass[ik] + mass[pk])
        >= MATCH_THRESHOLD
    )
    used_items: set[int] = set()
    used_projects: set[int] = set()
    pairs: list[tuple[OverviewItem, Project]] = []
    for negative, i, j in scored:
        if -negative < MATCH_THRESHOLD:
            break
        if i in used_items or j in used_projects:
            continue
        used_items.add(i)
        used_projects.add(j)
        pairs.append((items[i], projects[j]))
    return pairs


class OverviewUnmatched(Rule):
    """第一部分“分项绩效目标”中的某一项找不到对应的项目表，或某张项目表在分项目标中没有
    对应项。按名称相似度一对一配对（忽略年份、“下达”“专项资金”“项目”等字样），先配最相似的；
    文档没有分项目标时不检查。

    为什么：财预〔2015〕88号要求部门整体目标与项目目标相互衔接（相关性）：分项目标应落到
    具体项目，项目也应服务于某个分项目标。名称相近即可，不要求一字不差。
    """

    code = "PG501"
    name = "overview-unmatched"
    severity = "info"
    summary = {
        "zh": "分项目标与项目表对不上",
        "en": "an overview item and the project tables disagree",
    }
    messages = {
        "item": {
            "zh": "分项绩效目标“{name}”没有对应的项目表",
            "en": "overview item “{name}” has no matching project table",
        },
        "project": {
            "zh": "项目“{name}”在分项绩效目标中没有对应项",
            "en": "project “{name}” has no matching overview item",
        },
    }
    doc_en = """
    An item of the overview's “分项绩效目标” with no matching project table, or a project table
    with no matching item. Items and tables are paired one to one by name similarity
    (ignoring years, “下达”, “专项资金”, “项目” and the like), the most similar pairs first; nothing
    is checked when the document has no overview items.

    Why: “财预〔2015〕88号” asks the department's goals and the project goals to fit together
    (relevance): each sub-goal should land in projects and each project serve a sub-goal.
    Similar names suffice; they need not be identical.
    """

    def check(
        self, document: Document, options: NoOptions
    ) -> Iterator[Fact[Literal["item", "project"]]]:
        if document.overview is None or not document.overview.items:
            return
        items = document.overview.items
        projects = [p for p in document.projects if p.kind == "project"]
        pairs = match_overview(items, projects)
        matched_items = {id(item) for item, _ in pairs}
        matched_projects = {id(project) for _, project in pairs}
        for item in items:
            if id(item) not in matched_items:
                yield Fact(
                    params={"name": item.name},
                    variant="item",
                    actual=item.name,
                    context=f"分项绩效目标 | {item.seq}. {item.name}",
                )
        for project in projects:
            if id(project) not in matched_projects:
                name = _project_name(project) or f"#{project.seq}"
                yield Fact(
                    params={"name": name},
                    project=project,
                    variant="project",
                    actual=name,
                    context=f"项目名称 | {name}",
                )


class DuplicateGoal(Rule):
    """同一项目的绩效目标中，同一条目标出现了两次（忽略空格和句末“。”）；在重复的那条上报告。

    为什么：财预〔2015〕88号要求绩效目标清晰、具体；重复的目标多是复制粘贴留下的，
    也说明该写的其他目标可能漏掉了。
    """

    code = "PG502"
    name = "duplicate-goal"
    severity = "warning"
    summary = {"zh": "绩效目标重复", "en": "the same goal twice in one project"}
    messages = {
        "default": {
            "zh": "第 {index} 条绩效目标与第 {first} 条相同：“{goal}”",
            "en": "goal {index} repeats goal {first}: “{goal}”",
        }
    }
    doc_en = """
    The same goal text twice in one project's goals (ignoring spaces and a final “。”); the
    repeat is reported.

    Why: “财预〔2015〕88号” asks for clear, specific goals; a repeated goal is a copy-paste
    left-over, and often a sign that another goal is missing.
    """

    def check(self, document: Document, options: NoOptions) -> Iterator[Fact]:
        for project in document.projects:
            first: dict[str, int] = {}
            for index, goal in enumerate(project.goals, start=1):
                key = compare_key(goal)
                if not key:
                    continue
                earlier = first.setdefault(key, index)
                if earlier != index:
                    text = goal.strip()
                    yield Fact(
                        params={"goal": text, "index": index, "first": earlier},
                        project=project,
                        actual=text,
                        context=f"绩效目标 | {text}",
                    )
