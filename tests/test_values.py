"""Table tests for perfgoal.values (指标值 and amount normalisation; docs/domain.md)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfgoal.model import Budget, Checkpoint, Indicator, IndicatorValue
from perfgoal.values import (
    ParsedAmount,
    amount_unreadable,
    convert_amount,
    decimal_text,
    detect_amount_unit,
    is_placeholder,
    label_key,
    looks_quantitative,
    normalize,
    parse_amount,
    parse_value,
    plain_decimal,
    strip_numbering,
    text_key,
    value_form,
)

Q, R, T, E = "quantitative", "range", "qualitative", "empty"

# raw, kind, operator, number, upper, unit
ValueRow = tuple[str, str, str | None, str | None, str | None, str | None]

# Every distinct 指标值 of samples/cangzhou-2025.txt.
SEED_VALUES: list[ValueRow] = [
    ("≥2次", Q, ">=", "2", None, "次"),
    ("100百分比", Q, "=", "100", None, "%"),
    ("≥90百分比", Q, ">=", "90", None, "%"),
    ("≥10家", Q, ">=", "10", None, "家"),
    ("≥300天", Q, ">=", "300", None, "天"),
    ("300天", Q, "=", "300", None, "天"),
    ("≥5家", Q, ">=", "5", None, "家"),
    ("1家", Q, "=", "1", None, "家"),
    ("5家", Q, "=", "5", None, "家"),
    ("8家", Q, "=", "8", None, "家"),
    ("控制在预算内", T, None, None, None, None),
    ("严格控制在预算内", T, None, None, None, None),
    ("控制在预算内完成拨付", T, None, None, None, None),
    ("控制在预算内完成资金拨付", T, None, None, None, None),
    ("控制在预算内完成拨付工作", T, None, None, None, None),
    ("优化技术创新环境", T, None, None, None, None),
    ("持续推进产学研对接", T, None, None, None, None),
    ("活动完成时限", T, None, None, None, None),
    ("提高开发区企业技术创新意识", T, None, None, None, None),
    ("持续影响开发区企业技术创新意识", T, None, None, None, None),
    ("资金准时发放", T, None, None, None, None),
    ("推进智慧园区建设", T, None, None, None, None),
    ("项目持续发挥作用", T, None, None, None, None),
    ("提高服务能力", T, None, None, None, None),
    ("科技创新水平提升", T, None, None, None, None),
    ("提高企业科技能力", T, None, None, None, None),
    ("科技创新能力", T, None, None, None, None),
    ("完成资金拨付", T, None, None, None, None),
    ("按时完成资金拨付", T, None, None, None, None),
    ("推动开发区科技创新能力提升", T, None, None, None, None),
    ("推动开发区科技创新能力发展", T, None, None, None, None),
    ("完成资金拨付工作", T, None, None, None, None),
    ("按时完成资金拨付工作", T, None, None, None, None),
]

VARIANT_VALUES: list[ValueRow] = [
    # percent spellings and full width
    ("100%", Q, "=", "100", None, "%"),
    ("100％", Q, "=", "100", None, "%"),
    ("１００％", Q, "=", "100", None, "%"),
    ("≥９０百分比", Q, ">=", "90", None, "%"),
    ("100.00%", Q, "=", "100.00", None, "%"),
    ("０．９", Q, "=", "0.9", None, None),
    # operator symbols and words
    (">=95%", Q, ">=", "95", None, "%"),
    ("≧95%", Q, ">=", "95", None, "%"),
    ("＞０", Q, ">", "0", None, None),
    ("<5%", Q, "<", "5", None, "%"),
    ("＜5%", Q, "<", "5", None, "%"),
    ("≤30天", Q, "<=", "30", None, "天"),
    ("<=30天", Q, "<=", "30", None, "天"),
    ("≦30天", Q, "<=", "30", None, "天"),
    ("＝100%", Q, "=", "100", None, "%"),
    ("=1个", Q, "=", "1", None, "个"),
    ("等于1个", Q, "=", "1", None, "个"),
    ("不低于95%", Q, ">=", "95", None, "%"),
    ("不少于3次", Q, ">=", "3", None, "次"),
    ("大于等于2次", Q, ">=", "2", None, "次"),
    ("大于或等于2次", Q, ">=", "2", None, "次"),
    ("不高于5%", Q, "<=", "5", None, "%"),
    ("不超过50万元", Q, "<=", "50", None, "万元"),
    ("不多于2次", Q, "<=", "2", None, "次"),
    ("小于等于10天", Q, "<=", "10", None, "天"),
    ("低于5%", Q, "<", "5", None, "%"),
    ("小于5%", Q, "<", "5", None, "%"),
    ("高于80%", Q, ">", "80", None, "%"),
    ("大于80%", Q, ">", "80", None, "%"),
    ("达到95%", Q, ">=", "95", None, "%"),  # our choice: 达到 = reach at least
    # trailing operator words
    ("90%以上", Q, ">=", "90", None, "%"),
    ("90%及以上", Q, ">=", "90", None, "%"),
    ("≥90%以上", Q, ">=", "90", None, "%"),
    ("30天以内", Q, "<=", "30", None, "天"),
    ("5个工作日内", Q, "<=", "5", None, "个工作日"),
    ("5%以下", Q, "<=", "5", None, "%"),
    # spaces, units, numbers
    ("≥ 2 次", Q, ">=", "2", None, "次"),
    ("　≥２　次　", Q, ">=", "2", None, "次"),
    ("100 %", Q, "=", "100", None, "%"),
    ("≥2万 元", Q, ">=", "2", None, "万元"),
    ("1,200人次", Q, "=", "1200", None, "人次"),
    ("1，200人次", Q, "=", "1200", None, "人次"),
    ("4.00", Q, "=", "4.00", None, None),
    ("1", Q, "=", "1", None, None),
    ("0.9", Q, "=", "0.9", None, None),
    ("100", Q, "=", "100", None, None),
    ("-5℃", Q, "=", "-5", None, "℃"),
    ("≥1000平方米", Q, ">=", "1000", None, "平方米"),
    ("≤10km", Q, "<=", "10", None, "km"),
    ("300lx", Q, "=", "300", None, "lx"),
    ("≥2元/人", Q, ">=", "2", None, "元/人"),
    ("3个百分点", Q, "=", "3", None, "个百分点"),
    ("2025年", Q, "=", "2025", None, "年"),
    ("100%(历史标准)", Q, "=", "100", None, "%"),  # basis note dropped (docs/domain.md)
    ("≥5（家）", Q, ">=", "5", None, "家"),
    # ranges
    ("14-24℃", R, None, "14", "24", "℃"),
    ("2023.07-2024.01", R, None, "2023.07", "2024.01", None),
    ("90%-95%", R, None, "90", "95", "%"),
    ("90%～95%", R, None, "90", "95", "%"),
    ("90~95%", R, None, "90", "95", "%"),
    ("90%至95%", R, None, "90", "95", "%"),
    ("1-3个月", R, None, "1", "3", "个月"),
    ("-5-10℃", R, None, "-5", "10", "℃"),
    # month ranges are read as YYYY.MM ends, like 2023.07-2024.01
    ("2023年7月-2024年1月", R, None, "2023.07", "2024.01", None),
    ("2023年7月至2024年1月", R, None, "2023.07", "2024.01", None),
    ("2023年13月-2024年1月", T, None, None, None, None),
    # a range with unlike units, or an operator, is not readable
    ("1年-3个月", T, None, None, None, None),
    ("≥14-24℃", T, None, None, None, None),
    # dates (deadlines) are text, not a number with a unit
    ("2025年12月31日前", T, None, None, None, None),
    ("2025年底前", T, None, None, None, None),
    ("12月底前", T, None, None, None, None),
    ("2025-12-31", T, None, None, None, None),
    ("≤2025年12月", T, None, None, None, None),
    # qualitative
    ("优良", T, None, None, None, None),
    ("持续改善", T, None, None, None, None),
    ("达成年度指标", T, None, None, None, None),
    ("服务对象满意度", T, None, None, None, None),
    ("不超过预算", T, None, None, None, None),
    # malformed (looks quantitative, cannot be read)
    ("≥", T, None, None, None, None),
    ("≥次", T, None, None, None, None),
    ("≥2 3次", T, None, None, None, None),
    ("9O%", T, None, None, None, None),
    ("1O次", T, None, None, None, None),
    ("≥≥2", T, None, None, None, None),
    ("100%%", T, None, None, None, None),
    ("1,20次", T, None, None, None, None),
    ("1.2.3", T, None, None, None, None),
    ("100%完成", T, None, None, None, None),
    # placeholders are text
    ("*", T, None, None, None, None),
    ("＊", T, None, None, None, None),
    ("XX", T, None, None, None, None),
    ("××", T, None, None, None, None),
    ("-", T, None, None, None, None),
    ("——", T, None, None, None, None),
    ("/", T, None, None, None, None),
    # empty
    ("", E, None, None, None, None),
    ("   ", E, None, None, None, None),
    ("\u3000\n", E, None, None, None, None),
]


# 指标值 as officers write them in published tables of other provinces (issue 9): units in
# brackets, operators after leading words, several numbers in one value, exporter quirks.
OFFICER_VALUES: list[ValueRow] = [
    # a unit in brackets after the number (budgeting-system exports)
    ("≥13459.00(平方米)", Q, ">=", "13459.00", None, "平方米"),
    ("=100.00(%)", Q, "=", "100.00", None, "%"),
    ("90.00(度)", Q, "=", "90.00", None, "度"),
    ("≥1.00(次)", Q, ">=", "1.00", None, "次"),
    ("≤30.00(日)", Q, "<=", "30.00", None, "日"),
    ("＝１００．００（％）", Q, "=", "100.00", None, "%"),
    ("≥95.00（%）", Q, ">=", "95.00", None, "%"),
    ("≥4.50(分)", Q, ">=", "4.50", None, "分"),
    ("≤1200.00(元/人)", Q, "<=", "1200.00", None, "元/人"),
    ("≥2.00(个)", Q, ">=", "2.00", None, "个"),
    ("=12.00(月)", Q, "=", "12.00", None, "月"),
    ("≥85.00(百分比)", Q, ">=", "85.00", None, "%"),
    ("≤250.00(万元)", Q, "<=", "250.00", None, "万元"),
    ("≥3200.00(人次)", Q, ">=", "3200.00", None, "人次"),
    ("≥80M", Q, ">=", "80", None, "M"),
    ("10辆", Q, "=", "10", None, "辆"),
    ("250万", Q, "=", "250", None, "万"),
    # an operator (or just the number) after leading words
    ("居民参与率不低于100%", Q, ">=", "100", None, "%"),
    ("满意率100%", Q, "=", "100", None, "%"),
    ("可控性100%", Q, "=", "100", None, "%"),
    ("完成率达到100%", Q, ">=", "100", None, "%"),
    ("群众满意度≥90%", Q, ">=", "90", None, "%"),
    ("满意度：≥90%", Q, ">=", "90", None, "%"),
    ("合格率为100%", Q, "=", "100", None, "%"),
    ("覆盖率不低于95%", Q, ">=", "95", None, "%"),
    ("培训人数不少于200人", Q, ">=", "200", None, "人"),
    ("每人每月500元", Q, "=", "500", None, "元"),
    ("全年开展培训3期", Q, "=", "3", None, "期"),
    ("发放及时率100％", Q, "=", "100", None, "%"),
    ("故障率低于5%", Q, "<", "5", None, "%"),
    ("响应时间不超过2小时", Q, "<=", "2", None, "小时"),
    ("设备完好率≥98%", Q, ">=", "98", None, "%"),
    ("参保率达95%以上", Q, ">=", "95", None, "%"),
    ("项目建设成本≤500万元", Q, "<=", "500", None, "万元"),
    ("空气质量优良天数比例≥80%", Q, ">=", "80", None, "%"),
    ("温度控制在14-24℃", R, None, "14", "24", "℃"),
    ("完成3个项目", Q, "=", "3", None, "个项目"),
    # several numbers in one value: qualitative (with numbers), never malformed
    ("慰问人数不少于100人,宣传用品不少于20000份", T, None, None, None, None),
    ("完成道路改造3公里，新增绿化2000平方米", T, None, None, None, None),
    ("培训2期，每期50人", T, None, None, None, None),
    ("第一批30家、第二批20家", T, None, None, None, None),
    ("2名专职人员，3名兼职人员", T, None, None, None, None),
    # ordinals, dates and words that are not a number with a unit
    ("第3季度完成", T, None, None, None, None),
    ("项目完成时间2025年12月", T, None, None, None, None),
    ("于2025年6月底前完成", T, None, None, None, None),
    ("控制在预算成本内", T, None, None, None, None),
    ("参照政府采购成本控制", T, None, None, None, None),
    ("巩固提高", T, None, None, None, None),
    ("稳步提高", T, None, None, None, None),
    ("明显改善", T, None, None, None, None),
    ("达到国家标准", T, None, None, None, None),
    ("不低于上年水平", T, None, None, None, None),
    ("满意率较高", T, None, None, None, None),
    # a unit too long to be a unit after leading words: text
    ("共计开展100场次形式多样的宣传活动", T, None, None, None, None),
    # exporter quirks: spaces, full width, ranges, percent words
    ("≥ 13459.00 (平方米)", Q, ">=", "13459.00", None, "平方米"),
    ("100.00 %", Q, "=", "100.00", None, "%"),
    ("≥９５％", Q, ">=", "95", None, "%"),
    ("2023.07-2023.12", R, None, "2023.07", "2023.12", None),
    ("202001-202012", R, None, "202001", "202012", None),
    ("≥90百分比（行业标准）", Q, ">=", "90", None, "%"),
    ("≥60%(计划标准)", Q, ">=", "60", None, "%"),
    ("100%（计划标准）", Q, "=", "100", None, "%"),
    ("≤10个工作日", Q, "<=", "10", None, "个工作日"),
    ("≥5年", Q, ">=", "5", None, "年"),
    ("＜＝２０％", Q, "<=", "20", None, "%"),
    ("＞＝８５％", Q, ">=", "85", None, "%"),
    ("≥1套", Q, ">=", "1", None, "套"),
    ("0起", Q, "=", "0", None, "起"),
    ("≤0.5‰", Q, "<=", "0.5", None, "‰"),
    ("≥3000m³", Q, ">=", "3000", None, "m³"),
    ("16:00前", T, None, None, None, None),
]


def _dec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


@pytest.mark.parametrize(
    ("raw", "kind", "operator", "number", "upper", "unit"),
    SEED_VALUES + VARIANT_VALUES + OFFICER_VALUES,
)
def test_parse_value(
    raw: str,
    kind: str,
    operator: str | None,
    number: str | None,
    upper: str | None,
    unit: str | None,
) -> None:
    value = parse_value(raw)
    assert isinstance(value, IndicatorValue)
    assert (value.raw, value.kind, value.operator, value.unit) == (raw, kind, operator, unit)
    assert value.number == _dec(number)
    assert value.upper == _dec(upper)
    # the scale is kept: "4.00" stays 4.00, not 4
    if value.number is not None:
        assert format(value.number, "f") == number


def test_value_table_is_large_and_covers_the_seed() -> None:
    rows = SEED_VALUES + VARIANT_VALUES + OFFICER_VALUES
    assert len(OFFICER_VALUES) >= 60
    assert len({row[0] for row in rows}) == len(rows)


def test_empty_keeps_raw_as_given() -> None:
    assert parse_value(None) == IndicatorValue(raw=None, kind="empty")
    assert parse_value(" ").raw == " "
    assert parse_value(" ").kind == "empty"


def test_number_serialises_as_plain_decimal() -> None:
    dumped = parse_value("≥90百分比").model_dump(mode="json")
    assert dumped == {
        "raw": "≥90百分比",
        "kind": "quantitative",
        "form": "ok",
        "operator": ">=",
        "number": "90",
        "upper": None,
        "unit": "%",
        "operator_conflict": False,
    }


@pytest.mark.parametrize(
    ("raw", "operator_text", "conflict"),
    [
        ("≥90%", "≤", True),
        ("不低于90%", "<=", True),
        ("≥90%", "≥", False),
        ("90%", "≤", False),  # the column fills in what the cell lacks
        ("≥90%", None, False),
        ("优良", "≤", False),
    ],
)
def test_the_parser_decides_an_operator_conflict(
    raw: str, operator_text: str | None, conflict: bool
) -> None:
    assert parse_value(raw, operator_text=operator_text).operator_conflict is conflict
    # a draft without the field has it decided on load, the same way
    draft = Indicator.model_validate({"value": {"raw": raw}, "operator_text": operator_text})
    assert draft.value.operator_conflict is conflict


@pytest.mark.parametrize(
    ("raw", "operator_text", "unit_text", "operator", "unit"),
    [
        ("2", "≥", "次", ">=", "次"),
        ("2", ">=", None, ">=", None),
        ("95", "大于等于", "百分比", ">=", "%"),
        ("95", "＞", "％", ">", "%"),
        ("100", "＝", "%", "=", "%"),
        ("30", " ≤ ", " 天 ", "<=", "天"),
        ("30", "以内", "天", "<=", "天"),
        ("2", "定量", "次", "=", "次"),  # 定量/定性 are not operators
        ("2", "定性", None, "=", None),
        ("2", "", "", "=", None),
        ("2", None, "/", "=", None),  # a placeholder unit column is no unit
        ("2", None, "无", "=", None),
        # the value's own operator and unit win over the columns
        ("≤2次", "≥", "家", "<=", "次"),
        ("90%以上", "≤", "次", ">=", "%"),
        ("100%", None, "百分比", "=", "%"),
    ],
)
def test_parse_value_with_columns(
    raw: str, operator_text: str | None, unit_text: str | None, operator: str, unit: str | None
) -> None:
    value = parse_value(raw, operator_text=operator_text, unit_text=unit_text)
    assert (value.kind, value.operator, value.unit) == ("quantitative", operator, unit)


def test_columns_complete_a_range_but_never_a_text() -> None:
    ranged = parse_value("90-95", operator_text="≥", unit_text="百分比")
    assert (ranged.kind, ranged.operator, ranged.number, ranged.upper, ranged.unit) == (
        "range",
        None,
        Decimal(90),
        Decimal(95),
        "%",
    )
    text = parse_value("优良", operator_text="≥", unit_text="%")
    assert (text.kind, text.operator, text.unit) == ("qualitative", None, None)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parse_value_never_raises(raw: str) -> None:
    value = parse_value(raw, operator_text=raw, unit_text=raw)
    assert isinstance(value, IndicatorValue)
    assert value.raw == raw
    if value.kind in ("quantitative", "range"):
        assert looks_quantitative(raw)
    if value.kind == "quantitative":
        assert value.number is not None and value.operator is not None


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="0123456789.,-~%≥≤<>=次万元百分比 ＝％１２．以上内O", max_size=12))
def test_parse_value_never_raises_on_value_like_text(raw: str) -> None:
    value = parse_value(raw)
    assert value.raw == raw
    amount = parse_amount(raw, "元")
    assert amount.ok or amount.value is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("*", True),
        ("＊", True),
        ("**", True),
        ("XX", True),
        ("xx", True),
        ("X", True),
        ("××", True),
        ("_", True),
        ("__", True),
        ("＿＿", True),
        ("-", True),
        ("—", True),
        ("——", True),
        ("–", True),
        ("/", True),
        (" * ", True),
        ("X X", True),
        ("", False),
        ("   ", False),
        (None, False),
        ("0", False),
        ("≥X%", False),
        ("XX家", False),
        ("优良", False),
        ("无", False),
    ],
)
def test_is_placeholder(raw: str | None, expected: bool) -> None:
    assert is_placeholder(raw) is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # readable quantitative values
        ("≥2次", True),
        ("100百分比", True),
        ("300天", True),
        ("-5℃", True),
        ("不低于95%", True),
        ("90%以上", True),
        ("14-24℃", True),
        ("2023年7月-2024年1月", True),
        # malformed: what PG301 reports
        ("≥", True),
        ("≥次", True),
        ("≥2 3次", True),
        ("9O%", True),
        ("≥≥2", True),
        ("100%%", True),
        ("≥X%", True),
        ("O9%", True),
        ("l00%", True),
        ("九十%", True),
        ("九十百分比", True),
        ("不低于", True),
        ("＞", True),
        (".5", True),
        ("100%完成", True),
        # text
        ("控制在预算内", False),
        ("优良", False),
        ("完成3个项目", True),  # a number after leading words (SPEC: 满意率100%)
        ("满意度≥90%", True),
        ("慰问人数不少于100人,宣传用品不少于20000份", False),  # several numbers: text
        ("第3季度完成", False),
        ("不超过预算", False),
        ("不低于上年水平", False),
        ("达成年度指标", False),
        ("2025年12月31日前", False),
        ("12月底前", False),
        ("≤2025年12月", False),
        # empty and placeholders
        (None, False),
        ("", False),
        (" ", False),
        ("*", False),
        ("XX", False),
        ("-", False),
    ],
)
def test_looks_quantitative(raw: str | None, expected: bool) -> None:
    assert looks_quantitative(raw) is expected


@pytest.mark.parametrize(
    ("text", "table_unit", "expected"),
    [
        ("4.00", "万元", ParsedAmount(Decimal("4.00"), blank=False, ok=True, unit=None)),
        ("8,827,620.53", "元", ParsedAmount(Decimal("8827620.53"), False, True, None)),
        ("8，827，620.53", "元", ParsedAmount(Decimal("8827620.53"), False, True, None)),
        ("１５．００", "万元", ParsedAmount(Decimal("15.00"), False, True, None)),
        (" 4.00 ", None, ParsedAmount(Decimal("4.00"), False, True, None)),
        ("250万", "元", ParsedAmount(Decimal("2500000"), False, True, "万")),
        ("250万元", "元", ParsedAmount(Decimal("2500000"), False, True, "万元")),
        ("250万", "万元", ParsedAmount(Decimal("250"), False, True, "万")),
        ("2.5万", "元", ParsedAmount(Decimal("25000"), False, True, "万")),
        ("3000元", "万元", ParsedAmount(Decimal("0.3"), False, True, "元")),
        ("0.01元", "万元", ParsedAmount(Decimal("0.000001"), False, True, "元")),
        ("250万", None, ParsedAmount(Decimal("250"), False, True, "万")),
        ("250 万元", "单位：元", ParsedAmount(Decimal("250"), False, True, "万元")),
        ("-5.00", "万元", ParsedAmount(Decimal("-5.00"), False, True, None)),
        ("¥1,000.00", "元", ParsedAmount(Decimal("1000.00"), False, True, None)),
        ("￥1,000.00", "元", ParsedAmount(Decimal("1000.00"), False, True, None)),
        ("0", "万元", ParsedAmount(Decimal("0"), False, True, None)),
        ("", "万元", ParsedAmount(None, blank=True, ok=True, unit=None)),
        ("  ", "万元", ParsedAmount(None, True, True, None)),
        (None, "万元", ParsedAmount(None, True, True, None)),
        ("-", "万元", ParsedAmount(None, True, True, None)),
        ("—", "万元", ParsedAmount(None, True, True, None)),
        ("——", "万元", ParsedAmount(None, True, True, None)),
        ("/", "万元", ParsedAmount(None, True, True, None)),
        ("无", "万元", ParsedAmount(None, True, True, None)),
        ("四万", "万元", ParsedAmount(None, blank=False, ok=False, unit=None)),
        ("1.2.3", "万元", ParsedAmount(None, False, False, None)),
        ("abc", "万元", ParsedAmount(None, False, False, None)),
        ("1,23", "元", ParsedAmount(None, False, False, None)),
        ("1 000", "元", ParsedAmount(Decimal("1000"), False, True, None)),  # layout space
        ("4.\n00", "万元", ParsedAmount(Decimal("4.00"), False, True, None)),
        ("3\u00a000.00", "万元", ParsedAmount(Decimal("300.00"), False, True, None)),
        ("30\u00ad0.00", "万元", ParsedAmount(Decimal("300.00"), False, True, None)),
        ("4.00%", "万元", ParsedAmount(None, False, False, None)),
    ],
)
def test_parse_amount(text: str | None, table_unit: str | None, expected: ParsedAmount) -> None:
    assert parse_amount(text, table_unit) == expected


def test_parse_amount_is_exact() -> None:
    # 0.1 + 0.2 style errors are impossible: Decimal all the way, never float
    assert parse_amount("0.1", "万元").value == Decimal("0.1")
    big = parse_amount("123456789012345678901234567890.12万", "元").value
    assert big == Decimal("1234567890123456789012345678901200")
    assert parse_amount("4.00").value is not None
    assert format(parse_amount("4.00").value or 0, "f") == "4.00"
    assert format(parse_amount("250万", "元").value or 0, "f") == "2500000"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("单位：万元", "万元"),
        ("金额单位：元", "元"),
        ("单位:万元", "万元"),
        ("（单位：万元）", "万元"),
        ("单位： 元", "元"),
        ("金额单位：万元（保留两位小数）", "万元"),
        ("\t单位：万元", "万元"),
        ("单位：人民币元", "元"),
        ("单位　：　万元", "万元"),
        ("本项目预算共计4万元", None),
        ("预算单位：元氏县教育局", None),
        ("计量单位：元", None),
        ("306001沧州临港经济技术开发区循环经济促进中心本级", None),
        ("", None),
    ],
)
def test_detect_amount_unit(text: str, expected: str | None) -> None:
    assert detect_amount_unit(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.促进开发区创新体系建设进一步完善", "促进开发区创新体系建设进一步完善"),
        ("1、开展活动", "开展活动"),
        ("（1）开展活动", "开展活动"),
        ("(1)开展活动", "开展活动"),
        ("(一)开展活动", "开展活动"),
        ("1)开展活动", "开展活动"),
        ("一、开展活动", "开展活动"),
        ("１．开展活动", "开展活动"),
        ("12. 开展活动", "开展活动"),
        ("①开展活动", "开展活动"),
        ("⑴开展活动", "开展活动"),
        ("  2、开展活动，提高效益。 ", "开展活动，提高效益。"),  # the rest is kept as written
        ("2025智慧平台一体化项目", "2025智慧平台一体化项目"),
        ("1.2025智慧平台一体化项目", "2025智慧平台一体化项目"),
        ("1.5万元用于宣传", "1.5万元用于宣传"),
        ("2025.12前完成", "2025.12前完成"),
        ("开展活动", "开展活动"),
        ("一流的服务", "一流的服务"),
        ("", ""),
    ],
)
def test_strip_numbering(text: str, expected: str) -> None:
    assert strip_numbering(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("其中：财政    资金", "其中:财政资金"),
        ("*项目名称", "项目名称"),
        ("项目名称：", "项目名称"),
        ("*项目编码*：", "项目编码"),
        ("预算数", "预算数"),
        ("指标值 确定依据", "指标值确定依据"),
        ("　资金支出计划（%）", "资金支出计划(%)"),
        ("年度资金总额\n", "年度资金总额"),
    ],
)
def test_label_key(text: str, expected: str) -> None:
    assert label_key(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("１００％", "100%"),
        ("≧９０", "≥90"),
        ("≦３０天", "≤30天"),
        ("＝", "="),
        ("１５．００", "15.00"),
        ("8，827，620.53", "8,827,620.53"),
        ("（单位：万元）", "(单位:万元)"),
        ("ＡＢｃ～", "ABc~"),
        ("　其中：财政\u00a0\u00a0资金\t", "其中:财政 资金"),
        ("a \n\t b", "a b"),
        ("14-24℃ ㎡ ①、。", "14-24℃ ㎡ ①、。"),  # not NFKC: ℃ ㎡ ① 、 。 stay
        ("单\u200b位", "单位"),
        ("", ""),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("raw", "form"),
    [
        ("≥2次", "ok"),
        ("14-24℃", "ok"),
        ("优良", "ok"),
        ("≥次", "malformed"),
        ("9O%", "malformed"),
        ("≥2 3次", "malformed"),
        ("XX", "placeholder"),
        ("——", "placeholder"),
        ("", "empty"),
        ("   ", "empty"),
        (None, "empty"),
    ],
)
def test_parse_value_records_the_form(raw: str | None, form: str) -> None:
    value = parse_value(raw)
    assert value.form == form
    assert value_form(raw, value.kind) == form


def test_a_draft_without_form_is_classified_and_a_given_form_is_kept() -> None:
    drafted = IndicatorValue.model_validate({"raw": "≥次", "kind": "qualitative"})
    assert drafted.form == "malformed"
    given = IndicatorValue.model_validate({"raw": "≥次", "kind": "qualitative", "form": "ok"})
    assert given.form == "ok"
    again = IndicatorValue.model_validate_json(parse_value("XX").model_dump_json())
    assert again.form == "placeholder"


@pytest.mark.parametrize(
    ("raw", "value", "expected"),
    [
        ("四万元", None, True),
        ("4.0O", None, True),
        ("4.00", Decimal("4.00"), False),
        ("-", None, False),
        ("无", None, False),
        ("  ", None, False),
        (None, None, False),
    ],
)
def test_amount_unreadable(raw: str | None, value: Decimal | None, expected: bool) -> None:
    assert amount_unreadable(raw, value) is expected


def test_a_draft_budget_without_unreadable_is_classified_on_load() -> None:
    budget = Budget.model_validate({"total": None, "fiscal": "4.00", "raw": {"total": "四万元"}})
    assert budget.unreadable == ["total"]
    kept = Budget.model_validate({"raw": {"total": "四万元"}, "unreadable": []})
    assert kept.unreadable == []
    point = Checkpoint.model_validate({"label": "6月底", "raw": "一半"})
    assert point.unreadable


@pytest.mark.parametrize(
    ("text", "key"),
    [("  财政\u3000资金 ：", "财政资金:"), ("１３０９ 1625", "13091625"), ("", ""), (None, "")],
)
def test_text_key(text: str | None, key: str) -> None:
    assert text_key(text) == key


@pytest.mark.parametrize(
    ("value", "plain", "written"),
    [
        ("90.00", "90", "90.00"),
        ("500", "500", "500"),
        ("0.00", "0", "0.00"),
        ("5E+8", "500000000", "500000000"),
        ("1234567890123456789012345678901.50", "1234567890123456789012345678901.5", None),
    ],
)
def test_plain_decimal_and_decimal_text(value: str, plain: str, written: str | None) -> None:
    assert plain_decimal(Decimal(value)) == plain
    assert decimal_text(Decimal(value)) == (written or value)


def test_convert_amount_is_the_one_unit_table() -> None:
    assert convert_amount(Decimal("50000"), "元", "万元") == Decimal("5")
    assert convert_amount(Decimal("5"), " 亿 ", "元") == Decimal("500000000")
    assert convert_amount(Decimal("5"), "美元", "元") is None
