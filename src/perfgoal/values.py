"""指标值 and amount normalisation: pure, table-driven functions, no I/O.

How a 指标值 is written and how money is written are described in ``docs/domain.md`` ("How a
指标值 is written", "Money"); the normal forms are fixed by ``docs/model.md`` ("Value
normalisation"). In short:

* a quantitative value is operator + number + unit, in one cell (``≥2次``, ``100百分比``,
  ``≤30天``) or split over a 计算符号 and a 度量单位 column; full-width ``＝ ≧ ％`` and digits
  occur, Hebei spells % as 百分比; ranges (``14-24℃``, ``2023.07-2024.01``) are legal;
* a unit in brackets after the number is the unit (``≥13459.00(平方米)``, ``=100.00(%)``);
* an operator or number after leading words still counts (``居民参与率不低于100%`` → ``>=``
  100 ``%``, ``满意率100%``), when the rest is exactly one number with a short unit; several
  numbers in one value (``慰问人数不少于100人,宣传用品不少于20000份``) stay qualitative;
* a value that is text only (``优良``, ``控制在预算内``) is qualitative; one that starts like a
  number but cannot be read (``≥``, ``≥次``, ``9O%``) is qualitative too, and
  :func:`looks_quantitative` tells the rules to report it (PG301);
* placeholders made of ``* _ - X ×`` (PG308) are text;
* amounts are in the table's 单位 (万元 / 元) unless the cell carries its own (``250万``).

Everything here is called for every cell of large documents: regexes are compiled once,
character mapping is one ``str.translate`` table, and :func:`parse_value` caches by text.
Nothing here raises on any string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, localcontext
from functools import lru_cache

from perfgoal.model import IndicatorValue, Operator, ValueForm, ValueKind, decimal_text

__all__ = [
    "ParsedAmount",
    "amount_unreadable",
    "checked_option",
    "convert_amount",
    "decimal_text",
    "detect_amount_unit",
    "is_placeholder",
    "label_key",
    "looks_quantitative",
    "normalize",
    "parse_amount",
    "parse_value",
    "plain_decimal",
    "strip_amount_unit",
    "strip_numbering",
    "text_key",
    "value_form",
]


def _translation_table() -> dict[int, str | None]:
    # Full-width ASCII (！..～) to half-width; not NFKC, which would also rewrite ℃, ㎡, ①.
    table: dict[int, str | None] = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
    table.update({0x3000: " ", 0x00A0: " ", ord("≧"): "≥", ord("≦"): "≤"})
    table.update({ord("﹥"): ">", ord("﹤"): "<", ord("﹦"): "=", ord("﹪"): "%"})
    table.update({ord("〜"): "~", ord("∶"): ":"})
    # zero-width characters, word joiners and soft hyphens (U+00AD) are invisible: drop
    table.update(dict.fromkeys((0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x180E)))
    return table


_TRANSLATE = _translation_table()
_WHITESPACE_RE = re.compile(r"\s+")
# Keep a space only between two digits (``≥2 3次`` must stay malformed).
_LOOSE_SPACE_RE = re.compile(r"(?<![0-9]) | (?![0-9])")


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Full-width ASCII to half-width, ``≧≦`` to ``≥≤``, odd spaces to one space, trimmed."""
    return _WHITESPACE_RE.sub(" ", text.translate(_TRANSLATE)).strip()


def text_key(text: str | None) -> str:
    """What two texts are compared by: normalised, without any whitespace (after
    :func:`normalize` the only whitespace left is single spaces)."""
    return normalize(text).replace(" ", "") if text else ""


def plain_decimal(value: Decimal) -> str:
    """``Decimal('90.00')`` -> ``'90'``, ``Decimal('500')`` -> ``'500'``: no exponent, no
    trailing zeros (:func:`decimal_text` keeps them)."""
    text = decimal_text(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def label_key(text: str) -> str:
    """The key a header label is matched by: ``'*其中：财政    资金：'`` → ``'其中:财政资金'``."""
    key = text_key(text)
    return key.rstrip(":*").lstrip("*")


def _squeeze(text: str) -> str:
    return _LOOSE_SPACE_RE.sub("", normalize(text))


# --- operators --------------------------------------------------------------------------

_OPERATOR_WORDS: dict[str, Operator] = {
    **dict.fromkeys(("≥", ">=", "=>", "≮", "不低于", "不少于", "不小于"), ">="),
    **dict.fromkeys(("大于等于", "大于或等于", "不得低于", "不得少于", "至少", "达到"), ">="),
    **dict.fromkeys(("≤", "<=", "=<", "≯", "不高于", "不超过", "不多于", "不大于"), "<="),
    **dict.fromkeys(("小于等于", "小于或等于", "不得高于", "不得超过", "最多", "至多"), "<="),
    **dict.fromkeys((">", "高于", "大于", "超过", "多于"), ">"),
    **dict.fromkeys(("<", "低于", "小于", "少于", "不足", "不到"), "<"),
    **dict.fromkeys(("=", "等于"), "="),
}
_SUFFIX_WORDS: dict[str, Operator] = {
    **dict.fromkeys(("以上", "及以上"), ">="),
    **dict.fromkeys(("以内", "之内", "内", "以下", "及以下"), "<="),
}
_OPERATOR_SYMBOLS = frozenset(w for w in _OPERATOR_WORDS if not w[0].isalpha())


def _alternation(words: dict[str, Operator]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_OPS = _alternation(_OPERATOR_WORDS)
_SUFFIXES = _alternation(_SUFFIX_WORDS)
_NUM = r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_SEPARATORS = r"-|~|—|–|至|到"
_OP_PREFIX_RE = re.compile(_OPS)
# Numbers are atomic groups: giving a digit back to the unit could never make a readable
# value, and it keeps long digit runs linear.
_SINGLE_RE = re.compile(rf"(?P<op>{_OPS})?(?P<num>(?>{_NUM}))(?P<unit>.*?)(?P<suf>{_SUFFIXES})?")
_RANGE_RE = re.compile(
    rf"(?P<a>(?>{_NUM}))(?P<ua>[^-~—–至到0-9]*)(?:{_SEPARATORS})(?P<b>(?>{_NUM}))(?P<ub>.*)"
)
_MONTH_RANGE_RE = re.compile(
    rf"(?P<y1>[0-9]{{4}})年(?P<m1>[0-9]{{1,2}})月份?(?:{_SEPARATORS})"
    r"(?P<y2>[0-9]{4})年(?P<m2>[0-9]{1,2})月份?"
)
# A date (a deadline) is not a number with a unit: ``2025年12月31日前``, ``12月底``.
_DATE_RE = re.compile(
    r"[0-9]{4}年(?:[0-9]|底|末|初|中|内|前|上半年|下半年|度|全年)"
    r"|[0-9]{4}([./-])[0-9]{1,2}\1[0-9]{1,2}(?![0-9])"
    r"|[0-9]{1,2}月(?:[0-9]|底|末|初|中|上旬|中旬|下旬|份)"
)
_PERCENT_UNITS = {"%": "%", "百分比": "%", "‰": "‰"}
_BAD_UNIT_RE = re.compile(r"[0-9<>=≥≤≮≯,.;:!?、。；：！？~\-—–*\s%]|百分比|^[Oo](?![A-Za-z])")
_NOTE_RE = re.compile(r"(?P<unit>[^()]*)\((?P<note>[^()]*)\)")


def _after_operator(text: str) -> str:
    op = _OP_PREFIX_RE.match(text)
    return text[op.end() :] if op is not None else text


def leading_operator(text: str | None) -> Operator | None:
    """The operator a 指标值 or 计算符号 text starts with (``≥ 2次`` -> ``">="``), else None."""
    if not text:
        return None
    match = _OP_PREFIX_RE.match(text_key(text))
    return _OPERATOR_WORDS[match.group(0)] if match else None


def _operator_word(text: str | None) -> Operator | None:
    """The operator a 计算符号 / 指标性质 cell names; ``定量``/``定性`` name none."""
    if text is None:
        return None
    word = text_key(text)
    return _OPERATOR_WORDS.get(word) or _SUFFIX_WORDS.get(word)


def _unit_word(text: str | None) -> str | None:
    """A 度量单位 column, normalised: ``百分比``/``％`` → ``%``; blank or placeholder → None."""
    if text is None:
        return None
    unit = text_key(text)
    if not unit or unit == "无" or is_placeholder(unit):
        return None
    return _PERCENT_UNITS.get(unit, unit)


def _read_unit(text: str) -> tuple[bool, str | None]:
    """(readable, unit) of what follows a number; a ``(历史标准)`` note is dropped."""
    note = _NOTE_RE.fullmatch(text)
    if note is not None:
        if note["note"].endswith("标准"):
            text = note["unit"]
        elif not note["unit"]:
            text = note["note"]
    if not text:
        return True, None
    if text in _PERCENT_UNITS:
        return True, _PERCENT_UNITS[text]
    return _BAD_UNIT_RE.search(text) is None, text


# --- 指标值 -------------------------------------------------------------------------------

_Parsed = tuple[ValueKind, Operator | None, Decimal | None, Decimal | None, str | None]
_QUALITATIVE: _Parsed = ("qualitative", None, None, None, None)


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def _parse_month_range(text: str) -> _Parsed | None:
    m = _MONTH_RANGE_RE.fullmatch(text)
    if m is None:
        return None
    months = int(m["m1"]), int(m["m2"])
    if not all(1 <= month <= 12 for month in months):
        return _QUALITATIVE
    low = Decimal(f"{m['y1']}.{months[0]:02d}")
    high = Decimal(f"{m['y2']}.{months[1]:02d}")
    return ("range", None, low, high, None)


def _parse_range(text: str) -> _Parsed | None:
    m = _RANGE_RE.fullmatch(text)
    if m is None:
        return None
    ok_a, unit_a = _read_unit(m["ua"])
    ok_b, unit_b = _read_unit(m["ub"])
    if not (ok_a and ok_b) or (unit_a and unit_b and unit_a != unit_b):
        return _QUALITATIVE
    return ("range", None, _number(m["a"]), _number(m["b"]), unit_b or unit_a)


def _parse_single(text: str) -> _Parsed:
    m = _SINGLE_RE.fullmatch(text)
    if m is None:
        return _QUALITATIVE
    readable, unit = _read_unit(m["unit"])
    if not readable:
        return _QUALITATIVE
    op = _OPERATOR_WORDS.get(m["op"] or "") or _SUFFIX_WORDS.get(m["suf"] or "")
    return ("quantitative", op, _number(m["num"]), None, unit)


def _parse_number_part(text: str) -> _Parsed:
    """A value that starts with its operator or number: a range, else a single value."""
    if _DATE_RE.match(_after_operator(text)):
        return _QUALITATIVE
    return _parse_range(text) or _parse_single(text)


# Leading words end before an operator or the first digit; they hold no digit themselves,
# and an ordinal (``第3季度``) is not a number with a unit.
_FIRST_DIGIT_RE = re.compile(r"[0-9]")
_LEAD_UNIT_LIMIT = 4


def _parse_after_words(text: str) -> _Parsed:
    """``居民参与率不低于100%``, ``满意率100%``: the value after leading words, when the
    rest is exactly one number (or range) with a short unit; otherwise qualitative."""
    digit = _FIRST_DIGIT_RE.search(text)
    if digit is None or digit.start() == 0:
        return _QUALITATIVE
    starts = [m.start() for m in _OP_PREFIX_RE.finditer(text, 0, digit.start())]
    for start in [*starts, digit.start()]:
        lead = text[:start]
        if not lead or lead.endswith("第") or lead[-1] in "+-.,":
            continue
        parsed = _parse_number_part(text[start:])
        unit = parsed[4]
        if parsed[0] != "qualitative" and (unit is None or len(unit) <= _LEAD_UNIT_LIMIT):
            return parsed
    return _QUALITATIVE


@lru_cache(maxsize=8192)
def _parse_text(raw: str) -> _Parsed:
    text = _squeeze(raw)
    if not text:
        return ("empty", None, None, None, None)
    month_range = _parse_month_range(text)
    if month_range is not None:
        return month_range
    parsed = _parse_number_part(text)
    if parsed[0] == "qualitative" and not _OP_PREFIX_RE.match(text):
        return _parse_after_words(text)
    return parsed


def parse_value(
    raw: str | None, *, operator_text: str | None = None, unit_text: str | None = None
) -> IndicatorValue:
    """Normalise a 指标值 cell; ``raw`` is kept exactly as given.

    ``operator_text`` (计算符号, or 指标性质 holding ``≥``) and ``unit_text`` (度量单位) fill
    in what the cell itself lacks; the cell's own operator and unit win.
    """
    if raw is None:
        return IndicatorValue(raw=None, kind="empty", form="empty")
    kind, op, number, upper, unit = _parse_text(raw)
    if kind == "quantitative" and op is None:
        op = _operator_word(operator_text) or "="
    if kind in ("quantitative", "range") and unit is None:
        unit = _unit_word(unit_text)
    form = value_form(raw, kind)
    return IndicatorValue(
        raw=raw, kind=kind, form=form, operator=op, number=number, upper=upper, unit=unit
    )


def value_form(raw: str | None, kind: ValueKind) -> ValueForm:
    """How a 指标值 of this ``kind`` is written: a read number is ``ok``; text that is only a
    placeholder is ``placeholder``; text that looks numeric (:func:`looks_quantitative`) is
    ``malformed``; blank is ``empty``; any other text is ``ok``."""
    if raw is None:
        return "empty"
    if kind in ("quantitative", "range"):
        return "ok"
    if is_placeholder(raw):
        return "placeholder"
    if looks_quantitative(raw):
        return "malformed"
    return "empty" if kind == "empty" else "ok"


_PLACEHOLDER_RE = re.compile(r"[*_\-—–―Xx×/ ]+")
_LEADING_NUMBER_RE = re.compile(r"[-+]?\.?[0-9]")
_DIGITS_PERCENT_RE = re.compile(r"[0-9OoIl〇零一二三四五六七八九十.,]+(?:%|百分比)")


def is_placeholder(raw: str | None) -> bool:
    """True for a value made only of ``* _ - — – X x × /`` (and spaces): ``*``, ``XX``, ``——``."""
    return raw is not None and _PLACEHOLDER_RE.fullmatch(normalize(raw)) is not None


def looks_quantitative(raw: str | None) -> bool:
    """True when a value is meant as a number, whether or not it can be read.

    After :func:`normalize` and removing spaces, the text is not empty, not a
    placeholder, not a date (``2025年12月底``; a month range ``2023年7月-2024年1月``
    does count), and

    * starts with an operator symbol (``≥ ≤ > < =``), or
    * starts with an operator word followed by a digit or by nothing (``不低于95%``,
      ``不低于``; not ``不超过预算``), or
    * starts with a digit, optionally signed or after a point (``-5``, ``.5``), or
    * is digits / O / o / I / l / Chinese numerals then ``%`` or ``百分比`` (``O9%``,
      ``九十%``), or
    * is one number after leading words, as :func:`parse_value` reads it (``满意率100%``).

    Every value :func:`parse_value` reads as quantitative or range looks quantitative, so a
    rule reports ``looks_quantitative(raw) and kind == "qualitative"`` as malformed (PG301).
    """
    if raw is None:
        return False
    text = text_key(raw)
    if not text or is_placeholder(text):
        return False
    op = _OP_PREFIX_RE.match(text)
    if op is not None:
        rest = text[op.end() :]
        if _DATE_RE.match(rest):
            return False
        return op[0] in _OPERATOR_SYMBOLS or not rest or bool(_LEADING_NUMBER_RE.match(rest))
    if _MONTH_RANGE_RE.fullmatch(text):
        return True
    if _DATE_RE.match(text):
        return False
    if _LEADING_NUMBER_RE.match(text) or _DIGITS_PERCENT_RE.match(text):
        return True
    return _parse_text(raw)[0] != "qualitative"  # a number after leading words


# --- money --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ParsedAmount:
    """A money cell read: ``value`` in the table's unit (None when blank or unreadable)."""

    value: Decimal | None
    blank: bool
    ok: bool
    unit: str | None


_AMOUNT_EXPONENT = {"元": 0, "千元": 3, "万": 4, "万元": 4, "亿": 8, "亿元": 8}
_AMOUNT_RE = re.compile(rf"[¥￥]?(?P<num>{_NUM})(?P<unit>千元|万元|亿元|万|亿|元)?")
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
    value, unit = _number(m["num"]), m["unit"]
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
    return _WHITESPACE_RE.sub(" ", _EMPTY_BRACKETS_RE.sub(" ", rest)).strip(" ,;，；")


# --- goal lists ---------------------------------------------------------------------------

_NUMBERING_RE = re.compile(
    r"\s*(?:"
    r"[0-9０-９]{1,2}\s*[.．](?![0-9０-９]{1,3}(?![0-9０-９]))"  # 1.  (not 1.5万元; 1.2025… ok)
    r"|[0-9０-９]{1,2}\s*[、)）]"  # 1、 1)
    r"|[(（]\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*[)）]"  # (1) （一）
    r"|[一二三四五六七八九十]{1,3}\s*[、.．]"  # 一、
    r"|[①-⑳⑴-⒇⒈-⒛❶-❿]"  # ① ⑴ ⒈ ❶
    r"|目标\s*(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*[:：、.．]"  # 目标1：
    r")\s*"
)


def strip_numbering(text: str) -> str:
    """Drop one leading list number from a goal line: ``1.促进…`` → ``促进…``.

    A year is not a list number: ``2025智慧平台…`` stays, ``1.2025智慧平台…`` loses ``1.``.
    The rest of the text is kept as written (only trimmed).
    """
    m = _NUMBERING_RE.match(text)
    return (text[m.end() :] if m is not None else text).strip()


# --- checkbox fields ----------------------------------------------------------------------

_CHECKED = "☑√✓✔■☒▇●"
_BOXES = "□☐○" + _CHECKED
_OPTION_RE = re.compile(rf"[{_BOXES}]|[^\s{_BOXES}]+")


def checked_option(text: str) -> str | None:
    """The ticked option of a checkbox field (``新增项目□ 延续项目☑``, ``☑经常性项目
    □一次性项目`` -> the ticked one); None when no box is ticked (or it is a plain value)."""
    tokens: list[str] = _OPTION_RE.findall(normalize(text))
    if not any(t in _CHECKED for t in tokens):
        return None
    box_first = tokens[0] in _BOXES
    for i, token in enumerate(tokens):
        if token in _CHECKED:
            j = i + 1 if box_first else i - 1
            if 0 <= j < len(tokens) and tokens[j] not in _BOXES:
                return tokens[j]
    return None
