"""The committed samples are exactly what ``samples/make_samples.py`` generates, and the
Word version of the real document (``cangzhou-2025.docx``) is faithful to its text export."""

from __future__ import annotations

import importlib.util
import re
import sys
import zipfile
from pathlib import Path
from types import ModuleType

import docx
import pytest
from docx.oxml.ns import qn

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
SEED_TXT = SAMPLES / "cangzhou-2025.txt"
SEED_DOCX = SAMPLES / "cangzhou-2025.docx"
BOOKMARK = re.compile(r"\[bookmark: [^\]]*\]")


def _content(path: Path) -> object:
    """What a file holds: for a .docx the uncompressed parts, so that a different zlib
    (same XML, other deflate bytes) does not make a sample look stale."""
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name) for name in archive.namelist()}
    return path.read_bytes()


def _load_make_samples() -> ModuleType:
    name = "perfgoal_make_samples"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SAMPLES / "make_samples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


make_samples = _load_make_samples()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("samples")
    return out, make_samples.build_all(out)


@pytest.fixture(scope="module")
def seed_docx() -> docx.document.Document:
    return docx.Document(str(SEED_DOCX))


def test_committed_samples_are_up_to_date(built: tuple[Path, list[Path]]) -> None:
    out, written = built
    assert len(written) == 28
    for path in written:
        rel = path.relative_to(out)
        committed = SAMPLES / rel
        assert committed.is_file(), f"{rel} is not committed: run python samples/make_samples.py"
        assert _content(committed) == _content(path), (
            f"{rel} is stale: run python samples/make_samples.py"
        )


def test_generation_is_deterministic(built: tuple[Path, list[Path]], tmp_path: Path) -> None:
    out, written = built
    again = make_samples.build_all(tmp_path)
    assert [p.relative_to(tmp_path) for p in again] == [p.relative_to(out) for p in written]
    for first, second in zip(written, again, strict=True):
        assert _content(first) == _content(second), first.name


def test_seed_is_never_regenerated(built: tuple[Path, list[Path]]) -> None:
    _, written = built
    assert "cangzhou-2025.txt" not in {p.name for p in written}


def test_seed_docx_exports_back_to_the_seed_text(seed_docx: docx.document.Document) -> None:
    seed = SEED_TXT.read_text(encoding="utf-8")
    assert make_samples.docx_to_txt_export(seed_docx) == seed


def test_seed_docx_has_every_table(seed_docx: docx.document.Document) -> None:
    assert len(seed_docx.tables) == 24


def test_seed_docx_budget_label_is_merged_over_two_rows(
    seed_docx: docx.document.Document,
) -> None:
    first = seed_docx.tables[0]
    label = first.cell(2, 0)
    assert label.text == "预算规模及资金用途"
    assert first.cell(3, 0)._tc is label._tc
    assert first.cell(4, 0)._tc is not label._tc
    tcs = [row.tc_lst[0] for row in first._tbl.tr_lst]
    assert [tc.vMerge for tc in tcs[2:5]] == ["restart", "continue", "restart"]
    # The purpose row's text cell spans the remaining six grid columns.
    assert first._tbl.tr_lst[3].tc_lst[1].grid_span == 6


def test_seed_docx_goal_cell_of_project_12_has_two_paragraphs(
    seed_docx: docx.document.Document,
) -> None:
    project_12 = seed_docx.tables[22]
    goal_row = next(row for row in project_12.rows if row.cells[0].text == "绩效目标")
    goal = goal_row.cells[1]
    assert [p.text[:2] for p in goal.paragraphs] == ["1.", "2."]


def test_seed_docx_keeps_labels_verbatim(seed_docx: docx.document.Document) -> None:
    texts = _all_paragraph_texts(seed_docx)
    assert "其中：财政    资金" in texts


def test_seed_docx_loses_nothing(seed_docx: docx.document.Document) -> None:
    texts = _all_paragraph_texts(seed_docx)
    for number, line in enumerate(SEED_TXT.read_text(encoding="utf-8").splitlines(), 1):
        content = BOOKMARK.sub("", line.removeprefix("\t"))
        if content.strip():
            assert content in texts, f"line {number} of the seed is missing: {content!r}"


def test_seed_docx_keeps_the_bookmarks(seed_docx: docx.document.Document) -> None:
    names = [b.get(qn("w:name")) for b in seed_docx.element.body.iter(qn("w:bookmarkStart"))]
    expected = re.findall(r"\[bookmark: ([^\]]*)\]", SEED_TXT.read_text(encoding="utf-8"))
    assert names == expected
    assert len(names) == 15


def test_layout_text_exports_match_their_word_version() -> None:
    for txt in sorted((SAMPLES / "layouts").glob("*.txt")):
        word = txt.with_suffix(".docx")
        if word.exists():
            exported = make_samples.docx_to_txt_export(docx.Document(str(word)))
            assert exported == txt.read_text(encoding="utf-8"), txt.name


def _all_paragraph_texts(document: docx.document.Document) -> set[str]:
    return {
        "".join(t.text or "" for t in p.iter(qn("w:t")))
        for p in document.element.body.iter(qn("w:p"))
    }
