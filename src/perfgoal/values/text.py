"""Text normal forms: full-width to half-width, compare keys, decimal text, goal-list
numbering and checkbox fields."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from perfgoal.model import decimal_text

# A number as documents write it: sign, thousands commas, decimals (values and amounts).
NUMBER = r"[-+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
WHITESPACE_RE = re.compile(r"\s+")


def read_number(text: str) -> Decimal:
    """A :data:`NUMBER` match as a Decimal (``1,234.5`` -> ``1234.5``)."""
    return Decimal(text.replace(",", ""))


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


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Full-width ASCII to half-width, ``≧≦`` to ``≥≤``, odd spaces to one space, trimmed."""
    return WHITESPACE_RE.sub(" ", text.translate(_TRANSLATE)).strip()


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
