"""Which files a PATH argument stands for, and how one file becomes a FileReport.

``check_file`` and ``review_file`` are top-level functions so that ``--jobs`` can run them in
worker processes.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import localcontext
from pathlib import Path
from typing import TYPE_CHECKING

from perfgoal.checked import Checked
from perfgoal.config import Config
from perfgoal.engine import ARITHMETIC, check_document, input_findings, internal_error
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
    findings = input_findings(
        InputError("input.folder-unreadable", reason=target.reason), display, config, lang
    )
    return FileReport(path=display, findings=findings)


@dataclass
class Reviewed:
    """A file's findings, and its model when it could be read (for the HTML report and the
    summary, which show budgets and plans, not only findings)."""

    report: FileReport
    document: Document | None = None
    packed: bytes | None = None
    """The document as JSON (:mod:`perfgoal.stored`), when the caller keeps it that way."""
    more: tuple[Reviewed, ...] = ()
    """The file's other documents, in order, when it holds several (a JSON array or a YAML
    stream of drafts: :func:`perfgoal.load.parse_documents`)."""

    def each(self) -> list[Reviewed]:
        """One Reviewed per document of the file."""
        return [replace(self, more=()), *self.more] if self.more else [self]


def check_file(path: Path, config: Config, lang: Lang, debug: bool = False) -> FileReport:
    """Read, parse and check one file; whatever goes wrong becomes a finding (an unreadable
    file PG001, a bug of perfgoal's PG999: the other files of the run are still checked)."""
    return review_file(path, config, lang, debug).report


def review_file(
    path: Path,
    config: Config,
    lang: Lang,
    debug: bool = False,
    *,
    data: bytes | None = None,
    display: str | None = None,
    suffix: str | None = None,
) -> Reviewed:
    """:func:`check_file`, keeping the parsed document (``data``: the file's bytes, when
    they have been read already; ``display`` and ``suffix``: the path it is reported under
    and the suffix that picks its format when the bytes do not tell, for standard input).
    A file holding several drafts gives the first document and the others in ``more``."""
    from perfgoal.load import parse_documents, read_bytes

    display = display or display_path(path)
    with processing(display), localcontext(ARITHMETIC):
        try:
            if data is None:
                data = read_bytes(path)
            loaded = parse_documents(data, display, path.suffix if suffix is None else suffix)
            first, *more = (_of_document(shown, doc, config, lang, debug) for shown, doc in loaded)
            return replace(first, more=tuple(more))
        except InputError as exc:
            return Reviewed(
                FileReport(path=display, findings=input_findings(exc, display, config, lang))
            )
        except Exception as exc:  # a reader/parser bug must not stop the other files
            if debug:
                raise
            return Reviewed(FileReport(path=display, findings=[internal_error(exc, display, lang)]))


def _of_document(
    shown: str, document: Document | InputError, config: Config, lang: Lang, debug: bool
) -> Reviewed:
    if isinstance(document, InputError):
        return Reviewed(
            FileReport(path=shown, findings=input_findings(document, shown, config, lang))
        )
    findings = check_document(document, config, lang, debug=debug)
    return Reviewed(FileReport(path=shown, findings=findings), document)


def review_one(path: Path, config: Config, lang: Lang, debug: bool) -> Reviewed:
    """:func:`review_file` for a run that keeps the models: each kept as JSON (small, no live
    objects for the collector to rescan)."""
    return _packed(review_file(path, config, lang, debug))


def _packed(reviewed: Reviewed) -> Reviewed:
    from perfgoal.stored import pack

    more = tuple(_packed(r) for r in reviewed.more)
    if reviewed.document is None:
        return Reviewed(reviewed.report, more=more)
    return Reviewed(reviewed.report, packed=pack(reviewed.document), more=more)


def check_one(
    path: Path, config: Config, lang: Lang, debug: bool, cache: Cache | None = None
) -> list[Checked]:
    """:func:`check_file` for a run, its report serialized (:mod:`perfgoal.checked`): one
    per document (several for a file holding several drafts). With ``cache``, an
    unchanged file's report is read from the cache (:mod:`perfgoal.cache`) instead of
    parsing the file again, and a new one is stored (not that of a file of several
    documents: it is checked on every run)."""
    if cache is None:
        return _serialized(review_file(path, config, lang, debug))
    looked_up = _look_up(path, config, lang, cache)
    if looked_up is None:  # reported by the uncached path, as always
        return _serialized(review_file(path, config, lang, debug))
    data, key = looked_up
    return _through_cache(
        cache, key, display_path(path), lambda: review_file(path, config, lang, debug, data=data)
    )


def cached(path: Path, config: Config, lang: Lang, cache: Cache) -> list[Checked] | None:
    """The file's report as :func:`check_one` gives it, when the cache has a trusted entry
    for it; otherwise None (and a file that cannot be read is None too: checking it
    reports why)."""
    looked_up = _look_up(path, config, lang, cache)
    if looked_up is None:
        return None
    hit = cache.get(looked_up[1], display_path(path))
    return None if hit is None else [hit]


def _serialized(reviewed: Reviewed) -> list[Checked]:
    return [Checked.of(document.report) for document in reviewed.each()]


def _through_cache(
    cache: Cache, key: str, display: str, review: Callable[[], Reviewed]
) -> list[Checked]:
    cached = cache.get(key, display)
    if cached is not None:
        return [cached]
    checked = _serialized(review())
    if len(checked) == 1 and checked[0].path == display:  # not a file of drafts (PATH#1)
        cache.put(key, checked[0])
    return checked


def _stdin(name: str | None) -> tuple[str, str, bytes | InputError]:
    """The path the document on standard input is reported under, the suffix that picks
    its format, and its bytes (or why they cannot be read)."""
    from perfgoal.load import read_stdin, stdin_shown

    display, suffix = stdin_shown(name)
    try:
        with processing(display):
            return display, suffix, read_stdin()
    except InputError as exc:
        return display, suffix, exc


def _review_data(
    data: bytes, display: str, suffix: str, config: Config, lang: Lang, debug: bool
) -> Reviewed:
    from perfgoal.load import STDIN

    return review_file(Path(STDIN), config, lang, debug, data=data, display=display, suffix=suffix)


def check_stdin(
    name: str | None, config: Config, lang: Lang, debug: bool, cache: Cache | None = None
) -> list[Checked]:
    """:func:`check_one` for the document on standard input (``-``), read here, in this
    process: reported under ``name`` (``--stdin-filename``, whose suffix also picks the
    format when the bytes do not tell) or ``-``; cached as a file is, by its bytes and that
    name."""
    display, suffix, data = _stdin(name)
    if isinstance(data, InputError):
        return [
            Checked.of(
                FileReport(path=display, findings=input_findings(data, display, config, lang))
            )
        ]
    if cache is None:
        return _serialized(_review_data(data, display, suffix, config, lang, debug))
    return _through_cache(
        cache,
        cache.key(data, display, config, lang),
        display,
        lambda: _review_data(data, display, suffix, config, lang, debug),
    )


def review_stdin(name: str | None, config: Config, lang: Lang, debug: bool) -> Reviewed:
    """:func:`review_one` for the document on standard input, as :func:`check_stdin`."""
    display, suffix, data = _stdin(name)
    if isinstance(data, InputError):
        return Reviewed(
            FileReport(path=display, findings=input_findings(data, display, config, lang))
        )
    return _packed(_review_data(data, display, suffix, config, lang, debug))


def _look_up(path: Path, config: Config, lang: Lang, cache: Cache) -> tuple[bytes, str] | None:
    """The file's bytes and its cache key; None when the file cannot be read."""
    from perfgoal.load import read_bytes

    display = display_path(path)
    try:
        with processing(display):
            data = read_bytes(path)
    except (InputError, OSError):
        return None
    return data, cache.key(data, display, config, lang)
