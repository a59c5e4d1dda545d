"""Read an HTML page (a government site's published tables, a web system's export saved as
.doc or .xls, a page Word saved as "网页") into the neutral grid.

- Encoding: a BOM, else the ``<meta charset>`` or ``http-equiv`` declaration of the first
  4 KB (GB2312 and GBK are read as GB18030, their superset, as browsers do), else UTF-8 when
  the bytes are valid UTF-8, else GB18030.
- Tables: ``<table>`` rows with ``rowspan``/``colspan`` as merges. A table holding another
  table is a layout table (a site's page frame): its cells are read as ordinary content, so
  the data tables inside it are found and the frame itself is not reported.
- Page chrome is left out: ``script``, ``style``, ``head``, forms, ``nav``/``header``/
  ``footer``/``aside``, hidden elements (``display:none``, Word's ``mso-hide:all``) and
  elements whose ``id`` or ``class`` names a menu, header, footer, breadcrumb, share bar or
  copyright line (``<div class="footer">``, ``<div id="nav">``).
- Text: whitespace collapsed as a browser shows it; ``<br>`` and block elements (``<p>``,
  ``<div>``, ``<li>``) inside a cell are line breaks; headings and paragraphs between tables
  are paragraphs. Locations carry the source line of each paragraph, row and cell.

Hardened like the Word reader: no network, no entities, no DTD; elements nested deeper
than ``MAX_DEPTH`` and more than ``MAX_ITEMS`` cells and paragraphs are refused.
"""

from __future__ import annotations

import codecs
import re
from typing import Any

from perfgoal.errors import InputError
from perfgoal.readers.grid import Block, Cell, Grid, Paragraph, Table
from perfgoal.readers.matrix import Matrix, Span, table_rows
from perfgoal.readers.text import MAX_ITEMS, too_many_items

MAX_DEPTH = 200
MAX_COLSPAN = 1000  # what browsers allow
MAX_ROWSPAN = 65534

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_GB = {"gb2312", "gbk", "gb_2312-80", "gb_2312", "x-gbk", "csgb2312", "euc-cn", "cp936", "gb18030"}
_SKIP_TAGS = frozenset(
    [
        "head",
        "script",
        "style",
        "noscript",
        "template",
        "nav",
        "header",
        "footer",
        "aside",
        "form",
        "select",
        "option",
        "button",
        "iframe",
        "object",
        "embed",
        "svg",
        "canvas",
        "map",
        "audio",
        "video",
        "textarea",
        "input",
    ]
)
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "blockquote",
        "pre",
        "section",
        "article",
        "center",
        "address",
        "figure",
        "figcaption",
        "caption",
        "main",
        "hr",
        "tr",
    ]
)
_CHROME = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|menus|header|footer|foot|breadcrumbs?|crumbs?|"
    r"position|sidebar|share|toolbar|copyright|banner|search|login)(?:$|[\s_-])",
    re.IGNORECASE,
)
_HIDDEN = re.compile(r"display\s*:\s*none|mso-hide\s*:\s*all|visibility\s*:\s*hidden", re.I)
_SPACES = re.compile(r"[ \t\r\n\f]+")


def decode_html(data: bytes) -> str:
    """The page's text, by its BOM, its declared charset or its bytes (module docstring)."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii", errors="ignore").lower()
        encoding = "gb18030" if name in _GB else name
        try:
            return data.decode(encoding, errors="replace")
        except LookupError:
            pass  # an unknown charset name: guess below
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def read_html(data: bytes) -> Grid:
    from lxml import etree, html

    text = decode_html(data)
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)  # lxml refuses an encoding declaration in str
    parser = html.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, huge_tree=False,
        default_doctype=False, recover=True,
    )  # fmt: skip
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise InputError("html.unparsable", detail=str(exc)) from None
    walker = _Walker()
    body = root.find("body")
    try:
        walker.flow(body if body is not None else root, 0)
    except RecursionError:
        raise InputError("html.too-deep") from None
    walker.flush()
    return Grid(format="html", blocks=walker.blocks)


class _Walker:
    """Walks the page in document order, collecting paragraphs and data tables."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.line: int | None = None
        self.items = 0
        self.tables = 0

    def _count(self, n: int = 1) -> None:
        self.items += n
        if self.items > MAX_ITEMS:
            raise too_many_items()

    def flush(self) -> None:
        text = _clean("".join(self.buffer))
        self.buffer.clear()
        if text:
            self._count()
            self.blocks.append(Paragraph(text=text, line=self.line))
        self.line = None

    def flow(self, element: Any, depth: int) -> None:
        """Content outside data tables: paragraphs break at block elements."""
        if depth > MAX_DEPTH:
            raise InputError("html.depth-limit", limit=MAX_DEPTH)
        if element.text:
            self._text(element.text, element)
        for child in element:
            if not isinstance(child.tag, str) or _skipped(
                child
            ):  # a comment or processing instruction
                pass
            elif child.tag == "table":
                self.flush()
                if child.find(".//table") is not None:  # a layout table
                    for cell in child.iter("td", "th"):
                        if _own_table(cell) is child:
                            self.flow(cell, depth + 1)
                            self.flush()
                else:
                    self._table(child)
            elif child.tag == "br":
                self.flush()
            elif child.tag in _BLOCK_TAGS or child.tag.startswith("h"):
                self.flush()
                self.flow(child, depth + 1)
                self.flush()
            else:
                self.flow(child, depth + 1)
            if child.tail:
                self._text(child.tail, element)

    def _text(self, text: str, element: Any) -> None:
        if self.line is None and text.strip():
            self.line = element.sourceline
        self.buffer.append(_SPACES.sub(" ", text))

    def _table(self, table: Any) -> None:
        rows = [tr for tr in table.iter("tr") if _own_table(tr) is table and not _skipped(tr)]
        texts: dict[tuple[int, int], str] = {}
        spans: list[Span] = []
        lines: dict[tuple[int, int], int | None] = {}
        taken: set[tuple[int, int]] = set()
        row_lines: list[int | None] = []
        for r, tr in enumerate(rows):
            row_lines.append(tr.sourceline)
            c = 0
            for td in tr:
                if not isinstance(td.tag, str) or td.tag not in ("td", "th") or _skipped(td):
                    continue
                self._count()
                while (r, c) in taken:
                    c += 1
                colspan = _span(td.get("colspan"), MAX_COLSPAN)
                rowspan = _span(td.get("rowspan"), MAX_ROWSPAN, zero_means=len(rows) - r)
                rowspan = min(rowspan, len(rows) - r)
                for rr in range(r, r + rowspan):
                    for cc in range(c, c + colspan):
                        taken.add((rr, cc))
                self._count(colspan * rowspan // 50)  # a huge span is a lot of grid cells
                texts[(r, c)] = cell_text(td)
                lines[(r, c)] = td.sourceline
                if colspan > 1 or rowspan > 1:
                    spans.append(Span(r, c, r + rowspan - 1, c + colspan - 1))
                c += colspan
        if not rows:
            return
        right = max((c for _, c in taken), default=0)
        matrix = Matrix(texts=texts, spans=spans)

        def locate(cell: Cell, r: int, c: int) -> None:
            cell.line = lines.get((r, c))

        self.tables += 1
        grid_rows = table_rows(matrix, range(len(rows)), 0, right, matrix.covering(), 1, locate)
        for row, line in zip(grid_rows, row_lines, strict=True):
            row.line = line
        grid_rows = [row for row in grid_rows if row.cells]
        self.blocks.append(Table(rows=grid_rows, index=self.tables, line=table.sourceline))


def _own_table(element: Any) -> Any:
    parent = element.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _span(value: str | None, limit: int, zero_means: int = 1) -> int:
    try:
        number = int(re.match(r"\s*(\d+)", value or "").group(1))  # type: ignore[union-attr]
    except (AttributeError, ValueError):
        return 1
    if number == 0:
        return max(1, zero_means)
    return max(1, min(number, limit))


def _skipped(element: Any) -> bool:
    if not isinstance(element.tag, str):
        return True
    tag = element.tag.lower()
    if tag in _SKIP_TAGS:
        return True
    if element.get("hidden") is not None or _HIDDEN.search(element.get("style") or ""):
        return True
    names = f"{element.get('id') or ''} {element.get('class') or ''}"
    return bool(names.strip()) and bool(_CHROME.search(names))


def cell_text(cell: Any) -> str:
    """A cell's text: ``<br>`` and block elements are line breaks, whitespace collapsed."""
    parts: list[str] = []

    def walk(element: Any, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise InputError("html.depth-limit", limit=MAX_DEPTH)
        if element.text:
            parts.append(_SPACES.sub(" ", element.text))
        for child in element:
            if _skipped(child):
                pass
            elif child.tag == "br":
                parts.append("\n")
            elif child.tag in _BLOCK_TAGS:
                parts.append("\n")
                walk(child, depth + 1)
                parts.append("\n")
            else:
                walk(child, depth + 1)
            if child.tail:
                parts.append(_SPACES.sub(" ", child.tail))

    walk(cell, 0)
    return _clean("".join(parts))


def _clean(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip().replace("\xa0", " ") for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
