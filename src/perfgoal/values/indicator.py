"""指标值: operator + number + unit, ranges, dates, placeholders, and how the parser
classifies a value (:func:`value_form`)."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from perfgoal.model import IndicatorValue, Operator, ValueForm, ValueKind
from perfgoal.values.text import NUMBER, normalize, read_number, text_key

# Keep a space only between two digits (``≥2 3次`` must stay malformed).
_LOOSE_SPACE_RE = re.compile(r"(?<![0-9]) | (?![0-9])")


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

_SEPARATORS = r"-|~|—|–|至|到"
_OP_PREFIX_RE = re.compile(_OPS)
# Numbers are atomic groups: giving a digit back to the unit could never make a readable
# value, and it keeps long digit runs linear.
_SINGLE_RE = re.compile(rf"(?P<op>{_OPS})?(?P<num>(?>{NUMBER}))(?P<unit>.*?)(?P<suf>{_SUFFIXES})?")
_RANGE_RE = re.compile(
    rf"(?P<a>(?>{NUMBER}))(?P<ua>[^-~—–至到0-9]*)(?:{_SEPARATORS})(?P<b>(?>{NUMBER}))(?P<ub>.*)"
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
    return ("range", None, read_number(m["a"]), read_number(m["b"]), unit_b or unit_a)


def _parse_single(text: str) -> _Parsed:
    m = _SINGLE_RE.fullmatch(text)
    if m is None:
        return _QUALITATIVE
    readable, unit = _read_unit(m["unit"])
    if not readable:
        return _QUALITATIVE
    op = _OPERATOR_WORDS.get(m["op"] or "") or _SUFFIX_WORDS.get(m["suf"] or "")
    return ("quantitative", op, read_number(m["num"]), None, unit)


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
    return IndicatorValue(
        raw=raw,
        kind=kind,
        form=value_form(raw, kind),
        operator=op,
        number=number,
        upper=upper,
        unit=unit,
        operator_conflict=operator_conflict(operator_text, raw),
    )


def operator_conflict(operator_text: str | None, raw: str | None) -> bool:
    """Whether the 计算符号 column and the value cell each state an operator, and differ
    (``≤`` beside ``≥90%``)."""
    column, own = leading_operator(operator_text), leading_operator(raw)
    return column is not None and own is not None and column != own


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
