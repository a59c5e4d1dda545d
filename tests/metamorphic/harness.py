"""The metamorphic harness: every sample built into Word once; a case applies named
transformations at positions a seeded RNG picks, renders the result as .docx or as its text
export, parses it and compares the model with the untransformed one (locations and the
source apart, texts compared as perfgoal normalises them). A failure names the sample, the
format, the seed and the transformations, which is all it takes to replay it
(:func:`run_case`)."""

from __future__ import annotations

import copy
import importlib.util
import io
import random
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

from docx.oxml.parser import parse_xml
from lxml import etree

from metamorphic import layout, word_constructs
from metamorphic.wordml import WordDoc
from perfgoal.load import load_bytes
from perfgoal.values import normalize

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
MAIN = "word/document.xml"


@dataclass(frozen=True)
class Transformation:
    name: str
    apply: Callable[[WordDoc, random.Random], bool]
    text_export: bool
    """Whether the text export shows it (else it is tried on .docx only)."""


def _registry() -> list[Transformation]:
    word = [
        "sdt_around_cell", "sdt_around_row", "sdt_around_run", "sdt_around_paragraph",
        "placeholder_control", "tracked_insertion", "tracked_deletion", "tracked_move",
        "deleted_row", "tab_in_text", "break_in_text", "carriage_return_in_text",
        "soft_hyphen_element", "label_split_by_proof_err", "label_split_by_bookmark",
        "label_split_by_comment", "hyperlink_around_value", "simple_field_around_value",
        "complex_field_around_value", "grid_before_ragged_row", "grid_after_ragged_row",
        "widen_grid_column", "content_in_nested_table", "line_to_page_header",
        "alt_chunk_after_table",
    ]  # fmt: skip
    both = [
        "soft_hyphen_char", "zero_width_char", "nbsp_char", "ideographic_space",
        "unmerge_vertical", "merge_vertical", "merge_two_tables", "split_table",
    ]  # fmt: skip
    text = [
        "width_swap", "blank_row", "blank_column_left", "blank_column_right", "synonym_swap",
        "vertical_label_column", "reorder_columns", "form_field_row", "signature_line",
    ]  # fmt: skip
    return [
        *(Transformation(n, getattr(word_constructs, n), False) for n in word),
        *(Transformation(n, getattr(word_constructs, n), True) for n in both),
        *(Transformation(n, getattr(layout, n), True) for n in text),
    ]


TRANSFORMATIONS = _registry()
BY_NAME = {t.name: t for t in TRANSFORMATIONS}


def _load(name: str, file: str) -> ModuleType:
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, SAMPLES / file)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


@dataclass(frozen=True)
class Sample:
    name: str
    parts: dict[str, bytes]
    xml: bytes
    expected: dict[str, dict[str, Any]]
    """format -> the untransformed document's model (JSON data)."""


def _build_sample(name: str, document: Any) -> Sample:
    ms = _load("perfgoal_make_samples", "make_samples.py")
    data = ms.docx_bytes(document)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {n: archive.read(n) for n in archive.namelist()}
    text = ms.docx_to_txt_export(document).encode("utf-8")
    expected = {fmt: _model(raw, fmt) for fmt, raw in (("docx", data), ("txt", text))}
    return Sample(name, parts, parts[MAIN], expected)


@cache
def samples() -> tuple[Sample, ...]:
    """Every sample: the real document, every layout and form, every bad draft."""
    ms = _load("perfgoal_make_samples", "make_samples.py")
    bad = _load("perfgoal_make_bad_samples", "make_bad_samples.py")
    built = [("cangzhou-2025", ms.cangzhou_docx())]
    for item in ms.all_layouts():
        document = ms.build_docx(item.blocks(), title=item.title, landscape=item.landscape)
        built.append((item.stem.removeprefix("layouts/"), document))
    for stem, blocks in bad.BAD.items():
        built.append((f"bad/{stem}", ms.build_docx(blocks(), title=stem)))
    return tuple(_build_sample(name, document) for name, document in built)


def _model(data: bytes, fmt: str) -> dict[str, Any]:
    document = load_bytes(data, f"sample.{fmt}", f".{fmt}")
    return document.model_dump(mode="json", exclude={"source"})


_SPACE = re.compile(r"\s+")


def canonical(data: Any) -> Any:
    """The model without locations, texts as perfgoal compares them."""
    if isinstance(data, dict):
        return {canonical(k): canonical(v) for k, v in data.items() if k != "location"}
    if isinstance(data, list):
        return [canonical(v) for v in data]
    if isinstance(data, str):
        return _SPACE.sub("", normalize(data))
    return data


def render(sample: Sample, doc: WordDoc, fmt: str) -> bytes:
    xml = etree.tostring(doc.root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if fmt == "txt":
        ms = _load("perfgoal_make_samples", "make_samples.py")
        return str(ms.docx_to_txt_export(SimpleNamespace(element=doc.root))).encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, data in {**sample.parts, MAIN: xml, **doc.parts}.items():
            archive.writestr(name, data)
    return out.getvalue()


@dataclass(frozen=True)
class Case:
    sample: str
    fmt: str
    seed: int
    names: tuple[str, ...]

    def __str__(self) -> str:
        names = ", ".join(self.names)
        return f"{self.sample} ({self.fmt}) seed={self.seed} [{names}]"


def run_case(case: Case) -> str | None:
    """None when the transformed document parses to the same model; else what differs."""
    sample = next(s for s in samples() if s.name == case.sample)
    rng = random.Random(f"{case.seed}:{case.sample}:{case.fmt}:{'+'.join(case.names)}")
    doc = WordDoc(parse_xml(sample.xml), model=sample.expected[case.fmt])
    try:
        applied = [name for name in case.names if BY_NAME[name].apply(doc, rng)]
    except Exception as exc:  # a transformation that cannot cope is a bug of the suite
        return f"{case}: the transformation raised {type(exc).__name__}: {exc}"
    expected = copy.deepcopy(sample.expected[case.fmt])
    for change in doc.expect:
        change(expected)
    try:
        actual = _model(render(sample, doc, case.fmt), case.fmt)
    except Exception as exc:  # a crash is a difference too, reported with its case
        return f"{case}: {type(exc).__name__}: {exc}"
    difference = first_difference(canonical(expected), canonical(actual))
    if difference is None:
        return None
    return f"{case} (applied: {', '.join(applied) or 'none'}): {difference}"


def first_difference(a: Any, b: Any, path: str = "") -> str | None:
    if type(a) is not type(b):
        return f"{path or '/'}: {a!r:.200} != {b!r:.200}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}/{k}: only in {'expected' if k in a else 'actual'}: " + (
                    f"{(a.get(k) if k in a else b.get(k))!r:.200}"
                )
            found = first_difference(a[k], b[k], f"{path}/{k}")
            if found:
                return found
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            found = first_difference(x, y, f"{path}/{i}")
            if found:
                return found
        if len(a) != len(b):
            return f"{path}: {len(a)} items expected, {len(b)} found"
        return None
    return None if a == b else f"{path}: expected {a!r:.200}, got {b!r:.200}"


def formats(names: tuple[str, ...]) -> list[str]:
    return ["docx", "txt"] if all(BY_NAME[n].text_export for n in names) else ["docx"]
