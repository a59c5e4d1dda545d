"""Properties (hypothesis) of the public API.

(a) Arbitrary bytes, and mutations of the samples (byte flips, truncations, insertions; cell
    shuffles, row and cell deletions in the text export; rows, cells, gridSpan and vMerge
    in the Word XML), through ``load_bytes`` and ``check_document(debug=True)``: nothing
    escapes but perfgoal's own errors, and no rule crashes.
(b) Generated models: the YAML and the JSON round trips are the identity.
(c) Parsed samples, mutated or not: parse -> to-yaml -> parse is the identity (the plain
    samples through the CLI are in test_cli_parse.py).

The default run stays fast (a few hundred examples in all); ``fuzz/fuzz.py`` runs 100,000.
"""

from __future__ import annotations

import copy
import io
import random
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from builders import stated
from perfgoal.config import Config
from perfgoal.engine import check_document
from perfgoal.errors import PerfgoalError
from perfgoal.load import load_bytes
from perfgoal.model import (
    Budget,
    Checkpoint,
    Document,
    Duty,
    Indicator,
    IndicatorValue,
    Location,
    Overview,
    OverviewItem,
    ParseNote,
    Project,
    Source,
    SpendPlan,
    Unit,
)
from perfgoal.serialize import to_json, to_yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = {
    p.relative_to(ROOT).as_posix(): p.read_bytes()
    for p in sorted((ROOT / "samples").rglob("*"))
    if p.suffix in (".txt", ".docx")
}
# Every sample but the seed (its YAML takes 0.4 s to read; test_cli_parse.py covers it).
SMALL = sorted(name for name in SAMPLES if "cangzhou-2025" not in name)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SUFFIXES = [".txt", ".docx", ".yaml", ".json", ""]
CONFIG = Config()
FAST = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=100)


def through_api(data: bytes, suffix: str) -> Document | None:
    """The public API; anything but a PerfgoalError propagates (and fails the test)."""
    try:
        document = load_bytes(data, f"input{suffix}", suffix)
    except PerfgoalError:
        return None
    check_document(document, CONFIG, debug=True)
    return document


# -- (a) arbitrary and mutated inputs ----------------------------------------------------------


@settings(FAST, max_examples=300)
@given(st.binary(max_size=2048), st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_raise_only_perfgoal_errors(data: bytes, suffix: str) -> None:
    through_api(data, suffix)


# Lines of a made-up text export: labels, numbers and odd values, in cells or not.
WORDS = [
    "项目名称", "项目编码", "预算数", "财政资金", "其他资金", "资金用途", "绩效目标", "年度目标",
    "资金支出计划（%）", "3月底", "12月底", "13月底", "一级指标", "二级指标", "三级指标",
    "指标值", "指标值确定依据", "权重", "指标方向", "计算符号", "度量单位", "指标性质", "产出指标",
    "数量指标", "效益指标", "满意度指标", "成本指标", "年度履职目标", "部门职能", "基本支出",
    "单位：万元", "金额单位：元", "1.2025示例绩效目标表", "第一部分", "一、总体绩效目标",
    "二、分项绩效目标", "十二、", "≥", "≥90%", "≤5万元", "＝", "100百分比", "１５．００", "4.00",
    "8,827,620.53", "250万", "2023.07-2024.01", "14-24℃", "*", "XX", "-", "1e999", "9" * 60,
    "0.0000001", "²", "½", "٣", "①", "Ⅻ", "〇", "13091625P00024010001J", "306001 示例单位", "",
]  # fmt: skip
lines = st.tuples(
    st.sampled_from(["", "\t", "\t"]),
    st.sampled_from(WORDS) | st.text(st.characters(blacklist_categories=["Cs"]), max_size=8),
).map("".join)


@settings(FAST, max_examples=200)
@given(st.lists(lines, max_size=80), st.sampled_from(["\n", "\r\n"]))
def test_made_up_text_exports_raise_only_perfgoal_errors(rows: list[str], newline: str) -> None:
    through_api(newline.join(rows).encode(), ".txt")


PREFIXES = [b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf", b"\xff\xfe",
            b"{", b"schema_version: 1\n", b"\t"]  # fmt: skip


@FAST
@given(
    st.sampled_from(PREFIXES),
    st.binary(max_size=512),
    st.sampled_from(SUFFIXES),
)
def test_magic_prefixes_with_garbage_raise_only_perfgoal_errors(
    head: bytes, tail: bytes, suffix: str
) -> None:
    through_api(head + tail, suffix)


def _rows(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) line ranges of the text export's table rows (runs of TAB lines)."""
    rows, start = [], None
    for i, line in enumerate([*lines, ""]):
        if line.startswith("\t"):
            start = i if start is None else start
        elif start is not None:
            rows.append((start, i))
            start = None
    return rows


@st.composite
def text_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    lines = data.decode("utf-8-sig").split("\n")
    for _ in range(draw(st.integers(1, 4))):
        rows = _rows(lines)
        if not rows:
            break
        start, end = draw(st.sampled_from(rows))
        row = lines[start:end]
        op = draw(st.sampled_from(["shuffle", "delete-row", "delete-cell", "duplicate", "text"]))
        if op == "shuffle":
            row = list(draw(st.permutations(row)))
        elif op == "delete-row":
            row = []
        elif op == "delete-cell":
            del row[draw(st.integers(0, len(row) - 1))]
        elif op == "duplicate":
            row = [*row, "", *row]
        else:
            cell = st.text(st.characters(blacklist_categories=["Cs"]), max_size=30)
            row[draw(st.integers(0, len(row) - 1))] = "\t" + draw(cell).replace("\n", " ")
        lines = lines[:start] + row + lines[end:]
    return "\n".join(lines).encode(draw(st.sampled_from(["utf-8", "gb18030", "utf-16"])), "replace")


ODD = ["-1", "0", "999999", "abc", "", "2147483648", "restart", "continue"]


@st.composite
def docx_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    root = etree.fromstring(parts["word/document.xml"])
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["delete", "duplicate", "gridSpan", "vMerge", "gridBefore"]))
        tag = "tr" if op in ("gridBefore",) else draw(st.sampled_from(["tr", "tc", "tbl", "p"]))
        found = list(root.iter(W + (tag if op in ("delete", "duplicate", "gridBefore") else "tc")))
        if not found:
            continue
        element = found[draw(st.integers(0, len(found) - 1))]
        if op == "delete" and element.getparent() is not None:
            element.getparent().remove(element)
        elif op == "duplicate":
            element.addnext(copy.deepcopy(element))
        else:
            container = "trPr" if op == "gridBefore" else "tcPr"
            holder = element.find(W + container)
            if holder is None:
                holder = etree.Element(W + container)
                element.insert(0, holder)
            prop = etree.SubElement(holder, W + op)
            prop.set(W + "val", draw(st.sampled_from(ODD)))
    parts["word/document.xml"] = etree.tostring(root)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in parts.items():
            zf.writestr(name, content)
    return out.getvalue()


@st.composite
def byte_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "truncate", "insert", "delete"]))
        at = draw(st.integers(0, max(0, len(buf) - 1)))
        if op == "flip" and buf:
            buf[at] = draw(st.integers(0, 255))
        elif op == "truncate":
            del buf[at:]
        elif op == "insert":
            buf[at:at] = draw(st.binary(min_size=1, max_size=16))
        else:
            del buf[at : at + draw(st.integers(1, 64))]
    return bytes(buf)


@st.composite
def mutated_sample(draw: st.DrawFn, names: list[str]) -> tuple[bytes, str]:
    name = draw(st.sampled_from(names))
    data = SAMPLES[name]
    suffix = Path(name).suffix
    if draw(st.booleans()):
        data = draw(text_mutation(data) if suffix == ".txt" else docx_mutation(data))
    if draw(st.booleans()):
        data = draw(byte_mutation(data))
    return data, suffix


@settings(FAST, max_examples=300)
@given(mutated_sample(sorted(SAMPLES)))
def test_mutated_samples_raise_only_perfgoal_errors(case: tuple[bytes, str]) -> None:
    through_api(*case)


# -- (b) generated models: YAML and JSON round trips ---------------------------------------------

text = st.text(st.characters(blacklist_categories=["Cs"]), max_size=20)
optional_text = st.none() | text
ints = st.integers(-(2**53), 2**53)
amounts = st.none() | st.one_of(
    *(
        st.decimals(min_value=-(10**15), max_value=10**15, places=places, allow_nan=False)
        for places in (0, 2, 6)
    )
)
locations = st.builds(
    Location, line=st.none() | ints, table=st.none() | ints, row=st.none() | ints,
    column=st.none() | ints,
)  # fmt: skip
values = st.builds(
    IndicatorValue,
    raw=optional_text,
    kind=st.sampled_from(["quantitative", "range", "qualitative", "empty"]),
    operator=st.none() | st.sampled_from([">=", "<=", "=", ">", "<"]),
    number=amounts,
    upper=amounts,
    unit=optional_text,
)
indicators = st.builds(
    Indicator,
    level1=optional_text, level2=optional_text, name=optional_text, description=optional_text,
    value=values, basis=optional_text, nature=optional_text, weight=amounts,
    direction=optional_text, operator_text=optional_text, unit_text=optional_text,
    weight_raw=optional_text, location=locations,
)  # fmt: skip
units = st.none() | st.builds(Unit, code=optional_text, name=optional_text)
budgets = st.builds(
    Budget,
    total=amounts, fiscal=amounts, other=amounts, basic=amounts, project=amounts,
    raw=st.dictionaries(st.sampled_from(["total", "fiscal", "other", "basic", "project"]), text),
    location=locations,
)  # fmt: skip
plans = st.none() | st.builds(
    SpendPlan,
    unit_label=optional_text,
    checkpoints=st.lists(
        st.builds(
            Checkpoint, label=text, month=st.none() | ints, amount=amounts, raw=optional_text
        ),
        max_size=4,
    ),
    location=locations,
)
projects = st.builds(
    Project,
    seq=ints, title=optional_text, unit=units, code=optional_text, name=optional_text,
    budget=budgets, purpose=optional_text, spend_plan=plans, goals=st.lists(text, max_size=3),
    indicators=st.lists(indicators, max_size=3), location=locations,
    kind=st.sampled_from(["project", "department"]),
    duties=st.lists(
        st.builds(Duty, function=optional_text, task=optional_text, item=optional_text,
                  amount=amounts, raw=optional_text, location=locations),
        max_size=2,
    ),
    amount_unit=optional_text,
)  # fmt: skip
overviews = st.none() | st.builds(
    Overview,
    overall_goal=optional_text,
    items=st.lists(
        st.builds(OverviewItem, seq=ints, name=text, goal=optional_text, indicator=optional_text),
        max_size=3,
    ),
    safeguards=optional_text,
)
documents = st.builds(
    Document,
    source=st.builds(Source, path=text, format=st.sampled_from(["docx", "txt"]), sha256=text),
    unit=units,
    amount_unit=optional_text,
    year=st.none() | ints,
    overview=overviews,
    projects=st.lists(projects, max_size=3),
    notes=st.lists(st.builds(ParseNote, message=text, text=optional_text, location=locations)),
)


def _same(again: Document, original: Document) -> None:
    """The same document, a draft's locations read as where its content stood."""
    assert stated(again, draft=True) == stated(original)


@settings(FAST, max_examples=150)
@given(documents)
def test_yaml_round_trip_of_generated_models(document: Document) -> None:
    draft = to_yaml(document).encode()
    again = load_bytes(draft, "draft.yaml", ".yaml")
    assert again.source.format == "yaml"
    _same(again, document)


@settings(FAST, max_examples=150)
@given(documents)
def test_json_round_trip_of_generated_models(document: Document) -> None:
    draft = to_json([document]).encode()
    again = load_bytes(draft, "draft.json", ".json")
    assert again.source.format == "json"
    _same(again, document)


# -- (c) parse -> to-yaml -> parse ---------------------------------------------------------------


@pytest.mark.parametrize("name", SMALL)
def test_sample_round_trip_through_yaml_and_json(name: str) -> None:
    original = load_bytes(SAMPLES[name], name, Path(name).suffix)
    _same(load_bytes(to_yaml(original).encode(), "draft.yaml", ".yaml"), original)
    _same(load_bytes(to_json([original]).encode(), "draft.json", ".json"), original)


@settings(FAST, max_examples=60)
@given(mutated_sample(SMALL))
def test_mutated_samples_round_trip_through_yaml(case: tuple[bytes, str]) -> None:
    original = through_api(*case)
    if original is None:
        return
    _same(load_bytes(to_yaml(original).encode(), "draft.yaml", ".yaml"), original)


def test_decimal_round_trip_keeps_the_value_not_the_spelling() -> None:
    """``1E+2`` is written ``100`` and read back equal: the round trip compares values."""
    rng = random.Random(0)
    for _ in range(50):
        value = Decimal(rng.randrange(-(10**9), 10**9)).scaleb(rng.randrange(-6, 7))
        document = Document(
            source=Source(path="x", format="txt", sha256=""),
            projects=[Project(seq=1, budget=Budget(total=value))],
        )
        again = load_bytes(to_yaml(document).encode(), "d.yaml", ".yaml")
        assert again.projects[0].budget.total == value
        assert "E" not in to_yaml(document)
