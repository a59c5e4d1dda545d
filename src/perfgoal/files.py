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

SUFFIXES = {
    ".docx", ".txt", ".yaml", ".yml", ".json",
    ".pdf", ".xlsx", ".xls", ".html", ".htm", ".doc", ".wps", ".et", ".rtf", ".odt",
}  # fmt: skip


def _saved_page_folder(folder: Path) -> bool:
    """``页面_files/`` beside ``页面.html``: the images and frames of a saved web page."""
    stem = folder.name.removesuffix("_files").removesuffix(".files")
    if stem == folder.name:
        return False
    return any((folder.parent / f"{stem}{s}").exists() for s in (".html", ".htm", ".mht"))


def _inside_saved_page(file: Path, root: Path) -> bool:
    parts = file.relative_to(root).parts[:-1]
    return any(_saved_page_folder(root.joinpath(*parts[: i + 1])) for i in range(len(parts)))


def expand(paths: list[Path]) -> list[Path]:
    """Files as given, and every file of a format perfgoal reads below a folder, sorted (a
    dangling link among them too: it is reported as unreadable, not skipped); the
    ``X_files/`` folder of a saved web page ``X.html`` is not searched.

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
                        and not _inside_saved_page(p, path)
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
