"""Spreadsheet cell values as the user sees them: a value rendered by its number format.

A cell holding ``4`` formatted ``0.00`` reads ``4.00``; ``0.9`` formatted ``0%`` reads
``90%``; a date serial formatted ``yyyy"年"m"月"d"日"`` reads ``2025年3月31日``. What is
covered: the ``General`` format, digit placeholders (``0``, ``#``, ``?``), thousands
separators, percent, literal text (quoted, ``\\x``, ``_x`` padding, ``*x`` fill), sections
(positive;negative;zero;text), colour and locale brackets, and date/time codes. Scientific
notation and fractions are shown as ``General`` would show them.

Excel's built-in short date (format 14, stored as ``mm-dd-yy``) follows the reader's locale;
a Chinese Excel shows it as ``2025/3/31``, and so does perfgoal.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CellValue = str | int | float | Decimal | bool | dt.datetime | dt.date | dt.time | None

_QUOTED = re.compile(r'"[^"]*"|\\.|_.|\*.')
_BRACKET = re.compile(r"\[[^\]]*\]")
_DATE_CODE = re.compile(r"(?i)y+|m+|d+|h+|s+|am/pm|a/p|上午/下午")
_LOCALE_SHORT_DATE = "yyyy/m/d"
_BUILTIN_SHORT_DATES = {"mm-dd-yy", "m/d/yy", "m/d/yyyy", "mm/dd/yy"}


def render(value: CellValue, fmt: str | None) -> str:
    """The text a spreadsheet shows for ``value`` under number format ``fmt``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    fmt = (fmt or "General").strip()
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return _render_date(value, fmt)
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    return _render_number(number, fmt)


def general(number: Decimal) -> str:
    """Excel's ``General``: at most 15 significant digits, no trailing zeros."""
    if number == number.to_integral_value() and abs(number) < Decimal(10) ** 15:
        return str(int(number))
    text = f"{float(number):.15g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa}E{int(exponent):+03d}"
    return text


# -- numbers ---------------------------------------------------------------------------------


def split_sections(fmt: str) -> list[str]:
    """``0.00;[Red]-0.00;"-"`` -> its sections (semicolons inside quotes are literal)."""
    sections, current, quoted, escaped = [], [], False, False
    for char in fmt:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            current.append(char)
            escaped = True
        elif char == '"':
            current.append(char)
            quoted = not quoted
        elif char == ";" and not quoted:
            sections.append("".join(current))
            current = []
        else:
            current.append(char)
    sections.append("".join(current))
    return sections


def _render_number(number: Decimal, fmt: str) -> str:
    sections = split_sections(fmt)
    section, sign = sections[0], "-" if number < 0 else ""
    if number < 0 and len(sections) > 1:
        section, sign, number = sections[1], "", -number
    elif number == 0 and len(sections) > 2:
        section = sections[2]
    elif number < 0:
        number = -number
    section = _BRACKET.sub("", section)
    if section.strip().lower() in ("general", ""):
        return sign + general(number)
    if is_date_format(section):
        moment = serial_to_datetime(float(number if not sign else -number))
        return _render_date(moment, section) if moment is not None else sign + general(number)
    bare = _QUOTED.sub("", section)
    if re.search(r"[eE][+-]|\?/", bare) or not re.search(r"[0#?]", bare):
        literal = _literal(section)
        return literal if not re.search(r"[0#?]", bare) and literal else sign + general(number)
    return sign + _fill_digits(number, section)


def _fill_digits(number: Decimal, section: str) -> str:
    """Replace the digit placeholders of ``section`` by ``number``; keep its literals."""
    tokens = _tokens(section)
    digits = "".join(t for kind, t in tokens if kind == "code")
    percent = digits.count("%")
    number *= Decimal(100) ** percent
    integer_part, _, decimal_part = digits.replace("%", "").partition(".")
    places = sum(1 for c in decimal_part if c in "0#?")
    # trailing commas after the last placeholder scale by 1,000 each
    scale = len(integer_part) - len(integer_part.rstrip(","))
    number /= Decimal(1000) ** scale
    integer_part = integer_part.rstrip(",")
    grouped = "," in integer_part
    places = min(places, 30)  # as Excel allows
    try:
        rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than a decimal holds: shown as General would
        return general(number)
    whole, _, frac = f"{rounded:f}".partition(".")
    if whole == "0" and "0" not in integer_part.replace(",", ""):
        whole = ""  # ``#.00`` shows .50
    min_int = min(integer_part.count("0"), 30)
    whole = whole.rjust(min_int, "0")
    if grouped and whole:
        whole = f"{int(whole):,}"
    optional = len(decimal_part) - len(decimal_part.rstrip("#?"))
    if optional and frac:
        keep = len(frac) - optional
        frac = frac[:keep] + frac[keep:].rstrip("0")
    body = whole + ("." + frac if frac or "." in digits else "")
    out, placed = [], False
    for kind, text in tokens:
        if kind == "literal":
            out.append(text)
        elif kind == "percent":
            if not placed:
                out.append(body)
                placed = True
            out.append("%")
        elif not placed:
            out.append(body)
            placed = True
    return "".join(out)


def _tokens(section: str) -> list[tuple[str, str]]:
    """The section as ("code", placeholders), ("percent", "%") and ("literal", text)."""
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(section):
        char = section[i]
        if char == '"':
            end = section.find('"', i + 1)
            end = len(section) if end < 0 else end
            tokens.append(("literal", section[i + 1 : end]))
            i = end + 1
        elif char == "\\" and i + 1 < len(section):
            tokens.append(("literal", section[i + 1]))
            i += 2
        elif char == "_" and i + 1 < len(section):
            tokens.append(("literal", " "))
            i += 2
        elif char == "*" and i + 1 < len(section):
            i += 2
        elif char in "0#?.,":
            tokens.append(("code", char))
            i += 1
        elif char == "%":
            tokens.append(("percent", "%"))
            tokens.append(("code", "%"))
            i += 1
        elif char == "@":
            i += 1
        else:
            tokens.append(("literal", char))
            i += 1
    return tokens


def _literal(section: str) -> str:
    return "".join(text for kind, text in _tokens(section) if kind == "literal")


# -- dates -----------------------------------------------------------------------------------

_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)


def serial_to_datetime(serial: float, *, date1904: bool = False) -> dt.datetime | None:
    """An Excel date serial as a datetime (None outside years 1900-9999)."""
    if not 0 <= serial < 2958466:
        return None
    epoch = _EPOCH_1904 if date1904 else _EPOCH_1900
    moment = epoch + dt.timedelta(days=serial)
    return (
        moment.replace(microsecond=0)
        if moment.microsecond < 500000
        else (moment + dt.timedelta(microseconds=1_000_000 - moment.microsecond))
    )


def is_date_format(fmt: str) -> bool:
    """Whether a number format shows a date or a time."""
    bare = _BRACKET.sub("", _QUOTED.sub("", split_sections(fmt)[0]))
    return bool(re.search(r"(?i)[ymdhs]", bare)) and "general" not in bare.lower()


def _render_date(value: dt.datetime | dt.date | dt.time, fmt: str) -> str:
    section = _BRACKET.sub("", split_sections(fmt)[0])
    if section.strip().lower() in _BUILTIN_SHORT_DATES:
        section = _LOCALE_SHORT_DATE
    if not is_date_format(section):
        return _iso(value)
    out: list[str] = []
    codes = [m for m in _DATE_CODE.finditer(section)]
    i = 0
    literal_ranges = [m.span() for m in _QUOTED.finditer(section)]
    previous = ""
    for match in codes:
        start, end = match.span()
        if any(s <= start < e for s, e in literal_ranges):
            continue
        out.append(_literal(section[i:start]))
        code = match.group(0)
        following = section[end:].lstrip(" :")
        minutes = code[0].lower() == "m" and (
            previous.startswith("h") or following[:1].lower() == "s"
        )
        out.append(_date_part(value, code, minutes))
        previous = code.lower()
        i = end
    out.append(_literal(section[i:]))
    return "".join(out)


def _date_part(value: dt.datetime | dt.date | dt.time, code: str, minutes: bool) -> str:
    lower = code.lower()
    date = value if isinstance(value, dt.date) else None
    clock = value if isinstance(value, dt.time | dt.datetime) else None
    if lower[0] == "y" and date:
        return f"{date.year:04d}" if len(lower) > 2 else f"{date.year % 100:02d}"
    if lower[0] == "m" and not minutes and date:
        return f"{date.month:02d}" if len(lower) == 2 else str(date.month)
    if lower[0] == "d" and date:
        return f"{date.day:02d}" if len(lower) == 2 else str(date.day)
    if clock is not None:
        if lower[0] == "h":
            return f"{clock.hour:02d}" if len(lower) == 2 else str(clock.hour)
        if lower[0] == "m":
            return f"{clock.minute:02d}" if len(lower) == 2 else str(clock.minute)
        if lower[0] == "s":
            return f"{clock.second:02d}" if len(lower) == 2 else str(clock.second)
        if "/" in lower:
            morning = clock.hour < 12
            return {"am/pm": "AM" if morning else "PM", "a/p": "A" if morning else "P"}.get(
                lower, "上午" if morning else "下午"
            )
    return ""


def _iso(value: dt.datetime | dt.date | dt.time) -> str:
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    return value.isoformat()
