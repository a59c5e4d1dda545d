"""第一部分 部门整体绩效目标: the overall goal, the numbered 分项绩效目标 and the 工作保障措施."""

from __future__ import annotations

import re
from collections.abc import Callable

from perfgoal.model import Location, Overview, OverviewItem
from perfgoal.readers.grid import Paragraph, paragraph_location
from perfgoal.values import text_key

_CN_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SECTION = re.compile(
    r"^[一二三四五六七八九十]+\s*[、.．]\s*(总体绩效目标|分项绩效目标|(?:工作)?保障措施)"
)
_ITEM = re.compile(r"^([一二三四五六七八九十]+|\d{1,2})\s*[、.．]\s*(\S.*)$")
_ITEM_FIELD = re.compile(r"^(绩效目标|绩效指标)\s*[:：]\s*(.*)$")
_STRUCTURAL = re.compile(
    r"^(第[一二三四五六七八九十]部分|部门整体绩效目标|预算项目绩效目标|部门预算项目绩效目标)$"
)

Note = Callable[[str, str, Location], None]


def chinese_number(text: str) -> int | None:
    """``十二`` -> 12, ``三`` -> 3, ``12`` -> 12; None when it is not a small number."""
    if text.isdecimal():  # (isdigit() also accepts ², which int() refuses)
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_NUMERALS.get(text[1:], 0)
    if len(text) == 2 and text.endswith("十"):
        return _CN_NUMERALS.get(text[0], 0) * 10
    if len(text) == 3 and text[1] == "十":
        return _CN_NUMERALS.get(text[0], 0) * 10 + _CN_NUMERALS.get(text[2], 0)
    return _CN_NUMERALS.get(text)


def is_structural(text: str) -> bool:
    """Part headings (第一部分, 预算项目绩效目标) that carry no content of their own."""
    return bool(_STRUCTURAL.match(text_key(text)))


def parse_overview(paragraphs: list[Paragraph], note: Note) -> Overview | None:
    """Read the first part from the paragraphs before the first project table."""
    overview = Overview()
    section: str | None = None
    overall: list[str] = []
    safeguards: list[str] = []
    for para in paragraphs:
        text = para.text.strip()
        location = paragraph_location(para)
        if not text or is_structural(text):
            continue
        heading = _SECTION.match(text)
        if heading:
            section = {"总体绩效目标": "overall", "分项绩效目标": "items"}.get(
                heading.group(1), "safeguards"
            )
            continue
        if section == "overall":
            overall.append(text)
        elif section == "safeguards":
            safeguards.append(text)
        elif section == "items" and _place_item(overview, text):
            continue
        else:
            note("note.overview-paragraph", para.text, location)
    if section is None:
        return None
    overview.overall_goal = "\n".join(overall) or None
    overview.safeguards = "\n".join(safeguards) or None
    return overview


def _place_item(overview: Overview, text: str) -> bool:
    field = _ITEM_FIELD.match(text)
    if field and overview.items:
        item = overview.items[-1]
        value = field.group(2).strip() or None
        if field.group(1) == "绩效目标":
            item.goal = value
        else:
            item.indicator = value
        return True
    heading = _ITEM.match(text)
    if heading:
        seq = chinese_number(heading.group(1)) or len(overview.items) + 1
        overview.items.append(OverviewItem(seq=seq, name=heading.group(2).strip()))
        return True
    return False
