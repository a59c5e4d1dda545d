"""Field-level comparison of two matched projects (or documents): budget and every part,
spend-plan checkpoints, goals, long-term goals, form fields (meta), 年度履职目标 rows.

Text is compared after normalisation (full-width forms, spaces), amounts as numbers in a
common unit; what is shown is the text as each version writes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TypeVar

from rapidfuzz import fuzz

from perfgoal.diff.model import FieldChange
from perfgoal.model import (
    Budget,
    Checkpoint,
    Duty,
    Overview,
    OverviewItem,
    Project,
    SpendPlan,
    Unit,
)
from perfgoal.rules.base import Lang
from perfgoal.values import convert_amount, label_key, normalize

T = TypeVar("T")

LABELS: dict[Lang, dict[str, str]] = {
    "zh": {
        "code": "项目编码",
        "name": "项目名称",
        "title": "表名",
        "unit": "预算单位",
        "purpose": "资金用途",
        "kind": "表的类型",
        "amount_unit": "金额单位",
        "budget.total": "预算数",
        "budget.fiscal": "财政资金",
        "budget.other": "其他资金",
        "budget.basic": "基本支出",
        "budget.project": "项目支出",
        "budget.parts": "其中",
        "spend_plan": "资金支出计划",
        "spend_plan.unit_label": "资金支出计划单位",
        "goals": "绩效目标",
        "long_term_goals": "中长期目标",
        "meta": "表中信息",
        "duties": "年度履职目标",
        "year": "年度",
        "overview.overall_goal": "总体绩效目标",
        "overview.safeguards": "工作保障措施",
        "overview.items": "分项绩效目标",
        "level1": "一级指标",
        "level2": "二级指标",
        "indicator.name": "三级指标",
        "description": "指标描述",
        "value": "指标值",
        "basis": "指标值确定依据",
        "nature": "指标性质",
        "weight": "权重",
        "direction": "指标方向",
    },
    "en": {
        "code": "project code",
        "name": "project name",
        "title": "table title",
        "unit": "budget unit",
        "purpose": "purpose of funds",
        "kind": "kind of table",
        "amount_unit": "amount unit",
        "budget.total": "budget",
        "budget.fiscal": "fiscal funds",
        "budget.other": "other funds",
        "budget.basic": "basic expenditure",
        "budget.project": "project expenditure",
        "budget.parts": "part",
        "spend_plan": "spend plan",
        "spend_plan.unit_label": "spend plan unit",
        "goals": "goal",
        "long_term_goals": "long-term goal",
        "meta": "form field",
        "duties": "annual duty",
        "year": "year",
        "overview.overall_goal": "overall goal",
        "overview.safeguards": "safeguards",
        "overview.items": "sub-goal",
        "level1": "level 1",
        "level2": "level 2",
        "indicator.name": "indicator",
        "description": "description",
        "value": "target value",
        "basis": "basis",
        "nature": "nature",
        "weight": "weight",
        "direction": "direction",
    },
}
PAIR_SCORE = 60.0  # a removed and an added goal this similar are shown as one changed goal


def text_key(text: str | None) -> str:
    """What two texts are compared by: normalised, without spaces."""
    return normalize(text or "").replace(" ", "")


def shown(text: str | None) -> str | None:
    return None if text is None or not text.strip() else text.strip()


def amount_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


class Fields:
    """Collects :class:`FieldChange` objects in one language."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.changes: list[FieldChange] = []

    def label(self, field: str, detail: str | None = None) -> str:
        base = LABELS[self.lang].get(field.split("[", 1)[0], field)
        return f"{base} {detail}" if detail else base

    def add(self, field: str, old: str | None, new: str | None, detail: str | None = None) -> None:
        kind = "added" if old is None else "removed" if new is None else "changed"
        self.changes.append(
            FieldChange(field=field, label=self.label(field, detail), kind=kind, old=old, new=new)
        )

    def text(self, field: str, old: str | None, new: str | None, detail: str | None = None) -> None:
        if text_key(old) != text_key(new):
            self.add(field, shown(old), shown(new), detail)

    def money(
        self,
        field: str,
        old: tuple[Decimal | None, str | None],
        new: tuple[Decimal | None, str | None],
        detail: str | None = None,
    ) -> None:
        """Amounts with their units: equal when they are the same sum of money."""
        (a, unit_a), (b, unit_b) = old, new
        if a is None and b is None:
            return
        if a is not None and b is not None:
            left = convert_amount(a, unit_a, "元") if unit_a != unit_b else a
            right = convert_amount(b, unit_b, "元") if unit_a != unit_b else b
            if (left if left is not None else a) == (right if right is not None else b):
                return
        self.add(field, _with_unit(a, unit_a, unit_b), _with_unit(b, unit_b, unit_a), detail)

    def lists(self, field: str, old: Sequence[str], new: Sequence[str]) -> None:
        """Items added or removed (order alone is not a change); a removed and an added
        item alike enough are shown as one changed item."""
        removed, added = _multiset_minus(old, new), _multiset_minus(new, old)
        for before, after in pair_similar(removed, added, lambda t: text_key(t), PAIR_SCORE):
            self.add(field, before, after)


def _with_unit(value: Decimal | None, unit: str | None, other_unit: str | None) -> str | None:
    if value is None:
        return None
    text = format(value, "f")
    return f"{text} {unit}" if unit and unit != other_unit else text


def _multiset_minus(items: Sequence[str], other: Sequence[str]) -> list[str]:
    left = [text_key(x) for x in other]
    out = []
    for item in items:
        key = text_key(item)
        if key in left:
            left.remove(key)
        elif key:
            out.append(item)
    return out


def pair_similar(
    removed: Sequence[T], added: Sequence[T], key: Callable[[T], str], min_score: float
) -> Iterator[tuple[T | None, T | None]]:
    """Pairs (old, new) of the most similar items first (rapidfuzz ratio ≥ ``min_score``),
    then the rest alone, removed ones first; both in their original order."""
    scores = sorted(
        (
            (fuzz.ratio(key(a), key(b)), i, j)
            for i, a in enumerate(removed)
            for j, b in enumerate(added)
        ),
        key=lambda item: (-item[0], item[1], item[2]),
    )
    taken_old: dict[int, int] = {}
    taken_new: set[int] = set()
    for score, i, j in scores:
        if score < min_score:
            break
        if i not in taken_old and j not in taken_new:
            taken_old[i] = j
            taken_new.add(j)
    for i, item in enumerate(removed):
        yield item, (added[taken_old[i]] if i in taken_old else None)
    for j, item in enumerate(added):
        if j not in taken_new:
            yield None, item


def unit_text(unit: Unit | None) -> str | None:
    if unit is None:
        return None
    return " ".join(x for x in (unit.code, unit.name) if x) or None


def compare_budget(
    fields: Fields, old: Project, new: Project, units: tuple[str | None, ...]
) -> None:
    unit_a, unit_b = units
    a, b = old.budget, new.budget
    for name in ("total", "fiscal", "other", "basic", "project"):
        fields.money(f"budget.{name}", (getattr(a, name), unit_a), (getattr(b, name), unit_b))
        _raw_only(fields, f"budget.{name}", a, b, name)
    old_parts = {label_key(p.label): p for p in a.parts}
    new_parts = {label_key(p.label): p for p in b.parts}
    for key in [*old_parts, *(k for k in new_parts if k not in old_parts)]:
        before, after = old_parts.get(key), new_parts.get(key)
        label = (after or before).label  # type: ignore[union-attr]
        field = f"budget.parts[{label}]"
        if before is None or after is None:
            part = before or after
            assert part is not None
            value = amount_text(part.amount) or shown(part.raw) or ""
            fields.add(field, value if before else None, value if after else None, label)
            continue
        fields.money(field, (before.amount, unit_a), (after.amount, unit_b), label)
        if before.of != after.of:
            fields.add(f"{field}.of", before.of or "—", after.of or "—", label)


def _raw_only(fields: Fields, field: str, a: Budget, b: Budget, name: str) -> None:
    """An amount that cannot be read (``四万``) is compared as written."""
    if getattr(a, name) is None and getattr(b, name) is None:
        fields.text(field, a.raw.get(name), b.raw.get(name))


def _checkpoint_key(checkpoint: Checkpoint) -> str:
    return f"m{checkpoint.month}" if checkpoint.month is not None else text_key(checkpoint.label)


def compare_plan(
    fields: Fields, old: SpendPlan | None, new: SpendPlan | None, units: tuple[str | None, ...]
) -> None:
    unit_a, unit_b = units
    if old is None and new is None:
        return
    if old is None or new is None:
        plan = old or new
        assert plan is not None
        text = "；".join(f"{c.label} {amount_text(c.amount) or '—'}" for c in plan.checkpoints)
        fields.add("spend_plan", text if old else None, text if new else None)
        return
    fields.text("spend_plan.unit_label", old.unit_label, new.unit_label)
    before = {_checkpoint_key(c): c for c in old.checkpoints}
    after = {_checkpoint_key(c): c for c in new.checkpoints}
    for key in [*before, *(k for k in after if k not in before)]:
        a, b = before.get(key), after.get(key)
        label = (b or a).label  # type: ignore[union-attr]
        field = f"spend_plan[{label}]"
        if a is None or b is None:
            point = a or b
            assert point is not None
            value = amount_text(point.amount) or "—"
            fields.add(field, value if a else None, value if b else None, label)
        elif a.amount is None and b.amount is None:
            fields.text(field, a.raw, b.raw, label)
        else:
            fields.money(field, (a.amount, unit_a), (b.amount, unit_b), label)


def compare_meta(fields: Fields, old: dict[str, str], new: dict[str, str]) -> None:
    before = {label_key(k): (k, v) for k, v in old.items()}
    after = {label_key(k): (k, v) for k, v in new.items()}
    for key in [*before, *(k for k in after if k not in before)]:
        a, b = before.get(key), after.get(key)
        label = (b or a)[0]  # type: ignore[index]
        fields.text(f"meta[{label}]", a[1] if a else None, b[1] if b else None, label)


def _duty_key(duty: Duty) -> str:
    return "|".join(text_key(x) for x in (duty.function, duty.task, duty.item))


def _duty_text(duty: Duty) -> str:
    cells = [duty.function, duty.task, duty.item, amount_text(duty.amount) or duty.raw]
    return " | ".join(c or "" for c in cells)


def compare_duties(fields: Fields, old: Iterable[Duty], new: Iterable[Duty]) -> None:
    fields.lists("duties", [_duty_text(d) for d in old], [_duty_text(d) for d in new])


def compare_overview(fields: Fields, old: Overview | None, new: Overview | None) -> None:
    a, b = old or Overview(), new or Overview()
    fields.text("overview.overall_goal", a.overall_goal, b.overall_goal)
    fields.text("overview.safeguards", a.safeguards, b.safeguards)

    def item(o: OverviewItem) -> str:
        return " | ".join(x or "" for x in (o.name, o.goal, o.indicator))

    fields.lists("overview.items", [item(i) for i in a.items], [item(i) for i in b.items])


def compare_project_fields(
    fields: Fields, old: Project, new: Project, units: tuple[str | None, ...]
) -> None:
    fields.text("code", old.code, new.code)
    fields.text("name", old.name, new.name)
    fields.text("title", old.title, new.title)
    fields.text("unit", unit_text(old.unit), unit_text(new.unit))
    fields.text("kind", old.kind, new.kind)
    fields.text("amount_unit", units[0], units[1])
    compare_budget(fields, old, new, units)
    fields.text("purpose", old.purpose, new.purpose)
    compare_plan(fields, old.spend_plan, new.spend_plan, units)
    fields.lists("goals", old.goals, new.goals)
    fields.lists("long_term_goals", old.long_term_goals, new.long_term_goals)
    compare_meta(fields, old.meta, new.meta)
    compare_duties(fields, old.duties, new.duties)
