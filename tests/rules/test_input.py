"""PG002 no-target-table and PG003 unparsed-content (PG001 is tested through the CLI)."""

from __future__ import annotations

from builders import check, document
from perfgoal.model import Location, ParseNote


def test_no_target_table_fires_on_a_document_without_projects() -> None:
    doc = document()
    doc.projects = []
    [finding] = check("PG002", doc)
    assert finding.severity == "error" and finding.project is None


def test_no_target_table_is_quiet_when_there_is_a_project() -> None:
    assert check("PG002", document()) == []


def test_unparsed_content_reports_each_note_where_it_stands() -> None:
    note = ParseNote(
        key="note.cell",
        text="备注：另行报送",
        location=Location(line=51, table=1, row=2, column=5),
    )
    [finding] = check("PG003", document(notes=[note]))
    assert finding.severity == "warning"
    assert finding.message == "a cell that belongs to no label: “备注：另行报送”"
    assert finding.location == note.location
    assert finding.context == "备注：另行报送"


def test_unparsed_content_is_quiet_without_notes() -> None:
    assert check("PG003", document()) == []
