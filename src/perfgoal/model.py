"""The document model: the JSON contract of ``perfgoal parse`` (docs/model.md).

Every field name here is part of the contract. Money and numbers are kept as
:class:`~decimal.Decimal` (exact, never floats) and serialise as plain decimal strings
(``"4.00"``, never ``"4E+0"``), in the unit of the table they came from.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, computed_field, model_validator

from perfgoal.limits import NOTES_LISTED
from perfgoal.messages import Message, message

SCHEMA_VERSION: Literal[1] = 1


def decimal_text(value: Decimal) -> str:
    """``Decimal('4.00')`` -> ``'4.00'``: the decimal as written, never an exponent
    (re-exported by :mod:`perfgoal.values`, where the other value helpers are)."""
    return format(value, "f")


Amount = Annotated[
    Decimal,
    PlainSerializer(decimal_text, return_type=str, when_used="always"),
    Field(json_schema_extra={"pattern": r"^-?\d+(\.\d+)?$"}),
]
"""An exact decimal, serialised as a string such as ``"8827620.53"``."""

Operator = Literal[">=", "<=", "=", ">", "<"]
ValueKind = Literal["quantitative", "range", "qualitative", "empty"]
ValueForm = Literal["ok", "malformed", "placeholder", "empty"]
"""How a 指标值 is written, as the parser decided it: ``ok`` (read, or plain text),
``malformed`` (looks numeric but cannot be read, PG301), ``placeholder`` (only ``* _ - X``,
PG308), ``empty`` (blank)."""
SourceFormat = Literal[
    "docx", "txt", "yaml", "json", "pdf", "xlsx", "xls", "html", "doc", "wps", "et", "rtf", "odt"
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=False, validate_assignment=False)


_M = TypeVar("_M", bound=BaseModel)
_set = object.__setattr__


def trusted(model: type[_M], values: dict[str, Any]) -> _M:
    """``model.model_construct(**values)`` for ``values`` built by perfgoal's own code that
    name every field of ``model`` in declaration order (no alias, default, private attribute
    or post-init hook to apply): the same instance, at a fraction of the cost (pydantic's
    ``model_construct`` walks the fields in Python; a seed-size file builds ~150 findings).
    tests/test_model_trusted.py checks the result against ``model_construct``."""
    instance = model.__new__(model)
    _set(instance, "__dict__", values)
    _set(instance, "__pydantic_fields_set__", set(values))
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", None)
    return instance


class _Position(_Model):
    line: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None
    page: int | None = None
    sheet: str | None = None
    cell: str | None = None


class SourceLocation(_Position):
    """Where something stood in the document a YAML/JSON draft was made from: the fields
    of :class:`Location` (``line`` of a text export, ``table``/``row``/``column`` of a Word
    table, ``page``, ``sheet``/``cell``)."""


class Location(_Position):
    """Where something stands: ``line`` for text exports, ``table``/``row``/``column`` for
    Word tables (all 1-based). Text exports also number their tables and rows. ``page`` is
    the PDF page, ``sheet``/``cell`` the Excel sheet and cell address (``B7``). In a YAML/JSON
    draft, ``line`` is the draft's own line and ``source_location`` where the content stood
    in the document the draft was made from."""

    source_location: SourceLocation | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="where it stood in the document a YAML/JSON draft was made from "
        "(written by to-yaml; left out when there is none)",
    )

    @property
    def stated(self) -> _Position:
        """Where the content stood in the document it was read from: a draft's
        ``source_location`` (when it states one), else this location. Rules that speak of
        pages, sheets or table numbers read this, so a draft reports as its original."""
        return self.source_location or self


class Source(_Model):
    path: str
    format: SourceFormat
    sha256: str
    converted_to: Literal["docx"] | None = None
    """Set when LibreOffice converted the file (.doc, .wps, .rtf, .odt) before it was read:
    table/row/column locations then count in the converted document."""


class Unit(_Model):
    """预算单位: the budget unit, e.g. ``306001`` 沧州临港经济技术开发区循环经济促进中心本级."""

    code: str | None = None
    name: str | None = None


class OverviewItem(_Model):
    """One 分项绩效目标 of the 部门整体绩效目标 part."""

    seq: int
    name: str
    goal: str | None = None
    indicator: str | None = None


class Overview(_Model):
    """第一部分 部门整体绩效目标."""

    overall_goal: str | None = None
    items: list[OverviewItem] = Field(default_factory=list)
    safeguards: str | None = None


def _unreadable(raw: str | None, amount: Amount | None) -> bool:
    """Whether ``raw`` holds text but no readable amount (the models' ``unreadable``)."""
    # values builds on this module, so it is imported here; from the submodule, not the
    # package: a package's ``from … import`` runs importlib's _handle_fromlist (Python) on
    # every call, 2% of a seed-size file's time with four models calling it
    from perfgoal.values.amounts import amount_unreadable

    return amount_unreadable(raw, amount)


class BudgetPart(_Model):
    """A labelled amount of the money block beyond the five named ones (上年结转资金,
    其中：当年财政拨款, 中央补助, 年度资金申请总额 …). ``of`` names the amount a ``其中`` part
    belongs to."""

    label: str
    amount: Amount | None = None
    of: Literal["total", "fiscal", "other"] | None = None
    raw: str | None = None
    unreadable: bool = False
    """True when ``raw`` holds text but no readable amount (``四万元``, ``4.0O``)."""
    location: Location = Field(default_factory=Location)

    @model_validator(mode="after")
    def _classified(self) -> BudgetPart:
        if "unreadable" not in self.model_fields_set:
            self.unreadable = _unreadable(self.raw, self.amount)
        return self


class Budget(_Model):
    """预算数 and its parts, in the table's amount unit.

    ``raw`` keeps the text of every amount cell as written (``"8,827,620.53"``, ``"250万"``,
    ``"四万"``), keyed by field name, so that an unreadable amount is reported, not lost;
    ``unreadable`` names the fields whose text holds no readable amount.
    """

    total: Amount | None = None
    fiscal: Amount | None = None
    other: Amount | None = None
    basic: Amount | None = None
    project: Amount | None = None
    parts: list[BudgetPart] = Field(default_factory=list)
    raw: dict[str, str] = Field(default_factory=dict)
    unreadable: list[str] = Field(default_factory=list)
    location: Location = Field(default_factory=Location)
    """The row holding 预算数 (or 资金总额)."""

    @model_validator(mode="after")
    def _classified(self) -> Budget:
        if "unreadable" not in self.model_fields_set:
            fields = ("total", "fiscal", "other", "basic", "project")
            amounts = {field: getattr(self, field) for field in fields}
            self.unreadable = [
                field
                for field, raw in self.raw.items()
                if field in amounts and _unreadable(raw, amounts[field])
            ]
        return self


class Checkpoint(_Model):
    """One column of the cumulative 资金支出计划 (3月底 … 12月底). A blank cell is ``None``."""

    label: str
    month: int | None = None
    amount: Amount | None = None
    raw: str | None = None
    unreadable: bool = False
    """True when ``raw`` holds text but no readable amount."""

    @model_validator(mode="after")
    def _classified(self) -> Checkpoint:
        if "unreadable" not in self.model_fields_set:
            self.unreadable = _unreadable(self.raw, self.amount)
        return self


class SpendPlan(_Model):
    """资金支出计划: ``unit_label`` is what the header says the values are in (``%``)."""

    unit_label: str | None = None
    checkpoints: list[Checkpoint] = Field(default_factory=list)
    location: Location = Field(default_factory=Location)


class IndicatorValue(_Model):
    """指标值, normalised; ``raw`` is the cell exactly as written, ``form`` what the parser
    decided about how it is written (rules read it and never re-read ``raw``). A draft that
    gives no ``form`` has it classified from ``raw`` and ``kind`` when it is loaded."""

    raw: str | None = None
    kind: ValueKind = "empty"
    form: ValueForm = "empty"
    operator: Operator | None = None
    number: Amount | None = None
    upper: Amount | None = None
    unit: str | None = None
    operator_conflict: bool = Field(
        default=False,
        description="the cell's own operator contradicts the 计算符号 column's (PG310)",
    )

    @model_validator(mode="after")
    def _classified(self) -> IndicatorValue:
        if "form" not in self.model_fields_set:
            from perfgoal.values import value_form  # values builds on this module

            self.form = value_form(self.raw, self.kind)
        return self


class Indicator(_Model):
    """One 三级指标 row of the indicator table."""

    level1: str | None = None
    level2: str | None = None
    name: str | None = None
    description: str | None = None
    value: IndicatorValue = Field(default_factory=IndicatorValue)
    basis: str | None = None
    nature: str | None = None
    weight: Amount | None = None
    direction: str | None = None
    operator_text: str | None = Field(
        default=None, description="计算符号 column (or 指标性质 holding an operator), as written"
    )
    unit_text: str | None = Field(default=None, description="度量单位/计量单位 column, as written")
    weight_raw: str | None = None
    meta: dict[str, str] = Field(
        default_factory=dict,
        description="the row's other columns (备注, 评分标准 …), header → text, as written",
    )
    location: Location = Field(default_factory=Location)

    @model_validator(mode="after")
    def _compared(self) -> Indicator:
        """A draft that does not say whether the value's operator contradicts the column's
        has it decided from the two texts when it is loaded (the parser always says)."""
        if "operator_conflict" not in self.value.model_fields_set:
            from perfgoal.values import operator_conflict  # values builds on this module

            self.value.operator_conflict = operator_conflict(self.operator_text, self.value.raw)
        return self


class Duty(_Model):
    """A 年度履职目标 row of a 部门整体支出绩效目标表."""

    function: str | None = None
    task: str | None = None
    item: str | None = None
    amount: Amount | None = None
    raw: str | None = None
    unreadable: bool = False
    """True when ``raw`` holds text but no readable amount."""
    location: Location = Field(default_factory=Location)

    @model_validator(mode="after")
    def _classified(self) -> Duty:
        if "unreadable" not in self.model_fields_set:
            self.unreadable = _unreadable(self.raw, self.amount)
        return self


class Project(_Model):
    """One 绩效目标表 (a project's, or a whole department's when ``kind`` is ``department``)."""

    seq: int
    title: str | None = None
    unit: Unit | None = None
    code: str | None = None
    name: str | None = None
    budget: Budget = Field(default_factory=Budget)
    purpose: str | None = None
    spend_plan: SpendPlan | None = None
    goals: list[str] = Field(default_factory=list)
    long_term_goals: list[str] = Field(default_factory=list)
    """项目总目标 / 中期目标 / 长期目标, when the form gives them beside the annual goals."""
    meta: dict[str, str] = Field(default_factory=dict)
    """The table's other form fields (项目性质, 主管部门, 计划开始日期 …), label → text."""
    indicators: list[Indicator] = Field(default_factory=list)
    long_term_indicators: list[Indicator] = Field(default_factory=list)
    """长期/中期 (项目期) indicators, when the form gives them beside or before the annual ones;
    the rules check ``indicators`` (this year's)."""
    location: Location = Field(default_factory=Location)
    kind: Literal["project", "department"] = "project"
    duties: list[Duty] = Field(default_factory=list)
    amount_unit: str | None = None


NoteParam = str | int | list[int]


class ParseNote(_Model):
    """Content the parser could not place (reported as PG003), or could not read at all.

    What the parser decided is data: a message catalog ``key`` and its ``params``;
    ``message`` is that reason in Chinese, derived from them (a draft that gives only a
    ``message`` keeps it as it stands). ``omitted`` counts the notes like it left out after
    the first :data:`~perfgoal.limits.NOTES_LISTED`."""

    key: str = "note.given"
    params: dict[str, NoteParam] = Field(default_factory=dict)
    omitted: int | None = None
    text: str | None = None
    length: int | None = None
    """The whole text's length in characters when ``text`` holds only its beginning (a cell
    of a million characters is pointed at, not copied)."""
    location: Location = Field(default_factory=Location)

    @model_validator(mode="before")
    @classmethod
    def _given_message(cls, data: Any) -> Any:
        if isinstance(data, dict) and "message" in data:
            data = dict(data)
            message = data.pop("message")
            if "key" not in data:  # a draft written by hand: the message as it stands
                data["params"] = {"message": message}
        return data

    def reason(self) -> Message:
        """The note's reason as a catalog message (the count of omitted notes first)."""
        reason = Message(self.key, self.params)
        if self.omitted:
            return message("note.omitted", count=self.omitted, limit=NOTES_LISTED, first=reason)
        return reason

    @computed_field  # type: ignore[prop-decorator]
    @property
    def message(self) -> str:
        return self.reason().render("zh")


class SkippedTable(_Model):
    """A table that is not a 绩效目标表 (a budget book's 收支总表, 支出预算表 …), left out of
    parsing and counted (PG004)."""

    title: str | None = None
    """The paragraph above the table (``表一 2025年部门收支总表``), if any."""
    location: Location = Field(default_factory=Location)


class Document(_Model):
    """A parsed 绩效目标表 document."""

    schema_version: Literal[1] = SCHEMA_VERSION
    source: Source
    meta: dict[str, str] = Field(default_factory=dict)
    """Document-level form fields (填表人, 填报日期, 联系电话 …), label → text."""
    unit: Unit | None = None
    amount_unit: str | None = None
    year: int | None = None
    overview: Overview | None = None
    projects: list[Project] = Field(default_factory=list)
    notes: list[ParseNote] = Field(default_factory=list)
    skipped_tables: list[SkippedTable] = Field(default_factory=list)
    """Tables found not to be 绩效目标表 and left out (a budget book's other tables)."""
    skipped_paragraphs: int = 0
    """Paragraphs of prose around those tables, left out with them."""
