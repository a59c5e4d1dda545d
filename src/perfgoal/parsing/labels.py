"""Every label perfgoal knows, in one place (docs/layouts.md: the parser is driven by labels).

A label is compared by :func:`key`: normalised (full-width to half-width), without
whitespace, without a trailing colon, a ``其中:`` prefix or a trailing parenthesis
(``资金支出计划(%)``, ``项目资金（元）``). When that key is unknown, :func:`lookup_keys` also
tries it without inner parentheses (``部门（单位）名称``, ``年度(/项目)指标值``).

To teach perfgoal a synonym, add one entry to the table of its kind below (docs/layouts.md
shows how). The tables:

* :data:`FIELD_LABELS`: labels of the project's own fields (项目名称, 预算数, 绩效目标 …);
  :data:`ANNUAL_AMOUNT_LABELS` marks the ones that name this year's share of an amount.
* :data:`PART_LABELS`: the other labelled amounts of a money block (上年结转资金, 中央补助 …).
* :data:`SECTION_LABELS`: labels that open a block and carry no value (资金支出计划 …).
* :data:`META_LABELS`: other form fields (项目性质, 主管部门, 填表人 …) → the name kept.
* :data:`INDICATOR_COLUMNS`, :data:`DUTY_COLUMNS`, :data:`FLAT_PROJECT_COLUMNS`: header
  cells of the indicator, 年度履职目标 and flat-sheet tables.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache
from typing import TypeVar

from perfgoal.values import label_key

_PAREN_TAIL = re.compile(r"[(（\[【]([^()（）]*)[)）\]】]$")
_INNER_PAREN = re.compile(r"[(（\[【][^()（）]*[)）\]】]")


class Field(StrEnum):
    """A field of :class:`~perfgoal.model.Project` a label names."""

    CODE = "code"
    NAME = "name"
    TOTAL = "total"
    FISCAL = "fiscal"
    OTHER = "other"
    BASIC = "basic"
    PROJECT = "project"
    PURPOSE = "purpose"
    GOALS = "goals"
    LONG_GOALS = "long_term_goals"
    UNIT = "unit"


class Section(StrEnum):
    """A block a label opens."""

    BUDGET = "budget"
    PLAN = "plan"
    DUTIES = "duties"
    INDICATORS = "indicators"
    LONG_INDICATORS = "long_indicators"


AMOUNT_FIELDS = frozenset({Field.TOTAL, Field.FISCAL, Field.OTHER, Field.BASIC, Field.PROJECT})
IDENTITY_FIELDS = frozenset({Field.CODE, Field.NAME})


_T = TypeVar("_T")


def _labels(field: _T, *labels: str) -> dict[str, _T]:
    return dict.fromkeys(labels, field)


FIELD_LABELS: dict[str, Field] = {
    **_labels(Field.CODE, "项目编码", "项目代码", "项目编号", "项目库编码"),
    **_labels(Field.NAME, "项目名称", "项目支出名称", "预算项目名称", "专项名称", "政策名称"),
    **_labels(Field.TOTAL, "项目资金总额", "资金总额", "项目总金额", "总金额", "预算数"),
    **_labels(Field.TOTAL, "年度资金总额", "年度本级预算金额", "年度预算金额", "预算金额"),
    **_labels(Field.TOTAL, "年度资金申请总额", "当年资金总额", "本年度申请金额", "年度申请金额"),
    **_labels(Field.TOTAL, "当年预算金额", "本年预算数", "年度预算数"),
    **_labels(Field.FISCAL, "财政资金", "财政拨款", "本级财政资金", "一般公共预算", "财政拨款资金"),
    **_labels(Field.FISCAL, "当年财政拨款", "当年财政资金", "申请财政资金", "市财政资金"),
    **_labels(Field.OTHER, "其他资金", "其他来源资金", "当年其他资金"),
    "基本支出": Field.BASIC,
    "项目支出": Field.PROJECT,
    **_labels(Field.PURPOSE, "资金用途", "项目资金用途"),
    **_labels(Field.GOALS, "绩效目标", "年度绩效目标", "年度总体目标", "本年度绩效目标"),
    **_labels(Field.GOALS, "年度目标", "项目绩效目标", "本年度目标", "当年目标", "总体目标"),
    **_labels(Field.GOALS, "当年绩效目标", "年度绩效目标描述"),
    **_labels(Field.LONG_GOALS, "长期目标", "中期目标", "项目总目标", "总目标", "中长期目标"),
    **_labels(Field.LONG_GOALS, "实施期绩效目标", "实施期目标", "项目期目标", "长期绩效目标"),
    **_labels(Field.LONG_GOALS, "项目期绩效目标", "中期绩效目标", "整体目标"),
    **_labels(Field.UNIT, "预算单位", "单位名称", "预算部门", "部门名称", "部门单位名称"),
    **_labels(Field.UNIT, "填报单位", "编制单位", "申报单位"),
}

# This year's share of an amount: the amount itself when the form has nothing else, a part
# of it (``of``) when the form also gives the whole (资金总额 | 当年资金总额).
ANNUAL_AMOUNT_LABELS = frozenset(
    {"年度资金申请总额", "当年资金总额", "本年度申请金额", "年度申请金额", "当年预算金额"}
    | {"当年财政拨款", "当年财政资金", "当年其他资金"}
)
# The whole of an amount, when the form also has this year's share.
WHOLE_AMOUNT_LABELS = frozenset({"项目资金总额", "资金总额", "项目总金额", "总金额"})

# Other labelled amounts of a money block -> the amount a ``其中`` part of that kind belongs
# to (None: the amount named just before it).
PART_LABELS: dict[str, str | None] = {
    **_labels("fiscal", "中央补助", "中央补助资金", "中央资金", "中央财政", "中央财政资金"),
    **_labels("fiscal", "省级财政", "省级资金", "省级财政资金", "省财政资金", "市级财政"),
    **_labels("fiscal", "市县财政", "市县财政资金", "县级财政", "本级财政", "上级资金"),
    **_labels("fiscal", "上级财政资金", "上级补助", "上级补助资金", "该项目支出上级资金"),
    **_labels("fiscal", "政府性基金", "政府性基金拨款", "财政专户拨款", "财政专户管理资金"),
    **_labels("fiscal", "国有资本经营预算"),
    **_labels("other", "自有资金", "单位自筹", "自筹资金", "单位自有资金", "事业收入"),
    **_labels("other", "经营收入", "经营性收入", "事业单位经营收入", "事业基金弥补差额"),
    **_labels("other", "社会资金", "银行贷款"),
    **dict.fromkeys(("上年结转", "上年结转资金", "结转资金", "上年结余"), None),
}

SECTION_LABELS: dict[str, Section] = {
    **_labels(Section.BUDGET, "预算规模及资金用途", "预算情况", "年度预算申请", "项目资金"),
    **_labels(Section.BUDGET, "资金来源", "资金情况", "项目资金情况", "项目资金申请"),
    **_labels(Section.BUDGET, "项目预算", "年度预算安排", "年度资金", "总体资金情况"),
    **_labels(Section.BUDGET, "部门总体资金情况", "资金构成", "项目资金来源"),
    **_labels(Section.PLAN, "资金支出计划", "资金支出进度计划", "资金使用计划"),
    **_labels(Section.DUTIES, "年度履职目标", "履职目标"),
    **_labels(Section.INDICATORS, "绩效指标", "年度绩效指标", "本年度绩效指标"),
    **_labels(Section.INDICATORS, "绩效项目指标表", "项目绩效指标", "当年绩效指标", "绩效指标表"),
    **_labels(Section.LONG_INDICATORS, "长期绩效指标", "中期绩效指标", "项目期绩效指标"),
    **_labels(Section.LONG_INDICATORS, "实施期绩效指标", "长期指标", "中长期绩效指标"),
}


def _meta(name: str, *synonyms: str) -> dict[str, str]:
    return dict.fromkeys((name, *synonyms), name)


# Form fields beyond the model's own: label key -> the name they are kept under.
META_LABELS: dict[str, str] = {
    **_meta("项目性质"),
    **_meta("项目类别", "项目类型"),
    **_meta("项目属性"),
    **_meta("主管部门", "主管部门及编码", "一级主管部门", "一级主管部门名称", "项目主管部门"),
    **_meta("主管部门编码"),
    **_meta("实施单位", "项目实施单位", "项目执行单位", "项目单位", "项目申报单位"),
    **_meta("项目负责人", "项目实施责任人", "项目负责人及电话"),
    **_meta("联系人"),
    **_meta("联系电话", "项目实施责任人联系电话", "电话"),
    **_meta("计划开始日期", "计划开始时间", "预计开始时间", "开始日期", "项目开始时间"),
    **_meta("计划完成日期", "计划完成时间", "预计完成时间", "计划结束日期", "项目完成时间"),
    **_meta("项目期", "项目周期"),
    **_meta("项目起止时间", "项目实施期", "项目支出实施期", "实施期限", "项目实施时间"),
    **_meta("项目起止时间", "实施起止时间", "项目起止日期"),
    **_meta("项目来源"),
    **_meta("立项依据", "项目立项依据", "设立依据"),
    **_meta("部门预算编码", "预算编码", "单位编码", "预算单位编码"),
    **_meta("项目概况", "项目基本情况"),
    **_meta("项目申请理由", "项目申请原因"),
    **_meta("部门职能概述", "单位职能概述", "职能职责概述"),
    **_meta("备注", "其他说明的问题", "其他需要说明的问题", "其他说明"),
    **_meta("财政部门审核意见", "财政局审核意见", "财政审核意见"),
    **_meta("主管部门审核意见"),
    **_meta("第三方机构审核意见", "第三方审核意见"),
    **_meta("审核意见"),
    **_meta("填表人", "填报人", "制表人"),
    **_meta("填报日期", "填表日期", "编报时间", "编制日期"),
    **_meta("单位负责人", "单位负责人签字", "单位负责人签名"),
    **_meta("审核人"),
    **_meta("财务负责人"),
    **_meta("经办人"),
}

# Indicator table header: key (without trailing 指标) -> indicator column.
INDICATOR_COLUMNS: dict[str, str] = {
    **_labels("level1", "一级"),
    **_labels("level2", "二级"),
    **_labels("name", "三级", "三级指标名称", "指标名称", "具体指标"),
    **_labels("description", "绩效指标描述", "指标描述", "指标解释", "指标内容", "指标说明"),
    **_labels("value", "指标值", "指标值及单位", "目标值", "指标目标值", "预期目标值"),
    **_labels("value", "当年预期实现值", "预期实现值", "绩效标准值", "计划值"),
    **_labels("basis", "指标值确定依据", "指标值设定依据", "绩效标准", "设定依据"),
    **_labels("basis", "指标值设定依据及数据来源"),
    **_labels("nature", "指标性质"),
    **_labels("unit", "度量单位", "计量单位"),
    **_labels("weight", "权重", "分值", "指标分值", "指标权重"),
    **_labels("direction", "指标方向", "指标方向性"),
    **_labels("operator", "计算符号", "运算符号", "符号"),
    **_labels("extra", "评分标准", "备注", "数据来源", "评分规则", "计分方法"),
}

# A value column's prefix saying which block it belongs to (长期指标值 | 年度指标值).
LONG_TERM_WORDS = ("长期", "中期", "项目期", "实施期", "中长期", "总体")
ANNUAL_WORDS = ("本年度", "年度", "当年", "本年")

# Columns of a flat sheet (one row per indicator) that describe the project.
FLAT_PROJECT_COLUMNS: dict[str, str] = {
    **_labels("unit", "单位名称", "预算单位", "部门名称"),
    **_labels("name", "项目名称", "项目支出名称"),
    **_labels("code", "项目编码", "项目代码"),
    **_labels("total", "预算数", "年度资金总额", "资金总额", "预算金额"),
    **_labels("fiscal", "财政资金", "财政拨款"),
    **_labels("other", "其他资金"),
    **_labels("goals", "年度目标", "年度绩效目标", "绩效目标", "本年度绩效目标"),
    **_labels("purpose", "资金用途"),
}

DUTY_COLUMNS: dict[str, str] = {
    **_labels("function", "部门职能", "职能"),
    **_labels("task", "年度目标任务", "目标任务", "年度工作任务"),
    **_labels("item", "支出项目名称", "支出项目", "项目名称"),
    **_labels("amount", "预算金额", "金额"),
}


@lru_cache(maxsize=16384)
def key(text: str) -> str:
    """The comparable form of a label (see the module docstring)."""
    k = _PAREN_TAIL.sub("", label_key(text))
    if k.startswith("其中:"):
        k = k[3:]
    elif k.startswith("其中"):
        k = k[2:]
    return k


def lookup_keys(text: str) -> tuple[str, ...]:
    """:func:`key`, then the key without inner parentheses when that differs."""
    first = key(text)
    bare = _INNER_PAREN.sub("", first)
    return (first, bare) if bare and bare != first else (first,)


def has_qizhong(text: str) -> bool:
    """Whether a label is written as a part (``其中：当年财政拨款``)."""
    return label_key(text).startswith("其中")


def paren_note(text: str) -> str | None:
    """The text in a label's trailing parenthesis: ``资金支出计划（%）`` -> ``%``."""
    match = _PAREN_TAIL.search(label_key(text))
    return match.group(1) or None if match else None


@lru_cache(maxsize=4096)
def indicator_column(text: str) -> str | None:
    """The indicator column a header cell names (``一级指标`` -> ``level1``), else None."""
    for k in lookup_keys(text):
        for candidate in (k, *_without_term(k)):
            if candidate in INDICATOR_COLUMNS:
                return INDICATOR_COLUMNS[candidate]
            if candidate.endswith("指标") and candidate[:-2] in INDICATOR_COLUMNS:
                return INDICATOR_COLUMNS[candidate[:-2]]
    return None


def _without_term(k: str) -> list[str]:
    return [k[len(w) :] for w in (*LONG_TERM_WORDS, *ANNUAL_WORDS) if k.startswith(w)]


def is_long_term_column(text: str) -> bool:
    """``长期指标值``, ``二级指标（长期）``, ``指标值(中期)``: a long-term block's column."""
    note = paren_note(text) or ""
    k = key(text)
    return any(note.startswith(w) or k.startswith(w) for w in LONG_TERM_WORDS)


def is_target_label(text: str) -> bool:
    """Whether ``text`` is a label of a 绩效目标表: a field, section, form-field or indicator
    header label (what a reader asks to pick the target tables of a budget book)."""
    if not text.strip() or len(text) > 40:
        return False
    for k in lookup_keys(text):
        if k in FIELD_LABELS or k in SECTION_LABELS or k in PART_LABELS or k in META_LABELS:
            return True
    return indicator_column(text) is not None
