"""Document mutators of the fuzzer: bytes of any format, rows and cells of a text export,
the XML inside a .docx. Each takes a ``random.Random`` and the sample's bytes and returns
new bytes; ``fuzz.py`` decides which to apply."""

from __future__ import annotations

import copy
import io
import random
import zipfile
from typing import Any

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
            ".xls", ".html"]  # fmt: skip
ODD_INTS = ["-1", "0", "999999", "2147483648", "18446744073709551616", "abc", "", "1.5",
            " 2", "+3", "0x10", "1" * 40, "٣"]  # fmt: skip
VMERGE = ["restart", "continue", "", "bogus", "RESTART", None]


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
