"""Grid -> Document: split the grid into the first part and one segment per project table,
then let a :class:`ProjectScanner` fill each project from its rows."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from perfgoal.model import Document, Location, ParseNote, Project, Source, Unit
from perfgoal.parsing.labels import FIELD_LABELS, SECTION_LABELS, key
from perfgoal.parsing.overview import is_structural, parse_overview
from perfgoal.parsing.project import ProjectScanner
from perfgoal.parsing.tables import flat_columns, flat_project_values, indicator_header
from perfgoal.readers.grid import Grid, Paragraph, Table, paragraph_location, row_location
from perfgoal.values import detect_amount_unit, normalize, parse_amount

_TITLE = re.compile(r"绩效目标(?:申报)?表$")
_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_IDENTITY = {"code", "name"}
_SEQ = re.compile(r"^\s*(\d{1,3})\s*[.、．]\s*(?=\S)")


def split_seq(title: str) -> tuple[int | None, str]:
    """``1.2025科技创新环境建设绩效目标表`` -> ``(1, "2025科技创新环境建设绩效目标表")``."""
    match = _SEQ.match(title)
    if not match:
        return None, title.strip()
    return int(match.group(1)), title[match.end() :].strip()


@dataclass
class Segment:
    """The blocks of one project table: its title paragraph, tables and loose paragraphs."""

    title: Paragraph | None = None
    blocks: list[Paragraph | Table] = field(default_factory=list)
    has_identity: bool = False


NOTE_TEXT_LIMIT = 2000
MAX_NOTES = 1000


class _Notes:
    """PG003 notes. A note's text is cut at ``NOTE_TEXT_LIMIT`` characters (a 1 MB line is
    pointed at, not copied into every report); after ``MAX_NOTES`` notes the rest are
    counted and summed up in one last note, so that a table of a million stray cells cannot
    fill memory with findings."""

    def __init__(self) -> None:
        self.items: list[ParseNote] = []
        self.omitted: list[ParseNote] = []  # the first one left out, then a count
        self.omitted_count = 0

    def __call__(self, message: str, text: str, location: Location) -> None:
        if len(self.items) >= MAX_NOTES:
            self.omitted_count += 1
            if self.omitted:
                return
        if len(text) > NOTE_TEXT_LIMIT:
            text = f"{text[:NOTE_TEXT_LIMIT]}…（共 {len(text)} 字）"
        note = ParseNote(message=message, text=text, location=location)
        (self.omitted if self.omitted_count else self.items).append(note)

    def finish(self) -> list[ParseNote]:
        if self.omitted:
            first = self.omitted.pop()
            first.message = (
                f"另有 {self.omitted_count} 处无法识别的内容未逐条列出（只列出前 {MAX_NOTES} 处），"
                f"其中第一处是{first.message}"
            )
            self.items.append(first)
        return self.items


def is_title(text: str) -> bool:
    return bool(_TITLE.search(normalize(text).replace(" ", "")))


def _has_identity(table: Table) -> bool:
    for row in table.rows[:6]:
        for cell in row.cells:
            text = cell.text.strip()
            if text and len(text) <= 20 and FIELD_LABELS.get(key(text)) in _IDENTITY:
                return True
    return False


def _segments(blocks: list[Paragraph | Table]) -> tuple[list[Paragraph], list[Segment]]:
    preface: list[Paragraph] = []
    segments: list[Segment] = []
    current: Segment | None = None
    for block in blocks:
        if isinstance(block, Paragraph):
            if is_title(block.text):
                current = Segment(title=block)
                segments.append(current)
            elif current is None:
                preface.append(block)
            else:
                current.blocks.append(block)
            continue
        identity = _has_identity(block)
        if current is None or (identity and current.has_identity):
            current = Segment()
            segments.append(current)
        current.has_identity = current.has_identity or identity
        current.blocks.append(block)
    return preface, segments


def _table_unit(segment: Segment) -> str | None:
    texts = [b.text for b in segment.blocks if isinstance(b, Paragraph)]
    for block in segment.blocks:
        if isinstance(block, Table):
            texts.extend(c.text for r in block.rows[:3] for c in r.cells if "单位" in c.text)
    for text in texts:
        unit = detect_amount_unit(normalize(text))
        if unit:
            return unit
    return None


def parse_grid(grid: Grid, source: Source) -> Document:
    """Build the :class:`Document` of one file's grid. Never raises on odd content."""
    note = _Notes()
    preface, segments = _segments(grid.blocks)
    default_unit = next(
        (u for t in [*grid.headers, *(p.text for p in preface)] if (u := detect_amount_unit(t))),
        None,
    )
    overview = parse_overview(
        [p for p in preface if not detect_amount_unit(p.text) and not is_title(p.text)], note
    )
    projects: list[Project] = []
    for segment in segments:
        if not any(isinstance(b, Table) for b in segment.blocks):
            # A title with no table under it is the document's own title (or a heading).
            for block in segment.blocks:
                assert isinstance(block, Paragraph)
                if not detect_amount_unit(block.text) and not _is_heading(block.text):
                    note("无法识别的段落", block.text, paragraph_location(block))
            continue
        projects.extend(_parse_segment(segment, default_unit, len(projects), note))
    return Document(
        source=source,
        unit=_document_unit(projects),
        amount_unit=_most_common([p.amount_unit for p in projects]) or default_unit,
        year=_document_year(projects),
        overview=overview,
        projects=projects,
        notes=note.finish(),
    )


def _parse_segment(
    segment: Segment, default_unit: str | None, before: int, note: _Notes
) -> list[Project]:
    title = segment.title
    seq, title_text = split_seq(title.text.strip()) if title else (None, None)
    unit = _table_unit(segment) or default_unit
    location = paragraph_location(title) if title else Location()
    project = Project(seq=seq or before + 1, title=title_text, amount_unit=unit, location=location)
    scanner = ProjectScanner(project, unit, note)
    flat: list[Project] = []
    for block in segment.blocks:
        if isinstance(block, Paragraph):
            if not _is_heading(block.text) and not scanner.place_line(
                block.text, paragraph_location(block)
            ):
                note("无法识别的段落", block.text, paragraph_location(block))
            continue
        if location.table is None:
            location.table = block.index
            location.line = location.line or block.line
            location.page = location.page or block.page
            location.sheet = location.sheet or block.sheet
        flat_projects = _parse_flat(block, project, before + len(flat), note)
        if flat_projects is not None:
            flat.extend(flat_projects)
            continue
        scanner.table = block.index
        for row in block.rows:
            scanner.feed(row, row_location(block.index, row))
    if flat and not _has_content(project):
        return flat
    return [project, *flat]


def _is_heading(text: str) -> bool:
    """A part heading or a section label standing alone as a paragraph (年度履职目标)."""
    return is_structural(text) or key(text) in SECTION_LABELS


def _has_content(project: Project) -> bool:
    return bool(project.code or project.name or project.indicators or project.goals)


def _parse_flat(table: Table, template: Project, before: int, note: _Notes) -> list[Project] | None:
    """A flat sheet: one row per indicator, the project in its first columns."""
    header_index = next(
        (i for i, row in enumerate(table.rows[:3]) if indicator_header(row) and flat_columns(row)),
        None,
    )
    if header_index is None:
        return None
    header = table.rows[header_index]
    projects: dict[tuple[str | None, str | None], Project] = {}
    indicators = indicator_header(header)
    columns = flat_columns(header)
    assert indicators is not None and columns is not None
    scanners: dict[int, ProjectScanner] = {}
    current: ProjectScanner | None = None
    for row in table.rows[header_index + 1 :]:
        values = flat_project_values(row, columns)
        if values.get("name") or values.get("unit"):
            ident = (values.get("unit"), values.get("name"))
            if ident not in projects:
                projects[ident] = _flat_project(
                    values, template, before + len(projects) + 1, table, row.index
                )
            project = projects[ident]
            current = scanners.get(id(project))
            if current is None:
                current = ProjectScanner(project, template.amount_unit, note)
                current.table, current.indicators = table.index, indicators
                scanners[id(project)] = current
        location = row_location(table.index, row)
        if current is None:
            # rows before the first named project: nothing to attach them to
            for cell in row.cells:
                if cell.text.strip():
                    note("平铺表中没有项目名称的行", cell.text, location)
            continue
        current.indicator_row(row, location, known=columns)
    return list(projects.values())


def _flat_project(
    values: dict[str, str], template: Project, seq: int, table: Table, row: int
) -> Project:
    project = Project(
        seq=seq,
        title=template.title,
        amount_unit=template.amount_unit,
        code=values.get("code"),
        name=values.get("name"),
        purpose=values.get("purpose"),
        location=Location(table=table.index, row=row, line=table.rows[0].line),
    )
    if values.get("unit"):
        project.unit = Unit(code=None, name=values["unit"])
    for field_name in ("total", "fiscal", "other"):
        if field_name in values:
            project.budget.raw[field_name] = values[field_name]
            setattr(
                project.budget,
                field_name,
                parse_amount(values[field_name], template.amount_unit).value,
            )
    if values.get("goals"):
        from perfgoal.parsing.project import split_goals

        project.goals = split_goals(values["goals"])
    return project


def _most_common(values: list[str | None]) -> str | None:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else None


def _document_unit(projects: list[Project]) -> Unit | None:
    units = [p.unit for p in projects if p.unit is not None]
    if not units:
        return None
    counts = Counter((u.code, u.name) for u in units)
    code, name = counts.most_common(1)[0][0]
    return Unit(code=code, name=name)


def _document_year(projects: list[Project]) -> int | None:
    """The budget year: the most common year in titles and names (ties: the latest), else
    the year in the project codes."""
    years: Counter[int] = Counter()
    for project in projects:
        for text in (project.title, project.name):
            years.update(int(y) for y in _YEAR.findall(text or ""))
    if years:
        best = max(years.values())
        return max(y for y, n in years.items() if n == best)
    codes = Counter(
        2000 + int(p.code[6:8])
        for p in projects
        if p.code and len(p.code) > 8 and p.code[6:8].isdecimal()
    )
    return codes.most_common(1)[0][0] if codes else None
