"""Header labels and their synonyms (SPEC.md: the parser is driven by labels, not positions).

Labels are compared by :func:`key`: normalised, without whitespace, without a trailing
colon, a ``其中:`` prefix, a trailing parenthesis (``资金支出计划(%)``) or a trailing ``指标``
on indicator headers.
"""

from __future__ import annotations

import re
from functools import lru_cache

from perfgoal.values import label_key

_PAREN_TAIL = re.compile(r"[(（\[【]([^()（）]*)[)）\]】]$")

# Project/department fields: label key -> field name.
FIELD_LABELS: dict[str, str] = {
    "项目编码": "code",
    "项目代码": "code",
    "项目编号": "code",
    "项目名称": "name",
    "项目支出名称": "name",
    "预算项目名称": "name",
    "预算数": "total",
    "年度资金总额": "total",
    "资金总额": "total",
    "年度本级预算金额": "total",
    "年度预算金额": "total",
    "预算金额": "total",
    "项目总金额": "total",
    "财政资金": "fiscal",
    "财政拨款": "fiscal",
    "本级财政资金": "fiscal",
    "一般公共预算": "fiscal",
    "其他资金": "other",
    "其他来源资金": "other",
    "基本支出": "basic",
    "项目支出": "project",
    "资金用途": "purpose",
    "项目资金用途": "purpose",
    "绩效目标": "goals",
    "年度绩效目标": "goals",
    "年度总体目标": "goals",
    "本年度绩效目标": "goals",
    "年度目标": "goals",
    "项目绩效目标": "goals",
    "预算单位": "unit",
    "单位名称": "unit",
    "预算部门": "unit",
    "部门名称": "unit",
    "主管部门": "department",
    "实施单位": "unit",
}

# Labels that open a multi-row block and carry no value of their own.
SECTION_LABELS: dict[str, str] = {
    "预算规模及资金用途": "budget",
    "预算情况": "budget",
    "年度预算申请": "budget",
    "项目资金": "budget",
    "资金支出计划": "plan",
    "资金支出进度计划": "plan",
    "年度履职目标": "duties",
    "绩效指标": "indicators",
    "年度绩效指标": "indicators",
    "资金来源": "budget",
}

# Indicator table header: key (without trailing 指标) -> indicator column.
INDICATOR_COLUMNS: dict[str, str] = {
    "一级": "level1",
    "二级": "level2",
    "三级": "name",
    "绩效指标描述": "description",
    "指标描述": "description",
    "指标解释": "description",
    "指标内容": "description",
    "指标值": "value",
    "指标值及单位": "value",
    "目标值": "value",
    "年度指标值": "value",
    "指标目标值": "value",
    "指标值确定依据": "basis",
    "指标值设定依据": "basis",
    "绩效标准": "basis",
    "指标性质": "nature",
    "度量单位": "unit",
    "计量单位": "unit",
    "权重": "weight",
    "分值": "weight",
    "指标方向": "direction",
    "指标方向性": "direction",
    "计算符号": "operator",
    "运算符号": "operator",
    "符号": "operator",
}

# Columns of a flat sheet (one row per indicator) that describe the project.
FLAT_PROJECT_COLUMNS: dict[str, str] = {
    "单位名称": "unit",
    "预算单位": "unit",
    "项目名称": "name",
    "项目编码": "code",
    "预算数": "total",
    "年度资金总额": "total",
    "财政资金": "fiscal",
    "财政拨款": "fiscal",
    "其他资金": "other",
    "年度目标": "goals",
    "年度绩效目标": "goals",
    "绩效目标": "goals",
    "资金用途": "purpose",
}

DUTY_COLUMNS: dict[str, str] = {
    "部门职能": "function",
    "职能": "function",
    "年度目标任务": "task",
    "目标任务": "task",
    "支出项目名称": "item",
    "支出项目": "item",
    "项目名称": "item",
    "预算金额": "amount",
    "金额": "amount",
}


@lru_cache(maxsize=16384)
def key(text: str) -> str:
    """The comparable form of a label (see the module docstring)."""
    k = label_key(text)
    k = _PAREN_TAIL.sub("", k)
    if k.startswith("其中:"):
        k = k[3:]
    elif k.startswith("其中"):
        k = k[2:]
    return k


def paren_note(text: str) -> str | None:
    """The text in a label's trailing parenthesis: ``资金支出计划（%）`` -> ``%``."""
    match = _PAREN_TAIL.search(label_key(text))
    return match.group(1) or None if match else None


@lru_cache(maxsize=4096)
def indicator_column(text: str) -> str | None:
    k = key(text)
    if k in INDICATOR_COLUMNS:
        return INDICATOR_COLUMNS[k]
    if k.endswith("指标") and k[:-2] in INDICATOR_COLUMNS:
        return INDICATOR_COLUMNS[k[:-2]]
    return None
