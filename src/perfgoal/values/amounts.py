"""Money cells: amounts with their unit, the one unit table and converter, the unit a
title line states."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, localcontext

from perfgoal.values.text import NUMBER, WHITESPACE_RE, normalize, read_number, text_key

# --- money --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParsedAmount:
    """A money cell read: ``value`` in the table's unit (None when blank or unreadable)."""

    value: Decimal | None
    blank: bool
    ok: bool
    unit: str | None


_AMOUNT_EXPONENT = {"元": 0, "千元": 3, "万": 4, "万元": 4, "亿": 8, "亿元": 8}
_AMOUNT_RE = re.compile(rf"[¥￥]?(?P<num>{NUMBER})(?P<unit>千元|万元|亿元|万|亿|元)?")
_BLANK_AMOUNT_RE = re.compile(r"[-—–―/]+|无")
_BLANK_AMOUNT = ParsedAmount(value=None, blank=True, ok=True, unit=None)
_BAD_AMOUNT = ParsedAmount(value=None, blank=False, ok=False, unit=None)


def _rescale(value: Decimal, shift: int) -> Decimal:
    """``value`` × 10**shift, exactly (no float, no rounding)."""
    with localcontext() as ctx:
        ctx.prec = len(value.as_tuple().digits) + abs(shift) + 2
        scaled = value.scaleb(shift)
        exponent = scaled.as_tuple().exponent
        return scaled.quantize(Decimal(1)) if isinstance(exponent, int) and exponent > 0 else scaled


def convert_amount(value: Decimal, unit: str | None, target: str) -> Decimal | None:
    """``value`` in money ``unit`` (元/千元/万元/亿元, ``万``/``亿``) expressed in ``target``,
    exactly; None when either unit is unknown."""
    source = _AMOUNT_EXPONENT.get(text_key(unit))
    goal = _AMOUNT_EXPONENT.get(text_key(target))
    if source is None or goal is None:
        return None
    return value if source == goal else _rescale(value, source - goal)


def parse_amount(text: str | None, table_unit: str | None = None) -> ParsedAmount:
    """Read a money cell (``4.00``, ``8,827,620.53``, ``１５．００``, ``250万``, ``¥1,000``).

    A cell carrying its own unit is converted into ``table_unit`` (元/千元/万元/亿元);
    without a known ``table_unit`` it is kept as written. ``-``, ``—``, ``/``, ``无`` are
    blank. Negative amounts are read (``ok``); a rule reports them. Whitespace inside the
    cell (a wrapped line, a tab, ``1 000``) is layout and is ignored.
    """
    if text is None:
        return _BLANK_AMOUNT
    cell = text_key(text)
    if not cell or _BLANK_AMOUNT_RE.fullmatch(cell):
        return _BLANK_AMOUNT
    m = _AMOUNT_RE.fullmatch(cell)
    if m is None:
        return _BAD_AMOUNT
    value, unit = read_number(m["num"]), m["unit"]
    target = _AMOUNT_EXPONENT.get(text_key(table_unit))
    if unit is not None and target is not None:
        value = _rescale(value, _AMOUNT_EXPONENT[unit] - target)
    return ParsedAmount(value=value, blank=False, ok=True, unit=unit)


def amount_unreadable(raw: str | None, value: Decimal | None) -> bool:
    """True for a money cell whose text holds no amount: not blank, not a blank marker
    (``-``, ``/``, ``无``), and no ``value`` read from it (``四万元``, ``4.0O``)."""
    if value is not None or raw is None or not raw.strip():
        return False
    return not parse_amount(raw).blank


# Not 预算单位：元氏县… (a unit *name*), nor 计量单位 (an indicator's unit).
_UNIT_LINE_RE = re.compile(
    r"(?<!预算)(?<!计量)(?<!度量)单位 ?:? ?(?:人民币)? ?"
    r"(?P<unit>万元|千元|亿元|元)(?![\u4e00-\u9fff])"
)


def detect_amount_unit(text: str) -> str | None:
    """The amount unit a line states: ``（单位：万元）``, ``金额单位：元`` → ``万元``/``元``."""
    m = _UNIT_LINE_RE.search(normalize(text))
    return m["unit"] if m is not None else None


_EMPTY_BRACKETS_RE = re.compile(r"[(\[]\s*[)\]]")
_UNIT_PHRASE_RE = re.compile(r"(?:金额|资金|货币)?" + _UNIT_LINE_RE.pattern)


def strip_amount_unit(text: str) -> str:
    """The line without its amount-unit statement: ``填报单位：X 单位：万元`` → ``填报单位:X``
    (normalised, like :func:`detect_amount_unit` reads it)."""
    rest = _UNIT_PHRASE_RE.sub(" ", normalize(text))
    return WHITESPACE_RE.sub(" ", _EMPTY_BRACKETS_RE.sub(" ", rest)).strip(" ,;，；")
