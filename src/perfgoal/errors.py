"""perfgoal's own error types. Anything else escaping the public API is a bug.

``processing(name)`` marks what is being worked on (a file, a configuration, an output):
an exception escaping the block carries that name (``perfgoal_subject``) so that the CLI's
last-resort guard can say which file an internal error happened on.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from perfgoal.messages import Lang, Message, text

SUBJECT_ATTRIBUTE = "perfgoal_subject"


class PerfgoalError(Exception):
    """Base class of every error perfgoal raises on purpose."""


class InputError(PerfgoalError):
    """An input that cannot be read at all (reported as PG001 unreadable-input).

    The reason is a message catalog ``key`` and its ``params``; ``where`` says where in the
    file, when known: a part name as it stands (``word/document.xml``) or a
    :class:`~perfgoal.messages.Message` (``第 3 页``).
    """

    def __init__(
        self,
        key: str,
        /,
        *,
        where: str | Message | None = None,
        line: int | None = None,
        **params: object,
    ) -> None:
        self.reason = Message(key, params)
        self.place = where
        self.line = line
        super().__init__(self.render("zh"))

    @property
    def message(self) -> str:
        """The reason in Chinese, without the place."""
        return self.reason.render("zh")

    @property
    def where(self) -> str | None:
        return None if self.place is None else text(self.place, "zh")

    def render(self, lang: Lang) -> str:
        """The reason and, in brackets, the place, in ``lang``."""
        reason = self.reason.render(lang)
        return f"{reason} ({text(self.place, lang)})" if self.place is not None else reason

    def __str__(self) -> str:
        return self.render("zh")


class UsageError(PerfgoalError):
    """A usage or configuration error: exit code 2.

    The reason is a catalog :class:`~perfgoal.messages.Message` (``render(lang)`` gives it
    in the user's language), or a sentence already written in both languages."""

    def __init__(self, reason: str | Message) -> None:
        self.reason = reason
        super().__init__(text(reason, "zh"))

    def render(self, lang: Lang) -> str:
        return text(self.reason, lang)


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
