"""``model.trusted``: the fast construction of findings is ``model_construct``, exactly."""

from __future__ import annotations

from pathlib import Path

from perfgoal.api import parse
from perfgoal.config import Config
from perfgoal.engine import check_document
from perfgoal.findings import Finding, ProjectRef
from perfgoal.model import Location, trusted

SEED = Path(__file__).resolve().parent.parent / "samples" / "cangzhou-2025.txt"


def _same(built: object, constructed: object) -> None:
    assert type(built) is type(constructed)
    assert built == constructed
    assert built.__dict__ == constructed.__dict__
    assert list(built.__dict__) == list(constructed.__dict__)  # field order: the JSON's
    assert built.model_fields_set == constructed.model_fields_set  # type: ignore[attr-defined]
    assert built.model_dump_json() == constructed.model_dump_json()  # type: ignore[attr-defined]


def test_every_finding_of_the_seed_is_what_model_construct_builds() -> None:
    document = parse(SEED)
    findings = check_document(document, Config())
    assert len(findings) > 100
    for finding in findings:
        values = {name: getattr(finding, name) for name in Finding.model_fields}
        _same(finding, Finding.model_construct(**values))
        _same(trusted(Finding, dict(values)), Finding.model_construct(**values))
        assert finding.fingerprint == finding.compute_fingerprint(document.source.path)


def test_trusted_keeps_none_and_nested_models() -> None:
    values = {"seq": None, "code": "13092225P000001", "name": None}
    _same(trusted(ProjectRef, dict(values)), ProjectRef.model_construct(**values))
    where = Location(line=3, table=1)
    values = {
        "rule": "PG201",
        "name": "x",
        "severity": "info",
        "message": "m",
        "project": None,
        "location": where,
        "expected": None,
        "actual": "1",
        "context": None,
        "fingerprint": "",
    }
    _same(trusted(Finding, dict(values)), Finding.model_construct(**values))


def test_the_readers_locations_are_what_validation_builds() -> None:
    from perfgoal.readers.docx import read_docx
    from perfgoal.readers.grid import Table, cell_location, paragraph_location, row_location
    from perfgoal.readers.text import read_text

    for grid in (read_text(SEED.read_bytes()), read_docx(SEED.with_suffix(".docx").read_bytes())):
        rows = 0
        for block in grid.blocks:
            if not isinstance(block, Table):
                built = paragraph_location(block)
                assert built == Location(line=block.line, page=block.page, sheet=block.sheet)
                continue
            for row in block.rows:
                rows += 1
                built = row_location(block.index, row)
                assert built == Location.model_validate(built.model_dump())
                assert built.model_dump_json() == Location(**built.model_dump()).model_dump_json()
                for cell in row.cells:
                    at = cell_location(block.index, row, cell)
                    assert at == Location.model_validate(at.model_dump())
                    assert (at.table, at.row, at.column) == (block.index, row.index, cell.column)
        assert rows > 100
