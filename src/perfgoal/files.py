"""Which files a PATH argument stands for, and how one file becomes a FileReport.

``check_file`` and ``review_file`` are top-level functions so that ``--jobs`` can run them in
worker processes.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from decimal import localcontext
from pathlib import Path
from typing import TYPE_CHECKING

from perfgoal.config import Config
from perfgoal.engine import ARITHMETIC, check_document, input_error, internal_error
from perfgoal.errors import InputError, UsageError, processing
from perfgoal.fileio import display_path, os_reason
from perfgoal.findings import FileReport
from perfgoal.messages import Message, message
from perfgoal.model import Document
from perfgoal.rules.base import Lang

if TYPE_CHECKING:
    from perfgoal.cache import Cache

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


@dataclass(frozen=True)
class Unreadable:
    """A folder (or entry) met while expanding a PATH that could not be listed: reported as
    a PG001 finding under its path instead of being skipped silently."""

    path: Path
    reason: Message


Target = Path | Unreadable


def expand(paths: list[Path], *, walk: bool = True) -> list[Target]:
    """Files as given, and every file of a format perfgoal reads below a folder, sorted (a
    dangling link, a FIFO or a device among them too: each is reported, not skipped), and
    the folders below that could not be listed (``walk=False``: the paths as given). The
    ``X_files/`` folder of a saved web page ``X.html`` is not searched.

    A path that does not exist or cannot be looked at is a usage error (exit 2)."""
    targets: list[Target] = []
    for path in paths:
        try:
            mode: int | None = os.stat(path).st_mode
        except FileNotFoundError:
            if not _is_link(path):
                raise UsageError(message("path.missing", path=display_path(path))) from None
            mode = None  # a dangling link: reported as unreadable
        except OSError as exc:  # a name too long, a loop of links, no permission
            if not _is_link(path):
                raise UsageError(
                    message("path.inaccessible", path=display_path(path), reason=os_reason(exc))
                ) from exc
            mode = None
        except ValueError as exc:  # a NUL byte
            raise UsageError(
                message("path.invalid", path=display_path(path), detail=str(exc))
            ) from exc
        if walk and mode is not None and stat.S_ISDIR(mode):
            targets.extend(walk_folder(path))
        else:
            targets.append(path)
    return targets


def _is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except (OSError, ValueError):
        return False


def target_key(target: Target) -> str:
    """The sort key of a target: its path as text."""
    return (target.path if isinstance(target, Unreadable) else target).as_posix()


EnterFolder = Callable[[Path, str], bool]
TakeFile = Callable[[Path, str, os.DirEntry[str]], bool]


def _enter_any(path: Path, relative: str) -> bool:
    return True


def _take_known(path: Path, relative: str, entry: os.DirEntry[str]) -> bool:
    return path.suffix.lower() in SUFFIXES


def walk_folder(
    root: Path, enter: EnterFolder = _enter_any, take: TakeFile = _take_known
) -> list[Target]:
    """Every file below ``root`` that ``take`` keeps, in the folders ``enter`` admits (both
    get the path and its name relative to ``root``, folders ending in ``/``), sorted, and
    the folders that could not be listed. Links to folders are not followed, hidden entries
    and the ``X_files/`` folder of a saved web page ``X.html`` are skipped; iterative, so
    folder depth is bounded by the file system only."""
    found: list[Target] = []
    stack: list[tuple[Path, str]] = [(root, "")]
    while stack:
        folder, relative = stack.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as exc:
            found.append(Unreadable(folder, os_reason(exc)))
            continue
        for entry in listed:
            if entry.name.startswith("."):
                continue
            path = folder / entry.name
            name = f"{relative}{entry.name}"
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir:
                if not _saved_page_folder(path) and enter(path, f"{name}/"):
                    stack.append((path, f"{name}/"))
            elif not is_link_to_folder(entry) and take(path, name, entry):
                found.append(path)
    return sorted(found, key=target_key)


def is_link_to_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink() and entry.is_dir()
    except OSError:
        return False


def unreadable_report(target: Unreadable, config: Config, lang: Lang) -> FileReport:
    display = display_path(target.path)
    finding = input_error(
        InputError("input.folder-unreadable", reason=target.reason), display, config, lang
    )
    return FileReport(path=display, findings=[finding])


@dataclass
class Reviewed:
    """A file's findings, and its model when it could be read (for the HTML report and the
    summary, which show budgets and plans, not only findings)."""

    report: FileReport
    document: Document | None = None
    packed: bytes | None = None
    """The document as JSON (:mod:`perfgoal.stored`), when the caller keeps it that way."""


def check_file(path: Path, config: Config, lang: Lang, debug: bool = False) -> FileReport:
    """Read, parse and check one file; whatever goes wrong becomes a finding (an unreadable
    file PG001, a bug of perfgoal's PG999: the other files of the run are still checked)."""
    return review_file(path, config, lang, debug).report


def review_file(
    path: Path, config: Config, lang: Lang, debug: bool = False, *, data: bytes | None = None
) -> Reviewed:
    """:func:`check_file`, keeping the parsed document (``data``: the file's bytes, when
    they have been read already)."""
    display = display_path(path)
    with processing(display), localcontext(ARITHMETIC):
        try:
            return _review(path, display, config, lang, debug, data)
        except InputError as exc:
            return Reviewed(
                FileReport(path=display, findings=[input_error(exc, display, config, lang)])
            )
        except Exception as exc:  # a reader/parser bug must not stop the other files
            if debug:
                raise
            return Reviewed(FileReport(path=display, findings=[internal_error(exc, display, lang)]))


def review_one(
    path: Path,
    config: Config,
    lang: Lang,
    debug: bool,
    keep_document: bool,
    cache_root: Path | None = None,
) -> Reviewed:
    """:func:`review_file` for a run: the model kept as JSON (small, no live objects for the
    collector to rescan) when ``keep_document``, else dropped. With ``cache_root`` (and no
    model wanted), an unchanged file's report is read from the cache (:mod:`perfgoal.cache`)
    instead of parsing the file again."""
    if cache_root is not None and not keep_document:
        return Reviewed(_cached_report(path, config, lang, debug, cache_root))
    reviewed = review_file(path, config, lang, debug)
    if not keep_document or reviewed.document is None:
        return Reviewed(reviewed.report)
    from perfgoal.stored import pack

    return Reviewed(reviewed.report, packed=pack(reviewed.document))


def cached_report(path: Path, config: Config, lang: Lang, cache_root: Path) -> FileReport | None:
    """The report of ``path`` as the cache holds it, or None (not cached, or unreadable:
    that is reported by checking the file)."""
    from perfgoal.cache import Cache

    looked_up = _look_up(path, config, lang, Cache(cache_root))
    return None if looked_up is None else looked_up[2]


def _look_up(
    path: Path, config: Config, lang: Lang, cache: Cache
) -> tuple[bytes, str, FileReport | None] | None:
    """The file's bytes, its cache key and the cached report (None: not cached); None when
    the file cannot be read."""
    from perfgoal.load import read_bytes

    display = display_path(path)
    try:
        with processing(display):
            data = read_bytes(path)
    except (InputError, OSError):
        return None
    key = cache.key(data, display, config, lang)
    return data, key, cache.get(key, display)


def _cached_report(
    path: Path, config: Config, lang: Lang, debug: bool, cache_root: Path
) -> FileReport:
    from perfgoal.cache import Cache

    cache = Cache(cache_root)
    looked_up = _look_up(path, config, lang, cache)
    if looked_up is None:  # reported by the uncached path, as always
        return review_file(path, config, lang, debug).report
    data, key, report = looked_up
    if report is None:
        report = review_file(path, config, lang, debug, data=data).report
        cache.put(key, report)
    return report


def _review(
    path: Path, display: str, config: Config, lang: Lang, debug: bool, data: bytes | None
) -> Reviewed:
    from perfgoal.api import parse

    document = parse(path if data is None else data, filename=display)
    findings = check_document(document, config, lang, debug=debug)
    return Reviewed(FileReport(path=display, findings=findings), document)
