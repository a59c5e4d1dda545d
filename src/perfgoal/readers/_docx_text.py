"""Walk a parsed WordprocessingML story (body, header) into grid blocks, in one pass.

Reads the *accepted* view of tracked changes and what the user sees on the page:

- ``w:ins``/``w:moveTo`` are read, ``w:del``/``w:moveFrom`` are not (nor ``w:delText``);
  a row whose ``w:trPr`` holds ``w:del`` and a cell whose ``w:tcPr`` holds ``w:cellDel``
  are skipped; a paragraph whose mark is deleted joins the next paragraph;
- complex fields show their result: text between ``begin`` and ``separate`` (the field
  code, including nested fields inside it) is skipped, ``w:instrText`` always is;
- content controls, custom XML, smart tags, hyperlinks and simple fields are transparent
  (``w:sdtPr`` placeholder settings are not content, ``w:sdtContent`` is), except that a
  content control showing its placeholder (``w:showingPlcHdr``: "单击或点击此处输入文字。")
  reads as empty;
- ``mc:AlternateContent``: exactly one branch is read: ``mc:Fallback`` when it holds any
  ``w:t`` text (it is plain WordprocessingML every reader understands: VML text boxes,
  ``w:sym`` instead of ``w14`` glyphs), otherwise the first ``mc:Choice`` (some producers
  leave the fallback empty);
- text boxes (``w:txbxContent``) add their paragraphs as lines after the text of the
  paragraph that anchors them; a table inside a text box becomes a nested table.

Nested tables (in a cell or a text box) are numbered in document order and emitted as
their own :class:`Table` blocks right after the block that holds them; their text is not
part of the enclosing cell. A nested table of one cell is no table but a frame around
text: its lines are the enclosing cell's (or text box's) lines, where it stands. Every
element is visited once; only direct children are looked up, so the walk is linear in the
size of the tree.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from perfgoal.readers._docx_plain import MATH, MC, PlainTables, int_of, symbol, trim_lines
from perfgoal.readers.grid import Block, Cell, Paragraph, Row, Table

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
# lxml elements are untyped (ignore_missing_imports); keep ``Any`` inside this module.
Element = Any

# What an inline child means (inside w:p, w:r and their transparent wrappers).
_TEXT, _CHAR, _DESCEND, _FIELD, _SYM, _BOXES, _ALT, MATHTEXT_KIND, _PPR = range(9)
# What a block-level child means (inside w:body, w:tc, w:txbxContent, w:hdr).
_PARA, _TABLE, _BLOCKS = range(3)

_INLINE_WRAPPERS = (
    "r", "ins", "moveTo", "hyperlink", "smartTag", "customXml", "fldSimple", "sdt",
    "sdtContent", "bdo", "dir", "ruby", "rubyBase",
)  # fmt: skip
_BLOCK_WRAPPERS = ("sdt", "sdtContent", "customXml", "ins", "moveTo")


class StoryWalker:
    """Turns one story into blocks. Table numbers run on across :meth:`blocks` calls."""

    def __init__(self, ns: str = W_NS, *, fast_tables: bool = True) -> None:
        w = "{" + ns + "}"
        self._fast_tables = fast_tables
        self._w = w
        self._val = w + "val"
        self._t = w + "t"
        self._tr, self._tc, self._tbl = w + "tr", w + "tc", w + "tbl"
        self._tr_pr, self._tc_pr = w + "trPr", w + "tcPr"
        self._p_pr, self._r_pr = w + "pPr", w + "rPr"
        self._txbx = w + "txbxContent"
        self._fallback, self._choice = MC + "Fallback", MC + "Choice"
        self._plain = PlainTables(w)
        self._chars = self._plain.chars
        inline: dict[str, int] = {w + "t": _TEXT, w + "fldChar": _FIELD, w + "sym": _SYM}
        inline.update(dict.fromkeys(self._chars, _CHAR))
        inline.update({w + k: _DESCEND for k in _INLINE_WRAPPERS})
        inline.update({w + k: _BOXES for k in ("drawing", "pict", "object")})
        inline.update({m + k: MATHTEXT_KIND for m in MATH for k in ("oMath", "oMathPara")})
        inline[MC + "AlternateContent"] = _ALT
        inline[self._p_pr] = _PPR
        self._inline_kinds = inline
        block: dict[str, int] = {w + "p": _PARA, self._tbl: _TABLE}
        block.update({w + k: _BLOCKS for k in _BLOCK_WRAPPERS})
        block[MC + "AlternateContent"] = _BLOCKS
        self._block_kinds = block
        self._wrappers = frozenset(w + k for k in ("sdt", "sdtContent", "customXml"))
        self._sdt, self._sdt_pr, self._placeholder = w + "sdt", w + "sdtPr", w + "showingPlcHdr"
        self._math_t = tuple(m + "t" for m in MATH)
        self._table_count = 0
        self._pending: list[Table] = []  # nested tables, in document order
        self._fields: list[bool] = []  # open complex fields: True while in the field code
        self._in_code = 0
        self._mark_deleted = False

    # -- stories ---------------------------------------------------------------------------

    def blocks(self, story: Element) -> list[Block]:
        """Paragraphs and tables of a story (``w:body``, ``w:hdr``) in reading order."""
        out: list[Block] = []
        self._fields, self._in_code = [], 0

        def emit() -> None:
            out.extend(self._pending)
            self._pending.clear()

        def on_para(text: str) -> None:
            out.append(Paragraph(text))
            emit()

        def on_table(tbl: Element) -> None:
            out.append(self._table(tbl, nested=False))
            emit()

        self._blocks(story, on_para, on_table)
        emit()
        return out

    def _blocks(
        self, container: Element, on_para: Callable[[str], None], on_table: Callable[[Any], None]
    ) -> None:
        kinds = self._block_kinds
        carry = ""  # text of paragraphs whose mark was deleted: it joins the next one
        for child in container:
            kind = kinds.get(child.tag)
            if kind is None:
                continue
            if kind == _PARA:
                text = carry + self._paragraph(child)
                if self._mark_deleted:
                    carry = text
                    continue
                carry = ""
                if text.strip():
                    on_para(text)
            else:
                if carry.strip():
                    on_para(carry)
                carry = ""
                if kind == _TABLE:
                    on_table(child)
                else:
                    branch = self._branch(child) if child.tag.startswith(MC) else child
                    placeholder = child.tag == self._sdt and self._shows_placeholder(child)
                    self._in_code += placeholder
                    if branch is not None:
                        self._blocks(branch, on_para, on_table)
                    self._in_code -= placeholder
        if carry.strip():
            on_para(carry)

    # -- paragraphs and runs ---------------------------------------------------------------

    def _paragraph(self, p: Element) -> str:
        """The paragraph's text, then each text box's lines; sets ``_mark_deleted``."""
        parts: list[str] = []
        boxes: list[str] = []
        mark_deleted = False
        if len(p) and p[0].tag == self._p_pr:  # the schema puts w:pPr first
            for prop in p[0]:
                if prop.tag == self._r_pr:
                    mark_deleted = any(mark.tag == self._w + "del" for mark in prop)
        self._inline(p, parts, boxes)
        self._mark_deleted = mark_deleted
        text = "".join(parts)
        if boxes:
            text = "\n".join([text, *boxes]) if text.strip() else "\n".join(boxes)
        return trim_lines(text)

    def _inline(self, element: Element, parts: list[str], boxes: list[str]) -> None:
        kinds = self._inline_kinds
        for child in element:
            kind = kinds.get(child.tag)
            if kind is None or kind == _PPR:
                continue
            if kind == _TEXT:
                if not self._in_code and child.text:
                    parts.append(child.text)
            elif kind == _DESCEND:
                if child.tag == self._sdt and self._shows_placeholder(child):
                    self._in_code += 1  # placeholder text is no content (like a field code)
                    self._inline(child, parts, boxes)
                    self._in_code -= 1
                else:
                    self._inline(child, parts, boxes)
            elif kind == _CHAR:
                if not self._in_code:
                    parts.append(self._chars[child.tag])
            elif kind == _FIELD:
                self._field(child.get(self._w + "fldCharType"))
            elif kind == _SYM:
                if not self._in_code:
                    parts.append(symbol(child.get(self._w + "char")))
            elif kind == _BOXES:
                self._text_boxes(child, boxes)
            elif kind == _ALT:
                branch = self._branch(child)
                if branch is not None:
                    self._inline(branch, parts, boxes)
            elif kind == MATHTEXT_KIND and not self._in_code:
                parts.extend(t.text or "" for t in child.iter(*self._math_t))

    def _shows_placeholder(self, sdt: Element) -> bool:
        for child in sdt:
            if child.tag == self._sdt_pr:
                for prop in child:
                    if prop.tag == self._placeholder:
                        return prop.get(self._val) not in ("0", "false", "off")
        return False

    def _field(self, kind: str | None) -> None:
        fields = self._fields
        if kind == "begin":
            fields.append(True)
            self._in_code += 1
        elif kind == "separate" and fields and fields[-1]:
            fields[-1] = False
            self._in_code -= 1
        elif kind == "end" and fields and fields.pop():
            self._in_code -= 1

    def _text_boxes(self, element: Element, boxes: list[str]) -> None:
        """Collect the lines of every text box under a drawing, once each."""
        for child in element:
            tag = child.tag
            if tag == self._txbx:
                self._framed_blocks(child, boxes)
            elif tag == MC + "AlternateContent":
                branch = self._branch(child)
                if branch is not None:
                    self._text_boxes(branch, boxes)
            elif isinstance(tag, str):
                self._text_boxes(child, boxes)

    def _branch(self, alternate: Element) -> Element | None:
        """The one ``mc:AlternateContent`` branch to read (see the module docstring)."""
        choice = fallback = None
        for child in alternate:
            if child.tag == self._fallback:
                fallback = child
            elif child.tag == self._choice and choice is None:
                choice = child
        if fallback is not None and any(t.text for t in fallback.iter(self._t)):
            return fallback
        return choice if choice is not None else fallback

    # -- tables ----------------------------------------------------------------------------

    def _nested_table(self, tbl: Element) -> None:
        self._table(tbl, nested=True)

    def _table(self, tbl: Element, *, nested: bool) -> Table:
        self._table_count += 1
        table = Table(rows=[], index=self._table_count)
        if nested:  # reserve its place now so deeper tables come after it
            self._pending.append(table)
        if not (self._fast_tables and self._plain.rows(tbl, table.rows)):
            self._rows(tbl, table.rows)
        return table

    def _rows(self, container: Element, rows: list[Row]) -> None:
        for child in container:
            tag = child.tag
            if tag == self._tr:
                cells = self._row_cells(child)
                if cells:
                    rows.append(Row(cells=cells, index=len(rows) + 1))
            elif tag in self._wrappers:
                placeholder = tag == self._sdt and self._shows_placeholder(child)
                self._in_code += placeholder
                self._rows(child, rows)
                self._in_code -= placeholder
            elif tag == MC + "AlternateContent":
                branch = self._branch(child)
                if branch is not None:
                    self._rows(branch, rows)

    def _row_cells(self, tr: Element) -> list[Cell]:
        """The row's cells; none when the row is a tracked deletion."""
        column = 1
        for child in tr:  # w:trPr comes before the cells (after an optional w:tblPrEx)
            if child.tag != self._tr_pr:
                if child.tag == self._tc or child.tag in self._wrappers:
                    break
                continue
            for prop in child:
                if prop.tag == self._w + "del":
                    return []
                if prop.tag == self._w + "gridBefore":
                    column += max(0, int_of(prop.get(self._val), 0))
        cells: list[Cell] = []
        self._cells(tr, cells, column)
        return cells

    def _cells(self, container: Element, cells: list[Cell], column: int) -> int:
        for child in container:
            tag = child.tag
            if tag == self._tc:
                column = self._cell(child, cells, column)
            elif tag in self._wrappers:
                placeholder = tag == self._sdt and self._shows_placeholder(child)
                self._in_code += placeholder
                column = self._cells(child, cells, column)
                self._in_code -= placeholder
            elif tag == MC + "AlternateContent":
                branch = self._branch(child)
                if branch is not None:
                    column = self._cells(branch, cells, column)
        return column

    def _cell(self, tc: Element, cells: list[Cell], column: int) -> int:
        """Append the cell; return the grid column after it."""
        span, merged = 1, False
        w = self._w
        if len(tc) and tc[0].tag == self._tc_pr:  # the schema puts w:tcPr first
            for prop in tc[0]:
                tag = prop.tag
                if tag == w + "gridSpan":
                    span = max(1, int_of(prop.get(self._val), 1))
                elif tag in (w + "vMerge", w + "hMerge"):
                    merged = merged or prop.get(self._val) != "restart"
                elif tag == w + "cellDel":
                    return column
        lines: list[str] = []
        self._framed_blocks(tc, lines)
        cells.append(Cell(text="\n".join(lines), column=column, span=span, merged=merged))
        return column + span

    def _framed_blocks(self, container: Element, lines: list[str]) -> None:
        """The lines of a cell or text box; a one-cell table inside adds its lines here."""

        def on_table(tbl: Element) -> None:
            frame = self._single_cell(tbl)
            if frame is None:
                self._nested_table(tbl)
            else:
                self._framed_blocks(frame, lines)

        self._blocks(container, lines.append, on_table)

    def _single_cell(self, tbl: Element) -> Element | None:
        """The one cell of a table of one row of one cell (not deleted), else None."""
        rows = self._children(tbl, self._tr)
        if len(rows) != 1 or self._row_deleted(rows[0]):
            return None
        cells = self._children(rows[0], self._tc)
        return cells[0] if len(cells) == 1 else None

    def _children(self, element: Element, tag: str) -> list[Element]:
        """Children with ``tag``, looking through content controls and custom XML."""
        found: list[Element] = []
        for child in element:
            if child.tag == tag:
                found.append(child)
            elif child.tag in self._wrappers:
                found.extend(self._children(child, tag))
        return found

    def _row_deleted(self, tr: Element) -> bool:
        for child in tr:
            if child.tag == self._tr_pr:
                return any(prop.tag == self._w + "del" for prop in child)
        return False
