"""Lines that stand alone (a paragraph, or a row of one cell): titles, year lines, unit
lines, the 预算单位, form fields and signature lines, headings and boilerplate."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum, auto
from functools import lru_cache

from perfgoal.parsing.cells import Label, split_fields
from perfgoal.parsing.labels import SECTION_LABELS, key
from perfgoal.parsing.overview import is_structural
from perfgoal.values import detect_amount_unit, normalize, strip_amount_unit, text_key

_TITLE_RE = re.compile(r"绩效目标(?:申报|审批|审核|评审|评审申报|申报审核)?表$")
_YEAR_TAIL_RE = re.compile(r"[(（]?\s*(?:20\d{2}\s*年度?)?\s*[)）]?$")
_YEAR_LINE_RE = re.compile(r"^[(（]?\s*(20\d{2})\s*年\s*度?\s*[)）]?$")
_YEAR_RE = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_UNIT_CELL_RE = re.compile(r"^[\[【(（]?(\d{6})[\]】)）]?\s*([\u4e00-\u9fff].*)$")
_BOILERPLATE_RE = re.compile(
    r"^(?:附[件表]\s*[0-9一二三四五六七八九十]*\s*[:：]?|[(（]?\s*(?:盖章|单位公章|公章)\s*[)）]?"
    r"|单位公章\s*[:：]?\s*年\s*月\s*日|[年月日\s]+)$"
)


class LineKind(Enum):
    TITLE = auto()
    YEAR = auto()
    UNIT = auto()
    """An amount unit (``单位：万元``), perhaps with form fields (``填报单位：X 单位：万元``)."""
    BUDGET_UNIT = auto()
    """The 预算单位 as ``306001 某单位``."""
    FIELDS = auto()
    HEADING = auto()
    BOILERPLATE = auto()


@dataclass(frozen=True, slots=True)
class Line:
    kind: LineKind
    text: str
    year: int | None = None
    amount_unit: str | None = None
    code: str | None = None
    name: str | None = None
    fields: list[Label] = field(default_factory=list)


_NOTE_TAIL_RE = re.compile(r"[(（][^()（）]*(?:年|单位)[^()（）]*[)）]$")


def title_text(text: str) -> str | None:
    """The title, when ``text`` is the title of a target table (a trailing year or unit note
    may follow: ``项目支出绩效目标表（2023年度）``, ``…绩效目标表（单位：万元）``); else None."""
    clean = text_key(text)
    bare = _NOTE_TAIL_RE.sub("", clean)
    bare = _YEAR_TAIL_RE.sub("", bare) if bare.endswith((")", "）", "度")) else bare
    return text.strip() if _TITLE_RE.search(bare) else None


def is_title(text: str) -> bool:
    return title_text(text) is not None


def years_in(text: str | None) -> list[int]:
    return [int(y) for y in _YEAR_RE.findall(normalize(text or ""))]


@lru_cache(maxsize=8192)
def read_line(text: str) -> Line | None:
    """What a standalone line is, or None when it is none of these (PG003)."""
    clean = normalize(text)
    if not clean:
        return None
    compact = clean.replace(" ", "")
    year = _YEAR_LINE_RE.match(compact)
    if year:
        return Line(LineKind.YEAR, text, year=int(year.group(1)))
    if is_title(text):
        years = years_in(compact)
        return Line(LineKind.TITLE, text, year=years[0] if years else None)
    unit = detect_amount_unit(clean)
    if unit is not None:
        rest = strip_amount_unit(clean)
        fields = split_fields(rest) if rest else []
        if rest and fields is None:
            return None
        return Line(LineKind.UNIT, text, amount_unit=unit, fields=fields or [])
    budget_unit = _UNIT_CELL_RE.match(clean)
    if budget_unit:
        return Line(LineKind.BUDGET_UNIT, text, code=budget_unit[1], name=budget_unit[2].strip())
    fields = split_fields(text)
    if fields:
        return Line(LineKind.FIELDS, text, fields=fields)
    if is_structural(text) or key(text) in SECTION_LABELS:
        return Line(LineKind.HEADING, text)
    if _BOILERPLATE_RE.match(compact):
        return Line(LineKind.BOILERPLATE, text)
    return None
