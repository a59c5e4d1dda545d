"""Transformations with Word constructs: each renders the same document differently in
WordprocessingML (content controls, tracked changes, fields, split runs, odd characters,
ragged and widened grids, merges, nested and split tables, page headers, altChunk), at a
position the seeded RNG picks. Each returns False when the document offers no such spot."""

from __future__ import annotations

import copy
from itertools import pairwise
from random import Random

from docx.oxml.ns import qn

from metamorphic.wordml import (
    WordDoc,
    add_grid_column,
    cell,
    cells,
    grid_starts,
    group,
    is_label,
    is_plain,
    label_or_amount_texts,
    make,
    merge_of,
    paragraph,
    pick,
    row_props,
    rows,
    run,
    set_span,
    span_of,
    split_run_at,
    text_of,
    value_runs,
    w,
)
from perfgoal.parsing.labels import FLAT_PROJECT_COLUMNS, indicator_column, key
from perfgoal.parsing.lines import LineKind, read_line

_CHANGE = {"id": "901", "author": "审核人", "date": "2025-01-06T09:00:00Z"}


def _sdt(placeholder: bool = False) -> tuple[object, object]:
    sdt, props, content = make("w:sdt"), make("w:sdtPr"), make("w:sdtContent")
    props.append(make("w:alias", val="字段"))
    if placeholder:
        props.append(make("w:showingPlcHdr"))
    sdt.append(props)
    sdt.append(content)
    return sdt, content


def _wrap(element: object, placeholder: bool = False) -> None:
    sdt, content = _sdt(placeholder)
    element.addprevious(sdt)  # type: ignore[attr-defined]
    content.append(element)  # type: ignore[attr-defined]


def sdt_around_cell(doc: WordDoc, rng: Random) -> bool:
    tc = pick(rng, [tc for tr in doc.body.iter(w("tr")) for tc in cells(tr)])
    if tc is None:
        return False
    _wrap(tc)
    return True


def sdt_around_row(doc: WordDoc, rng: Random) -> bool:
    tr = pick(rng, [tr for tbl in doc.body.iter(w("tbl")) for tr in rows(tbl)])
    if tr is None:
        return False
    _wrap(tr)
    return True


def sdt_around_run(doc: WordDoc, rng: Random) -> bool:
    r = pick(rng, [r for r in doc.body.iter(w("r")) if r.getparent().tag == w("p")])
    if r is None:
        return False
    _wrap(r)
    return True


def sdt_around_paragraph(doc: WordDoc, rng: Random) -> bool:
    p = pick(rng, [p for p in doc.body.iter(w("p")) if text_of(p).strip()])
    if p is None:
        return False
    _wrap(p)
    return True


def placeholder_control(doc: WordDoc, rng: Random) -> bool:
    """A content control showing its placeholder text in an empty cell (or paragraph)."""
    empty = [tc for tc in doc.body.iter(w("tc")) if not text_of(tc).strip()]
    tc = pick(rng, empty)
    target = tc.find(w("p")) if tc is not None else None
    if target is None:
        target = paragraph()
        doc.body.insert(doc.end_of_body(), target)
    sdt, content = _sdt(placeholder=True)
    content.append(run("单击或点击此处输入文字。"))
    target.append(sdt)
    return True


def tracked_insertion(doc: WordDoc, rng: Random) -> bool:
    r = pick(rng, [r for r in doc.body.iter(w("r")) if r.getparent().tag == w("p")])
    if r is None:
        return False
    ins = make("w:ins", **_CHANGE)
    r.addprevious(ins)
    ins.append(r)
    return True


def tracked_deletion(doc: WordDoc, rng: Random) -> bool:
    r = pick(rng, [r for r in doc.body.iter(w("r")) if r.getparent().tag == w("p")])
    if r is None:
        return False
    deleted = make("w:del", **_CHANGE)
    gone = make("w:r")
    text = make("w:delText")
    text.text = "（已删除的文字）"
    gone.append(text)
    deleted.append(gone)
    (r.addprevious if rng.random() < 0.5 else r.addnext)(deleted)
    return True


def tracked_move(doc: WordDoc, rng: Random) -> bool:
    """A run moved: the old place keeps it in w:moveFrom (not read), the new in w:moveTo."""
    runs = [r for r in doc.body.iter(w("r")) if r.getparent().tag == w("p")]
    r = pick(rng, runs)
    others = [
        p for p in doc.body.iter(w("p")) if p is not (r.getparent() if r is not None else None)
    ]
    if r is None or not others:
        return False
    moved_from = make("w:moveFrom", **_CHANGE)
    moved_from.append(copy.deepcopy(r))
    pick(rng, others).append(moved_from)
    move_to = make("w:moveTo", **{**_CHANGE, "id": "902"})
    r.addprevious(move_to)
    move_to.append(r)
    return True


def deleted_row(doc: WordDoc, rng: Random) -> bool:
    tr = pick(rng, [tr for tbl in doc.tables() for tr in rows(tbl)])
    if tr is None:
        return False
    copy_ = copy.deepcopy(tr)
    row_props(copy_).append(make("w:del", **_CHANGE))
    (tr.addprevious if rng.random() < 0.5 else tr.addnext)(copy_)
    return True


def _insert_element(tag: str):  # type: ignore[no-untyped-def]
    def transform(doc: WordDoc, rng: Random) -> bool:
        spot = pick(rng, label_or_amount_texts(doc))
        if spot is None:
            return False
        left, _ = split_run_at(spot.t, rng.choice(spot.offsets))
        holder = make("w:r")
        holder.append(make(tag))
        left.addnext(holder)
        return True

    return transform


def _insert_char(char: str):  # type: ignore[no-untyped-def]
    def transform(doc: WordDoc, rng: Random) -> bool:
        spot = pick(rng, label_or_amount_texts(doc))
        if spot is None:
            return False
        text, at = spot.t.text or "", rng.choice(spot.offsets)
        spot.t.text = text[:at] + char + text[at:]
        spot.t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return True

    return transform


tab_in_text = _insert_element("w:tab")
break_in_text = _insert_element("w:br")
carriage_return_in_text = _insert_element("w:cr")
soft_hyphen_element = _insert_element("w:softHyphen")
soft_hyphen_char = _insert_char("\u00ad")
zero_width_char = _insert_char("\u200b")
nbsp_char = _insert_char("\u00a0")
ideographic_space = _insert_char("\u3000")


def _split_label(between):  # type: ignore[no-untyped-def]
    def transform(doc: WordDoc, rng: Random) -> bool:
        spots = [s for s in label_or_amount_texts(doc) if is_label(s.t.text or "")]
        spot = pick(rng, spots)
        if spot is None:
            return False
        left, _ = split_run_at(spot.t, rng.choice(spot.offsets))
        for element in reversed(between()):
            left.addnext(element)
        return True

    return transform


def _proof_err() -> list[object]:
    return [make("w:proofErr", type="spellStart"), make("w:proofErr", type="spellEnd")]


def _bookmark() -> list[object]:
    return [make("w:bookmarkStart", id="77", name="_Hlk77"), make("w:bookmarkEnd", id="77")]


def _comment() -> list[object]:
    reference = make("w:r")
    reference.append(make("w:commentReference", id="5"))
    return [make("w:commentRangeStart", id="5"), make("w:commentRangeEnd", id="5"), reference]


label_split_by_proof_err = _split_label(_proof_err)
label_split_by_bookmark = _split_label(_bookmark)
label_split_by_comment = _split_label(_comment)


def hyperlink_around_value(doc: WordDoc, rng: Random) -> bool:
    r = pick(rng, [r for r in value_runs(doc) if r.getparent().tag == w("p")])
    if r is None:
        return False
    link = make("w:hyperlink", anchor="_值")
    r.addprevious(link)
    link.append(r)
    return True


def simple_field_around_value(doc: WordDoc, rng: Random) -> bool:
    r = pick(rng, [r for r in value_runs(doc) if r.getparent().tag == w("p")])
    if r is None:
        return False
    field = make("w:fldSimple", instr=" MERGEFIELD 指标值 ")
    r.addprevious(field)
    field.append(r)
    return True


def complex_field_around_value(doc: WordDoc, rng: Random) -> bool:
    """The value becomes the shown result of a field (its code is not read)."""
    r = pick(rng, [r for r in value_runs(doc) if r.getparent().tag == w("p")])
    if r is None:
        return False

    def char(kind: str) -> object:
        holder = make("w:r")
        holder.append(make("w:fldChar", fldCharType=kind))
        return holder

    code = make("w:r")
    instr = make("w:instrText")
    instr.text = " MERGEFIELD 金额 \\* MERGEFORMAT "
    code.append(instr)
    for element in (char("begin"), code, char("separate")):
        r.addprevious(element)
    r.addnext(char("end"))
    return True


def _plain_groups(doc: WordDoc) -> list[list[object]]:
    """Groups of adjacent tables (see :func:`group`) without gridBefore/gridAfter yet."""
    found, seen = [], set()
    for tbl in doc.tables():
        tables = group(tbl)
        if id(tables[0]) not in seen and all(is_plain(t) for t in tables):
            seen.add(id(tables[0]))
            found.append(tables)
    return found


def _ragged(before: bool):  # type: ignore[no-untyped-def]
    def transform(doc: WordDoc, rng: Random) -> bool:
        tables = pick(rng, _plain_groups(doc))
        if tables is None:
            return False
        ragged = rng.choice([tr for tbl in tables for tr in rows(tbl)])
        for tbl in tables:
            for tr in rows(tbl):
                if tr is ragged:
                    name = "w:gridBefore" if before else "w:gridAfter"
                    row_props(tr).append(make(name, val="1"))
                elif cells(tr):
                    edge = cells(tr)[0 if before else -1]
                    set_span(edge, span_of(edge) + 1)
            add_grid_column(tbl)
        return True

    transform.__doc__ = (
        "One row starts (ends) a grid column later (earlier), w:gridBefore (w:gridAfter); "
        "the edge cells of the other rows span that column, so every cell keeps its place."
    )
    return transform


grid_before_ragged_row = _ragged(before=True)
grid_after_ragged_row = _ragged(before=False)


def widen_grid_column(doc: WordDoc, rng: Random) -> bool:
    """A grid column split in two: every cell over it spans one more (w:gridSpan)."""
    tables = pick(rng, _plain_groups(doc))
    if tables is None:
        return False
    first = rows(tables[0])[0] if rows(tables[0]) else None
    if first is None:
        return False
    column = rng.randint(1, max(1, sum(span_of(tc) for tc in cells(first))))
    for tbl in tables:
        for tr in rows(tbl):
            for tc, start in grid_starts(tr):
                if start <= column < start + span_of(tc):
                    set_span(tc, span_of(tc) + 1)
        add_grid_column(tbl)
    return True


def _deleted(tr: object) -> bool:
    return tr.find(f"{w('trPr')}/{w('del')}") is not None  # type: ignore[attr-defined]


def _live_rows(tbl: object) -> list[object]:
    return [tr for tr in rows(tbl) if not _deleted(tr)]


def _restart_above(tbl: object, tr: object, start: int, span: int) -> object | None:
    """The cell a continuation over grid columns ``start``… continues: the nearest cell
    above over the same columns that is no continuation itself (rows inside content
    controls count, deleted rows do not)."""
    above = _live_rows(tbl)
    for previous in reversed(above[: above.index(tr)] if tr in above else []):
        for tc, column in grid_starts(previous):
            if column <= start + span - 1 and start <= column + span_of(tc) - 1:
                if merge_of(tc) != "continue":
                    return tc
                break
    return None


def unmerge_vertical(doc: WordDoc, rng: Random) -> bool:
    """A vMerge continuation written out: the cell repeats the text above (a new restart)."""
    spots = []
    for tbl in doc.tables():
        for tr in rows(tbl):
            for tc, start in grid_starts(tr):
                continued = merge_of(tc) == "continue"
                above = _restart_above(tbl, tr, start, span_of(tc)) if continued else None
                if above is not None:
                    spots.append((tc, above))
    if not spots:
        return False
    tc, above = rng.choice(spots)
    for p in tc.findall(w("p")):
        tc.remove(p)
    for p in above.findall(w("p")):
        tc.append(copy.deepcopy(p))
    merge = tc.find(f"{w('tcPr')}/{w('vMerge')}")
    merge.set(qn("w:val"), "restart")
    return True


def _tier_columns(tbl: object) -> set[int]:
    """Grid columns of the 一级/二级 headers (and a flat sheet's project columns) when the
    table starts with an indicator header: cells there may merge with the one above."""
    first = rows(tbl)[0] if rows(tbl) else None
    if first is None:
        return set()
    starts = set()
    for tc, start in grid_starts(first):
        text = text_of(tc)
        if indicator_column(text) in ("level1", "level2") or key(text) in FLAT_PROJECT_COLUMNS:
            starts.add(start)
    return starts if any("二级" in text_of(tc) for tc in cells(first)) else set()


def merge_vertical(doc: WordDoc, rng: Random) -> bool:
    """A tier (or a flat sheet's project cell) repeating the one above becomes a vMerge
    continuation of it."""
    spots = []
    for tbl in doc.tables():
        tiers = _tier_columns(tbl)
        live = _live_rows(tbl)
        for upper, lower in pairwise(live):
            above = {start: tc for tc, start in grid_starts(upper)}
            for tc, start in grid_starts(lower):
                over = above.get(start)
                text = text_of(tc).strip()
                if (
                    start in tiers
                    and over is not None
                    and text
                    and text == text_of(over).strip()
                    and span_of(over) == span_of(tc)
                    and merge_of(tc) is None
                ):
                    spots.append((tc, over))
    if not spots:
        return False
    tc, over = rng.choice(spots)
    if merge_of(over) is None:
        over_props = over.find(w("tcPr"))
        if over_props is None:
            over_props = make("w:tcPr")
            over.insert(0, over_props)
        over_props.append(make("w:vMerge", val="restart"))
    for p in tc.findall(w("p")):
        tc.remove(p)
    tc.append(paragraph())
    props = tc.find(w("tcPr"))
    if props is None:
        props = make("w:tcPr")
        tc.insert(0, props)
    props.append(make("w:vMerge"))
    return True


def content_in_nested_table(doc: WordDoc, rng: Random) -> bool:
    """A cell's paragraphs moved into a one-cell table inside the cell."""
    tc = pick(rng, [tc for tbl in doc.tables() for tr in rows(tbl) for tc in cells(tr)])
    if tc is None or not text_of(tc).strip():
        return False
    inner_cell = make("w:tc")
    for p in tc.findall(w("p")):
        inner_cell.append(p)
    inner = make("w:tbl")
    inner.append(make("w:tblPr"))
    grid = make("w:tblGrid")
    grid.append(make("w:gridCol", w="1000"))
    inner.append(grid)
    inner_row = make("w:tr")
    inner_row.append(inner_cell)
    inner.append(inner_row)
    tc.append(inner)
    tc.append(paragraph())  # a cell ends with a paragraph
    return True


def _blank(element: object) -> bool:
    return element.tag == w("p") and not text_of(element).strip()  # type: ignore[attr-defined]


def merge_two_tables(doc: WordDoc, rng: Random) -> bool:
    """Two tables with nothing but blank paragraphs between them become one."""
    pairs = []
    for tbl in doc.tables():
        following = tbl.getnext()
        between = []
        while following is not None and _blank(following):
            between.append(following)
            following = following.getnext()
        if following is not None and following.tag == w("tbl"):
            pairs.append((tbl, between, following))
    if not pairs:
        return False
    first, between, second = rng.choice(pairs)
    for child in list(second):
        if child.tag in (w("tr"), w("sdt"), w("customXml")):
            first.append(child)
    for element in [*between, second]:
        element.getparent().remove(element)
    return True


def split_table(doc: WordDoc, rng: Random) -> bool:
    tbl = pick(rng, [t for t in doc.tables() if len(rows(t)) >= 2])
    if tbl is None:
        return False
    at = rng.randint(1, len(rows(tbl)) - 1)
    second = make("w:tbl")
    for part in ("tblPr", "tblGrid"):
        found = tbl.find(w(part))
        if found is not None:
            second.append(copy.deepcopy(found))
    rest = rows(tbl)[at:]
    for tr in rest:
        holder = tr.getparent()
        second.append(tr)
        while holder is not tbl and holder is not None and not len(holder):
            parent = holder.getparent()  # an emptied content control goes too
            parent.remove(holder)
            holder = parent
    tbl.addnext(second)
    if rng.random() < 0.5:
        tbl.addnext(paragraph())
    return True


def _header_candidates(doc: WordDoc) -> list[object]:
    found = []
    body = doc.paragraphs()
    for p in body:
        line = read_line(text_of(p))
        if line is None:
            continue
        if line.kind is LineKind.YEAR or (line.kind is LineKind.UNIT and not line.fields):
            found.append(p)
        elif line.kind is LineKind.TITLE:
            following = p.getnext()
            while following is not None and _blank(following):
                following = following.getnext()
            if following is not None and following.tag == w("p"):
                after = read_line(text_of(following))
                if after is not None and after.kind is LineKind.TITLE:
                    found.append(p)
    return found


def line_to_page_header(doc: WordDoc, rng: Random) -> bool:
    """The document title, a unit line or a year line moved into the page header."""
    p = pick(rng, _header_candidates(doc))
    if p is None:
        return False
    p.getparent().remove(p)
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:p><w:r><w:t>{text_of(p)}</w:t></w:r></w:p></w:hdr>"
    )
    number = 1 + sum(1 for name in doc.parts if name.startswith("word/header"))
    doc.parts[f"word/header{number}.xml"] = xml.encode("utf-8")
    return True


def alt_chunk_after_table(doc: WordDoc, rng: Random) -> bool:
    """An altChunk (an imported part, here an empty page) after a table."""
    tbl = pick(rng, doc.tables())
    if tbl is None:
        return False
    chunk = make("w:altChunk")
    chunk.set(qn("r:id"), "rIdAltChunk1")
    tbl.addnext(chunk)
    doc.parts["word/afchunk1.htm"] = b"<html><body></body></html>"
    return True


def row_with_cell(texts: list[tuple[str, int]]) -> object:
    tr = make("w:tr")
    for text, span in texts:
        tr.append(cell(text, span))
    return tr
