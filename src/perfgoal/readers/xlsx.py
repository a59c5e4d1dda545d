"""Read an Excel workbook (.xlsx, also WPS's) into the neutral grid: every sheet, in order.

The package is opened as the Word reader opens a .docx (each part inflated in chunks up to
``max_xml_bytes``, the compression ratio checked, a DOCTYPE refused, lxml without entities or
network) and read with lxml: the shared strings, the number formats and borders of
``styles.xml``, each sheet's cells and merged ranges. A cell reads as Excel shows it
(:mod:`perfgoal.readers.numfmt`): ``4`` formatted ``0.00`` is ``4.00``, a formula its cached
result. Rows become paragraphs and tables by :func:`perfgoal.readers.matrix.sheet_blocks`.

Why not openpyxl: it was measured on the same 480-project workbook (32,000 filled cells):
openpyxl 3.4 s (read-only mode 0.7 s, but without merged ranges), python-calamine 0.06 s but
without number formats (``4.00`` reads ``4.0``, ``90%`` reads ``0.9``); this reader reads
values, formats and merges (see docs/performance.md for its own numbers). openpyxl also pads
missing rows and columns (a one-cell sheet claiming ``A1:XFD1048576`` would expand to
billions of cells) and does not know the zh-CN built-in formats (31 = ``yyyy"年"m"月"d"日"``).

Limits: ``MAX_CELLS`` cells in the workbook (``<c>`` tags counted before a sheet is parsed),
the Word reader's part size and ratio limits.
"""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal, InvalidOperation
from typing import Any

from perfgoal.errors import InputError
from perfgoal.readers.grid import Grid, Table
from perfgoal.readers.matrix import Matrix, Span, sheet_blocks
from perfgoal.readers.numfmt import is_date_format, render, serial_to_datetime

MAX_CELLS = 200_000
S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
S_STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
R_STRICT_NS = "http://purl.oclc.org/ooxml/officeDocument/relationships"

# Built-in number formats (ECMA-376 18.8.30), with the zh-CN ones Excel and WPS use.
BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%",
    11: "0.00E+00", 12: "# ?/?", 13: "# ??/??", 14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm",
    17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss",
    22: "m/d/yy h:mm", 37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)", 45: "mm:ss", 46: "[h]:mm:ss",
    47: "mmss.0", 48: "##0.0E+0", 49: "@",
    27: 'yyyy"年"m"月"', 28: 'm"月"d"日"', 29: 'm"月"d"日"', 30: "m-d-yy",
    31: 'yyyy"年"m"月"d"日"', 32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"',
    34: '上午/下午h"时"mm"分"', 35: '上午/下午h"时"mm"分"ss"秒"', 36: 'yyyy"年"m"月"',
    50: 'yyyy"年"m"月"', 51: 'm"月"d"日"', 52: 'yyyy"年"m"月"', 53: 'm"月"d"日"',
    54: 'm"月"d"日"', 55: '上午/下午h"时"mm"分"', 56: '上午/下午h"时"mm"分"ss"秒"',
    57: 'yyyy"年"m"月"', 58: 'm"月"d"日"',
}  # fmt: skip

_CELL_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
_OFFICE_DOC = "/officeDocument"


def read_xlsx(data: bytes, *, max_xml_bytes: int) -> Grid:
    """Every sheet of the workbook, as paragraphs and tables; ``InputError`` for anything
    that is not a readable workbook."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError("xlsx.zip-broken") from exc
    except NotImplementedError as exc:
        raise InputError("xlsx.zip-unsupported", detail=str(exc)) from exc
    with zf:
        return _Workbook(zf, max_xml_bytes).grid()


class _Workbook:
    def __init__(self, zf: zipfile.ZipFile, max_xml_bytes: int) -> None:
        self.zf = zf
        self.max_bytes = max_xml_bytes
        self.names = {name.lower(): name for name in zf.namelist()}
        self.cells = 0

    def part(self, name: str, *, count_cells: bool = False) -> Any:
        from perfgoal.readers.docx import _check_entry, _doctype_error, _has_doctype, _inflate

        real = self.names.get(name.lower())
        if real is None:
            raise InputError("xlsx.missing-part", where=name, part=name)
        info = self.zf.getinfo(real)
        _check_entry(info, self.max_bytes, 300)
        raw = _inflate(self.zf, info, self.max_bytes)
        if _has_doctype(raw):
            raise _doctype_error(real)
        if count_cells:
            self.cells += sum(1 for _ in _CELL_START.finditer(raw))
            if self.cells > MAX_CELLS:
                raise InputError("limit.cells", where=real, limit=MAX_CELLS)
        return _parse_xml(raw, real)

    def grid(self) -> Grid:
        if "xl/workbook.xml" not in self.names and not self._main_part():
            if "word/document.xml" in self.names:
                raise InputError("xlsx.is-docx")
            raise InputError("xlsx.no-workbook")
        main = self._main_part() or "xl/workbook.xml"
        workbook = self.part(main)
        ns = S_STRICT_NS if workbook.tag == f"{{{S_STRICT_NS}}}workbook" else S_NS
        base = main.rsplit("/", 1)[0]
        targets = self._relationships(f"{base}/_rels/{main.rsplit('/', 1)[1]}.rels", base)
        pr = workbook.find(f"{{{ns}}}workbookPr")
        date1904 = pr is not None and pr.get("date1904") in ("1", "true")
        styles = _Styles(self.part(targets["styles"]), ns) if "styles" in targets else None
        strings = _shared_strings(self.part(targets["sharedStrings"]), ns) if (
            "sharedStrings" in targets
        ) else []  # fmt: skip
        grid = Grid(format="xlsx")
        for sheet in workbook.iter(f"{{{ns}}}sheet"):
            name = sheet.get("name") or ""
            rid = sheet.get(f"{{{R_NS}}}id") or sheet.get(f"{{{R_STRICT_NS}}}id") or ""
            target = targets.get(f"id:{rid}")
            if target is None or target.lower() not in self.names:
                continue  # a chart sheet or a dangling entry: no cells
            root = self.part(target, count_cells=True)
            matrix = _sheet_matrix(root, ns, strings, styles, date1904)
            first = 1 + sum(isinstance(b, Table) for b in grid.blocks)
            grid.blocks.extend(sheet_blocks(matrix, first, name))
        return grid

    def _main_part(self) -> str | None:
        if "_rels/.rels" not in self.names:
            return None
        for rel in self.part("_rels/.rels"):
            target = (rel.get("Target") or "").lstrip("/")
            if (rel.get("Type") or "").endswith(_OFFICE_DOC) and target.lower() in self.names:
                return self.names[target.lower()]
        return None

    def _relationships(self, name: str, base: str) -> dict[str, str]:
        """``id:rId1`` -> part name, plus ``styles`` and ``sharedStrings``."""
        out: dict[str, str] = {}
        if name.lower() not in self.names:
            return out
        for rel in self.part(name):
            target = rel.get("Target") or ""
            path = target.lstrip("/") if target.startswith("/") else f"{base}/{target}"
            path = _normalise(path)
            out[f"id:{rel.get('Id')}"] = path
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            if kind in ("styles", "sharedStrings") and path.lower() in self.names:
                out[kind] = path
        return out


def _normalise(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part and part != ".":
            parts.append(part)
    return "/".join(parts)


def _parse_xml(raw: bytes, name: str) -> Any:
    from lxml import etree

    from perfgoal.readers.docx import _doctype_error, broken_xml

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
        remove_comments=True, remove_pis=True, collect_ids=False,
    )  # fmt: skip
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise broken_xml(name, exc) from None
    if root.getroottree().docinfo.doctype:
        raise _doctype_error(name)
    return root


def _text(element: Any, ns: str) -> str:
    """The text of a shared or inline string: its ``t`` runs, without phonetic ``rPh``."""
    parts: list[str] = []
    for node in element.iter(f"{{{ns}}}t", f"{{{ns}}}rPh"):
        if node.tag == f"{{{ns}}}t" and not _inside_phonetic(node, element, ns):
            parts.append(node.text or "")
    return "".join(parts)


def _inside_phonetic(node: Any, root: Any, ns: str) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not root:
        if parent.tag == f"{{{ns}}}rPh":
            return True
        parent = parent.getparent()
    return False


def _shared_strings(root: Any, ns: str) -> list[str]:
    return [_text(si, ns) for si in root.iterchildren(f"{{{ns}}}si")]


class _Styles:
    """Number format and border of each cell style (``s`` attribute)."""

    def __init__(self, root: Any, ns: str) -> None:
        formats = dict(BUILTIN_FORMATS)
        for fmt in root.iter(f"{{{ns}}}numFmt"):
            ident = _int(fmt.get("numFmtId"))
            if ident is not None:
                formats[ident] = fmt.get("formatCode") or "General"
        borders: list[bool] = []
        box = root.find(f"{{{ns}}}borders")
        for border in box.iterchildren(f"{{{ns}}}border") if box is not None else ():
            borders.append(
                any(
                    (side := border.find(f"{{{ns}}}{name}")) is not None
                    and side.get("style") not in (None, "none")
                    for name in ("left", "right", "top", "bottom")
                )
            )
        self.formats: list[str] = []
        self.bordered: list[bool] = []
        xfs = root.find(f"{{{ns}}}cellXfs")
        for xf in xfs.iterchildren(f"{{{ns}}}xf") if xfs is not None else ():
            ident = _int(xf.get("numFmtId")) or 0
            self.formats.append(formats.get(ident, "General"))
            border = _int(xf.get("borderId")) or 0
            self.bordered.append(border < len(borders) and borders[border])


def _int(text: str | None) -> int | None:
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


def _address(ref: str | None) -> tuple[int, int] | None:
    """``B7`` -> (6, 1), 0-based."""
    match = _REF.match(ref or "")
    if not match:
        return None
    column = 0
    for char in match.group(1).upper():
        column = column * 26 + ord(char) - 64
    row = int(match.group(2))
    if not (1 <= row <= 1_048_576 and 1 <= column <= 16_384):
        return None
    return row - 1, column - 1


def _sheet_matrix(
    root: Any, ns: str, strings: list[str], styles: _Styles | None, date1904: bool
) -> Matrix:
    texts: dict[tuple[int, int], str] = {}
    bordered: set[tuple[int, int]] = set()
    data = root.find(f"{{{ns}}}sheetData")
    row_number = -1
    for row in data.iterchildren(f"{{{ns}}}row") if data is not None else ():
        number = _int(row.get("r"))
        row_number = (
            number - 1 if number is not None and 1 <= number <= 1_048_576 else row_number + 1
        )
        column = 0
        for cell in row.iterchildren(f"{{{ns}}}c"):
            at = _address(cell.get("r")) or (row_number, min(column, 16_383))
            column = at[1] + 1
            style = _int(cell.get("s")) or 0
            fmt, box = "General", False
            if styles is not None and style < len(styles.formats):
                fmt, box = styles.formats[style], styles.bordered[style]
            if box:
                bordered.add(at)
            text = _cell_text(cell, ns, strings, fmt, date1904)
            if text:
                texts[at] = text
    spans: list[Span] = []
    merges = root.find(f"{{{ns}}}mergeCells")
    for merge in merges.iterchildren(f"{{{ns}}}mergeCell") if merges is not None else ():
        first, _, last = (merge.get("ref") or "").partition(":")
        a, b = _address(first), _address(last or first)
        if a and b:
            spans.append(Span(min(a[0], b[0]), min(a[1], b[1]), max(a[0], b[0]), max(a[1], b[1])))
    return Matrix(texts=texts, spans=spans, bordered=bordered)


def _cell_text(cell: Any, ns: str, strings: list[str], fmt: str, date1904: bool) -> str:
    kind = cell.get("t") or "n"
    if kind == "inlineStr":
        inline = cell.find(f"{{{ns}}}is")
        return _text(inline, ns) if inline is not None else ""
    value_node = cell.find(f"{{{ns}}}v")
    value: str | None = (
        str(value_node.text) if value_node is not None and value_node.text is not None else None
    )
    if value is None:
        return ""  # an empty cell, or a formula never calculated (no cached result)
    if kind == "s":
        index = _int(value)
        return strings[index] if index is not None and 0 <= index < len(strings) else ""
    if kind in ("str", "e"):
        return value
    if kind == "b":
        return "TRUE" if value.strip() in ("1", "true") else "FALSE"
    if kind == "d":
        return value.replace("T", " ").removesuffix(" 00:00:00")
    try:
        number = float(value)
    except ValueError:
        return value
    if is_date_format(fmt):
        moment = serial_to_datetime(number, date1904=date1904)
        if moment is not None:
            return render(moment, fmt)
    try:
        exact = Decimal(value.strip())
    except InvalidOperation:
        return render(number, fmt)
    return render(exact, fmt)
