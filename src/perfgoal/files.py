"""Which files a PATH argument stands for, and how one file becomes a FileReport.

``check_file`` and ``review_file`` are top-level functions so that ``--jobs`` can run them in
worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from perfgoal.config import Config
from perfgoal.engine import check_document, input_error, internal_error
from perfgoal.errors import InputError, UsageError
from perfgoal.findings import FileReport
from perfgoal.model import Document
from perfgoal.rules.base import Lang

SUFFIXES = {".docx", ".txt", ".yaml", ".yml", ".json"}


def expand(paths: list[Path]) -> list[Path]:
    """Files as given, and every .docx/.txt/.yaml/.yml/.json below a folder, sorted (a
    dangling link among them too: it is reported as unreadable, not skipped).

    A path that does not exist is a usage error (exit 2)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    (
                        p
                        for p in path.rglob("*")
                        if p.suffix.lower() in SUFFIXES
                        and (p.is_file() or (p.is_symlink() and not p.is_dir()))
                        and not any(part.startswith(".") for part in p.relative_to(path).parts)
                    ),
                    key=lambda p: p.as_posix(),
                )
            )
        elif path.exists() or path.is_symlink():
            files.append(path)
        else:
            raise UsageError(f"路径不存在：{path}")
    return files


@dataclass
class Reviewed:
    """A file's findings, and its model when it could be read (for the HTML report and the
    summary, which show budgets and plans, not only findings)."""

    report: FileReport
    document: Document | None = None
    packed: bytes | None = None
    """The document as JSON (:mod:`perfgoal.stored`), when the caller keeps it that way."""


def check_file(path: Path, config: Config, lang: Lang, debug: bool = False) -> FileReport:
    """Read, parse and check one file; whatever goes wrong becomes a finding."""
    return review_file(path, config, lang, debug).report


def review_file(path: Path, config: Config, lang: Lang, debug: bool = False) -> Reviewed:
    """:func:`check_file`, keeping the parsed document."""
    display = path.as_posix()
    from perfgoal.load import load_document

    try:
        document = load_document(path, display)
    except InputError as exc:
        return Reviewed(
            FileReport(path=display, findings=[input_error(exc, display, config, lang)])
        )
    except Exception as exc:  # a reader/parser bug must not stop the other files
        if debug:
            raise
        return Reviewed(FileReport(path=display, findings=[internal_error(exc, display, lang)]))
    findings = check_document(document, config, lang, debug=debug)
    return Reviewed(FileReport(path=display, findings=findings), document)
