"""One project table (or a whole department's) from its rows, driven by labels.

A :class:`ProjectScanner` is fed the rows and paragraphs of one segment in reading order.
Every row is classified first (a header of the indicator, 年度履职目标 or spend-plan table;
a row of that table; a row of labels and values; a row of labels whose values stand in the
next row), then assigned. Each non-blank cell is placed in the model or handed to ``note``
(PG003): nothing is dropped silently. When an identifying label (项目名称, 项目编码) comes
again, the next project starts (several projects in one table).
"""

from __future__ import annotations

from perfgoal.model import Checkpoint, Location, SpendPlan, Unit
from perfgoal.parsing.cells import Label, LabelKind, classify, read_checkpoint, read_label
from perfgoal.parsing.draft import ProjectDraft, put_meta, split_goals
from perfgoal.parsing.labels import (
    Field,
    Section,
    paren_note,
)
from perfgoal.parsing.lines import LineKind, read_line
from perfgoal.parsing.plan import fill_amounts, header_others, plan_header
from perfgoal.parsing.scan import (
    SECTION_STATE,
    TEXT_FIELDS,
    Context,
    Reading,
    State,
    cell_info,
    not_amount,
)
from perfgoal.parsing.tables import (
    ColumnMap,
    Term,
    Tiers,
    cells_by_field,
    duty_header,
    indicator_header,
    overlap,
    read_duty,
    read_indicator,
)
from perfgoal.readers.grid import Cell, Row, cell_location
from perfgoal.values import strip_numbering


class ProjectScanner:
    """Fills :class:`ProjectDraft` objects from the rows of one segment."""

    def __init__(self, draft: ProjectDraft, context: Context) -> None:
        self.draft = draft
        self.context = context
        self.note = context.note
        self.state = State.FORM
        self.term = Term.ANNUAL
        self.plan_columns: list[Cell] | None = None
        """The header cells of the spend plan's checkpoints (values align by grid column)."""
        self.indicators: ColumnMap | None = None
        self.duties: ColumnMap | None = None
        self.tiers = {term: Tiers() for term in Term}
        self.pending: list[tuple[Label, Cell]] = []
        """Labels of a row with no values: their values stand in the next row, by column."""
        self.pending_location = Location()
        self.previous_label: Label | None = None
        self.location = Location()
        """The row being read."""
        self.table: int | None = None
        """The grid table the rows being fed come from (for locations)."""

    # -- rows -------------------------------------------------------------------------
    def feed(self, row: Row, location: Location) -> None:
        readings: list[Reading] = []
        header_cells = 0
        for cell in row.cells:
            blank, labels, header_like = cell_info(cell.text)
            if not blank:
                readings.append((cell, labels))
                header_cells += header_like
        if not readings:
            return
        self.location = location
        if header_cells >= 2 and self._header(row):  # (a header has two header cells)
            return
        labelled = any(labels and not self._repeats_section(labels) for _, labels in readings)
        if self.state is State.PLAN and self.plan_columns and not labelled:
            self._plan_amounts(row, location)
        elif self.state is State.INDICATORS and self._in_table(readings, self.indicators):
            self.indicator_row(row, location)
        elif self.state is State.DUTIES and self._in_table(readings, self.duties):
            self._duty_row(row, location)
        elif not (self.pending and self._by_columns(readings)):
            self.flush()
            self._label_row(row)

    def _in_table(self, readings: list[Reading], columns: ColumnMap | None) -> bool:
        """A row of the table ``columns`` heads; a label at the table's left edge (the next
        project's 项目名称, a 审核意见 row) or one cell across the table leaves it."""
        if columns is None:
            return False
        cell, labels = readings[0]
        # a label leaves the table, unless it stands where indicator names and values do
        at_edge = cell.column <= columns.first_column or columns.field_of(cell) not in TEXT_FIELDS
        if labels and not self._repeats_section(labels) and at_edge:
            return False
        last = max(c.end for c in columns.columns)
        across = cell.column <= columns.first_column and cell.column + cell.span - 1 >= last
        return not (len(readings) == 1 and across and cell.span > 1)

    def _repeats_section(self, labels: tuple[Label, ...]) -> bool:
        """The label of the block being read, repeated down the rows (a vertical label
        written on every row instead of merged)."""
        if len(labels) != 1 or labels[0].kind is not LabelKind.SECTION:
            return False
        section = labels[0].section
        if section is None:
            return False
        if section in (Section.INDICATORS, Section.LONG_INDICATORS):
            term = Term.LONG if section is Section.LONG_INDICATORS else Term.ANNUAL
            return self.state is State.INDICATORS and term is self.term
        return SECTION_STATE.get(section) is self.state

    def _header(self, row: Row) -> bool:
        columns = indicator_header(row, self.term)
        if columns:
            self.flush()
            self.indicators, self.state = columns, State.INDICATORS
            self.tiers = {term: Tiers() for term in Term}
            self._stray(row, columns, "note.header-column")
            return True
        duties = duty_header(row)
        if duties:
            self.flush()
            self.duties, self.state = duties, State.DUTIES
            self._stray(row, duties, "note.header-column")
            return True
        plan = plan_header(row, self.state in (State.INDICATORS, State.DUTIES))
        if plan is not None:
            self.flush()
            self._plan_header(row, plan)
            return True
        return False

    def _stray(self, row: Row, columns: ColumnMap, key: str) -> None:
        for cell in row.cells:
            if cell.text.strip() and not columns.covers(cell):
                self.note(key, cell.text, self._cell_location(row, cell))

    # -- the spend plan -----------------------------------------------------------------
    def _plan_header(self, row: Row, plan: list[tuple[Cell, Checkpoint]]) -> None:
        label, strays = header_others(row, plan)
        for cell in strays:
            self.note("note.plan-header", cell.text, self._cell_location(row, cell))
        if label is not None:
            self._label_unit(read_label(label.text))
        self.plan_columns = [cell for cell, _ in plan]
        self.draft.project.spend_plan = SpendPlan(
            unit_label=paren_note(label.text) if label is not None else None,
            checkpoints=[checkpoint for _, checkpoint in plan],
            location=self._cell_location(row, plan[0][0]),
        )
        self.state = State.PLAN

    def _plan_amounts(self, row: Row, location: Location) -> None:
        plan = self.draft.project.spend_plan
        assert self.plan_columns is not None and plan is not None
        for cell in fill_amounts(plan, self.plan_columns, row, self.draft.table_unit):
            self.note("note.plan-value", cell.text, self._cell_location(row, cell))
        self.state = State.FORM
        plan.location = location

    # -- indicator and duty tables ------------------------------------------------------
    def indicator_row(self, row: Row, location: Location, known: ColumnMap | None = None) -> None:
        """Read one indicator row (and its long-term twin where the table has both blocks);
        cells under ``known`` columns (a flat sheet's project columns) are read elsewhere."""
        columns = self.indicators
        assert columns is not None
        terms = columns.terms()
        project = self.draft.project
        stray: list[Cell] = []
        for term in terms:
            cells = cells_by_field(row, columns, term)
            stray = cells.stray  # the same whatever the block
            borrowed = term is Term.LONG and Term.ANNUAL in terms
            indicator = read_indicator(cells, self.tiers[term], location, borrowed_extras=borrowed)
            if indicator is not None:
                target = project.indicators if term is Term.ANNUAL else project.long_term_indicators
                target.append(indicator)
        for cell in stray if terms else cells_by_field(row, columns).stray:
            if known is None or known.field_of(cell) is None:
                self.note("note.indicator-cell", cell.text, self._cell_location(row, cell))

    def _duty_row(self, row: Row, location: Location) -> None:
        assert self.duties is not None
        project = self.draft.project
        previous = project.duties[-1] if project.duties else None
        duty, stray = read_duty(row, self.duties, previous, self.draft.table_unit, location)
        if duty is not None:
            project.duties.append(duty)
            project.kind = "department"
        for cell in stray:
            self.note("note.duty-cell", cell.text, self._cell_location(row, cell))

    # -- label/value rows ---------------------------------------------------------------
    def _by_columns(self, readings: list[Reading]) -> bool:
        """Values of the pending labels, one under each; False (nothing assigned) unless
        every value cell stands within one label's columns (and every label cell repeats a
        pending label in its column)."""
        placed: list[tuple[Label, Cell]] = []
        for cell, labels in readings:
            if labels:
                if not any(
                    len(labels) == 1 and labels[0].name == label.name and head.column == cell.column
                    for label, head in self.pending
                ):
                    return False
                continue  # a pending label repeated down its column (written, not merged)
            owner = [
                label
                for label, head in self.pending
                if overlap(cell, head.column, head.column + head.span - 1)
            ]
            if len(owner) != 1:
                return False
            placed.append((owner[0], cell))
        pending, self.pending = self.pending, []
        for label, cell in placed:
            self._assign(label, cell.text)
        for label, _ in pending:
            if all(label is not p for p, _ in placed):
                self._assign(label, "")
        return True

    def flush(self) -> None:
        """Labels still waiting for a value row have empty values (at their own row)."""
        pending, self.pending = self.pending, []
        if pending:
            here, self.location = self.location, self.pending_location
            for label, _ in pending:
                self._assign(label, "")
            self.location = here

    def _label_row(self, row: Row) -> None:
        readings = [(c, classify(c.text)) for c in row.cells]
        if self._labels_only(readings):
            return
        waiting: Label | None = None
        previous: Label | None = None  # the label the last value of this row went to
        first_blank = not row.cells[0].text.strip()
        for cell, labels in readings:
            if labels:
                if waiting is not None:
                    self._assign(waiting, "")
                waiting, previous = self._labels(labels, cell)
            elif waiting is not None:
                self._assign(waiting, cell.text)
                waiting, previous = None, waiting
            elif cell.text.strip():
                self._unlabelled(cell, row, first_blank, previous)
        if waiting is not None:
            self._assign(waiting, "")

    def _labels_only(self, readings: list[Reading]) -> bool:
        """A row of labels alone: sections are applied, the others wait for the next row."""
        filled = [(cell, labels) for cell, labels in readings if cell.text.strip()]
        if not all(len(labels) == 1 and not labels[0].inline for _, labels in filled):
            return False
        values = [(labels[0], c) for c, labels in filled if labels[0].kind is not LabelKind.SECTION]
        if not values:
            return False
        for cell, labels in filled:
            if labels[0].kind is LabelKind.SECTION:
                self._section(labels[0], cell)
        for label, _ in values:
            self._restart_if(label)
        self.pending, self.pending_location = values, self.location
        return True

    def _labels(self, labels: tuple[Label, ...], cell: Cell) -> tuple[Label | None, Label | None]:
        """Apply a label cell; return (the label waiting for a value, the last one assigned)."""
        *inline, last = labels
        for label in inline:
            self._assign(label, label.inline or "")
        if last.kind is LabelKind.SECTION:
            self._section(last, cell)
            return None, None
        if last.inline:
            self._assign(last, last.inline)
            return None, last
        if inline:  # ``填表人：张三 填报日期：`` ends with an empty field
            self._assign(last, "")
            return None, last
        return last, None

    def _section(self, label: Label, cell: Cell) -> None:
        self._label_unit(label)
        self.previous_label = None
        if label.section is Section.BUDGET:
            self.state = State.BUDGET
        elif label.section is Section.PLAN:
            self.state = State.PLAN
            project = self.draft.project
            project.spend_plan = project.spend_plan or SpendPlan(unit_label=paren_note(cell.text))
        elif label.section is Section.DUTIES:
            self.state = State.DUTIES
        else:
            self.state, self.indicators = State.INDICATORS, None
            self.term = Term.LONG if label.section is Section.LONG_INDICATORS else Term.ANNUAL

    def _label_unit(self, label: Label | None) -> None:
        if label is not None and label.unit and self.draft.label_unit is None:
            self.draft.label_unit = label.unit

    def _unlabelled(self, cell: Cell, row: Row, first_blank: bool, previous: Label | None) -> None:
        location = self._cell_location(row, cell)
        text = cell.text.strip()
        project = self.draft.project
        if previous is not None and previous.kind is LabelKind.META:
            name = previous.name
            project.meta[name] = f"{project.meta.get(name, '')} {text}".strip()
        elif previous is not None and previous.field in (Field.GOALS, Field.LONG_GOALS):
            self._assign(previous, cell.text)
        elif self.place_line(cell.text, location):
            return
        elif self.state is State.BUDGET and project.purpose is None and not_amount(text):
            project.purpose = text
        elif (
            first_blank
            and self.previous_label is not None
            and (self.previous_label.field in (Field.GOALS, Field.LONG_GOALS))
        ):
            self._assign(self.previous_label, cell.text)
        else:
            self.note("note.cell", cell.text, location)

    def _restart_if(self, label: Label) -> None:
        if self.draft.restarts(label):
            self.flush()
            self.draft = self.context.start_next(self.location)
            self.state, self.term = State.FORM, Term.ANNUAL
            self.indicators = self.duties = self.plan_columns = None
            self.tiers = {term: Tiers() for term in Term}

    def _assign(self, label: Label, text: str) -> None:
        self._restart_if(label)
        self.draft.assign(label, text, self.location)
        self.previous_label = label

    # -- standalone lines ---------------------------------------------------------------
    def place_line(self, text: str, location: Location, *, paragraph: bool = False) -> bool:
        """A title, year, unit line, 预算单位 or a line of form fields; True if placed.
        Form fields on a paragraph of their own (a signature line) belong to the document."""
        line = read_line(text)
        if line is None:
            return False
        project = self.draft.project
        if line.kind is LineKind.TITLE:
            project.title = project.title or strip_numbering(text.strip())
            self.context.years.extend([line.year] if line.year else [])
        elif line.kind is LineKind.YEAR and line.year is not None:
            self.context.years.append(line.year)
        elif line.kind is LineKind.BUDGET_UNIT and project.unit is None:
            project.unit = Unit(code=line.code, name=line.name)
        elif line.kind is LineKind.UNIT:
            self.draft.segment_unit = self.draft.segment_unit or line.amount_unit
        for label in line.fields:
            self._line_field(label, paragraph)
        return True

    def _line_field(self, label: Label, paragraph: bool) -> None:
        if paragraph and label.kind is LabelKind.META:
            put_meta(self.context.document_meta, label.name, label.inline or "")
        else:
            self._assign(label, label.inline or "")

    def _cell_location(self, row: Row, cell: Cell) -> Location:
        return cell_location(self.table, row, cell)


__all__ = ["Context", "ProjectScanner", "State", "read_checkpoint", "split_goals"]
