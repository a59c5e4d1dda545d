"""Standard output and error for a run that must never end in a traceback.

* stdout closed (``perfgoal … >&-``): writing to it is an :class:`OutputError` (exit 2, one
  line on stderr), like any output that cannot be written; its file descriptor is held by
  ``/dev/null`` meanwhile, so that no file perfgoal opens can take its number.
* stdout a pipe whose reader left (``| head -1``): :class:`OutputClosed`, a quiet exit 2.
* An encoding that cannot hold Chinese (``PYTHONIOENCODING=ascii``): characters it lacks are
  written as ``\\uXXXX`` escapes (valid inside JSON strings), not raised as errors.
* stderr: errors writing to it are ignored (there is nowhere left to report them).
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import Any, TextIO

from perfgoal.errors import OutputClosed, OutputError
from perfgoal.messages import message


class GuardedStream:
    """A text stream whose write errors become perfgoal errors (or, for stderr, nothing)."""

    def __init__(self, stream: TextIO | None, *, quiet: bool) -> None:
        self._stream = stream
        self._quiet = quiet

    def write(self, text: str) -> int:
        if self._stream is None:
            return self._fail(None)
        try:
            return self._stream.write(text)
        except OSError as exc:
            return self._fail(exc)

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except OSError as exc:
            self._fail(exc)

    def isatty(self) -> bool:
        try:
            return self._stream is not None and self._stream.isatty()
        except (OSError, ValueError):
            return False

    def __getattr__(self, name: str) -> Any:  # encoding, errors, fileno, buffer …
        if self._stream is None:
            raise AttributeError(name)
        return getattr(self._stream, name)

    def _fail(self, exc: OSError | None) -> int:
        if self._quiet:
            return 0
        if exc is None:
            raise OutputError(message("stdout.closed"))
        if exc.errno == errno.EPIPE:
            raise OutputClosed() from exc
        from perfgoal.fileio import os_reason

        raise OutputError(message("stdout.failed", reason=os_reason(exc))) from exc


def install() -> tuple[Any, Any]:
    """Put guarded streams in place of ``sys.stdout``/``sys.stderr``; returns the originals."""
    originals = (sys.stdout, sys.stderr)
    for fd in (0, 1, 2):
        _hold_if_closed(fd)
    for stream in originals:
        reconfigure = getattr(stream, "reconfigure", None)
        if callable(reconfigure):
            with contextlib.suppress(Exception):
                reconfigure(errors="backslashreplace")
    sys.stdout = GuardedStream(originals[0], quiet=False)
    sys.stderr = GuardedStream(originals[1], quiet=True)
    return originals


def restore(originals: tuple[Any, Any], *, pipe_closed: bool) -> None:
    """Put the original streams back; after a closed pipe, point stdout at ``/dev/null``
    so that the interpreter's last flush of what is still buffered fails silently."""
    if pipe_closed:
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.close(devnull)
    sys.stdout, sys.stderr = originals


def _hold_if_closed(fd: int) -> None:
    try:
        os.fstat(fd)
    except OSError:
        with contextlib.suppress(OSError):
            held = os.open(os.devnull, os.O_RDWR)
            if held != fd:
                os.dup2(held, fd)
                os.close(held)
