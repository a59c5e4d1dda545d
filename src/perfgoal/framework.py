"""Shared knowledge of the indicator framework (docs/domain.md "The indicator framework").

Names are compared after normalising and dropping a trailing 指标, as reviewers do;
known variants (效果 for 效益, 进度 for 时效, 环境效益 for 生态效益, 社会公众或服务对象满意度
for 服务对象满意度) are folded onto the framework's names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Literal

from perfgoal.model import Document, Indicator, Project
from perfgoal.options import FrameworkOptions, YearOptions
from perfgoal.values import normalize

Framework = Literal["legacy", "2021"]

_SYNONYMS = {
    "效果": "效益",
    "进度": "时效",
    "环境效益": "生态效益",
    "社会公众或服务对象满意度": "服务对象满意度",
    "社会公众满意度": "服务对象满意度",
    "满意度": "服务对象满意度",
}

LEGACY: dict[str, set[str]] = {
    "产出": {"数量", "质量", "时效", "成本"},
    "效益": {"经济效益", "社会效益", "生态效益", "可持续影响", "服务对象满意度"},
    "满意度": {"服务对象满意度"},
}
FRAMEWORK_2021: dict[str, set[str]] = {
    "产出": {"数量", "质量", "时效"},
    "成本": {"经济成本", "社会成本", "生态环境成本"},
    "效益": {"经济效益", "社会效益", "生态效益", "可持续影响", "服务对象满意度"},
    "满意度": {"服务对象满意度"},
}
COST_LEVEL2 = {"经济成本", "社会成本", "生态环境成本"}
LEVEL2_ORDER = (
    "数量",
    "质量",
    "时效",
    "成本",
    "经济成本",
    "社会成本",
    "生态环境成本",
    "经济效益",
    "社会效益",
    "生态效益",
    "可持续影响",
    "服务对象满意度",
)
"""Every 二级 name of both frameworks, in the order the forms list them (messages, reports)."""
REQUIRED_LEVEL2: dict[str, tuple[str, ...]] = {
    "产出": ("数量", "质量", "时效"),
    "满意度": ("服务对象满意度",),
}
"""The 二级 indicators a 一级 block must hold, in both frameworks (PG103)."""


# A score written into a tier name: 产出指标（50分）, 成本指标(0-20)分, 效益指标30分.
_SCORE = re.compile(r"[(\[]?\d+(?:\.\d+)?(?:[-~]\d+(?:\.\d+)?)?分?[)\]]?分?$")


@lru_cache(maxsize=4096)
def level_key(name: str | None) -> str:
    """``产出指标`` -> ``产出``; ``效果指标`` -> ``效益``; ``满意度指标`` (一级) -> ``满意度``;
    a score written after the name (``产出指标（50分）``, ``成本指标(0-20)分``) is dropped."""
    if not name:
        return ""
    key = normalize(name).replace(" ", "")
    if key[-1:] in ")]分":
        key = _SCORE.sub("", key) or key
    if key.endswith("指标"):
        key = key[:-2]
    return _SYNONYMS.get(key, key) if key != "满意度" else key


def level2_key(name: str | None) -> str:
    """Like :func:`level_key`, but a bare ``满意度`` 二级 is the 服务对象满意度 indicator."""
    key = level_key(name)
    return _SYNONYMS.get(key, key)


def tier_label(key: str) -> str:
    """``产出`` -> ``产出指标``: a folded tier name as it reads in a table."""
    return f"{key}指标"


def framework_of(project: Project, options: FrameworkOptions) -> Framework:
    """2021 when 成本指标 stands in the 一级 column or a cost 二级 name appears (docs/domain.md)."""
    if options.framework != "auto":
        return options.framework
    for indicator in project.indicators:
        if level_key(indicator.level1) == "成本" or level2_key(indicator.level2) in COST_LEVEL2:
            return "2021"
    return "legacy"


def table_for(framework: Framework) -> dict[str, set[str]]:
    return FRAMEWORK_2021 if framework == "2021" else LEGACY


def is_satisfaction(indicator: Indicator) -> bool:
    return (
        level_key(indicator.level1) == "满意度" or level2_key(indicator.level2) == "服务对象满意度"
    )


def is_cost(indicator: Indicator) -> bool:
    return level_key(indicator.level1) == "成本" or level2_key(indicator.level2) in (
        COST_LEVEL2 | {"成本"}
    )


def row_text(indicator: Indicator) -> str:
    """The indicator row as it reads in the document, cells joined by `` | ``
    (the 计算符号/度量单位 columns only where the table has them)."""
    cells: list[str | None] = [
        indicator.level1,
        indicator.level2,
        indicator.name,
        indicator.description,
    ]
    if indicator.operator_text is not None:
        cells.append(indicator.operator_text)
    cells.append((indicator.value.raw or "").strip())
    if indicator.unit_text is not None:
        cells.append(indicator.unit_text)
    cells.append(indicator.basis)
    return " | ".join(c or "" for c in cells)


def indicators(document: Document) -> Iterator[tuple[Project, Indicator]]:
    for project in document.projects:
        for indicator in project.indicators:
            yield project, indicator


def budget_year(document: Document, options: YearOptions) -> int | None:
    return options.year if options.year is not None else document.year
