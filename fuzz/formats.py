"""Format-aware mutators of the spreadsheet and web-page samples (``samples/formats/``):
inside an .xlsx zip, cells, rows and merged ranges deleted, duplicated or given odd
addresses, styles, types and number formats; in HTML, tags deleted or repeated, odd
rowspan/colspan and charsets, odd cell texts, tables nested."""

from __future__ import annotations

import io
import random
import re
import zipfile

from documents import BYTE_MUTATORS, ODD_INTS, TOKENS

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
        attr = rng.choice(
            [
                f' s="{rng.choice(ODD_INTS)}"',
                f' t="{rng.choice(["s", "b", "e", "d", "str", "inlineStr", "x"])}"',
            ]
        )
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
