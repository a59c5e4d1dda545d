"""The file system at perfgoal's edges: how a path is shown, how an input is opened, how an
output is written.

* File names are carried as the ``str`` the OS gives (``os.fsdecode``: bytes that are not
  UTF-8 become lone surrogates) and shown with U+FFFD in their place (:func:`display_path`),
  so that a name with byte 0xff neither crashes a report nor gets lost.
* An input is refused before it is opened when it is not a regular file (a FIFO would block
  the open forever, ``/dev/zero`` never ends), and checked again on the opened descriptor
  (the path may change in between).
* An output is written atomically: a temporary file in the target's folder, then a rename,
  so that a failed write (a full disk) never leaves a truncated report behind.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from perfgoal.errors import InputError, OutputError
from perfgoal.messages import Message, message

_KINDS = (
    (stat.S_ISDIR, "kind.folder"),
    (stat.S_ISFIFO, "kind.fifo"),
    (stat.S_ISCHR, "kind.char-device"),
    (stat.S_ISBLK, "kind.block-device"),
    (stat.S_ISSOCK, "kind.socket"),
)

# Reasons in the user's words (catalog keys); the OS's own text follows in brackets.
_REASONS = {
    errno.ENOENT: "os.not-found",
    errno.EACCES: "os.no-permission",
    errno.EPERM: "os.no-permission",
    errno.ELOOP: "os.link-loop",
    errno.ENAMETOOLONG: "os.name-too-long",
    errno.ENOTDIR: "os.not-a-folder",
    errno.EISDIR: "os.is-a-folder",
    errno.ENOSPC: "os.disk-full",
    errno.EROFS: "os.read-only",
    errno.EIO: "os.io-error",
}


def display_path(path: Path | str) -> str:
    """``path`` as text for reports: ``/`` separators, undecodable bytes shown as U+FFFD."""
    text = path.as_posix() if isinstance(path, Path) else path
    return os.fsencode(text).decode("utf-8", "replace")


def lexists(path: Path) -> bool:
    """Whether anything (a dangling link too) is at ``path``; False when it cannot be looked at."""
    try:
        os.lstat(path)
    except (OSError, ValueError):
        return False
    return True


def os_reason(exc: OSError) -> Message:
    """A one-line reason for an OS error, in the user's words with the OS's own."""
    reason = _REASONS.get(exc.errno or 0)
    detail = exc.strerror or type(exc).__name__
    return (
        message("os.reason", reason=message(reason), detail=detail)
        if reason
        else (message("os.detail", detail=detail))
    )


def file_kind(mode: int) -> Message:
    """What a non-regular file is, in words (``命名管道（FIFO）``)."""
    for test, key in _KINDS:
        if test(mode):
            return message(key)
    return message("kind.special")


def _not_regular(mode: int) -> InputError:
    if stat.S_ISDIR(mode):
        return InputError("input.is-folder")
    return InputError("input.not-regular", kind=file_kind(mode))


@contextlib.contextmanager
def open_regular(path: Path) -> Iterator[BinaryIO]:
    """``path`` opened for reading in binary, when it is a regular file; otherwise
    :class:`InputError` naming what it is, raised before anything blocks on it."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise InputError("input.cannot-open", reason=os_reason(exc)) from exc
    except ValueError as exc:  # a NUL byte in the name
        raise InputError("input.bad-name", detail=str(exc)) from exc
    if not stat.S_ISREG(mode):
        raise _not_regular(mode)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError("input.cannot-open", reason=os_reason(exc)) from exc
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):  # replaced between the check and the open
            raise _not_regular(mode)
        stream = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with stream:
        try:
            yield stream
        except OSError as exc:
            raise InputError("input.read-failed", reason=os_reason(exc)) from exc


def read_limited(path: Path, limit: int) -> bytes:
    """The bytes of the regular file ``path``; :class:`InputError` when it holds more than
    ``limit`` bytes (read no further than that)."""
    with open_regular(path) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError("input.too-large", limit=limit / (1024 * 1024))
    return data


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write ``text`` (a str as UTF-8, or bytes) to ``path``: to a temporary file in the same
    folder, then renamed over ``path``, so a failed write leaves the old file (or none), never
    half a report. A target that is not a regular file (``/dev/stdout``, a FIFO) is written
    in place. Raises :class:`OutputError` with a one-line reason."""
    with atomic_output(path) as stream:
        stream.write(text if isinstance(text, bytes) else text.encode("utf-8", "replace"))


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[BinaryIO]:
    """:func:`write_atomic` for a report written piece by piece: the target is checked (and
    the temporary file made) before the first piece, so that a wrong ``-o`` fails before
    the run; the file appears, renamed into place, only once the block ends without an
    error."""
    shown = display_path(path)
    try:
        target = Path(os.path.realpath(path))
        try:
            existing: os.stat_result | None = os.stat(target)
        except FileNotFoundError:
            existing = None
        if existing is not None and stat.S_ISDIR(existing.st_mode):
            raise OutputError(message("write.folder", path=shown))
        if existing is not None and not stat.S_ISREG(existing.st_mode):
            with open(target, "wb") as stream:  # a device or a pipe: no rename possible
                yield stream
            return
        if existing is not None and not existing.st_mode & 0o222:
            raise OutputError(message("write.read-only", path=shown))
        folder = target.parent
        if not folder.is_dir():
            raise OutputError(message("write.no-folder", path=shown, folder=display_path(folder)))
        with _replacing(target, stat.S_IMODE(existing.st_mode) if existing else None) as out:
            yield out
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(message("write.failed", path=shown, reason=os_reason(exc))) from exc


@contextlib.contextmanager
def _replacing(target: Path, mode: int | None) -> Iterator[BinaryIO]:
    temporary = target.parent / f".perfgoal-{os.getpid()}-{secrets.token_hex(4)}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
    try:
        with os.fdopen(fd, "wb") as stream:
            if mode is not None:
                os.fchmod(stream.fileno(), mode)
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
