"""What one cell (or one line) says: a label of which kind, with or without its value.

Every cell is classified here before the scanner assigns it: a :class:`Label` (a field of
the project, a part of the money block, a section, another form field) or nothing (a
value). A cell may hold a label and its value (``项目名称：2025年示范项目``,
``其中：上级资金16``) or several (``填表人：张三 联系电话：1234``, :func:`split_fields`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum, auto
from functools import lru_cache

from perfgoal.model import Checkpoint
from perfgoal.parsing.labels import (
    ANNUAL_AMOUNT_LABELS,
    FIELD_LABELS,
    META_LABELS,
    PART_LABELS,
    SECTION_LABELS,
    WHOLE_AMOUNT_LABELS,
    Field,
    Section,
    has_qizhong,
    lookup_keys,
    paren_note,
)
from perfgoal.values import detect_amount_unit, normalize, text_key

MAX_LABEL_LENGTH = 40
_MONEY_UNITS = {"元": "元", "万元": "万元", "千元": "千元", "亿元": "亿元", "万": "万元"}
_FIELD_TOKEN = re.compile(r"([^\s:：]{2,24})\s*[:：]")
_LABEL_THEN_AMOUNT = re.compile(
    r"^(?P<head>(?:其中\s*:?\s*)?[^0-9:：]{2,20}?)\s*(?P<amount>[-+]?[0-9][0-9,.]*(?:万元|元|万)?)$"
)


class LabelKind(Enum):
    FIELD = auto()
    PART = auto()
    SECTION = auto()
    META = auto()


@dataclass(frozen=True, slots=True)
class Label:
    """A label cell, read. ``text`` is the label as written; ``name`` what it is kept as
    (a form field's name, a part's label); ``inline`` the value written in the same cell."""

    kind: LabelKind
    text: str
    name: str
    field: Field | None = None
    section: Section | None = None
    part_of: str | None = None
    qizhong: bool = False
    annual: bool = False
    whole: bool = False
    unit: str | None = None
    inline: str | None = None


def _money_unit(text: str) -> str | None:
    note = paren_note(text)
    if note is None:
        return None
    return _MONEY_UNITS.get(note.replace(" ", "")) or detect_amount_unit(note)


def _label(text: str, inline: str | None) -> Label | None:
    unit = _money_unit(text)
    for k in lookup_keys(text):
        if k in FIELD_LABELS:
            return Label(
                LabelKind.FIELD,
                text,
                k,
                field=FIELD_LABELS[k],
                qizhong=has_qizhong(text),
                annual=k in ANNUAL_AMOUNT_LABELS,
                whole=k in WHOLE_AMOUNT_LABELS,
                unit=unit,
                inline=inline,
            )
        if k in PART_LABELS:
            return Label(
                LabelKind.PART,
                text,
                k,
                part_of=PART_LABELS[k],
                qizhong=has_qizhong(text),
                unit=unit,
                inline=inline,
            )
        if k in SECTION_LABELS:
            return Label(LabelKind.SECTION, text, k, section=SECTION_LABELS[k], unit=unit)
        if k in META_LABELS:
            return Label(LabelKind.META, text, META_LABELS[k], unit=unit, inline=inline)
    return None


@lru_cache(maxsize=16384)
def read_label(text: str) -> Label | None:
    """The label a cell holds, with ``inline`` set when its value follows in the same cell
    (after a colon, or an amount straight after a money label); None for a value."""
    stripped = text.strip()
    if not stripped or len(stripped) > MAX_LABEL_LENGTH + 40:
        return None
    if len(stripped) <= MAX_LABEL_LENGTH:
        label = _label(stripped, None)
        if label is not None:
            return label
    fields = split_fields(stripped)
    if fields is not None and len(fields) == 1:
        return fields[0]
    amount = _LABEL_THEN_AMOUNT.match(normalize(stripped))
    if amount is not None:
        label = _label(amount["head"], amount["amount"])
        if label is not None and label.kind in (LabelKind.FIELD, LabelKind.PART):
            return label if label.field is None or label.field in _AMOUNTS else None
    return None


_AMOUNTS = {Field.TOTAL, Field.FISCAL, Field.OTHER, Field.BASIC, Field.PROJECT}


def split_fields(text: str) -> list[Label] | None:
    """``填表人：张三 联系电话：1234 填报日期：`` -> one :class:`Label` per field, each with its
    ``inline`` value; None unless the whole text is such fields (it starts with a known
    label followed by a colon; text between labels is the value of the one before)."""
    tokens = [m for m in _FIELD_TOKEN.finditer(text) if _label(m.group(1), None) is not None]
    if not tokens or text[: tokens[0].start()].strip():
        return None
    labels: list[Label] = []
    for i, match in enumerate(tokens):
        end = tokens[i + 1].start() if i + 1 < len(tokens) else len(text)
        value = text[match.end() : end].strip()
        label = _label(match.group(1), value)
        assert label is not None
        labels.append(label)
    return labels


_CHECKPOINT = re.compile(
    r"^(\d{1,2})月(?:底|末|份)?$|^第?([一二三四1-4])季度(?:末)?$|^(上半年|全年|年底)$"
)
_QUARTER = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}


def read_checkpoint(text: str) -> Checkpoint | None:
    """A spend-plan column label (``3月底``, ``第二季度``, ``全年``) as an empty checkpoint,
    or None when ``text`` is not one. An impossible month (``13月底``) has month None."""
    found = checkpoint_label(text)
    return Checkpoint(label=found[0], month=found[1]) if found else None


def checkpoint_label(text: str) -> tuple[str, int | None] | None:
    """:func:`read_checkpoint`'s label and month, without building the model (every
    header-like row is tried as a spend plan's header); remembered for short texts."""
    return _checkpoint_label(text) if len(text) <= 40 else _checkpoint_label.__wrapped__(text)


@lru_cache(maxsize=4096)
def _checkpoint_label(text: str) -> tuple[str, int | None] | None:
    label = text_key(text)
    match = _CHECKPOINT.match(label)
    if not match:
        return None
    month: int | None
    if match.group(1):
        month = int(match.group(1)) if 1 <= int(match.group(1)) <= 12 else None
    elif match.group(2):
        month = _QUARTER[match.group(2)]
    else:
        month = 6 if match.group(3) == "上半年" else 12
    return label, month


@lru_cache(maxsize=16384)
def classify(text: str) -> tuple[Label, ...]:
    """The labels a cell holds: one, several (``填表人：X 联系电话：Y``), or none (a value)."""
    if not text.strip():
        return ()
    label = read_label(text)
    if label is not None:
        return (label,)
    return tuple(split_fields(text) or ())
