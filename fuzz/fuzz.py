"""Mutation fuzzer: perfgoal must turn any input into findings, never into a crash.

Every input is a mutation of a sample (``samples/**/*.txt|.docx``, the PDF, Excel and HTML
forms of ``samples/formats/``, and the YAML/JSON exports of the text samples): byte flips,
truncations, insertions and deletions of random bytes; row/cell shuffles, deletions and
duplications and odd tokens in the text export; XML-level mutations inside the .docx zip
(``w:tc``/``w:tr``/``w:tbl``/``w:p`` deleted, duplicated or moved, ``gridSpan``/
``gridBefore`` set to ``-1``, ``0`` or ``999999``, ``vMerge`` values, odd cell texts,
members dropped from the zip); structural mutations of
the YAML/JSON drafts (a value replaced by null, a list, a huge number...); inside an .xlsx
zip, cells, rows and merged ranges deleted, duplicated or given odd addresses, styles and
types, number formats replaced; in HTML, tags deleted or duplicated, odd rowspan/colspan
and charsets, odd cell texts. The legacy Word forms (.doc/.wps/.rtf/.odt) are left out: a
LibreOffice conversion takes seconds; the workers run with ``PERFGOAL_SOFFICE`` pointing
nowhere, so an input sniffed as one is the "LibreOffice is missing" PG001. Each input goes
through the public API (``load_bytes`` then ``check_document(..., debug=True)``, so a
crashing rule counts) and the text and JSON reporters.

A crash is any exception that is not a :class:`perfgoal.errors.PerfgoalError`, or an
input that takes more than ``--timeout`` seconds (the worker is killed and replaced).
Crashing inputs are written to ``fuzz/crashes/`` with their traceback. Input ``i`` of a
run depends only on ``--seed`` and ``i``, so ``--only i`` replays it.

    .venv/bin/python fuzz/fuzz.py --count 100000 --jobs 2 [--seed 0]

Prints the number of inputs run and of crashes; exits 1 when there is any crash.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import hashlib
import io
import json
import multiprocessing as mp
import os
import random
import re
import sys
import time
import traceback
import zipfile
from collections import Counter
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CRASHES = Path(__file__).resolve().parent / "crashes"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Cell texts that have tripped parsers of this kind before.
# fmt: off
TOKENS = [
    "", " ", "\t", "\u3000", "≥", "≤", "≥次", "≥2 3次", "9O%", "100%", "100百分比", "１５．００",
    "-1", "-0", "0", "1e999999", "1E-999999", "NaN", "Infinity", "inf", "9" * 5000,
    "0." + "0" * 4000 + "1", "1" * 300 + "." + "1" * 300, "8,827,620.53", "1,,2", ",", ".",
    "250万", "万", "万元", "亿", "%", "％", "百分比", "2023.07-2024.01", "14-24℃", "-", "--",
    "1-", "-1-2", "1--2", "≥-5%", "<=>=", "*", "XX", "××", "—", "3月底", "13月底", "0月底",
    "12月底", "月底", "项目名称", "项目编码", "预算数", "财政资金", "其他资金", "资金用途",
    "绩效目标", "一级指标", "二级指标", "三级指标", "指标值", "指标值确定依据", "权重",
    "指标方向", "计算符号", "度量单位", "指标性质", "产出指标", "效益指标", "满意度指标",
    "成本指标", "数量指标", "资金支出计划（%）", "单位：万元", "金额单位：元", "年度履职目标",
    "部门职能", "基本支出", "项目支出", "资金总额", "1.2025示例绩效目标表", "第一部分",
    "一、总体绩效目标", "二、分项绩效目标", "十二、", "99999、", "1.", "1.\n2.\n3.",
    "306001 示例单位", "13091625P00024010001J", "1309162599P0", "20", "2099",
    "[bold]x[/bold]", "[/]", "\\", "x\\", "[", "]", "{reason}", "{}", "%s", "\x00", "\x1b[31m",
    "\ufffd", "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    "𠀀" * 3, "²", "½", "٣", "①", "Ⅻ", "〇", "零", "廿", "1²", "A" * 70000, "\n" * 50, "\r",
    "\u2028", "\u202e", "<w:t>", "&amp;", "]]>",
]
# fmt: on
MAGIC = [
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"\x89PNG",
    b"%PDF",
    b"{\\rtf",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\x00\x00\xfe\xff",
    b"---\n",
    b"{",
    b"[",
    b"MZ",
]  # fmt: skip
SUFFIXES = [".txt", ".docx", ".yaml", ".yml", ".json", "", ".doc", ".TXT", ".pdf", ".xlsx",
            ".xls", ".et", ".html", ".htm", ".wps"]  # fmt: skip
FORMAT_SUFFIXES = (".pdf", ".xlsx", ".xls", ".html")
ODD_INTS = ["-1", "0", "999999", "2147483648", "18446744073709551616", "abc", "", "1.5",
            " 2", "+3", "0x10", "1" * 40, "٣"]  # fmt: skip
VMERGE = ["restart", "continue", "", "bogus", "RESTART", None]


@dataclass
class Sample:
    name: str
    suffix: str
    data: bytes


def corpus() -> list[Sample]:
    """Every sample, plus the YAML and JSON of each text sample (deterministic order)."""
    from perfgoal.load import load_bytes
    from perfgoal.serialize import to_json, to_yaml

    samples: list[Sample] = []
    for path in sorted(SAMPLES.rglob("*"), key=lambda p: p.as_posix()):
        if path.suffix in (".txt", ".docx", *FORMAT_SUFFIXES) and path.is_file():
            rel = path.relative_to(SAMPLES).as_posix()
            samples.append(Sample(rel, path.suffix, path.read_bytes()))
    for sample in [s for s in samples if s.suffix == ".txt"]:
        document = load_bytes(sample.data, sample.name, ".txt")
        stem = sample.name.removesuffix(".txt")
        samples.append(Sample(stem + ".yaml", ".yaml", to_yaml(document).encode()))
        samples.append(Sample(stem + ".json", ".json", to_json([document]).encode()))
    return samples


# -- byte-level -------------------------------------------------------------------------------


def flip(rng: random.Random, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.choice([1, 1, 2, 4, 16])):
        if buf:
            at = rng.randrange(len(buf))
            buf[at] = (
                rng.randrange(256) if rng.random() < 0.5 else buf[at] ^ (1 << rng.randrange(8))
            )
    return bytes(buf)


def truncate(rng: random.Random, data: bytes) -> bytes:
    if rng.random() < 0.3:
        return data[rng.randrange(len(data) + 1) :]
    return data[: rng.randrange(len(data) + 1)]


def insert_bytes(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    kind = rng.random()
    if kind < 0.4:
        chunk = rng.randbytes(rng.choice([1, 2, 3, 8, 64]))
    elif kind < 0.6:
        chunk = b"\x00" * rng.choice([1, 2, 100])
    elif kind < 0.8:
        chunk = rng.choice(TOKENS).encode("utf-8", "replace")
    else:
        chunk = rng.choice(["三、工作保障措施", "项目名称", "≥90%", "单位：万元"]).encode("gbk")
    return data[:at] + chunk + data[at:]


def delete_bytes(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    at = rng.randrange(len(data))
    return data[:at] + data[at + rng.choice([1, 2, 3, 16, 256, 4096]) :]


def duplicate_bytes(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    at = rng.randrange(len(data))
    end = min(len(data), at + rng.choice([1, 16, 256, 4096]))
    return data[:end] + data[at:end] * rng.choice([1, 2, 10]) + data[end:]


def magic(rng: random.Random, data: bytes) -> bytes:
    head = rng.choice(MAGIC)
    return head + data if rng.random() < 0.5 else head + data[len(head) :]


BYTE_MUTATORS = [flip, truncate, insert_bytes, delete_bytes, duplicate_bytes, magic]


# -- text export: lines, rows and cells ---------------------------------------------------------


def _rows(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) line ranges of the table rows (consecutive TAB lines)."""
    rows, start = [], None
    for i, line in enumerate([*lines, ""]):
        if line.startswith("\t"):
            start = i if start is None else start
        elif start is not None:
            rows.append((start, i))
            start = None
    return rows


def mutate_lines(rng: random.Random, lines: list[str]) -> list[str]:
    rows = _rows(lines)
    op = rng.randrange(13)
    if op < 6 and rows:
        start, end = rng.choice(rows)
        row = lines[start:end]
        if op == 0:  # delete a row
            return lines[:start] + lines[end:]
        if op == 1:  # shuffle its cells
            rng.shuffle(row)
            return lines[:start] + row + lines[end:]
        if op == 2:  # delete a cell
            del row[rng.randrange(len(row))]
            return lines[:start] + row + lines[end:]
        if op == 3:  # duplicate the row (with its separator)
            return [*lines[:end], "", *row, *lines[end:]]
        if op == 4:  # an odd token in a cell
            row[rng.randrange(len(row))] = "\t" + rng.choice(TOKENS)
            return lines[:start] + row + lines[end:]
        # swap with another row
        other_start, other_end = rng.choice(rows)
        if other_start > end:
            other = lines[other_start:other_end]
            middle = lines[end:other_start]
            return lines[:start] + other + middle + row + lines[other_end:]
        return lines
    if not lines:
        return [rng.choice(TOKENS)]
    at = rng.randrange(len(lines))
    if op == 6:
        return lines[:at] + lines[at + rng.choice([1, 2, 5, 50]) :]
    if op == 7:
        return lines[:at] + lines[at : at + rng.choice([1, 5, 30])] * 2 + lines[at:]
    if op == 8:  # toggle the TAB that makes a line a cell
        line = lines[at]
        lines[at] = line[1:] if line.startswith("\t") else "\t" + line
        return lines
    if op == 9:  # blank lines: end tables, split rows
        return lines[:at] + [""] * rng.choice([1, 2, 3]) + lines[at:]
    if op == 10:
        lines[at] = rng.choice(TOKENS) + lines[at]
        return lines
    if op == 11:  # a ragged row: cells appended or removed
        return (
            lines[:at]
            + ["\t" + rng.choice(TOKENS) for _ in range(rng.randrange(1, 8))]
            + lines[at:]
        )
    rng.shuffle(lines)  # total chaos, once in a while
    return lines


def mutate_text(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8-sig", "replace")
    newline = "\r\n" if rng.random() < 0.1 else "\n"
    lines = text.split("\n")
    for _ in range(rng.choice([1, 1, 2, 3, 8])):
        lines = mutate_lines(rng, lines)
    out = newline.join(lines)
    encoding = rng.choices(
        ["utf-8", "utf-8-sig", "gb18030", "utf-16", "utf-16-be"], [20, 2, 3, 2, 1]
    )[0]
    encoded = out.encode(encoding, "replace")
    if rng.random() < 0.05:  # a GBK paragraph spliced into UTF-8
        at = encoded.rfind(b"\n", 0, rng.randrange(len(encoded) + 1)) + 1
        encoded = encoded[:at] + "加强组织领导，落实责任。\n".encode("gbk") + encoded[at:]
    return encoded


# -- docx: XML inside the zip -------------------------------------------------------------------


def _elements(root: Any, *names: str) -> list[Any]:
    return [e for name in names for e in root.iter(W + name)]


def _set_prop(rng: random.Random, cell: Any, container: str, prop: str, value: str | None) -> None:
    from lxml import etree

    holder = cell.find(W + container)
    if holder is None:
        holder = etree.Element(W + container)
        cell.insert(0, holder)
    element = holder.find(W + prop)
    if element is None:
        element = etree.SubElement(holder, W + prop)
    if value is None:
        element.attrib.pop(W + "val", None)
    else:
        element.set(W + "val", value)


def mutate_xml(rng: random.Random, root: Any) -> None:
    from lxml import etree

    op = rng.randrange(12)
    if op == 0:  # delete a structural element
        kinds = [("tc",), ("tr",), ("tbl",), ("p",), ("tcPr", "trPr"), ("tblGrid",), ("r", "t"),
                 ("gridSpan", "vMerge")]  # fmt: skip
        found = _elements(root, *rng.choice(kinds))
        if found:
            victim = rng.choice(found)
            if victim.getparent() is not None:
                victim.getparent().remove(victim)
    elif op == 1:  # duplicate one
        found = _elements(root, *rng.choice([("tc",), ("tr",), ("tbl",), ("p",)]))
        if found:
            victim = rng.choice(found)
            victim.addnext(copy.deepcopy(victim))
    elif op == 2:  # move a row to another table or a cell to another row
        kind = rng.choice(["tr", "tc"])
        found = _elements(root, kind)
        parents = _elements(root, "tbl" if kind == "tr" else "tr")
        if found and parents:
            rng.choice(parents).append(rng.choice(found))
    elif op == 3:
        cells = _elements(root, "tc")
        if cells:
            _set_prop(rng, rng.choice(cells), "tcPr", "gridSpan", rng.choice(ODD_INTS))
    elif op == 4:
        cells = _elements(root, "tc")
        if cells:
            _set_prop(rng, rng.choice(cells), "tcPr", "vMerge", rng.choice(VMERGE))
    elif op == 5:
        rows = _elements(root, "tr")
        if rows:
            prop = rng.choice(["gridBefore", "gridAfter"])
            _set_prop(rng, rng.choice(rows), "trPr", prop, rng.choice(ODD_INTS))
    elif op == 6:  # odd text in a cell
        texts = _elements(root, "t")
        if texts:
            rng.choice(texts).text = rng.choice(TOKENS).replace("\x00", "").replace("\x1b", "")
    elif op == 7:  # a table nested in a cell
        cells, tables = _elements(root, "tc"), _elements(root, "tbl")
        if cells and tables:
            cell = rng.choice(cells)
            table = copy.deepcopy(rng.choice(tables))
            if not any(e is cell for e in table.iter()):
                cell.insert(0, table)
    elif op == 8:  # wrap in a tracked change or a content control
        found = _elements(root, "tr", "tc", "p", "r")
        if found:
            victim = rng.choice(found)
            wrapper = etree.Element(W + rng.choice(["ins", "del", "sdt", "customXml", "moveFrom"]))
            if wrapper.tag == W + "sdt":
                inner = etree.SubElement(wrapper, W + "sdtContent")
            else:
                inner = wrapper
            victim.addprevious(wrapper)
            inner.append(victim)
    elif op == 9:  # deleted-row / deleted-cell marks, fields
        found = _elements(root, "trPr", "tcPr", "r")
        if found:
            victim = rng.choice(found)
            mark = {"trPr": "del", "tcPr": "cellDel", "r": "fldChar"}[etree.QName(victim).localname]
            element = etree.SubElement(victim, W + mark)
            if mark == "fldChar":
                element.set(W + "fldCharType", rng.choice(["begin", "separate", "end", "bogus"]))
    elif op == 10:  # an attribute corrupted anywhere
        found = list(root.iter())
        victim = rng.choice(found)
        if victim.attrib:
            name = rng.choice(list(victim.attrib))
            victim.set(name, rng.choice(ODD_INTS))
    else:  # strip a namespace-qualified element down to its children
        found = _elements(root, "sdt", "ins", "hyperlink", "r", "p")
        if found:
            victim = rng.choice(found)
            parent = victim.getparent()
            if parent is not None:
                for child in list(victim):
                    victim.addprevious(child)
                parent.remove(victim)


def mutate_docx(rng: random.Random, data: bytes) -> bytes:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    names = list(parts)
    op = rng.random()
    if op < 0.75 and "word/document.xml" in parts:
        root = etree.fromstring(parts["word/document.xml"])
        for _ in range(rng.choice([1, 1, 2, 3, 6, 12])):
            mutate_xml(rng, root)
        parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    elif op < 0.85:  # a header part with a table or text
        name = rng.choice(["word/header1.xml", "word/header2.xml", "word/header10.xml"])
        line = rng.choice(["单位：万元", "金额单位：元", "x", ""])
        parts[name] = (
            '<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p></w:hdr>"
        ).encode()
    elif op < 0.95 and names:  # drop a member
        del parts[rng.choice(names)]
    else:  # text-level damage to the XML
        xml = parts.get("word/document.xml", b"")
        parts["word/document.xml"] = rng.choice(BYTE_MUTATORS)(rng, xml)
    out = io.BytesIO()
    method = zipfile.ZIP_STORED if rng.random() < 0.1 else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w", method) as zf:
        for name, content in parts.items():
            zf.writestr(name, content)
    return out.getvalue()


# -- Excel and HTML ------------------------------------------------------------------------

ODD_REFS = ["A1:XFD1048576", "Z9:A1", "bogus", "", "A0", "XFE1", "A1:A1", "$B$2:$C$3", "B2:"]
ODD_FORMATS = ["0.00", "0%", "#,##0.00;[Red]-#,##0.00", 'yyyy"年"m"月"d"日"', "@", "General",
               '"', "\\", ";;;", "[h]:mm", "0.00E+00", "# ?/?", "[$-F800]dddd", "0" * 400,
               "m", "", "*", "_", '0"万元"']  # fmt: skip


def mutate_xlsx(rng: random.Random, data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {info.filename: zf.read(info) for info in zf.infolist()}
    sheets = [n for n in parts if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    op = rng.random()
    if op < 0.7 and sheets:
        name = rng.choice(sheets)
        text = parts[name].decode("utf-8", "replace")
        for _ in range(rng.choice([1, 2, 4, 8])):
            text = _mutate_sheet_xml(rng, text)
        parts[name] = text.encode()
    elif op < 0.8 and "xl/styles.xml" in parts:
        styles = parts["xl/styles.xml"].decode("utf-8", "replace")
        code = rng.choice(ODD_FORMATS).replace('"', "&quot;")
        styles = re.sub(r"<numFmts[^>]*/>|<numFmts.*?</numFmts>",
                        f'<numFmts count="1"><numFmt numFmtId="2" formatCode="{code}"/></numFmts>',
                        styles, count=1, flags=re.S)  # fmt: skip
        styles = re.sub(r'numFmtId="\d+"', lambda _: f'numFmtId="{rng.choice(ODD_INTS)}"',
                        styles, count=rng.randrange(1, 4))  # fmt: skip
        parts["xl/styles.xml"] = styles.encode()
    elif op < 0.9 and parts:
        del parts[rng.choice(list(parts))]
    else:
        name = rng.choice(list(parts))
        parts[name] = rng.choice(BYTE_MUTATORS)(rng, parts[name])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in parts.items():
            zf.writestr(name, content)
    return out.getvalue()


def _mutate_sheet_xml(rng: random.Random, text: str) -> str:
    cells = list(re.finditer(r"<c [^>]*?(?:/>|>.*?</c>)", text, re.S))
    op = rng.randrange(7)
    if op == 0 and cells:  # delete or duplicate a cell
        hit = rng.choice(cells)
        middle = "" if rng.random() < 0.5 else hit.group(0) * 2
        return text[: hit.start()] + middle + text[hit.end() :]
    if op == 1:  # an odd merged range
        ref = rng.choice(ODD_REFS)
        merge = f'<mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'
        return text.replace("</sheetData>", "</sheetData>" + merge, 1)
    if op == 2 and cells:  # odd cell address
        return re.sub(r' r="[A-Z]+\d+"', f' r="{rng.choice(ODD_REFS)}"', text, count=1)
    if op == 3:  # odd style or type
        attr = rng.choice([f' s="{rng.choice(ODD_INTS)}"',
                           f' t="{rng.choice(["s", "b", "e", "d", "str", "inlineStr", "x"])}"'])
        return re.sub(r"<c ", "<c" + attr + " ", text, count=1)
    if op == 4:  # an odd value
        token = rng.choice(TOKENS + ODD_INTS).replace("&", "&amp;").replace("<", "&lt;")
        return re.sub(r"<v>[^<]*</v>", f"<v>{token}</v>", text, count=1)
    if op == 5:  # a row number out of order or huge
        return re.sub(r'<row r="\d+"', f'<row r="{rng.choice(ODD_INTS)}"', text, count=1)
    return text.replace("<t>", "<t>" + rng.choice(TOKENS).replace("<", "&lt;"), 1)


def mutate_html(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("gb18030", "replace")
    for _ in range(rng.choice([1, 2, 4, 8])):
        op = rng.randrange(6)
        tags = list(re.finditer(r"</?(?:td|tr|table|p|br|div|th)\b[^>]*>", text))
        if op == 0 and tags:
            hit = rng.choice(tags)
            text = text[: hit.start()] + text[hit.end() :]
        elif op == 1 and tags:
            hit = rng.choice(tags)
            text = text[: hit.end()] + hit.group(0) * rng.choice([1, 2, 50]) + text[hit.end() :]
        elif op == 2:
            attr = rng.choice(["rowspan", "colspan"])
            text = text.replace("<td", f'<td {attr}="{rng.choice(ODD_INTS)}"', 1)
        elif op == 3:
            text = text.replace("gb2312", rng.choice(["utf-8", "bogus", "utf-16", "gbk", ""]), 1)
        elif op == 4:
            cells = list(re.finditer(r"<td[^>]*>([^<]*)</td>", text))
            if cells:
                hit = rng.choice(cells)
                text = text[: hit.start(1)] + rng.choice(TOKENS) + text[hit.end(1) :]
        else:
            text = text.replace("<table", "<table><tr><td><table", 1)
    encoding = rng.choice(["gb18030", "utf-8", "utf-16"])
    return text.encode(encoding, "replace")


# -- YAML / JSON drafts -------------------------------------------------------------------------

ODD_VALUES: list[Any] = [None, True, -1, 0, 10**30, 1e308, "", "x" * 1000, [], {}, [None],
                         {"a": 1}, "≥", "1e999999", 3.5, "null"]  # fmt: skip


def _paths(tree: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(tree, dict):
        for k, v in tree.items():
            found.extend(_paths(v, (*path, k)))
    elif isinstance(tree, list):
        for i, v in enumerate(tree):
            found.extend(_paths(v, (*path, i)))
    return found


def mutate_tree(rng: random.Random, tree: Any) -> Any:
    paths = _paths(tree)[1:]
    if not paths:
        return rng.choice(ODD_VALUES)
    path = rng.choice(paths)
    parent = tree
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    op = rng.random()
    if op < 0.6:
        parent[last] = copy.deepcopy(rng.choice(ODD_VALUES))
    elif op < 0.8:
        del parent[last]
    elif isinstance(parent, list):
        parent.insert(last, copy.deepcopy(parent[last]))
    else:
        parent[rng.choice(["extra", "schema_version", "projects", "notes"])] = rng.choice(
            ODD_VALUES
        )
    return tree


def mutate_draft(rng: random.Random, data: bytes, suffix: str) -> bytes:
    if rng.random() < 0.5:  # structural
        tree = json.loads(data) if suffix == ".json" else _yaml_load(data)
        for _ in range(rng.choice([1, 2, 4])):
            tree = mutate_tree(rng, tree)
        if suffix == ".json":
            if rng.random() < 0.05:
                return json.dumps(tree).replace("0", "9" * 5000, 1).encode()  # a huge integer
            return json.dumps(tree, ensure_ascii=False).encode()
        return _yaml_dump(tree)
    text = data.decode("utf-8")
    if rng.random() < 0.2:  # a number made huge, or a value nested deeply
        numbers = list(re.finditer(r"(?<=[:\[,] )-?\d+(?:\.\d+)?(?=[,\n\]}])", text))
        if numbers:
            hit = rng.choice(numbers)
            value = rng.choice(
                ["9" * 5000, "1e999999999", "1E-999999999", "[" * 3000 + "1" + "]" * 3000]
            )
            text = text[: hit.start()] + value + text[hit.end() :]
    lines = text.split("\n")
    for _ in range(rng.choice([0, 1, 2, 3])):
        at = rng.randrange(len(lines))
        op = rng.randrange(4)
        if op == 0:
            del lines[at]
        elif op == 1:
            lines.insert(at, lines[at])
        elif op == 2:
            lines[at] = "  " + lines[at] if rng.random() < 0.5 else lines[at].lstrip()
        else:
            tails = [": x", " - ", "&a", "*a", "!!python/object:os.system", "{", "]", "'", '"',
                     "#", "9" * 5000]  # fmt: skip
            lines[at] = lines[at] + rng.choice(tails)
    return "\n".join(lines).encode()


def _yaml_load(data: bytes) -> Any:
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(data)


def _yaml_dump(tree: Any) -> bytes:
    from ruamel.yaml import YAML

    stream = io.BytesIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    yaml.dump(tree, stream)
    return stream.getvalue()


# -- one input --------------------------------------------------------------------------------


def make_input(samples: list[Sample], seed: int, index: int) -> tuple[str, str, bytes]:
    """Input ``index`` of run ``seed``: (what was done, suffix, bytes). Deterministic."""
    rng = random.Random(f"{seed}:{index}")
    family = rng.choices(
        [(".txt",), (".docx",), (".yaml", ".json"), (".xlsx", ".xls"), (".html",), (".pdf",)],
        [4, 4, 2, 2, 1, 1],
    )[0]
    sample = rng.choice([s for s in samples if s.suffix in family])
    data, done = sample.data, []
    structured = rng.random() < 0.75
    if structured:
        try:
            if sample.suffix == ".txt":
                data, kind = mutate_text(rng, data), "text"
            elif sample.suffix == ".docx":
                data, kind = mutate_docx(rng, data), "xml"
            elif sample.suffix == ".xlsx":
                data, kind = mutate_xlsx(rng, data), "sheet"
            elif sample.suffix == ".html":
                data, kind = mutate_html(rng, data), "html"
            elif sample.suffix in (".pdf", ".xls"):
                data, kind = truncate(rng, data) if rng.random() < 0.3 else flip(rng, data), "bin"
            else:
                data, kind = mutate_draft(rng, data, sample.suffix), "draft"
            done.append(kind)
        except Exception:  # the mutator could not apply (e.g. already damaged): bytes only
            done.append("struct-skip")
    if not structured or rng.random() < 0.25:
        for _ in range(rng.choice([1, 1, 2, 3])):
            mutator = rng.choice(BYTE_MUTATORS)
            data = mutator(rng, data)
            done.append(mutator.__name__)
    suffix = sample.suffix if rng.random() < 0.9 else rng.choice(SUFFIXES)
    return f"{sample.name} [{'+'.join(done)}]", suffix, data


def check(data: bytes, display: str, suffix: str) -> None:
    """The public API and the reporters; raises whatever they raise."""
    from rich.console import Console

    from perfgoal.config import Config
    from perfgoal.engine import check_document
    from perfgoal.errors import PerfgoalError
    from perfgoal.findings import FileReport, Report
    from perfgoal.load import load_bytes
    from perfgoal.reporters.json import render as render_json
    from perfgoal.reporters.text import render as render_text
    from perfgoal.serialize import to_json

    try:
        document = load_bytes(data, display, suffix)
    except PerfgoalError:
        return
    findings = check_document(document, Config(), "zh", debug=True)
    report = Report.build([FileReport(path=display, findings=findings)])
    render_text(report, "zh", Console(file=io.StringIO(), width=120, no_color=True))
    render_json(report)
    to_json([document])


def signature(exc: BaseException) -> str:
    """Crash class: exception type and the innermost perfgoal frame."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "perfgoal" in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    return f"{type(exc).__name__} at {where}"


# -- the run ----------------------------------------------------------------------------------


def worker(conn: Connection, seed: int) -> None:
    os.environ["PERFGOAL_SOFFICE"] = str(ROOT / "fuzz" / "no-libreoffice")  # no conversions
    samples = corpus()
    while True:
        batch = conn.recv()
        if batch is None:
            return
        for index in batch:
            conn.send(("start", index))
            _, suffix, data = make_input(samples, seed, index)
            try:
                check(data, f"fuzz-{index}{suffix}", suffix)
            except Exception as exc:
                conn.send(("crash", index, signature(exc), traceback.format_exc()))
            else:
                conn.send(("ok", index))


@dataclass
class Crash:
    index: int
    signature: str
    detail: str


def save(samples: list[Sample], seed: int, crash: Crash) -> Path:
    what, suffix, data = make_input(samples, seed, crash.index)
    CRASHES.mkdir(exist_ok=True)
    tag = hashlib.sha1(crash.signature.encode()).hexdigest()[:8]
    path = CRASHES / f"{tag}-{seed}-{crash.index}{suffix or '.bin'}"
    path.write_bytes(data)
    path.with_name(path.name + ".log").write_text(
        f"input {crash.index} of seed {seed}: {what}, suffix {suffix!r}\n{crash.signature}\n\n"
        f"{crash.detail}\n",
        encoding="utf-8",
    )
    return path


class Pool:
    """Workers fed in batches; a worker silent for ``timeout`` seconds on one input is killed
    (the input is a hang) and replaced; the rest of its batch is handed out again."""

    def __init__(self, jobs: int, seed: int, timeout: float) -> None:
        self.seed, self.timeout, self.jobs = seed, timeout, jobs
        self.ctx = mp.get_context("fork" if sys.platform != "win32" else "spawn")
        self.slots: list[dict[str, Any]] = [self._spawn() for _ in range(jobs)]

    def _spawn(self) -> dict[str, Any]:
        parent, child = self.ctx.Pipe()
        process = self.ctx.Process(target=worker, args=(child, self.seed), daemon=True)
        process.start()
        child.close()
        return {"proc": process, "conn": parent, "batch": [], "current": None, "since": 0.0}

    def run(self, indices: list[int], batch_size: int, progress: bool) -> tuple[int, list[Crash]]:
        queue = [indices[i : i + batch_size] for i in range(0, len(indices), batch_size)]
        queue.reverse()
        done, crashes, started, last_report = 0, [], time.monotonic(), 0.0
        while queue or any(slot["batch"] for slot in self.slots):
            for slot in self.slots:
                if not slot["batch"] and queue:
                    slot["batch"] = list(queue.pop())
                    slot["conn"].send(slot["batch"])
                    slot["since"] = time.monotonic()
            busy = [slot for slot in self.slots if slot["batch"]]
            ready = wait([slot["conn"] for slot in busy], timeout=1.0)
            now = time.monotonic()
            for slot in busy:
                if slot["conn"] in ready:
                    try:
                        message = slot["conn"].recv()
                    except EOFError:  # the worker died (a segfault, an OOM kill)
                        index = slot["current"] if slot["current"] is not None else slot["batch"][0]
                        crashes.append(Crash(index, "worker died", "the worker process exited"))
                        done += 1
                        self._replace(slot, queue, index)
                        continue
                    slot["since"] = now
                    if message[0] == "start":
                        slot["current"] = message[1]
                        continue
                    slot["batch"].remove(message[1])
                    slot["current"] = None
                    done += 1
                    if message[0] == "crash":
                        crashes.append(Crash(message[1], message[2], message[3]))
                elif now - slot["since"] > self.timeout:
                    index = slot["current"] if slot["current"] is not None else slot["batch"][0]
                    crashes.append(Crash(index, f"hang > {self.timeout:.0f} s", "killed"))
                    done += 1
                    self._replace(slot, queue, index)
            if progress and now - last_report > 30:
                last_report = now
                rate = done / max(now - started, 1e-9)
                print(f"  {done}/{len(indices)} inputs, {len(crashes)} crashes, {rate:.0f}/s",
                      file=sys.stderr, flush=True)  # fmt: skip
        return done, crashes

    def _replace(self, slot: dict[str, Any], queue: list[list[int]], index: int) -> None:
        rest = [i for i in slot["batch"] if i != index]
        if rest:
            queue.append(rest)
        slot["proc"].kill()
        slot["proc"].join()
        slot.update(self._spawn())

    def close(self) -> None:
        for slot in self.slots:
            with contextlib.suppress(OSError):
                slot["conn"].send(None)
            slot["proc"].join(timeout=5)
            if slot["proc"].is_alive():
                slot["proc"].kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="inputs to run (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per input")
    parser.add_argument("--start", type=int, default=0, help="first input index")
    parser.add_argument("--only", type=int, nargs="*", help="replay these input indices")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 3000))

    samples = corpus()
    indices = args.only if args.only else list(range(args.start, args.start + args.count))
    started = time.monotonic()
    pool = Pool(max(1, args.jobs), args.seed, args.timeout)
    try:
        done, crashes = pool.run(indices, batch_size=25, progress=not args.quiet)
    finally:
        pool.close()
    elapsed = time.monotonic() - started

    classes = Counter(crash.signature for crash in crashes)
    first: dict[str, Path] = {}
    for crash in sorted(crashes, key=lambda c: c.index):
        path = save(samples, args.seed, crash)
        first.setdefault(crash.signature, path)
    print(f"samples: {len(samples)}  seed: {args.seed}  jobs: {args.jobs}")
    print(f"inputs run: {done}")
    print(f"crashes: {len(crashes)}")
    for sig, count in classes.most_common():
        print(f"  {count:6d}  {sig}  e.g. {first[sig].relative_to(ROOT)}")
    print(f"time: {elapsed:.0f} s ({done / max(elapsed, 1e-9):.0f} inputs/s)")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
