"""What a project scan keeps between rows: its state (which block the rows belong to), the
context it shares with the document, and the per-cell lookups (cached by text)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum, auto
from functools import lru_cache

from perfgoal.model import Location
from perfgoal.parsing.cells import Label, classify
from perfgoal.parsing.draft import ProjectDraft
from perfgoal.parsing.labels import Section
from perfgoal.parsing.tables import headerish
from perfgoal.readers.grid import Cell
from perfgoal.values import parse_amount

Note = Callable[[str, str, Location], None]


@lru_cache(maxsize=32768)
def cell_info(text: str) -> tuple[bool, tuple[Label, ...], bool]:
    """(blank, the labels it holds, header-like) of a cell's text: one lookup per cell."""
    blank = not text.strip()
    return blank, () if blank else classify(text), not blank and headerish(text)


def not_amount(text: str) -> bool:
    return parse_amount(text).value is None


class State(Enum):
    """Which block the rows being read belong to."""

    FORM = auto()
    """Rows of labels and values."""
    BUDGET = auto()
    """The money block: a row with a blank first cell holds the 资金用途."""
    PLAN = auto()
    INDICATORS = auto()
    DUTIES = auto()


TEXT_FIELDS = ("name", "description", "value", "basis", "extra", "task", "item")
SECTION_STATE = {
    Section.BUDGET: State.BUDGET,
    Section.PLAN: State.PLAN,
    Section.DUTIES: State.DUTIES,
    Section.INDICATORS: State.INDICATORS,
    Section.LONG_INDICATORS: State.INDICATORS,
}


Reading = tuple[Cell, tuple[Label, ...]]


@dataclass
class Context:
    """What a segment's scan shares with the document."""

    note: Note
    start_next: Callable[[Location], ProjectDraft]
    """Finish the current project and start the next one (its first row's location)."""
    document_meta: dict[str, str] = field(default_factory=dict)
    years: list[int] = field(default_factory=list)
