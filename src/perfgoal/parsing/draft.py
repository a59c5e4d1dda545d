"""One project as its rows are read: labelled values are assigned to the model here, the
money block is collected and resolved when the project is complete.

Each field has its own assignment (no field set by name). Money is resolved at the end
because which label is 预算数 depends on the whole block: a form with 资金总额 and
当年资金总额 keeps the first as the total and the second as a part of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from perfgoal.model import Budget, BudgetPart, Location, Project, Unit
from perfgoal.parsing.cells import Label, LabelKind
from perfgoal.parsing.labels import AMOUNT_FIELDS, Field
from perfgoal.values import amount_unreadable, normalize, parse_amount, strip_numbering

PartOf = Literal["total", "fiscal", "other"]
_PART_OF: dict[str | None, PartOf] = {"total": "total", "fiscal": "fiscal", "other": "other"}

_GOAL_SPLIT = re.compile(r"(?<=[；;。])\s*(?=\d{1,2}\s*[.、．]\D)")
_UNIT_CELL = re.compile(r"^[\[【(（]?(\d{6})[\]】)）]?\s*(\S.*)$")
_SPACES = re.compile(r"\s+")
_OWN_UNITS = {"万": "万元", "万元": "万元", "元": "元", "千元": "千元"}
_OWN_UNITS.update({"亿": "亿元", "亿元": "亿元"})


def split_goals(text: str) -> list[str]:
    """``1.… 2.…`` (lines or one line) -> one goal each, numbering stripped."""
    goals = []
    for line in text.splitlines():
        for part in _GOAL_SPLIT.split(line.strip()):
            goal = strip_numbering(part).strip()
            if goal:
                goals.append(goal)
    return goals


def put_meta(meta: dict[str, str], name: str, text: str) -> None:
    """Keep a form field under its name; a second one of the same name gets ``（2）``…"""
    value = text.strip()
    if name not in meta:
        meta[name] = value
        return
    if meta[name] == value:
        return
    n = 2
    while f"{name}（{n}）" in meta:
        n += 1
    meta[f"{name}（{n}）"] = value


@dataclass(slots=True)
class MoneyEntry:
    label: Label
    raw: str
    location: Location


@dataclass
class ProjectDraft:
    """A project being filled; :meth:`finish` resolves its money block and amount unit."""

    project: Project
    segment_unit: str | None = None
    """The unit a unit line of this project's table states (单位：万元)."""
    default_unit: str | None = None
    """The document's unit (page header, first lines)."""
    label_unit: str | None = None
    """A unit written in a label of the table (项目资金（元）)."""
    money: list[MoneyEntry] = field(default_factory=list)
    identity: set[Field] = field(default_factory=set)

    @property
    def table_unit(self) -> str | None:
        return self.segment_unit or self.label_unit or self.default_unit

    def restarts(self, label: Label) -> bool:
        """Whether ``label`` starts the next project: an identifying label (项目名称,
        项目编码) this project already has."""
        return label.field in self.identity and label.kind is LabelKind.FIELD

    # -- assignment ------------------------------------------------------------------------
    def assign(self, label: Label, text: str, location: Location) -> None:
        if label.unit and self.label_unit is None:
            self.label_unit = label.unit
        if label.kind is LabelKind.META:
            put_meta(self.project.meta, label.name, text)
        elif label.kind is LabelKind.PART or label.field in AMOUNT_FIELDS:
            self.money.append(MoneyEntry(label, text.strip(), location))
        elif label.field is not None:
            self.assign_field(label.field, text, label)

    def assign_field(self, which: Field, text: str, label: Label | None = None) -> None:
        project, value = self.project, text.strip()
        if which in (Field.CODE, Field.NAME):
            self.identity.add(which)
        if which is Field.CODE:
            project.code = _SPACES.sub("", normalize(value))
        elif which is Field.NAME:
            project.name = value
        elif which is Field.PURPOSE:
            project.purpose = value or None
        elif which is Field.GOALS:
            project.goals.extend(split_goals(text))
        elif which is Field.LONG_GOALS:
            project.long_term_goals.extend(split_goals(text))
        elif which is Field.UNIT:
            self._unit(value, label)

    def _unit(self, value: str, label: Label | None) -> None:
        if self.project.unit is not None:
            if value and value != self.project.unit.name:
                # a second unit label (填报单位 beside 预算单位) naming another unit: kept
                put_meta(self.project.meta, label.name if label else "单位名称", value)
            return
        match = _UNIT_CELL.match(value)
        if match and re.match(r"[\u4e00-\u9fff]", match.group(2)):
            self.project.unit = Unit(code=match.group(1), name=match.group(2).strip())
        else:
            self.project.unit = Unit(code=None, name=value or None)

    def add_amount(self, which: Field, raw: str, location: Location) -> None:
        """An amount given outside a label cell (a flat sheet's 预算数 column)."""
        label = Label(LabelKind.FIELD, which.value, which.value, field=which)
        self.money.append(MoneyEntry(label, raw.strip(), location))

    # -- the end ---------------------------------------------------------------------------
    def finish(self) -> Project:
        project = self.project
        project.amount_unit = self.table_unit or self._own_unit()
        if self.money:
            project.budget = resolve_budget(self.money, project.amount_unit)
        if any(e.label.field in (Field.BASIC, Field.PROJECT) for e in self.money):
            project.kind = "department"
        return project

    def _own_unit(self) -> str | None:
        """With no unit line anywhere, the unit the amounts carry themselves (``10000万元``)."""
        for entry in self.money:
            unit = parse_amount(entry.raw).unit
            if unit is not None:
                return _OWN_UNITS.get(unit)
        return None


def resolve_budget(entries: list[MoneyEntry], unit: str | None) -> Budget:
    """The five named amounts and the parts. For each named amount the first label that is
    not "this year's share" wins (资金总额 before 当年资金总额); the other labels of that
    amount become parts of it. A ``其中`` part belongs to what its label names
    (当年财政拨款 → 财政资金) or else to the amount named just before it."""
    first = next((e for e in entries if e.raw), entries[0])
    budget = Budget(location=first.location)
    primary: dict[Field, MoneyEntry] = {}
    for amount in AMOUNT_FIELDS:
        named = [e for e in entries if e.label.field is amount]
        if named:
            primary[amount] = next((e for e in named if not e.label.annual), named[0])
    last: str | None = None
    for entry in entries:
        which = entry.label.field
        if which is not None and primary.get(which) is entry:
            _set_amount(budget, which, entry, unit)
            last = which.value
            continue
        of: str | None
        if which is not None:
            of = which.value if entry.label.annual else None
        elif entry.label.qizhong:
            of = entry.label.part_of or last
        else:
            of = None
        value = parse_amount(entry.raw, unit).value if entry.raw else None
        budget.parts.append(
            BudgetPart(
                label=entry.label.text.strip(),
                amount=value,
                of=_PART_OF.get(of),
                raw=entry.raw or None,
                unreadable=amount_unreadable(entry.raw, value),
                location=entry.location,
            )
        )
    return budget


def _set_amount(budget: Budget, which: Field, entry: MoneyEntry, unit: str | None) -> None:
    if not entry.raw:
        return
    budget.raw[which.value] = entry.raw
    value = parse_amount(entry.raw, unit).value
    if amount_unreadable(entry.raw, value):
        budget.unreadable.append(which.value)
    if which is Field.TOTAL:
        budget.total = value
    elif which is Field.FISCAL:
        budget.fiscal = value
    elif which is Field.OTHER:
        budget.other = value
    elif which is Field.BASIC:
        budget.basic = value
    elif which is Field.PROJECT:
        budget.project = value
