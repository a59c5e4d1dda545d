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
  the parser records it as ``IndicatorValue.form`` ``malformed`` (PG301 reads that);
* placeholders made of ``* _ - X ×`` (PG308) are text;
* amounts are in the table's 单位 (万元 / 元) unless the cell carries its own (``250万``).

Everything here is called for every cell of large documents: regexes are compiled once,
character mapping is one ``str.translate`` table, and :func:`parse_value` caches by text.
Nothing here raises on any string.
"""

from __future__ import annotations

from perfgoal.model import decimal_text
from perfgoal.values.amounts import (
    ParsedAmount,
    amount_unreadable,
    convert_amount,
    detect_amount_unit,
    parse_amount,
    strip_amount_unit,
)
from perfgoal.values.indicator import (
    is_placeholder,
    looks_quantitative,
    operator_conflict,
    parse_value,
    value_form,
)
from perfgoal.values.text import (
    checked_option,
    label_key,
    normalize,
    plain_decimal,
    strip_numbering,
    text_key,
)

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
    "operator_conflict",
    "parse_amount",
    "parse_value",
    "plain_decimal",
    "strip_amount_unit",
    "strip_numbering",
    "text_key",
    "value_form",
]
