"""Grid -> Document: split the grid into the first part and one segment per project table,
then let a :class:`ProjectScanner` fill each project from its rows."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from perfgoal.limits import NOTES_LISTED
from perfgoal.model import Document, Location, ParseNote, Project, Source, Unit
from perfgoal.parsing.cells import LabelKind
from perfgoal.parsing.draft import ProjectDraft, put_meta
from perfgoal.parsing.flat import FlatSheet, flat_header
from perfgoal.parsing.labels import SECTION_LABELS, Field, key
from perfgoal.parsing.lines import Line, LineKind, is_title, read_line, years_in
from perfgoal.parsing.overview import is_structural, parse_overview
from perfgoal.parsing.project import ProjectScanner
from perfgoal.parsing.scan import Context
from perfgoal.readers.grid import Grid, Paragraph, Table, paragraph_location, row_location
from perfgoal.values import detect_amount_unit, normalize

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


NOTE_TEXT_LIMIT = 2000


class _Notes:
    """PG003 notes, each a catalog key (what the parser could not do) and the cell text. A
    note's text is cut at ``NOTE_TEXT_LIMIT`` characters (a 1 MB line is pointed at, not
    copied into every report), its whole ``length`` noted; after
    :data:`~perfgoal.limits.NOTES_LISTED` notes the rest are counted on the first of them,
    so that a table of a million stray cells cannot fill memory with findings."""

    def __init__(self) -> None:
        self.items: list[ParseNote] = []
        self.omitted: list[ParseNote] = []  # the first one left out, then a count
        self.omitted_count = 0

    def __call__(self, key: str, text: str, location: Location) -> None:
        if len(self.items) >= NOTES_LISTED:
            self.omitted_count += 1
            if self.omitted:
                return
        length = None
        if len(text) > NOTE_TEXT_LIMIT:
            text, length = text[:NOTE_TEXT_LIMIT], len(text)
        note = ParseNote(key=key, text=text, length=length, location=location)
        (self.omitted if self.omitted_count else self.items).append(note)

    def finish(self) -> list[ParseNote]:
        if self.omitted:
            first = self.omitted.pop()
            first.omitted = self.omitted_count
            self.items.append(first)
        return self.items


def _segments(blocks: list[Paragraph | Table]) -> tuple[list[Paragraph], list[Segment]]:
    """The paragraphs before the first table or title, and one segment per title (tables
    with no title before them make one segment; the scanner starts a project wherever an
    identifying label comes again)."""
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
        if current is None:
            current = Segment()
            segments.append(current)
        current.blocks.append(block)
    return preface, segments


def _table_unit(segment: Segment) -> str | None:
    """The unit the segment's title, a line or a cell of its first rows states."""
    texts = [b.text for b in segment.blocks if isinstance(b, Paragraph)]
    if segment.title is not None:
        texts.insert(0, segment.title.text)
    for block in segment.blocks:
        if isinstance(block, Table):
            texts.extend(c.text for r in block.rows[:3] for c in r.cells if "单位" in c.text)
    for text in texts:
        unit = detect_amount_unit(normalize(text))
        if unit:
            return unit
    return None


@dataclass
class _Document:
    """What the preface and the page headers say about the whole document."""

    default_unit: str | None = None
    unit: Unit | None = None
    meta: dict[str, str] = field(default_factory=dict)
    years: list[int] = field(default_factory=list)


def _document_line(line: Line, found: _Document) -> bool:
    """Place a preface line at document level (the unit line, year, 预算单位, signature
    fields); False when it belongs to the first part (总体绩效目标 …)."""
    if line.kind in (LineKind.FIELDS, LineKind.UNIT) and any(
        label.kind is not LabelKind.META and label.field is not Field.UNIT for label in line.fields
    ):
        return False
    if line.kind is LineKind.UNIT:
        found.default_unit = found.default_unit or line.amount_unit
    elif line.kind in (LineKind.YEAR, LineKind.TITLE) and line.year is not None:
        found.years.append(line.year)
    elif line.kind is LineKind.BUDGET_UNIT:
        found.unit = found.unit or Unit(code=line.code, name=line.name)
    for label in line.fields:
        if label.field is Field.UNIT:
            found.unit = found.unit or _unit(label.inline or "")
        else:
            put_meta(found.meta, label.name, label.inline or "")
    return line.kind is not LineKind.HEADING


def _unit(text: str) -> Unit | None:
    line = read_line(text)
    if line is not None and line.kind is LineKind.BUDGET_UNIT:
        return Unit(code=line.code, name=line.name)
    return Unit(code=None, name=text.strip()) if text.strip() else None


def parse_grid(grid: Grid, source: Source) -> Document:
    """Build the :class:`Document` of one file's grid. Never raises on odd content."""
    note = _Notes()
    preface, segments = _segments(grid.blocks)
    found = _Document()
    for text in grid.headers:
        line = read_line(text)
        if line is None or not _document_line(line, found):
            found.default_unit = found.default_unit or detect_amount_unit(text)
    first_part = []
    for paragraph in preface:
        line = read_line(paragraph.text)
        if line is None or not _document_line(line, found):
            first_part.append(paragraph)
    overview = parse_overview(first_part, note)
    projects: list[Project] = []
    for segment in segments:
        projects.extend(_parse_segment(segment, found, len(projects), note))
    for project in projects:
        project.unit = project.unit or (found.unit.model_copy() if found.unit else None)
    return Document(
        source=source,
        meta=found.meta,
        unit=_document_unit(projects) or found.unit,
        amount_unit=_most_common([p.amount_unit for p in projects]) or found.default_unit,
        year=_document_year(projects, found.years),
        overview=overview,
        projects=projects,
        notes=note.finish(),
    )


def _parse_segment(segment: Segment, found: _Document, before: int, note: _Notes) -> list[Project]:
    title = segment.title
    seq, title_text = split_seq(title.text.strip()) if title else (None, None)
    location = paragraph_location(title) if title else Location()
    if not any(isinstance(b, Table) for b in segment.blocks):
        # A title with no table under it is the document's own title (or a heading).
        if title is not None:
            found.years.extend(years_in(title.text))
        _document_paragraphs(segment, found, note)
        return []
    project = Project(seq=seq or before + 1, title=title_text, location=location)
    drafts = [ProjectDraft(project, _table_unit(segment), found.default_unit)]

    def start_next(where: Location) -> ProjectDraft:
        previous = drafts[-1]
        following = Project(seq=previous.project.seq + 1, location=where)
        drafts.append(ProjectDraft(following, previous.segment_unit, found.default_unit))
        return drafts[-1]

    context = Context(note=note, start_next=start_next, document_meta=found.meta)
    scanner = ProjectScanner(drafts[0], context)
    flat: FlatSheet | None = None
    for block in segment.blocks:
        if isinstance(block, Paragraph):
            where = paragraph_location(block)
            if not scanner.place_line(block.text, where, paragraph=True):
                note("note.paragraph", block.text, where)
            continue
        _locate(location, block)
        header = flat_header(block)
        if header is not None or (flat is not None and flat.continues(block)):
            scanner.flush()
            flat = flat or FlatSheet(drafts[0], before, note)
            flat.read(block, header)
            continue
        if flat is not None:
            flat.close()  # another kind of table: the sheet does not go on after it
        scanner.table = block.index
        for row in block.rows:
            scanner.feed(row, row_location(block.index, row))
    scanner.flush()
    found.years.extend(context.years)
    projects = [draft.finish() for draft in drafts]
    flat_projects = flat.projects() if flat is not None else []
    if flat_projects and not _has_content(projects[0]):
        projects.pop(0)
    return [*projects, *flat_projects]


def _locate(location: Location, table: Table) -> None:
    if location.table is None:
        location.table = table.index
        location.line = location.line or table.line
        location.page = location.page or table.page
        location.sheet = location.sheet or table.sheet


def _document_paragraphs(segment: Segment, found: _Document, note: _Notes) -> None:
    for block in segment.blocks:
        assert isinstance(block, Paragraph)
        line = read_line(block.text)
        placed = line is not None and _document_line(line, found)
        if not (placed or is_structural(block.text) or key(block.text) in SECTION_LABELS):
            note("note.paragraph", block.text, paragraph_location(block))


def _has_content(project: Project) -> bool:
    return bool(project.code or project.name or project.indicators or project.goals)


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


def _document_year(projects: list[Project], hints: list[int]) -> int | None:
    """The budget year: the most common year in titles, year lines and names (ties: the
    latest), else the year in the project codes."""
    years: Counter[int] = Counter(hints)
    for project in projects:
        for text in (project.title, project.name):
            years.update(years_in(text))
    if years:
        best = max(years.values())
        return max(y for y, n in years.items() if n == best)
    codes = Counter(
        2000 + int(p.code[6:8])
        for p in projects
        if p.code and len(p.code) > 8 and p.code[6:8].isdecimal()
    )
    return codes.most_common(1)[0][0] if codes else None
