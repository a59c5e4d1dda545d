"""perfgoal's own error types. Anything else escaping the public API is a bug.

``processing(name)`` marks what is being worked on (a file, a configuration, an output):
an exception escaping the block carries that name (``perfgoal_subject``) so that the CLI's
last-resort guard can say which file an internal error happened on.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

SUBJECT_ATTRIBUTE = "perfgoal_subject"


class PerfgoalError(Exception):
    """Base class of every error perfgoal raises on purpose."""


class InputError(PerfgoalError):
    """An input that cannot be read at all (reported as PG001 unreadable-input).

    ``where`` says where in the file, when known (``word/document.xml``, ``line 12``).
    """

    def __init__(self, message: str, *, where: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.line = line

    def __str__(self) -> str:
        return f"{self.message} ({self.where})" if self.where else self.message


class UsageError(PerfgoalError):
    """A usage or configuration error: exit code 2."""


class OutputError(UsageError):
    """An output that cannot be written (a report file, a schema, standard output): exit 2."""


class OutputClosed(PerfgoalError):
    """Standard output is a pipe whose reader has gone (``perfgoal … | head -1``): the run
    ends quietly with exit 2, as the report could not be delivered."""


@contextmanager
def processing(subject: str) -> Iterator[None]:
    """Name ``subject`` on any exception that escapes the block (the innermost name wins)."""
    try:
        yield
    except BaseException as exc:
        if getattr(exc, SUBJECT_ATTRIBUTE, None) is None:
            with suppress(AttributeError, TypeError):  # an exception type without a __dict__
                setattr(exc, SUBJECT_ATTRIBUTE, subject)
        raise


def subject_of(exc: BaseException) -> str | None:
    """The file (or other subject) ``exc`` escaped from, when :func:`processing` saw it."""
    subject = getattr(exc, SUBJECT_ATTRIBUTE, None)
    return subject if isinstance(subject, str) else None
