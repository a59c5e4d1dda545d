"""PG1xx: the structure of a target table: required fields, the indicator framework's tiers
(一级/二级, DOMAIN.md "The indicator framework"), empty and duplicate rows, weights."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from perfgoal.model import Document, Indicator, Project
from perfgoal.options import Options
from perfgoal.rules._common import (
    framework_of,
    is_satisfaction,
    level2_key,
    level_key,
    row_text,
    table_for,
)
from perfgoal.rules.base import Fact, Rule
from perfgoal.values import normalize

# The 一级 a 二级 name belongs to is looked up in this order: 服务对象满意度 is listed under
# both 效益 (legacy forms) and 满意度; its home is 满意度.
_HOME_ORDER = ("产出", "成本", "满意度", "效益")

_PROJECT_FIELDS = (
    ("code", "项目编码", "project code"),
    ("name", "项目名称", "project name"),
    ("budget", "预算数", "budget"),
    ("goals", "绩效目标", "performance goals"),
)
_DEPARTMENT_FIELDS = (
    ("budget", "资金总额", "total funds"),
    ("goals", "年度总体目标", "overall annual goal"),
)


def _label(key: str) -> str:
    """``产出`` -> ``产出指标``, as the name reads in a table."""
    return f"{key}指标"


def _text(value: str | None) -> str:
    return normalize(value).replace(" ", "") if value else ""


def _missing(project: Project, field: str) -> bool:
    if field == "budget":
        return project.budget.total is None and "total" not in project.budget.raw
    if field == "goals":
        return not any(goal.strip() for goal in project.goals)
    value: str | None = getattr(project, field)
    return not (value and value.strip())


class MissingField(Rule):
    """项目表缺少必填字段：项目编码、项目名称、预算数或绩效目标为空（部门整体表：资金总额、
    年度总体目标）。

    为什么：财预〔2015〕88号要求绩效目标完整（“完整性”）：评审要知道是哪个项目、花多少钱、
    要达到什么目标，缺一项即无法审核。

    反例：
        | 项目编码 |  | 项目名称 | 2025科技创新环境建设 |

    正例：
        | 项目编码 | 13091625P00024010001J | 项目名称 | 2025科技创新环境建设 |
    """

    code = "PG101"
    name = "missing-field"
    severity = "error"
    summary = {"zh": "缺少必填字段", "en": "a required field is missing"}
    messages = {"default": {"zh": "缺少必填字段“{field}”", "en": "missing {field_en} ({field})"}}
    doc_en = """
    A required field is missing or empty: 项目编码, 项目名称, 预算数 or 绩效目标 (for a
    whole-department table: 资金总额 and 年度总体目标).

    Why: 财预〔2015〕88号 asks for complete targets: reviewers need to know which project,
    how much money and what it should achieve; without any of them there is nothing to review.

    Bad:
        | 项目编码 |  | 项目名称 | 2025科技创新环境建设 |

    Good:
        | 项目编码 | 13091625P00024010001J | 项目名称 | 2025科技创新环境建设 |
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        for project in document.projects:
            fields = _DEPARTMENT_FIELDS if project.kind == "department" else _PROJECT_FIELDS
            for field, zh, en in fields:
                if _missing(project, field):
                    yield Fact(params={"field": zh, "field_en": en}, project=project, expected=zh)


def _present_level1(project: Project) -> set[str]:
    present = {level_key(i.level1) for i in project.indicators}
    if any(is_satisfaction(i) for i in project.indicators):
        present.add("满意度")  # the legacy satisfaction row inside the 效益 block counts
    return present


class MissingLevel1(Rule):
    """指标表缺少一级指标：产出指标、效益指标、满意度指标缺一不可；2021 年指标体系下还须有
    成本指标。项目根本没有指标表时也在此报告。

    为什么：财预〔2015〕88号要求绩效指标涵盖产出、效益和满意度；财预〔2021〕101号把成本指标
    列为一级指标。效益块内的“社会公众或服务对象满意度指标”行视为满意度指标。

    反例：
        | 产出指标 | 数量指标 | 开展活动次数 | … | ≥2次 |
        | 效益指标 | 社会效益指标 | 受益人数 | … | ≥500人次 |
        （没有满意度指标）

    正例：
        | 产出指标 | 数量指标 | 开展活动次数 | … | ≥2次 |
        | 效益指标 | 社会效益指标 | 受益人数 | … | ≥500人次 |
        | 满意度指标 | 服务对象满意度指标 | 服务对象满意度 | … | ≥90% |
    """

    code = "PG102"
    name = "missing-level1"
    severity = "error"
    summary = {"zh": "缺少一级指标", "en": "a level-1 indicator is missing"}
    messages = {
        "default": {"zh": "缺少一级指标“{level1}”", "en": "missing level-1 indicator {level1}"},
        "no_table": {
            "zh": "没有绩效指标表（一级指标：{level1}）",
            "en": "no indicator table (level-1 indicators: {level1})",
        },
    }
    options = ("framework",)
    doc_en = """
    A level-1 indicator is missing: 产出指标, 效益指标 and 满意度指标 are required, and
    成本指标 too under the 2021 framework. A project without any indicator row is reported here.

    Why: 财预〔2015〕88号 asks for output, benefit and satisfaction indicators; 财预〔2021〕101号
    makes 成本指标 a level-1 indicator. A 社会公众或服务对象满意度指标 row inside the 效益 block
    counts as the satisfaction indicator.

    Bad:
        | 产出指标 | 数量指标 | 开展活动次数 | … | ≥2次 |
        | 效益指标 | 社会效益指标 | 受益人数 | … | ≥500人次 |
        (no 满意度指标)

    Good:
        | 产出指标 | 数量指标 | 开展活动次数 | … | ≥2次 |
        | 效益指标 | 社会效益指标 | 受益人数 | … | ≥500人次 |
        | 满意度指标 | 服务对象满意度指标 | 服务对象满意度 | … | ≥90% |
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        for project in document.projects:
            required = ["产出", "效益", "满意度"]
            if framework_of(project, options) == "2021":
                required.insert(1, "成本")
            if not project.indicators:
                labels = "、".join(_label(k) for k in required)
                yield Fact(params={"level1": labels}, project=project, variant="no_table")
                continue
            present = _present_level1(project)
            for key in required:
                if key not in present:
                    yield Fact(
                        params={"level1": _label(key)}, project=project, expected=_label(key)
                    )


def _blocks(project: Project) -> dict[str, list[Indicator]]:
    """The indicator rows of each 一级 (by key), in table order."""
    blocks: dict[str, list[Indicator]] = {}
    for indicator in project.indicators:
        blocks.setdefault(level_key(indicator.level1), []).append(indicator)
    return blocks


class MissingLevel2(Rule):
    """一级指标下缺少必需的二级指标：产出指标须有数量、质量、时效指标；满意度指标须有服务对象
    满意度指标；效益指标（2021 年体系下的成本指标亦然）至少要有一个二级指标。

    为什么：财预〔2015〕88号与财预〔2021〕101号的指标体系规定了这些二级指标；缺少时效指标，
    就无从判断项目能否按时完成（“可行性”）。

    反例：
        | 产出指标 | 数量指标 | 开展活动次数 | … | ≥2次 |
        |          | 质量指标 | 活动完成率   | … | 100% |
        （没有时效指标）

    正例：
        | 产出指标 | 数量指标 | 开展活动次数 | … | ≥2次 |
        |          | 质量指标 | 活动完成率   | … | 100% |
        |          | 时效指标 | 完成时间     | … | ≤12个月 |
    """

    code = "PG103"
    name = "missing-level2"
    severity = "error"
    summary = {"zh": "缺少必需的二级指标", "en": "a required level-2 indicator is missing"}
    messages = {
        "default": {
            "zh": "一级指标“{level1}”下缺少二级指标“{level2}”",
            "en": "{level1} lacks the level-2 indicator {level2}",
        },
        "none": {
            "zh": "一级指标“{level1}”下没有任何二级指标",
            "en": "{level1} has no level-2 indicator at all",
        },
    }
    options = ("framework",)
    doc_en = """
    A level-1 indicator lacks a required level-2 one: 产出指标 needs 数量, 质量 and 时效指标;
    满意度指标 needs 服务对象满意度指标; 效益指标 (and 成本指标 under the 2021 framework)
    needs at least one level-2 indicator.

    Why: the frameworks of 财预〔2015〕88号 and 财预〔2021〕101号 define these level-2
    indicators; without a 时效指标 nobody can tell whether the project will finish in time.

    Bad:
        | 产出指标 | 数量指标 | 开展活动次数 | … | ≥2次 |
        |          | 质量指标 | 活动完成率   | … | 100% |
        (no 时效指标)

    Good:
        | 产出指标 | 数量指标 | 开展活动次数 | … | ≥2次 |
        |          | 质量指标 | 活动完成率   | … | 100% |
        |          | 时效指标 | 完成时间     | … | ≤12个月 |
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        for project in document.projects:
            required = {"产出": ("数量", "质量", "时效"), "满意度": ("服务对象满意度",)}
            need_any = ["效益"]
            if framework_of(project, options) == "2021":
                need_any.append("成本")
            for key, rows in _blocks(project).items():
                names = {level2_key(i.level2) for i in rows} - {""}
                level1 = _label(key)
                for level2 in required.get(key, ()):
                    if level2 not in names:
                        yield Fact(
                            params={"level1": level1, "level2": _label(level2)},
                            project=project,
                            location=rows[0].location,
                            expected=_label(level2),
                        )
                if key in need_any and not names:
                    yield Fact(
                        params={"level1": level1},
                        project=project,
                        location=rows[0].location,
                        variant="none",
                    )


def _home(level2: str, table: dict[str, set[str]]) -> str | None:
    """The 一级 a known 二级 name belongs to (a 一级 name used as 二级: that 一级)."""
    for level1 in _HOME_ORDER:
        if level2 in table.get(level1, set()):
            return level1
    return level2 if level2 in table else None


class MisplacedLevel2(Rule):
    """二级指标放在了不属于它的一级指标下，例如经济效益指标放在产出指标下、数量指标放在效益
    指标下。旧体系允许成本指标在产出指标下；2021 年体系下成本指标是一级指标，不能再作为产出
    指标的二级指标（应改为一级“成本指标”，下设经济/社会/生态环境成本指标）。

    为什么：财预〔2015〕88号与财预〔2021〕101号的指标体系规定了每个二级指标的归属；放错位置
    会使产出与效益混淆，评审无法按维度核对。

    反例：
        | 产出指标 | 经济效益指标 | 带动企业增收 | … | ≥10万元 |

    正例：
        | 效益指标 | 经济效益指标 | 带动企业增收 | … | ≥10万元 |
    """

    code = "PG104"
    name = "misplaced-level2"
    severity = "error"
    summary = {"zh": "二级指标归属错误", "en": "a level-2 indicator under the wrong level 1"}
    messages = {
        "default": {
            "zh": "二级指标“{level2}”不属于一级指标“{level1}”，应在“{home}”下",
            "en": "{level2} does not belong under {level1}; it belongs under {home}",
        },
        "level1": {
            "zh": "“{level2}”是一级指标，不应作为“{level1}”的二级指标",
            "en": "{level2} is a level-1 indicator, not a level-2 one under {level1}",
        },
    }
    options = ("framework",)
    doc_en = """
    A level-2 indicator stands under a level-1 indicator it does not belong to, e.g.
    经济效益指标 under 产出指标 or 数量指标 under 效益指标. The legacy framework keeps 成本指标
    under 产出指标; under the 2021 framework 成本指标 is a level-1 indicator with
    经济/社会/生态环境成本指标 under it, so 成本指标 under 产出指标 is misplaced.

    Why: the frameworks of 财预〔2015〕88号 and 财预〔2021〕101号 fix where each level-2
    indicator belongs; a misplaced one mixes outputs and benefits up.

    Bad:
        | 产出指标 | 经济效益指标 | 带动企业增收 | … | ≥10万元 |

    Good:
        | 效益指标 | 经济效益指标 | 带动企业增收 | … | ≥10万元 |
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        for project in document.projects:
            table = table_for(framework_of(project, options))
            for indicator in project.indicators:
                level1, level2 = level_key(indicator.level1), level2_key(indicator.level2)
                if level1 not in table or not level2 or level2 in table[level1]:
                    continue
                home = _home(level2, table)
                if home is None or home == level1:
                    continue
                variant = "level1" if home == level2 else "default"
                expected = _label(home)
                if variant == "level1":
                    expected = f"一级指标 {expected}（二级：{'/'.join(_ordered(table[home]))}）"
                yield Fact(
                    params={
                        "level1": _label(level1),
                        "level2": _label(level2),
                        "home": _label(home),
                    },
                    project=project,
                    location=indicator.location,
                    expected=expected,
                    actual=f"{_label(level1)} / {_label(level2)}",
                    context=row_text(indicator),
                    variant=variant,
                )


_ORDER = (
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


def _ordered(names: set[str]) -> list[str]:
    return [_label(n) for n in sorted(names, key=lambda n: (*_ORDER, n).index(n))]


class UnknownCategory(Rule):
    """一级或二级指标的名称不在指标体系之内（去掉末尾“指标”、合并常见写法如“效果指标”
    “进度指标”“环境效益指标”之后比较）。每个项目中每个名称只报告一次。

    为什么：财预〔2015〕88号与财预〔2021〕101号规定了指标体系的名称；自拟的类别名称无法
    归入产出、效益、满意度、成本维度，评审与汇总都会出错。

    反例：
        | 产出指标 | 工作指标 | 开展活动次数 | … | ≥2次 |

    正例：
        | 产出指标 | 数量指标 | 开展活动次数 | … | ≥2次 |
    """

    code = "PG105"
    name = "unknown-category"
    severity = "warning"
    summary = {"zh": "未知的一级/二级指标名称", "en": "a name outside the indicator framework"}
    messages = {
        "level1": {
            "zh": "一级指标“{category}”不在指标体系之内",
            "en": "level-1 indicator “{category}” is outside the framework",
        },
        "level2": {
            "zh": "二级指标“{category}”不在指标体系之内",
            "en": "level-2 indicator “{category}” is outside the framework",
        },
    }
    options = ("framework",)
    doc_en = """
    A level-1 or level-2 name is outside the indicator framework (compared after dropping a
    trailing 指标 and folding common variants such as 效果指标, 进度指标, 环境效益指标).
    Each name is reported once per project.

    Why: 财预〔2015〕88号 and 财预〔2021〕101号 name the framework's categories; a home-made
    category cannot be placed under output, benefit, satisfaction or cost.

    Bad:
        | 产出指标 | 工作指标 | 开展活动次数 | … | ≥2次 |

    Good:
        | 产出指标 | 数量指标 | 开展活动次数 | … | ≥2次 |
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        for project in document.projects:
            table = table_for(framework_of(project, options))
            known = set(table).union(*table.values())
            seen: set[tuple[str, str]] = set()
            for indicator in project.indicators:
                for variant, raw, key in (
                    ("level1", indicator.level1, level_key(indicator.level1)),
                    ("level2", indicator.level2, level2_key(indicator.level2)),
                ):
                    if not key or key in known or (variant, key) in seen:
                        continue
                    seen.add((variant, key))
                    yield Fact(
                        params={"category": normalize(raw or "")},
                        project=project,
                        location=indicator.location,
                        context=row_text(indicator),
                        actual=normalize(raw or ""),
                        variant=variant,
                    )


class EmptyIndicator(Rule):
    """指标行没有三级指标名称，或没有指标值。

    为什么：财预〔2015〕88号要求绩效指标清晰、细化、可衡量；没有名称或没有目标值的指标
    无法考核，预算管理一体化系统也不接受空的指标值（实践）。

    反例：
        | 产出指标 | 数量指标 | 开展活动次数 | 开展活动次数 |  | 计划标准 |

    正例：
        | 产出指标 | 数量指标 | 开展活动次数 | 开展活动次数 | ≥2次 | 计划标准 |
    """

    code = "PG106"
    name = "empty-indicator"
    severity = "error"
    summary = {"zh": "指标行缺少三级指标或指标值", "en": "an indicator row without name or value"}
    messages = {
        "no_name": {
            "zh": "指标行没有三级指标名称（{level2}）",
            "en": "indicator row without a level-3 name ({level2})",
        },
        "no_value": {"zh": "三级指标“{name}”没有指标值", "en": "indicator “{name}” has no value"},
        "both": {
            "zh": "指标行既没有三级指标名称也没有指标值（{level2}）",
            "en": "indicator row with neither a level-3 name nor a value ({level2})",
        },
    }
    doc_en = """
    An indicator row has no level-3 name (三级指标) or no value (指标值).

    Why: 财预〔2015〕88号 asks for clear, specific, measurable indicators; a row without a
    name or a target cannot be assessed, and the budgeting system rejects empty values
    (practice).

    Bad:
        | 产出指标 | 数量指标 | 开展活动次数 | 开展活动次数 |  | 计划标准 |

    Good:
        | 产出指标 | 数量指标 | 开展活动次数 | 开展活动次数 | ≥2次 | 计划标准 |
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        for project in document.projects:
            for indicator in project.indicators:
                no_name = not _text(indicator.name)
                no_value = indicator.value.kind == "empty"
                if not (no_name or no_value):
                    continue
                variant = "both" if no_name and no_value else "no_name" if no_name else "no_value"
                params: dict[str, object] = {
                    "name": normalize(indicator.name or ""),
                    "level2": normalize(indicator.level2 or indicator.level1 or "—"),
                }
                yield Fact(
                    params=params,
                    project=project,
                    location=indicator.location,
                    context=row_text(indicator),
                    variant=variant,
                )


class DuplicateIndicator(Rule):
    """同一项目中，同一个二级指标下的同一个三级指标出现两次（比较时忽略空格与全角/半角差异）。
    在第二次出现处报告。

    为什么：财预〔2015〕88号要求指标细化、各有侧重；重复的指标多半是复制粘贴时忘了修改，
    也会在自评打分时被重复计分。

    反例：
        | 产出指标 | 数量指标 | 开展活动次数 | … | ≥2次 |
        |          | 数量指标 | 开展活动次数 | … | ≥3次 |

    正例：
        | 产出指标 | 数量指标 | 开展活动次数 | … | ≥2次 |
        |          | 数量指标 | 参与企业数量 | … | ≥10家 |
    """

    code = "PG107"
    name = "duplicate-indicator"
    severity = "warning"
    summary = {"zh": "重复的指标", "en": "the same indicator twice in one project"}
    messages = {
        "default": {
            "zh": "二级指标“{level2}”下的三级指标“{name}”重复出现",
            "en": "indicator “{name}” appears twice under {level2}",
        }
    }
    doc_en = """
    The same level-3 indicator appears twice under the same level-2 indicator in one project
    (compared without spaces and full-/half-width differences); reported on the second one.

    Why: 财预〔2015〕88号 asks for specific indicators; a duplicate is usually a copy-paste
    slip, and it is scored twice in the year-end self-assessment.

    Bad:
        | 产出指标 | 数量指标 | 开展活动次数 | … | ≥2次 |
        |          | 数量指标 | 开展活动次数 | … | ≥3次 |

    Good:
        | 产出指标 | 数量指标 | 开展活动次数 | … | ≥2次 |
        |          | 数量指标 | 参与企业数量 | … | ≥10家 |
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        for project in document.projects:
            seen: set[tuple[str, str]] = set()
            for indicator in project.indicators:
                key = (level2_key(indicator.level2), _text(indicator.name))
                if not key[1]:
                    continue
                if key in seen:
                    yield Fact(
                        params={
                            "level2": normalize(indicator.level2 or ""),
                            "name": normalize(indicator.name or ""),
                        },
                        project=project,
                        location=indicator.location,
                        context=row_text(indicator),
                    )
                seen.add(key)


def _number(value: Decimal) -> str:
    return format(value, "f")


class WeightSum(Rule):
    """有权重列的指标表中，一个项目的权重合计不是 100 或 90（可配置 weight_sums），或有
    权重 ≤ 0、无法读取的权重。

    为什么：权重合计为 100；年终评分时常为预算执行率预留 10 分，此时指标权重合计为 90
    （DOMAIN.md，实践）。≤ 0 的权重等于该指标不参与考核。

    反例：
        | 产出指标 | 数量指标 | 开展活动次数 | … | ≥2次 | 权重 20 |
        | 效益指标 | 社会效益指标 | 受益人数 | … | ≥500人次 | 权重 20 |（合计 40）

    正例：
        | 产出指标 | 数量指标 | 开展活动次数 | … | ≥2次 | 权重 50 |
        | 效益指标 | 社会效益指标 | 受益人数 | … | ≥500人次 | 权重 50 |（合计 100）
    """

    code = "PG108"
    name = "weight-sum"
    severity = "warning"
    summary = {"zh": "权重合计不是 100 或 90", "en": "weights do not sum to 100 or 90"}
    messages = {
        "default": {
            "zh": "权重合计为 {total}，应为 {expected}",
            "en": "the weights sum to {total}, expected {expected}",
        },
        "nonpositive": {
            "zh": "三级指标“{name}”的权重 {weight} 不大于 0",
            "en": "indicator “{name}” has weight {weight} ≤ 0",
        },
        "unreadable": {
            "zh": "三级指标“{name}”的权重“{weight}”不是数字",
            "en": "indicator “{name}” has a weight that is not a number: “{weight}”",
        },
    }
    options = ("weight_sums",)
    doc_en = """
    In a table with a 权重 column, the weights of one project do not sum to 100 or 90
    (option weight_sums), or a weight is ≤ 0 or not a number.

    Why: weights sum to 100, or to 90 where 10 points are kept for 预算执行率 in year-end
    scoring (DOMAIN.md, practice). A weight ≤ 0 takes the indicator out of the assessment.

    Bad:
        | 产出指标 | 数量指标 | 开展活动次数 | … | ≥2次 | weight 20 |
        | 效益指标 | 社会效益指标 | 受益人数 | … | ≥500人次 | weight 20 | (sum 40)

    Good:
        | 产出指标 | 数量指标 | 开展活动次数 | … | ≥2次 | weight 50 |
        | 效益指标 | 社会效益指标 | 受益人数 | … | ≥500人次 | weight 50 | (sum 100)
    """

    def check(self, document: Document, options: Options) -> Iterator[Fact]:
        accepted = " 或 ".join(_number(s) for s in options.weight_sums)
        for project in document.projects:
            rows = [i for i in project.indicators if i.weight is not None or i.weight_raw]
            if not rows:
                continue
            for indicator in rows:
                name = normalize(indicator.name or "")
                if indicator.weight is None:
                    raw = (indicator.weight_raw or "").strip()
                    yield Fact(
                        params={"name": name, "weight": raw},
                        project=project,
                        location=indicator.location,
                        actual=f"权重 {raw}",
                        context=row_text(indicator),
                        variant="unreadable",
                    )
                elif indicator.weight <= 0:
                    weight = _number(indicator.weight)
                    yield Fact(
                        params={"name": name, "weight": weight},
                        project=project,
                        location=indicator.location,
                        actual=f"权重 {weight}",
                        expected="权重 > 0",
                        context=row_text(indicator),
                        variant="nonpositive",
                    )
            weights = [i.weight for i in rows if i.weight is not None]
            total = sum(weights, Decimal(0))
            if weights and total not in options.weight_sums:
                yield Fact(
                    params={"total": _number(total), "expected": accepted},
                    project=project,
                    actual=f"权重合计 {_number(total)}",
                    expected=accepted,
                )
