"""Flat sheets: one row per indicator, the project in its first columns (单位名称 | 项目名称 |
预算数 | 年度目标 | 一级 …), repeated or merged down. A sheet may go on in the next table
(split over pages) without a header of its own."""

from __future__ import annotations

import re

from perfgoal.model import Location, Project, Unit
from perfgoal.parsing.cells import classify
from perfgoal.parsing.draft import ProjectDraft
from perfgoal.parsing.labels import Field
from perfgoal.parsing.project import ProjectScanner
from perfgoal.parsing.scan import Context, Note
from perfgoal.parsing.tables import (
    ColumnMap,
    Term,
    Tiers,
    flat_columns,
    flat_project_values,
    indicator_header,
    may_be_header,
)
from perfgoal.readers.grid import Row, Table, row_location
from perfgoal.values import normalize

_AMOUNTS = {"total": Field.TOTAL, "fiscal": Field.FISCAL, "other": Field.OTHER}
_TEXTS = {"name": Field.NAME, "code": Field.CODE, "purpose": Field.PURPOSE}
_SPACES = re.compile(r"\s+")


def flat_header(table: Table) -> int | None:
    """The index of a flat sheet's header row (within the first three rows), else None."""
    return next(
        (
            i
            for i, row in enumerate(table.rows[:3])
            if may_be_header(row) and flat_columns(row) and indicator_header(row)
        ),
        None,
    )


def _ident(text: str | None) -> str | None:
    return _SPACES.sub("", normalize(text)) if text else None


class FlatSheet:
    """The projects of one flat sheet, read table by table."""

    def __init__(self, template: ProjectDraft, before: int, note: Note) -> None:
        self.template, self.before, self.note = template, before, note
        self.context = Context(note=note, start_next=lambda where: template)
        self.indicators: ColumnMap | None = None
        self.columns: ColumnMap | None = None
        self.scanners: dict[tuple[str | None, str | None], ProjectScanner] = {}
        self.current: ProjectScanner | None = None
        self.unit: str | None = None  # a 单位名称 column merged down the sheet carries on
        self.tiers = {term: Tiers() for term in Term}
        """Merged 一级/二级 cells are the sheet's geometry: they carry across projects."""
        self.open = True
        self._finished: list[Project] | None = None

    def continues(self, table: Table) -> bool:
        """A table with no header that goes on with the sheet: no label in its first row."""
        first = next((r for r in table.rows if any(c.text.strip() for c in r.cells)), None)
        return self.open and first is not None and not any(classify(c.text) for c in first.cells)

    def close(self) -> None:
        self.open = False

    def read(self, table: Table, header: int | None) -> None:
        if header is not None:
            self.indicators = indicator_header(table.rows[header])
            self.columns = flat_columns(table.rows[header])
        start = header + 1 if header is not None else 0
        for row in table.rows[start:]:
            self._row(table, row)

    def _row(self, table: Table, row: Row) -> None:
        assert self.indicators is not None and self.columns is not None
        values = flat_project_values(row, self.columns)
        location = row_location(table.index, row)
        self.unit = values.get("unit") or self.unit
        if values.get("name"):  # a row names its project; merged (blank) rows go on with it
            if self.unit:
                values["unit"] = self.unit
            ident = (_ident(values.get("unit")), _ident(values.get("name")))
            if ident not in self.scanners:
                seq = self.before + len(self.scanners) + 1
                scanner = ProjectScanner(self._draft(values, seq, location), self.context)
                scanner.indicators, scanner.tiers = self.indicators, self.tiers
                self.scanners[ident] = scanner
            self.current = self.scanners[ident]
        if self.current is None:
            # rows before the first named project: nothing to attach them to
            for cell in row.cells:
                if cell.text.strip():
                    self.note("note.flat-row", cell.text, location)
            return
        self.current.table = table.index
        self.current.indicator_row(row, location, known=self.columns)

    def _draft(self, values: dict[str, str], seq: int, location: Location) -> ProjectDraft:
        template = self.template
        project = Project(
            seq=seq,
            title=template.project.title,
            location=location.model_copy(),  # the row naming it (its sheet and cell too)
        )
        draft = ProjectDraft(project, template.segment_unit, template.default_unit)
        for name, which in _TEXTS.items():
            if name in values:
                draft.assign_field(which, values[name])
        if values.get("unit"):
            project.unit = Unit(code=None, name=values["unit"])
        if values.get("goals"):
            draft.assign_field(Field.GOALS, values["goals"])
        for name, which in _AMOUNTS.items():
            if name in values:
                draft.add_amount(which, values[name], location)
        return draft

    def projects(self) -> list[Project]:
        if self._finished is None:
            self._finished = [scanner.draft.finish() for scanner in self.scanners.values()]
        return self._finished
