"""The Python API: what ``perfgoal parse`` and ``perfgoal validate`` do, as functions.

``parse`` turns a file (or its bytes) into a :class:`~perfgoal.model.Document`, ``check``
runs the rules over a document, ``validate`` does both for every file a list of paths stands
for and yields one :class:`~perfgoal.findings.FileReport` per file, in order. The CLI reads
each file with the same loader, which also splits a file holding several drafts into its
documents (:func:`perfgoal.load.parse_documents`), and checks each document with the same
engine (:func:`perfgoal.files.review_file`).

They are pure: bytes and a configuration in, a model or findings out. Nothing is cached in
module state and nothing is printed, so they may run in several threads at once, or as the
map step of a cluster engine over file paths (docs/api.md shows a Dask bag and Spark).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from perfgoal.config import Config
    from perfgoal.findings import FileReport, Finding
    from perfgoal.model import Document
    from perfgoal.rules.base import Lang

__all__ = ["check", "parse", "validate"]


def parse(source: str | Path | bytes, *, filename: str | None = None) -> Document:
    """The model of one document: a path (``str`` or :class:`~pathlib.Path`) or the file's
    bytes. ``filename`` is the name the document is reported under (``source.path`` and the
    findings' paths); with bytes it also picks the format by its suffix when the content
    alone does not tell (a ``.yaml`` model, say).

    Raises :class:`perfgoal.errors.InputError` for what cannot be read (its
    ``reason`` is a catalog key and parameters; ``str()`` renders it in Chinese,
    ``.render("en")`` in English)."""
    from perfgoal.fileio import display_path
    from perfgoal.load import load_document, parse_bytes

    if isinstance(source, bytes):
        name = filename or "<bytes>"
        return parse_bytes(source, name, Path(name).suffix.lower())
    return load_document(Path(source), filename or display_path(Path(source)))


def check(document: Document, config: Config | None = None, *, lang: Lang = "zh") -> list[Finding]:
    """The findings of the selected rules over ``document``, sorted by project and place
    (``config``: rule selection, severities and options; the defaults when None)."""
    from perfgoal.config import Config
    from perfgoal.engine import check_document

    return check_document(document, config or Config(), lang)


def validate(
    paths: Iterable[str | Path],
    *,
    jobs: int | None = 1,
    config: Config | None = None,
    lang: Lang = "zh",
) -> Iterator[FileReport]:
    """One report per file that ``paths`` stand for (one per draft, as ``PATH#N``, for a
    YAML/JSON file holding several; a folder: every file of a format
    perfgoal reads below it, sorted; no ``.gitignore``, ``exclude`` or sniffing of text
    files as the CLI's :mod:`perfgoal.selection` applies). A file that
    cannot be read is a report with one PG001 finding, a bug of perfgoal a PG999 finding:
    the other files are still checked. ``jobs``: worker processes (``None``: one per usable
    core; ``1``: in this thread). A path that does not exist raises
    :class:`perfgoal.errors.UsageError` before any file is checked."""
    from perfgoal.checking import checked_files
    from perfgoal.config import Config
    from perfgoal.files import expand
    from perfgoal.runner import RunOptions

    options = RunOptions(config=config or Config(), lang=lang, jobs=jobs)
    targets = expand([Path(path) for path in paths])
    # as the CLI streams them: one report at a time, each as soon as it and those before
    # it are done (with workers, they run ahead by a few chunks)
    for checked in checked_files(targets, options):
        yield checked.report()
