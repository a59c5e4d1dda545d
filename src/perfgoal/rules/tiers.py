"""PG102–PG105: the indicator framework's tiers: every required 一级 and 二级 is there, each
二级 stands under its own 一级, and no name is outside the framework (docs/domain.md "The indicator
framework"; 财预〔2021〕101号)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from perfgoal.framework import LEVEL2_ORDER, REQUIRED_LEVEL2
from perfgoal.model import Document, Indicator, Project
from perfgoal.options import FrameworkOptions
from perfgoal.rules._common import (
    framework_of,
    is_satisfaction,
    level2_key,
    level_key,
    row_text,
    table_for,
    tier_label,
)
from perfgoal.rules.base import Fact, Rule
from perfgoal.values import normalize

# The 一级 a 二级 name belongs to is looked up in this order: 服务对象满意度 is listed under
# both 效益 (legacy forms) and 满意度; its home is 满意度.
_HOME_ORDER = ("产出", "成本", "满意度", "效益")


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
    options = FrameworkOptions
    doc_en = """
    A level-1 indicator is missing: “产出指标”, “效益指标” and “满意度指标” are required, and
    “成本指标” too under the 2021 framework. A project without any indicator row is reported here.

    Why: “财预〔2015〕88号” asks for output, benefit and satisfaction indicators;
    “财预〔2021〕101号” makes “成本指标” a level-1 indicator. A “社会公众或服务对象满意度指标” row
    inside the “效益” block counts as the satisfaction indicator.
    """

    def check(
        self, document: Document, options: FrameworkOptions
    ) -> Iterator[Fact[Literal["default", "no_table"]]]:
        for project in document.projects:
            required = ["产出", "效益", "满意度"]
            if framework_of(project, options) == "2021":
                required.insert(1, "成本")
            if not project.indicators:
                labels = [tier_label(k) for k in required]
                yield Fact(params={"level1": labels}, project=project, variant="no_table")
                continue
            present = _present_level1(project)
            for key in required:
                if key not in present:
                    yield Fact(
                        params={"level1": tier_label(key)},
                        project=project,
                        expected=tier_label(key),
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
    options = FrameworkOptions
    doc_en = """
    A level-1 indicator lacks a required level-2 one: “产出指标” needs “数量”, “质量” and
    “时效指标”; “满意度指标” needs “服务对象满意度指标”; “效益指标” (and “成本指标” under the 2021
    framework) needs at least one level-2 indicator.

    Why: the frameworks of “财预〔2015〕88号” and “财预〔2021〕101号” define these level-2
    indicators; without a “时效指标” nobody can tell whether the project will finish in time.
    """

    def check(
        self, document: Document, options: FrameworkOptions
    ) -> Iterator[Fact[Literal["default", "none"]]]:
        for project in document.projects:
            need_any = ["效益"]
            if framework_of(project, options) == "2021":
                need_any.append("成本")
            for key, rows in _blocks(project).items():
                names = {level2_key(i.level2) for i in rows} - {""}
                level1 = tier_label(key)
                for level2 in REQUIRED_LEVEL2.get(key, ()):
                    if level2 not in names:
                        yield Fact(
                            params={"level1": level1, "level2": tier_label(level2)},
                            project=project,
                            location=rows[0].location,
                            expected=tier_label(level2),
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
    options = FrameworkOptions
    doc_en = """
    A level-2 indicator stands under a level-1 indicator it does not belong to, e.g.
    “经济效益指标” under “产出指标” or “数量指标” under “效益指标”. The legacy framework keeps
    “成本指标” under “产出指标”; under the 2021 framework “成本指标” is a level-1 indicator with
    “经济/社会/生态环境成本指标” under it, so “成本指标” under “产出指标” is misplaced.

    Why: the frameworks of “财预〔2015〕88号” and “财预〔2021〕101号” fix where each level-2
    indicator belongs; a misplaced one mixes outputs and benefits up.
    """

    def check(
        self, document: Document, options: FrameworkOptions
    ) -> Iterator[Fact[Literal["default", "level1"]]]:
        for project in document.projects:
            table = table_for(framework_of(project, options))
            for indicator in project.indicators:
                level1, level2 = level_key(indicator.level1), level2_key(indicator.level2)
                if level1 not in table or not level2 or level2 in table[level1]:
                    continue
                home = _home(level2, table)
                if home is None or home == level1:
                    continue
                variant: Literal["default", "level1"] = "level1" if home == level2 else "default"
                expected = tier_label(home)
                if variant == "level1":
                    expected = f"一级指标 {expected}（二级：{'/'.join(_ordered(table[home]))}）"
                yield Fact(
                    params={
                        "level1": tier_label(level1),
                        "level2": tier_label(level2),
                        "home": tier_label(home),
                    },
                    project=project,
                    location=indicator.location,
                    expected=expected,
                    actual=f"{tier_label(level1)} / {tier_label(level2)}",
                    context=row_text(indicator),
                    variant=variant,
                )


def _ordered(names: set[str]) -> list[str]:
    return [tier_label(n) for n in sorted(names, key=lambda n: (*LEVEL2_ORDER, n).index(n))]


class UnknownCategory(Rule):
    """一级或二级指标的名称不在指标体系之内（去掉末尾“指标”、合并常见写法如“效果指标”
    “进度指标”“环境效益指标”之后比较）。每个项目中每个名称只报告一次。

    为什么：财预〔2015〕88号与财预〔2021〕101号规定了指标体系的名称；自拟的类别名称无法
    归入产出、效益、满意度、成本维度，评审与汇总都会出错。
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
    options = FrameworkOptions
    doc_en = """
    A level-1 or level-2 name is outside the indicator framework (compared after dropping a
    trailing “指标” and folding common variants such as “效果指标”, “进度指标”, “环境效益指标”).
    Each name is reported once per project.

    Why: “财预〔2015〕88号” and “财预〔2021〕101号” name the framework's categories; a home-made
    category cannot be placed under output, benefit, satisfaction or cost.
    """

    def check(
        self, document: Document, options: FrameworkOptions
    ) -> Iterator[Fact[Literal["level1", "level2"]]]:
        for project in document.projects:
            table = table_for(framework_of(project, options))
            known = set(table).union(*table.values())
            seen: set[tuple[str, str]] = set()
            for indicator in project.indicators:
                tiers: tuple[tuple[Literal["level1", "level2"], str | None, str], ...] = (
                    ("level1", indicator.level1, level_key(indicator.level1)),
                    ("level2", indicator.level2, level2_key(indicator.level2)),
                )
                for variant, raw, key in tiers:
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
