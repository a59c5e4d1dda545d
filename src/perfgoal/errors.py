"""perfgoal's own error types. Anything else escaping the public API is a bug."""

from __future__ import annotations


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
