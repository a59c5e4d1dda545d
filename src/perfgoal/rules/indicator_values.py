"""PG3xx: the 指标值 of each indicator row: readable, measurable, in range, with a unit and a
recognised basis (DOMAIN.md "How a 指标值 is written")."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from decimal import Decimal

from perfgoal.model import Document, Indicator, IndicatorValue, Operator, Project
from perfgoal.options import Options
from perfgoal.rules._common import (
    budget_year,
    indicators,
    is_cost,
    is_satisfaction,
    level2_key,
    row_text,
)
from perfgoal.rules.base import Fact, Rule
from perfgoal.values import is_placeholder, leading_operator, looks_quantitative, normalize

_SPACE_RE = re.compile(r"\s+")
_NUMERIC_KINDS = ("quantitative", "range")
_SYMBOL: dict[Operator, str] = {">=": "≥", "<=": "≤", "=": "=", ">": ">", "<": "<"}
_FLIPPED: dict[Operator, Operator] = {">=": "<=", ">": "<", "<=": ">=", "<": ">", "=": "="}
_YEAR_MONTH_RE = re.compile(r"20[0-9]{2}\.(?:0?[1-9]|1[0-2])")
# A year in a deadline: 2026年…, 2026.06, 2026-06, 2026/06, or the year alone.
_DEADLINE_YEAR_RE = re.compile(r"(?<![0-9.])(20[0-9]{2})(?=年|[./-][0-9]|$)")


def _key(text: str | None) -> str:
    """Text as reviewers compare it: normalised, no spaces, no trailing 。."""
    return _SPACE_RE.sub("", normalize(text)).rstrip("。") if text else ""


def _raw(indicator: Indicator) -> str:
    return (indicator.value.raw or "").strip()


def _number(value: Decimal) -> str:
    """``Decimal('90.00')`` -> ``'90'``: no exponent, no trailing zeros."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _is_year_month(value: Decimal | None) -> bool:
    return value is not None and _YEAR_MONTH_RE.fullmatch(format(value, "f")) is not None


def _is_fraction(indicator: Indicator) -> bool:
    """PG309's case: a 率/度 indicator written as a bare fraction (``0.9`` for 90%)."""
    value = indicator.value
    return (
        _key(indicator.name).endswith(("率", "度"))
        and value.kind == "quantitative"
        and value.unit is None
        and value.number is not None
        and 0 < value.number <= 1
    )


def _fact(
    project: Project,
    indicator: Indicator,
    params: Mapping[str, object],
    *,
    variant: str = "default",
    actual: str | None = None,
    expected: str | None = None,
) -> Fact:
    """A fact about one indicator row: its location, the row as context."""
    return Fact(
        params=dict(params),
        project=project,
        location=indicator.location,
        expected=expected,
        actual=actual,
        context=row_text(indicator),
        variant=variant,
    )


class MalformedValue(Rule):
    """指标值看起来是数值（以运算符或数字开头），却读不出“运算符 + 数字 + 单位”：缺数字、
    数字中间有空格、字母 O 混进数字等。

    为什么：预算管理一体化系统的绩效模块要求定量指标写明运算符、数值和单位（实务）；
    读不出的指标值无法在年终自评时比对完成情况。

    反例：
        | 产出指标 | 数量指标 | 开展活动次数 | 开展活动次数 | ≥次 | 计划标准 |

    正例：
        | 产出指标 | 数量指标 | 开展活动次数 | 开展活动次数 | ≥2次 | 计划标准 |
    """

    code = "PG301"
    name = "malformed-value"
    severity = "error"
    summary = {"zh": "指标值像数值但无法读出", "en": "a value looks numeric but cannot be read"}
    messages = {
        "default": {
            "zh": "指标值“{value}”像是数值，但读不出运算符、数字和单位",
            "en": "value “{value}” looks numeric but its operator, number and unit cannot be read",
        }
    }
    doc_en = """
    A value that looks numeric (it starts with an operator or a digit) but cannot be read as
    operator + number + unit: a missing number, a space inside the number, a letter O in it.

    Why: the budgeting system's performance module requires operator, number and unit on
    every quantitative row (practice); a value that cannot be read cannot be compared with
    the result at year end.

    Bad:
        | 产出指标 | 数量指标 | 开展活动次数 | 开展活动次数 | ≥次 | 计划标准 |

    Good:
        | 产出指标 | 数量指标 | 开展活动次数 | 开展活动次数 | ≥2次 | 计划标准 |
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        for project, indicator in indicators(document):
            raw = indicator.value.raw
            if (
                looks_quantitative(raw)
                and indicator.value.kind not in _NUMERIC_KINDS
                and not is_placeholder(raw)
            ):
                raw_text = _raw(indicator)
                yield _fact(project, indicator, {"value": raw_text}, actual=raw_text)


class PercentOutOfRange(Rule):
    """以 % 为单位的指标值小于 0 或大于 100（区间的上限大于 100 亦然）。

    为什么：财预〔2015〕88号要求目标“适当”：完成率、覆盖率、满意度等百分比最多为 100%；
    超过 100% 通常是把数量写成了百分比，或多打了一个 0。

    反例：
        | 产出指标 | 质量指标 | 活动完成率 | 活动完成率 | 1000% | 计划标准 |

    正例：
        | 产出指标 | 质量指标 | 活动完成率 | 活动完成率 | 100% | 计划标准 |
    """

    code = "PG302"
    name = "percent-out-of-range"
    severity = "error"
    summary = {"zh": "百分比超出 0–100", "en": "a percentage outside 0–100"}
    messages = {
        "default": {
            "zh": "百分比指标值“{value}”超出 0–100% 的范围",
            "en": "percentage “{value}” is outside 0–100%",
        }
    }
    doc_en = """
    A value in % below 0 or above 100 (for a range: an end outside 0–100).

    Why: 财预〔2015〕88号 asks for appropriate targets: completion rates, coverage and
    satisfaction are at most 100%; above 100% is usually a count written as a percentage or
    a stray zero.

    Bad:
        | 产出指标 | 质量指标 | 活动完成率 | 活动完成率 | 1000% | 计划标准 |

    Good:
        | 产出指标 | 质量指标 | 活动完成率 | 活动完成率 | 100% | 计划标准 |
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        for project, indicator in indicators(document):
            value = indicator.value
            if value.kind not in _NUMERIC_KINDS or value.unit != "%":
                continue
            ends = [n for n in (value.number, value.upper) if n is not None]
            if any(n < 0 or n > 100 for n in ends):
                raw = _raw(indicator)
                yield _fact(project, indicator, {"value": raw}, actual=raw, expected="0–100%")


class ValueEchoesName(Rule):
    """指标值只是重复了三级指标名称或指标描述（定性文字，与名称或描述完全相同）。

    为什么：财预〔2015〕88号要求指标“细化、量化”（相关性）；只重复名称的指标值没有说出
    要达到什么程度，评审会退回（DOMAIN.md“How a 指标值 is written”）。

    反例：
        | 产出指标 | 成本指标 | 控制在预算内 | 控制在预算内 | 控制在预算内 | 控制在预算内 |

    正例：
        | 产出指标 | 成本指标 | 项目总成本 | 控制在预算内 | ≤4万元 | 计划标准 |
    """

    code = "PG303"
    name = "value-echoes-name"
    severity = "warning"
    summary = {"zh": "指标值只是重复指标名称", "en": "the value merely repeats the indicator name"}
    messages = {
        "name": {
            "zh": "指标值“{value}”只是重复了三级指标名称，没有给出可衡量的目标",
            "en": "value “{value}” merely repeats the indicator name; state a measurable target",
        },
        "description": {
            "zh": "指标值“{value}”只是重复了指标描述，没有给出可衡量的目标",
            "en": "value “{value}” merely repeats the description; state a measurable target",
        },
    }
    doc_en = """
    The value merely repeats the level-3 indicator name or its description (qualitative
    text equal to either).

    Why: 财预〔2015〕88号 asks for specific, quantified indicators (relevance); a value that
    repeats the name says nothing about the level to reach, and reviewers send it back.

    Bad:
        | 产出指标 | 成本指标 | 控制在预算内 | 控制在预算内 | 控制在预算内 | 控制在预算内 |

    Good:
        | 产出指标 | 成本指标 | 项目总成本 | 控制在预算内 | ≤4万元 | 计划标准 |
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        for project, indicator in indicators(document):
            if indicator.value.kind != "qualitative":
                continue
            value = _key(indicator.value.raw)
            if not value:
                continue
            if value == _key(indicator.name):
                variant = "name"
            elif value == _key(indicator.description):
                variant = "description"
            else:
                continue
            raw = _raw(indicator)
            yield _fact(project, indicator, {"value": raw}, variant=variant, actual=raw)


class NotMeasurable(Rule):
    """数量指标、质量指标或满意度指标的指标值是定性文字，无法衡量。

    为什么：财预〔2015〕88号要求“能量化的尽量量化”；财预〔2021〕101号把数量、质量、
    满意度指标列为定量指标。定性表述只适用于确实无法用数字表达的目标。

    反例：
        | 产出指标 | 质量指标 | 完成资金拨付 | 完成资金拨付 | 完成资金拨付 | 计划标准 |

    正例：
        | 产出指标 | 质量指标 | 资金拨付到位率 | 资金拨付到位率 | 100% | 计划标准 |
    """

    code = "PG304"
    name = "not-measurable"
    severity = "warning"
    summary = {
        "zh": "数量/质量/满意度指标不可衡量",
        "en": "a quantity/quality/satisfaction value is qualitative",
    }
    messages = {
        "default": {
            "zh": "{level2}“{name}”的指标值“{value}”是定性文字，应写明数值和单位",
            "en": "{level2} “{name}” has a qualitative value “{value}”: state a number and unit",
        }
    }
    doc_en = """
    A 数量 (quantity), 质量 (quality) or satisfaction indicator whose value is qualitative text.

    Why: 财预〔2015〕88号 asks to quantify wherever possible; 财预〔2021〕101号 treats
    quantity, quality and satisfaction indicators as quantitative. Qualitative statements are
    for targets a number cannot express.

    Bad:
        | 产出指标 | 质量指标 | 完成资金拨付 | 完成资金拨付 | 完成资金拨付 | 计划标准 |

    Good:
        | 产出指标 | 质量指标 | 资金拨付到位率 | 资金拨付到位率 | 100% | 计划标准 |
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        for project, indicator in indicators(document):
            raw = indicator.value.raw
            if (
                indicator.value.kind != "qualitative"
                or looks_quantitative(raw)
                or is_placeholder(raw)
            ):
                continue
            if level2_key(indicator.level2) in ("数量", "质量") or is_satisfaction(indicator):
                params = {
                    "level2": indicator.level2 or indicator.level1 or "",
                    "name": indicator.name or "",
                    "value": _raw(indicator),
                }
                yield _fact(project, indicator, params, actual=_raw(indicator))


class SatisfactionThreshold(Rule):
    """满意度指标值不是百分比，或低于配置的最低值（默认 80%）。

    为什么：满意度目标以百分比表示，实务中一般为 ≥85%–≥95%（DOMAIN.md）；国家层面没有统一
    下限，故最低值可在配置中用 ``satisfaction_min`` 调整。

    反例：
        | 满意度指标 | 服务对象满意度指标 | 服务对象满意度 | 服务对象满意度 | ≥60% | 行业标准 |

    正例：
        | 满意度指标 | 服务对象满意度指标 | 服务对象满意度 | 服务对象满意度 | ≥90% | 行业标准 |
    """

    code = "PG305"
    name = "satisfaction-threshold"
    severity = "warning"
    summary = {
        "zh": "满意度不是百分比或低于最低值",
        "en": "satisfaction not in % or below the minimum",
    }
    messages = {
        "not-percent": {
            "zh": "满意度指标值“{value}”不是百分比",
            "en": "satisfaction value “{value}” is not a percentage",
        },
        "below-min": {
            "zh": "满意度指标值“{value}”低于最低值 {minimum}%",
            "en": "satisfaction value “{value}” is below the minimum of {minimum}%",
        },
    }
    options = ("satisfaction_min",)
    doc_en = """
    A satisfaction value that is not a percentage, or below the configured minimum
    (``satisfaction_min``, default 80%).

    Why: satisfaction targets are percentages, in practice ≥85%–≥95% (DOMAIN.md); there is
    no national minimum, so it is configurable.

    Bad:
        | 满意度指标 | 服务对象满意度指标 | 服务对象满意度 | 服务对象满意度 | ≥60% | 行业标准 |

    Good:
        | 满意度指标 | 服务对象满意度指标 | 服务对象满意度 | 服务对象满意度 | ≥90% | 行业标准 |
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        minimum = _number(options.satisfaction_min)
        expected = f"≥ {minimum}%"
        for project, indicator in indicators(document):
            value = indicator.value
            if not is_satisfaction(indicator) or value.kind not in _NUMERIC_KINDS:
                continue
            if _is_fraction(indicator):
                continue  # `0.9` for 满意度: PG309's finding, one per slip
            if value.unit != "%":
                variant = "not-percent"
            elif value.number is not None and value.number < options.satisfaction_min:
                variant = "below-min"
            else:
                continue
            raw = _raw(indicator)
            params = {"value": raw, "minimum": minimum}
            yield _fact(project, indicator, params, variant=variant, actual=raw, expected=expected)


class BasisUnrecognized(Rule):
    """指标值确定依据不是计划标准、行业标准、历史标准或其他标准（或配置的 ``bases``）。
    以其中之一开头的写法（如“计划标准：依据年度计划”）视为可识别。

    为什么：财预〔2021〕101号规定指标值的设定依据为计划标准、行业标准、历史标准或经财政部门
    确认的其他标准；写成指标名称或空话，评审无法判断目标值是否合理。

    反例：
        | 产出指标 | 数量指标 | 开展活动次数 | 开展活动次数 | ≥2次 | 开展活动次数 |

    正例：
        | 产出指标 | 数量指标 | 开展活动次数 | 开展活动次数 | ≥2次 | 计划标准 |
    """

    code = "PG306"
    name = "basis-unrecognized"
    severity = "info"
    summary = {"zh": "指标值确定依据无法识别", "en": "the basis of the value is not recognised"}
    messages = {
        "default": {
            "zh": "指标值确定依据“{basis}”不是 {bases} 之一",
            "en": "basis “{basis}” is not one of {bases}",
        }
    }
    options = ("bases",)
    doc_en = """
    The basis of the target value (指标值确定依据) is not 计划标准, 行业标准, 历史标准 or
    其他标准 (or the configured ``bases``); a basis starting with one of them
    ("计划标准：依据年度计划") is accepted. A blank basis is not reported here.

    Why: 财预〔2021〕101号 sets the value from a plan, industry, historical or another
    standard confirmed by the finance department; a basis that repeats the indicator name
    gives reviewers nothing to judge the value by.

    Bad:
        | 产出指标 | 数量指标 | 开展活动次数 | 开展活动次数 | ≥2次 | 开展活动次数 |

    Good:
        | 产出指标 | 数量指标 | 开展活动次数 | 开展活动次数 | ≥2次 | 计划标准 |
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        bases = tuple(k for k in (_key(b) for b in options.bases) if k)
        shown = "/".join(options.bases)
        for project, indicator in indicators(document):
            basis = _key(indicator.basis)
            if not basis or basis.startswith(bases):
                continue
            written = (indicator.basis or "").strip()
            params = {"basis": written, "bases": shown}
            yield _fact(project, indicator, params, actual=written, expected=shown)


class MissingUnit(Rule):
    """定量指标值没有计量单位（单元格内没有，度量单位列也没有）。写成小数的率/度指标
    （如满意度 0.9）由 PG309 报告，此处不重复；年月区间（2023.07-2024.01）不需要单位。

    为什么：预算管理一体化系统要求每个定量指标填写计量单位（实务）；没有单位的“≥500”
    无法判断是人、次还是万元。

    反例：
        | 效益指标 | 社会效益指标 | 受益人数 | 受益人数 | ≥500 | 计划标准 |

    正例：
        | 效益指标 | 社会效益指标 | 受益人数 | 受益人数 | ≥500人次 | 计划标准 |
    """

    code = "PG307"
    name = "missing-unit"
    severity = "warning"
    summary = {"zh": "定量指标值缺少单位", "en": "a quantitative value without a unit"}
    messages = {
        "default": {
            "zh": "指标值“{value}”没有计量单位",
            "en": "value “{value}” has no unit",
        }
    }
    doc_en = """
    A quantitative value without a unit (neither in the cell nor in a unit column). A 率/度
    indicator written as a fraction (satisfaction 0.9) is PG309's, not reported twice; a
    year-month range (2023.07-2024.01) needs no unit.

    Why: the budgeting system requires a unit on every quantitative row (practice); "≥500"
    alone does not say whether it counts people, events or 万元.

    Bad:
        | 效益指标 | 社会效益指标 | 受益人数 | 受益人数 | ≥500 | 计划标准 |

    Good:
        | 效益指标 | 社会效益指标 | 受益人数 | 受益人数 | ≥500人次 | 计划标准 |
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        for project, indicator in indicators(document):
            value = indicator.value
            if value.kind not in _NUMERIC_KINDS or value.unit is not None:
                continue
            if _is_fraction(indicator) or _is_date_range(value):
                continue
            raw = _raw(indicator)
            yield _fact(project, indicator, {"value": raw}, actual=raw)


def _is_date_range(value: IndicatorValue) -> bool:
    return value.kind == "range" and _is_year_month(value.number) and _is_year_month(value.upper)


class PlaceholderValue(Rule):
    """指标值只是占位符：``*``、``＊``、``XX``、``××``、``_``、``-``、``—``。

    为什么：预算管理一体化系统拒绝只由 ``*``、``_``、``-`` 组成的指标值（实务）；占位符说明
    目标还没有填，表格不完整（财预〔2015〕88号“完整性”）。

    反例：
        | 产出指标 | 数量指标 | 开展活动次数 | 开展活动次数 | XX | 计划标准 |

    正例：
        | 产出指标 | 数量指标 | 开展活动次数 | 开展活动次数 | ≥2次 | 计划标准 |
    """

    code = "PG308"
    name = "placeholder-value"
    severity = "error"
    summary = {"zh": "指标值只是占位符", "en": "a value that is only a placeholder"}
    messages = {
        "default": {
            "zh": "指标值“{value}”只是占位符，尚未填写",
            "en": "value “{value}” is only a placeholder, not filled in",
        }
    }
    doc_en = """
    A value that is only a placeholder: ``*``, ``＊``, ``XX``, ``××``, ``_``, ``-``, ``—``.

    Why: the budgeting system rejects values made only of ``*``, ``_`` or ``-`` (practice); a
    placeholder means the target was never filled in (财预〔2015〕88号: completeness).

    Bad:
        | 产出指标 | 数量指标 | 开展活动次数 | 开展活动次数 | XX | 计划标准 |

    Good:
        | 产出指标 | 数量指标 | 开展活动次数 | 开展活动次数 | ≥2次 | 计划标准 |
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        for project, indicator in indicators(document):
            if is_placeholder(indicator.value.raw):
                raw = _raw(indicator)
                yield _fact(project, indicator, {"value": raw}, actual=raw)


class PercentAsFraction(Rule):
    """率/度指标（完成率、满意度、知晓率……）的指标值是不带单位的小数，如 ``1``、``0.9``：
    多半是想写 100%、90%。

    为什么：财预〔2021〕101号中比率类指标以百分比表示；``0.9`` 没有单位，年终自评时
    会被当成 0.9% 或 0.9 个。

    反例：
        | 满意度指标 | 服务对象满意度指标 | 服务对象满意度 | 服务对象满意度 | 0.9 | 行业标准 |

    正例：
        | 满意度指标 | 服务对象满意度指标 | 服务对象满意度 | 服务对象满意度 | ≥90% | 行业标准 |
    """

    code = "PG309"
    name = "percent-as-fraction"
    severity = "warning"
    summary = {"zh": "率/度指标写成了小数", "en": "a rate written as a bare fraction"}
    messages = {
        "default": {
            "zh": "“{name}”的指标值“{value}”是不带单位的小数，是否应为 {percent}？",
            "en": "“{name}” has the bare fraction “{value}”: did you mean {percent}?",
        }
    }
    doc_en = """
    A 率/度 indicator (completion rate, satisfaction, awareness rate…) whose value is a bare
    fraction such as ``1`` or ``0.9``: most likely 100% or 90% was meant.

    Why: 财预〔2021〕101号 expresses rates as percentages; ``0.9`` without a unit reads as
    0.9% or 0.9 of something at year end.

    Bad:
        | 满意度指标 | 服务对象满意度指标 | 服务对象满意度 | 服务对象满意度 | 0.9 | 行业标准 |

    Good:
        | 满意度指标 | 服务对象满意度指标 | 服务对象满意度 | 服务对象满意度 | ≥90% | 行业标准 |
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        for project, indicator in indicators(document):
            number = indicator.value.number
            if not _is_fraction(indicator) or number is None:
                continue
            percent = f"{_number(number * 100)}%"
            raw = _raw(indicator)
            params = {"name": indicator.name or "", "value": raw, "percent": percent}
            yield _fact(project, indicator, params, actual=raw, expected=percent)


class OperatorConflict(Rule):
    """运算符自相矛盾：计算符号列与指标值自带的运算符不一致；成本指标用了 ≥/>；
    或指标方向为“正向”却用 ≤/<（“反向”却用 ≥/>）。一行只报告一处（按此顺序）。

    为什么：成本、时限等反向指标应使用 ≤（DOMAIN.md“How a 指标值 is written”），写成 ≥
    几乎都是笔误；运算符与方向相反时，年终自评无法判断是否达成。

    反例：
        | 产出指标 | 成本指标 | 项目成本 | 项目成本 | ≥4万元 | 计划标准 |

    正例：
        | 产出指标 | 成本指标 | 项目成本 | 项目成本 | ≤4万元 | 计划标准 |
    """

    code = "PG310"
    name = "operator-conflict"
    severity = "warning"
    summary = {"zh": "运算符自相矛盾", "en": "the operator contradicts the row"}
    messages = {
        "column": {
            "zh": "计算符号“{column}”与指标值“{value}”自带的运算符不一致",
            "en": "operator column “{column}” contradicts the operator in value “{value}”",
        },
        "cost": {
            "zh": "成本指标“{name}”使用了 {operator}，成本指标应使用 ≤",
            "en": "cost indicator “{name}” uses {operator}; cost indicators use ≤",
        },
        "direction": {
            "zh": "指标方向为“{direction}”，指标值却使用了 {operator}",
            "en": "direction is “{direction}” but the value uses {operator}",
        },
    }
    doc_en = """
    The operator contradicts the row: the operator column (计算符号) and the value's own
    operator differ; a cost indicator uses ≥/>; or the direction (指标方向) is 正向 with ≤/<
    (反向 with ≥/>). One finding per row, the first of these that applies.

    Why: cost and deadline indicators are reverse indicators and use ≤ (DOMAIN.md); a cost
    written with ≥ is almost always a slip, and an operator against the direction cannot be
    judged at year end.

    Bad:
        | 产出指标 | 成本指标 | 项目成本 | 项目成本 | ≥4万元 | 计划标准 |

    Good:
        | 产出指标 | 成本指标 | 项目成本 | 项目成本 | ≤4万元 | 计划标准 |
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        for project, indicator in indicators(document):
            fact = _operator_conflict(project, indicator)
            if fact is not None:
                yield fact


def _operator_conflict(project: Project, indicator: Indicator) -> Fact | None:
    value, raw = indicator.value, _raw(indicator)
    column, own = leading_operator(indicator.operator_text), leading_operator(raw)
    if column is not None and own is not None and column != own:
        params = {"column": (indicator.operator_text or "").strip(), "value": raw}
        return _fact(project, indicator, params, variant="column", actual=raw)
    op = value.operator if value.kind == "quantitative" else None
    if op is None or value.number is None:
        return None
    shown = f"{_number(value.number)}{value.unit or ''}"
    actual, expected = f"{_SYMBOL[op]}{shown}", f"{_SYMBOL[_FLIPPED[op]]}{shown}"
    if is_cost(indicator) and op in (">=", ">"):
        params = {"name": indicator.name or "", "operator": _SYMBOL[op]}
        return _fact(project, indicator, params, variant="cost", actual=actual, expected=expected)
    direction = _key(indicator.direction)
    if (direction == "正向" and op in ("<=", "<")) or (direction == "反向" and op in (">=", ">")):
        params = {"direction": direction, "operator": _SYMBOL[op]}
        return _fact(
            project, indicator, params, variant="direction", actual=actual, expected=expected
        )
    return None


class DeadlineOutsideYear(Rule):
    """时效指标的日期或区间终点晚于预算年度（如 2025 年的表写“2026年6月”或
    “2025.07-2026.01”）。预算年度取配置的 ``year``，否则取文档年度；未知时不检查。

    为什么：财预〔2015〕88号的“可行性”要求目标能在预算年度内完成；年度项目的时效目标落在
    下一年，说明资金将跨年使用或目标写错了年份。

    反例：
        | 产出指标 | 时效指标 | 项目完成时间 | 项目完成时间 | 2026年6月 | 计划标准 |

    正例：
        | 产出指标 | 时效指标 | 项目完成时间 | 项目完成时间 | 2025年12月底前 | 计划标准 |
    """

    code = "PG311"
    name = "deadline-outside-year"
    severity = "info"
    summary = {"zh": "时效指标晚于预算年度", "en": "a deadline after the budget year"}
    messages = {
        "default": {
            "zh": "时效指标值“{value}”晚于预算年度 {budget_year} 年",
            "en": "deadline “{value}” is after the budget year {budget_year}",
        }
    }
    options = ("year",)
    doc_en = """
    A 时效 (timeliness) indicator whose date, or the end of its range, falls after the
    budget year (a 2025 table saying "2026年6月" or "2025.07-2026.01"). The budget year is
    the configured ``year``, else the document's; unknown, nothing is checked.

    Why: 财预〔2015〕88号 (feasibility) asks for targets that can be met within the budget
    year; a deadline in the next year means the money will be spent late or the year is wrong.

    Bad:
        | 产出指标 | 时效指标 | 项目完成时间 | 项目完成时间 | 2026年6月 | 计划标准 |

    Good:
        | 产出指标 | 时效指标 | 项目完成时间 | 项目完成时间 | 2025年12月底前 | 计划标准 |
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        year = budget_year(document, options)
        if year is None:
            return
        for project, indicator in indicators(document):
            if level2_key(indicator.level2) != "时效":
                continue
            text = _SPACE_RE.sub("", normalize(indicator.value.raw or ""))
            years = [int(y) for y in _DEADLINE_YEAR_RE.findall(text)]
            if years and max(years) > year:
                raw = _raw(indicator)
                params = {"value": raw, "budget_year": year}
                yield _fact(project, indicator, params, actual=raw, expected=f"{year}年内")
