"""Dates as forms write them: ``2025年3月1日``, ``2025-03-01``, ``2025.03``, ``202503``,
``2025年底``, and spans (``202001-202012``, ``2025年1月至2025年12月``). Pure, never raises.

A date may lack its month or day; :meth:`Day.earliest` and :meth:`Day.latest` are the first
and the last day it can mean, which is how two dates are compared (a start is after an end
only when its earliest day is after the end's latest).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from perfgoal.values import normalize

_DATE_RE = re.compile(
    r"(?<![0-9])(?P<y>20[0-9]{2})"
    r"(?:年(?:(?P<m1>[0-9]{1,2})月(?:(?P<d1>[0-9]{1,2})[日号])?|(?P<end>底|末))?"
    r"|[-./](?P<m2>[0-9]{1,2})(?:[-./](?P<d2>[0-9]{1,2}))?"
    r"|(?P<m3>0[1-9]|1[0-2])(?P<d3>0[1-9]|[12][0-9]|3[01])?)?(?![0-9])"
)


@dataclass(frozen=True, slots=True)
class Day:
    """A date, perhaps without month or day."""

    year: int
    month: int | None = None
    day: int | None = None

    def earliest(self) -> tuple[int, int, int]:
        return (self.year, self.month or 1, self.day or 1)

    def latest(self) -> tuple[int, int, int]:
        month = self.month or 12
        return (self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def text(self) -> str:
        parts = f"{self.year}年"
        if self.month:
            parts += f"{self.month}月"
            if self.day:
                parts += f"{self.day}日"
        return parts


def dates_in(text: str | None) -> list[Day]:
    """Every readable date in ``text``, in order (impossible months and days are skipped)."""
    found: list[Day] = []
    for m in _DATE_RE.finditer(normalize(text or "").replace(" ", "")):
        month_text = m["m1"] or m["m2"] or m["m3"]
        day_text = m["d1"] or m["d2"] or m["d3"]
        year = int(m["y"])
        month = int(month_text) if month_text else (12 if m["end"] else None)
        day = int(day_text) if day_text else None
        if month is not None and not 1 <= month <= 12:
            continue
        if day is not None and (month is None or not 1 <= day <= _days(year, month)):
            continue
        found.append(Day(year, month, day))
    return found


def _days(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def first_date(text: str | None) -> Day | None:
    found = dates_in(text)
    return found[0] if found else None


def last_date(text: str | None) -> Day | None:
    found = dates_in(text)
    return found[-1] if found else None


def is_after(later: Day, earlier: Day) -> bool:
    """``later`` certainly comes after ``earlier`` (whatever days they may mean)."""
    return later.earliest() > earlier.latest()
