"""Transformations of text and layout, which the text export shows too: half/full width,
blank rows and columns, label synonyms, a vertical label column, a form-field row or a
signature line (these two change the model, and say how), reordered columns."""

from __future__ import annotations

import copy
from collections.abc import Callable
from itertools import pairwise
from random import Random
from typing import Any

from docx.oxml.ns import qn

from metamorphic.wordml import (
    WordDoc,
    add_grid_column,
    cell,
    cells,
    group,
    is_label,
    make,
    merge_of,
    paragraph,
    pick,
    rows,
    span_of,
    text_of,
    w,
    width,
)
from perfgoal.parsing.cells import LabelKind, read_label
from perfgoal.parsing.draft import put_meta
from perfgoal.parsing.labels import (
    DUTY_COLUMNS,
    FIELD_LABELS,
    FLAT_PROJECT_COLUMNS,
    META_LABELS,
    PART_LABELS,
    SECTION_LABELS,
    indicator_column,
    key,
    lookup_keys,
    paren_note,
)
from perfgoal.parsing.labels import INDICATOR_COLUMNS as _COLUMNS
from perfgoal.values import normalize

_FULL = {c: chr(ord(c) + 0xFEE0) for c in "0123456789%"}
_LABEL_WIDTH = {":": "：", "：": ":", "(": "（", "（": "(", ")": "）", "）": ")"}
_VALUE_WIDTH = {**_FULL, "≥": "≧", "≤": "≦"}


def _set_text(tc: Any, text: str) -> None:
    ts = list(tc.iter(w("t")))
    ts[0].text = text
    ts[0].set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    for t in ts[1:]:
        t.text = ""


def width_swap(doc: WordDoc, rng: Random) -> bool:
    """Half-width punctuation in a label made full width (or back); digits, % and ≥ in an
    amount or value made full width."""
    spots = []
    for tc in doc.body.iter(w("tc")):
        text = text_of(tc)
        table = _LABEL_WIDTH if is_label(text) else _VALUE_WIDTH
        if text.strip() and any(c in table for c in text):
            spots.append((tc, table))
    for p in doc.paragraphs():
        if any(c in _FULL for c in text_of(p)):
            spots.append((p, _FULL))
    if not spots:
        return False
    element, table = rng.choice(spots)
    for t in element.iter(w("t")):
        t.text = "".join(table.get(c, c) for c in t.text or "")
    return True


def blank_row(doc: WordDoc, rng: Random) -> bool:
    """An empty row (the cells of the row above, without text or merges)."""
    tbl = pick(rng, doc.tables())
    if tbl is None or not rows(tbl):
        return False
    above = rng.choice(rows(tbl))
    tr = make("w:tr")
    for tc in cells(above):
        tr.append(cell("", span_of(tc)))
    above.addnext(tr)
    return True


def _blank_column(left: bool) -> Callable[[WordDoc, Random], bool]:
    def transform(doc: WordDoc, rng: Random) -> bool:
        tbl = pick(rng, doc.tables())
        if tbl is None:
            return False
        for member in group(tbl):  # a continued table gets the column too
            for tr in rows(member):
                tcs = cells(tr)
                edge = tr.find(f"{w('trPr')}/{w('gridBefore' if left else 'gridAfter')}")
                if edge is not None:  # a ragged row: the skipped grid columns grow instead
                    edge.set(qn("w:val"), str(int(edge.get(qn("w:val"))) + 1))
                elif tcs and left:
                    tcs[0].addprevious(cell())
                elif tcs:
                    tcs[-1].addnext(cell())
            add_grid_column(member)
        return True

    return transform


blank_column_left = _blank_column(left=True)
blank_column_right = _blank_column(left=False)


def _meaning(k: str) -> tuple[object, ...]:
    """What a label key means in every table (equal meanings: interchangeable labels)."""
    label = read_label(k)
    annual = (label.annual, label.whole) if label is not None else None
    return (
        FIELD_LABELS.get(k),
        annual,
        k in PART_LABELS,
        SECTION_LABELS.get(k),
        META_LABELS.get(k),
        _COLUMNS.get(k[:-2] if k.endswith("指标") else k, _COLUMNS.get(k)),
        indicator_column(k),
        DUTY_COLUMNS.get(k),
        FLAT_PROJECT_COLUMNS.get(k),
    )


def _all_labels() -> set[str]:
    return {
        *FIELD_LABELS,
        *SECTION_LABELS,
        *META_LABELS,
        *(k for k in _COLUMNS if len(k) > 2),
        *DUTY_COLUMNS,
        *FLAT_PROJECT_COLUMNS,
    }


def synonyms(text: str) -> list[str]:
    """Labels that mean exactly what ``text`` means in every label table."""
    keys = lookup_keys(text)
    if len(keys) > 1 or key(text) in PART_LABELS or indicator_column(text) == "extra":
        return []  # a part or an extra column keeps its label as written (it is data)
    meaning = _meaning(keys[0])
    if not any(meaning):
        return []
    return sorted(k for k in _all_labels() if k != keys[0] and _meaning(k) == meaning)


def synonym_swap(doc: WordDoc, rng: Random) -> bool:
    """A label replaced by a synonym from the label tables (its 其中 and its bracket kept)."""
    spots = []
    parts = {  # a part keeps its label as written (budget.parts[].label): not swapped
        normalize(part["label"]).replace(" ", "")
        for project in doc.model.get("projects", [])
        for part in project["budget"]["parts"]
    }
    for tc in doc.body.iter(w("tc")):
        text = text_of(tc).strip()
        if normalize(text).replace(" ", "") in parts:
            continue
        label = read_label(text) if text else None
        if text and (label is None or label.kind is not LabelKind.PART) and is_label(text):
            if label is not None and label.inline is not None:
                continue
            if choices := synonyms(text):
                spots.append((tc, text, choices))
    if not spots:
        return False
    tc, text, choices = rng.choice(spots)
    note = paren_note(text)
    prefix = "其中：" if normalize(text).startswith("其中") else ""
    _set_text(tc, prefix + rng.choice(choices) + (f"（{note}）" if note else ""))
    return True


def _indicator_tables(doc: WordDoc) -> list[Any]:
    found = []
    for tbl in doc.tables():
        first = rows(tbl)[0] if rows(tbl) else None
        if first is None:
            continue
        fields = [indicator_column(text_of(tc)) for tc in cells(first)]
        if {"level1", "level2", "value"} <= set(fields):
            found.append(tbl)
    return found


def _has_own_header(tbl: Any) -> bool:
    """The table starts with labels or an indicator header: it is nobody's continuation."""
    first = rows(tbl)[0] if rows(tbl) else None
    texts = [text_of(tc) for tc in cells(first)] if first is not None else []
    return any(is_label(t) or indicator_column(t) for t in texts)


def vertical_label_column(doc: WordDoc, rng: Random) -> bool:
    """A 绩效指标 label merged down the left of an indicator table."""
    tbl = pick(rng, _indicator_tables(doc))
    if tbl is None:
        return False
    label = rows(tbl)[0]
    before = True
    for member in group(tbl):  # the tables beside it get a blank column, its continuations
        before = before and member is not tbl  # the merged label going on
        for tr in rows(member):
            tcs = cells(tr)
            if not tcs:
                continue
            merge = None if before else "continue"
            tcs[0].addprevious(
                cell("绩效指标", merge="restart") if tr is label else cell(merge=merge)
            )
        add_grid_column(member)
    return True


def reorder_columns(doc: WordDoc, rng: Random) -> bool:
    """The columns of an indicator table after 一级/二级 in another order."""
    spots = []
    for tbl in _indicator_tables(doc):
        shape = {len(cells(tr)) for tr in rows(tbl)}
        if len(shape) == 1 and all(span_of(tc) == 1 for tr in rows(tbl) for tc in cells(tr)):
            header = [indicator_column(text_of(tc)) for tc in cells(rows(tbl)[0])]
            movable = [i for i, f in enumerate(header) if f not in ("level1", "level2")]
            if len(movable) >= 2 and all(
                merge_of(cells(tr)[i]) is None for tr in rows(tbl) for i in movable
            ):
                spots.append((tbl, movable))
    if not spots:
        return False
    tbl, movable = rng.choice(spots)
    order = movable[:]
    while order == movable:
        rng.shuffle(order)
    shape = len(cells(rows(tbl)[0]))
    members = group(tbl)
    following = members[members.index(tbl) :]
    for member in following:  # its continuations (after it, same shape, no header) go along
        if member is not tbl and (
            {len(cells(tr)) for tr in rows(member)} != {shape} or _has_own_header(member)
        ):
            break
        for tr in rows(member):
            tcs = cells(tr)
            moved = [copy.deepcopy(tcs[i]) for i in order]
            for i, new in zip(movable, moved, strict=True):
                tcs[i].addprevious(new)
                tcs[i].getparent().remove(tcs[i])
    return True


def _project_rows(doc: WordDoc, model: dict[str, Any]) -> list[tuple[Any, int]]:
    """Rows holding a project's 项目名称 or 项目编码 and its value, with that project's index."""
    owners: dict[str, set[int]] = {}
    for i, project in enumerate(model["projects"]):
        for field in ("name", "code"):
            if project.get(field):
                owners.setdefault(normalize(project[field]).replace(" ", ""), set()).add(i)
    index = {value: min(who) for value, who in owners.items() if len(who) == 1}  # unique only
    found = []
    for tbl in doc.tables():
        for tr in rows(tbl):
            tcs = cells(tr)
            for label_cell, value_cell in pairwise(tcs):
                label = read_label(text_of(label_cell))
                value = normalize(text_of(value_cell)).replace(" ", "")
                if label is not None and label.field in ("name", "code") and value in index:
                    found.append((tr, index[value]))
                    break
    return found


def form_field_row(doc: WordDoc, rng: Random) -> bool:
    """A 项目负责人 row added under a project's name row: the project's meta gains it."""
    spots = _project_rows(doc, doc.model)
    if not spots:
        return False
    tr, project = rng.choice(spots)
    tbl = tr.getparent()
    meta = doc.model["projects"][project]["meta"]
    label = next((x for x in ("项目负责人", "项目来源", "联系人", "经办人") if x not in meta), None)
    if width(tbl) < 2 or label is None:
        return False
    new = make("w:tr")
    new.append(cell(label))
    new.append(cell("张三", width(tbl) - 1))
    tr.addnext(new)
    doc.expect.append(lambda model: put_meta(model["projects"][project]["meta"], label, "张三"))
    return True


_SIGNATURE = (("填表人", "张三"), ("联系电话", "0317-5551234"), ("填报日期", "2025年1月6日"))


def signature_line(doc: WordDoc, rng: Random) -> bool:
    """A 填表人/联系电话/填报日期 line under everything: the document's meta gains them."""
    gap = "　" if rng.random() < 0.5 else "  "
    text = gap.join(f"{label}：{value}" for label, value in _SIGNATURE)
    doc.body.insert(doc.end_of_body(), paragraph(text))

    def expect(model: dict[str, Any]) -> None:
        for label, value in _SIGNATURE:
            put_meta(model["meta"], label, value)

    doc.expect.append(expect)
    return True
