"""Small builders for rule tests: a clean, complete project by default, so a test changes
only the one thing it is about (the smallest input that fires a rule, the nearest that
must not)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from perfgoal.config import Config, build_config
from perfgoal.engine import check_document
from perfgoal.findings import Finding
from perfgoal.messages import Lang
from perfgoal.model import (
    Budget,
    Checkpoint,
    Document,
    Indicator,
    Location,
    Overview,
    OverviewItem,
    Project,
    Source,
    SpendPlan,
    Unit,
)
from perfgoal.values import parse_value

UNIT = Unit(code="306001", name="沧州临港经济技术开发区循环经济促进中心本级")


def ind(
    level1: str | None,
    level2: str | None,
    name: str | None,
    value: str | None,
    basis: str | None = "计划标准",
    description: str | None = None,
    *,
    row: int | None = None,
    **extra: Any,
) -> Indicator:
    """An indicator row; ``value`` goes through the real 指标值 normalisation."""
    operator_text = extra.pop("operator_text", None)
    unit_text = extra.pop("unit_text", None)
    return Indicator(
        level1=level1,
        level2=level2,
        name=name,
        description=description if description is not None else (f"{name}说明" if name else None),
        value=parse_value(value, operator_text=operator_text, unit_text=unit_text),
        basis=basis,
        operator_text=operator_text,
        unit_text=unit_text,
        location=Location(table=2, row=row),
        **extra,
    )


def legacy_indicators() -> list[Indicator]:
    """A complete, clean legacy-framework indicator table (成本指标 under 产出指标)."""
    return [
        ind("产出指标", "数量指标", "开展活动次数", "≥2次"),
        ind("产出指标", "质量指标", "活动完成率", "100%"),
        ind("产出指标", "时效指标", "完成时间", "≤12个月"),
        ind("产出指标", "成本指标", "项目成本", "≤4万元"),
        ind("效益指标", "社会效益指标", "受益人数", "≥500人次"),
        ind("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%"),
    ]


def indicators_2021() -> list[Indicator]:
    """A complete, clean 2021-framework table (成本指标 as 一级指标)."""
    return [
        ind("产出指标", "数量指标", "开展活动次数", "≥2次"),
        ind("产出指标", "质量指标", "活动完成率", "100%"),
        ind("产出指标", "时效指标", "完成时间", "≤12个月"),
        ind("成本指标", "经济成本指标", "活动经费", "≤4万元"),
        ind("效益指标", "社会效益指标", "受益人数", "≥500人次"),
        ind("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%"),
    ]


def project(
    seq: int = 1,
    *,
    code: str | None = "13091625P00024010001J",
    name: str | None = "2025科技创新环境建设",
    total: str | None = "4.00",
    fiscal: str | None = "4.00",
    other: str | None = None,
    plan: tuple[str | None, ...] | None = ("1.00", "2.00", "3.00", "4.00"),
    plan_unit: str | None = None,
    goals: list[str] | None = None,
    indicators: list[Indicator] | None = None,
    amount_unit: str | None = "万元",
    unit: Unit | None = UNIT,
    **extra: Any,
) -> Project:
    """A clean project table; pass only what the test is about."""
    checkpoints = None
    if plan is not None:
        labels = ["3月底", "6月底", "10月底", "12月底"][: len(plan)]
        checkpoints = SpendPlan(
            unit_label=plan_unit,
            checkpoints=[
                Checkpoint(
                    label=label,
                    month=int(label[:-2]),
                    amount=Decimal(a) if a is not None else None,
                    raw=a,
                )
                for label, a in zip(labels, plan, strict=True)
            ],
        )
    budget = Budget(
        total=Decimal(total) if total is not None else None,
        fiscal=Decimal(fiscal) if fiscal is not None else None,
        other=Decimal(other) if other is not None else None,
        raw={k: v for k, v in (("total", total), ("fiscal", fiscal), ("other", other)) if v},
    )
    return Project(
        seq=seq,
        title=f"{name}绩效目标表" if name else None,
        unit=unit,
        code=code,
        name=name,
        budget=budget,
        purpose=f"用于{name}" if name else None,
        spend_plan=checkpoints,
        goals=goals if goals is not None else ["促进开发区创新体系建设进一步完善。"],
        indicators=indicators if indicators is not None else legacy_indicators(),
        location=Location(table=seq * 2 - 1, row=1),
        amount_unit=amount_unit,
        **extra,
    )


def document(
    *projects: Project, overview: Overview | None = None, year: int | None = 2025, **extra: Any
) -> Document:
    return Document(
        source=Source(path="draft.txt", format="txt", sha256="0" * 64),
        unit=UNIT,
        amount_unit="万元",
        year=year,
        overview=overview,
        projects=list(projects) if projects else [project()],
        **extra,
    )


def overview(*names: str) -> Overview:
    return Overview(
        overall_goal="发挥政府职能作用。",
        items=[
            OverviewItem(seq=i, name=n, goal="目标", indicator="指标")
            for i, n in enumerate(names, start=1)
        ],
        safeguards="完善制度建设。",
    )


def config(**data: Any) -> Config:
    return build_config(data)


def check(code: str, doc: Document, *, lang: Lang = "en", **options: Any) -> list[Finding]:
    """Findings of one rule over ``doc`` (English messages unless ``lang``; severity as
    configured)."""
    return check_document(doc, build_config({"select": [code], **options}), lang)


def stated(document: Document, *, draft: bool = False) -> dict[str, Any]:
    """``document`` as a dump without its ``source`` and with each location as it stood in
    the original, nulls left out: a draft's ``source_location`` (with ``draft``), else the
    location itself. A document and its YAML/JSON draft read back are the same under it,
    though the draft's locations are its own lines."""
    return stated_data(document.model_dump(exclude={"source"}), draft=draft)


def stated_data(node: Any, *, draft: bool = False) -> Any:
    """:func:`stated` of a document's JSON data (``parse -f json`` output, say)."""
    if isinstance(node, dict):
        if {"line", "table", "row", "cell"} <= node.keys():  # a Location
            given = (node.get("source_location") or {}) if draft else node
            return {k: v for k, v in given.items() if v is not None and k != "source_location"}
        return {key: stated_data(value, draft=draft) for key, value in node.items()}
    if isinstance(node, list):
        return [stated_data(item, draft=draft) for item in node]
    return node
