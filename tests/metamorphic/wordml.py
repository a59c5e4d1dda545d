"""WordprocessingML helpers for the transformations: find tables, rows, cells and the text
runs of labels and amounts, and build elements with python-docx's element classes (so the
text export of the transformed document still works)."""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from perfgoal.parsing.labels import is_target_label
from perfgoal.values import parse_amount

Element = Any
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def w(tag: str) -> str:
    return W + tag


def make(tag: str, **attrs: str) -> Element:
    """``make("w:gridSpan", val="2")``: an element with ``w:`` attributes."""
    element = OxmlElement(tag)
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), value)
    return element


def run(text: str, like: Element | None = None) -> Element:
    """A run holding ``text`` (with the run properties of ``like``)."""
    r = make("w:r")
    if like is not None:
        props = like.find(w("rPr"))
        if props is not None:
            r.append(copy.deepcopy(props))
    t = make("w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    r.append(t)
    return r


def paragraph(text: str = "") -> Element:
    p = make("w:p")
    if text:
        p.append(run(text))
    return p


def cell(text: str = "", span: int = 1, merge: str | None = None) -> Element:
    tc = make("w:tc")
    props = make("w:tcPr")
    if span > 1:
        props.append(make("w:gridSpan", val=str(span)))
    if merge is not None:
        props.append(make("w:vMerge", val=merge) if merge == "restart" else make("w:vMerge"))
    if len(props):
        tc.append(props)
    tc.append(paragraph(text))
    return tc


@dataclass
class WordDoc:
    """A document being transformed: its body XML and the parts added to the package."""

    root: Element
    parts: dict[str, bytes] = field(default_factory=dict)
    expect: list[Any] = field(default_factory=list)
    """Changes a transformation makes to the model (a signature line adds Document.meta)."""
    model: dict[str, Any] = field(default_factory=dict)
    """The untransformed document's model (JSON data), for transformations that add to it."""

    @property
    def body(self) -> Element:
        return self.root.find(w("body"))

    def tables(self) -> list[Element]:
        return [child for child in self.body if child.tag == w("tbl")]

    def paragraphs(self) -> list[Element]:
        return [child for child in self.body if child.tag == w("p")]

    def end_of_body(self) -> int:
        """Where a new body block goes to stand last (before the section properties)."""
        children = list(self.body)
        return len(children) - 1 if children and children[-1].tag == w("sectPr") else len(children)


_WRAPPERS = (w("sdt"), w("sdtContent"), w("customXml"))


def _children(element: Element, tag: str) -> list[Element]:
    """Children with ``tag``, looking through content controls and custom XML."""
    found = []
    for child in element:
        if child.tag == tag:
            found.append(child)
        elif child.tag in _WRAPPERS:
            found.extend(_children(child, tag))
    return found


def rows(tbl: Element) -> list[Element]:
    return _children(tbl, w("tr"))


def cells(tr: Element) -> list[Element]:
    return _children(tr, w("tc"))


def text_of(element: Element) -> str:
    return "".join(t.text or "" for t in element.iter(w("t")))


def span_of(tc: Element) -> int:
    span = tc.find(f"{w('tcPr')}/{w('gridSpan')}")
    return int(span.get(qn("w:val"))) if span is not None else 1


def set_span(tc: Element, span: int) -> None:
    props = tc.find(w("tcPr"))
    if props is None:
        props = make("w:tcPr")
        tc.insert(0, props)
    existing = props.find(w("gridSpan"))
    if existing is not None:
        props.remove(existing)
    if span > 1:
        props.insert(0, make("w:gridSpan", val=str(span)))


def merge_of(tc: Element) -> str | None:
    """``restart``, ``continue`` or None."""
    v = tc.find(f"{w('tcPr')}/{w('vMerge')}")
    if v is None:
        return None
    return "restart" if v.get(qn("w:val")) == "restart" else "continue"


def row_props(tr: Element) -> Element:
    props = tr.find(w("trPr"))
    if props is None:
        props = make("w:trPr")
        tr.insert(0, props)
    return props


def is_plain(tbl: Element) -> bool:
    """No gridBefore/gridAfter yet: column arithmetic is simple."""
    return next(tbl.iter(w("gridBefore"), w("gridAfter")), None) is None


def grid_starts(tr: Element) -> list[tuple[Element, int]]:
    """Each cell with its 1-based grid column (after the row's gridBefore)."""
    before = tr.find(f"{w('trPr')}/{w('gridBefore')}")
    out, column = [], 1 + (int(before.get(qn("w:val"))) if before is not None else 0)
    for tc in cells(tr):
        out.append((tc, column))
        column += span_of(tc)
    return out


def width(tbl: Element) -> int:
    return max((sum(span_of(tc) for tc in cells(tr)) for tr in rows(tbl)), default=0)


def add_grid_column(tbl: Element) -> None:
    grid = tbl.find(w("tblGrid"))
    if grid is not None:
        grid.append(make("w:gridCol", w="1000"))


def is_label(text: str) -> bool:
    return bool(text.strip()) and is_target_label(text.strip())


def is_amount(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and stripped[0].isdigit() and parse_amount(stripped).value is not None


@dataclass(frozen=True)
class TextSpot:
    """A ``w:t`` of a label or amount cell, and the offsets in its text where something may
    be inserted without joining or splitting a number (never between two digits)."""

    t: Element
    offsets: list[int]


def label_or_amount_texts(doc: WordDoc) -> list[TextSpot]:
    spots = []
    for tbl in doc.body.iter(w("tbl")):
        for tc in tbl.iter(w("tc")):
            text = text_of(tc)
            if not (is_label(text) or is_amount(text)):
                continue
            for t in tc.iter(w("t")):
                value = t.text or ""
                offsets = [
                    i
                    for i in range(1, len(value))
                    if not (value[i - 1].isdigit() and value[i].isdigit())
                ]
                if offsets:
                    spots.append(TextSpot(t, offsets))
    return spots


def split_run_at(t: Element, offset: int) -> tuple[Element, Element]:
    """Split the run holding ``t`` at ``offset`` of its text: (left run, right run)."""
    r = t.getparent()
    text = t.text or ""
    right = copy.deepcopy(r)
    for child in list(right):
        if child.tag not in (w("rPr"), w("t")):
            right.remove(child)
    right_t = right.find(w("t"))
    right_t.text = text[offset:]
    right_t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text[:offset]
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    # the right part takes whatever followed t in the run
    after = list(t.itersiblings())
    for element in after:
        right.append(element)
    r.addnext(right)
    return r, right


def value_runs(doc: WordDoc) -> list[Element]:
    """Runs of value cells (not labels): amounts, names, indicator values."""
    found = []
    for tbl in doc.body.iter(w("tbl")):
        for tc in tbl.iter(w("tc")):
            text = text_of(tc)
            if text.strip() and not is_label(text):
                found.extend(r for r in tc.iter(w("r")) if r.find(w("t")) is not None)
    return found


def pick(rng: random.Random, items: list[Any]) -> Any | None:
    return rng.choice(items) if items else None


def iter_cells_with_text(doc: WordDoc) -> Iterator[Element]:
    for tc in doc.body.iter(w("tc")):
        if text_of(tc).strip():
            yield tc


def _blank_paragraph(element: Element) -> bool:
    return element.tag == w("p") and not text_of(element).strip()


def group(tbl: Element) -> list[Element]:
    """``tbl`` and the tables next to it with only blank paragraphs between: a change of
    column geometry is made to all of them (one may be the other's continuation)."""

    def neighbour(element: Element, forward: bool) -> Element | None:
        step = element.getnext if forward else element.getprevious
        other = step()
        while other is not None and _blank_paragraph(other):
            other = other.getnext() if forward else other.getprevious()
        return other if other is not None and other.tag == w("tbl") else None

    first = tbl
    while (before := neighbour(first, forward=False)) is not None:
        first = before
    found = [first]
    while (after := neighbour(found[-1], forward=True)) is not None:
        found.append(after)
    return found
