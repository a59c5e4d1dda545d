"""One module per output format; none knows about the others.

Every machine reporter has one entry point, ``render(report, options) -> str |
Iterator[str]``, where ``options`` is a :class:`ReportOptions` (the HTML reporter takes its
own :class:`~perfgoal.reporters.html.HtmlOptions`, which has the same ``lang``). The
registry below names each format's module; a module is imported only when its format is
used, so that ``--format json`` does not pay for rich or the HTML templates.

Each machine reporter writes its output as a stream, in three steps (its ``Writer``): a
head, one piece per file as soon as that file is checked, and a tail once the counts are
known. ``render`` is that stream joined, so a report written at once and one written file
by file are the same text by construction; ``validate`` uses the stream, so that its memory
does not grow with the number of files.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib import import_module
from typing import Protocol

from perfgoal.checked import Checked
from perfgoal.findings import Report, Summary
from perfgoal.rules.base import Lang


@dataclass(frozen=True)
class ReportOptions:
    """What a machine reporter may depend on besides the report."""

    lang: Lang = "zh"
    fail_on: str = "error"
    """The severity from which a finding fails the run (JUnit writes it as a failure)."""


class Render(Protocol):
    def __call__(self, report: Report, options: ReportOptions, /) -> str | Iterator[str]: ...


class Writer(Protocol):
    """A format written file by file (see the module's docstring)."""

    def head(self) -> str: ...

    def file(self, checked: Checked) -> str | bytes:
        """The piece of one file, written when the files before it are written: text, or
        UTF-8 bytes (JSON copies the file's payload into place without decoding it)."""
        ...

    def tail(self, summary: Summary, shown: int) -> Iterator[str]:
        """What closes the output: ``summary`` counts every finding of the run, ``shown``
        those written (``--min-severity`` hides the others)."""
        ...


class MakeWriter(Protocol):
    def __call__(self, options: ReportOptions, /) -> Writer: ...


class LineWriter:
    """A format of lines per finding, with nothing before the first file: ``file`` is the
    subclass's; ``tail`` writes nothing unless overridden."""

    def __init__(self, options: ReportOptions) -> None:
        self.lang = options.lang

    def head(self) -> str:
        return ""

    def tail(self, summary: Summary, shown: int) -> Iterator[str]:
        return iter(())


def stream(writer: Writer, report: Report) -> Iterator[str]:
    """The whole ``report`` through ``writer``: what ``render`` joins."""
    yield writer.head()
    shown = 0
    for file in report.files:
        shown += len(file.findings)
        piece = writer.file(Checked.of(file))
        yield piece.decode() if isinstance(piece, bytes) else piece
    yield from writer.tail(report.summary, shown)


@dataclass(frozen=True)
class Reporter:
    module: str
    """The module (under ``perfgoal.reporters``) whose ``render`` writes the format."""
    counts_inside: bool = False
    """Its output ends with the counts line, so none is written to stderr after it."""
    then_human: bool = False
    """On stdout, the human report follows it (GitHub shows only a few annotations)."""

    def render(self) -> Render:
        render: Render = import_module(f"perfgoal.reporters.{self.module}").render
        return render

    def writer(self, options: ReportOptions) -> Writer:
        make: MakeWriter = import_module(f"perfgoal.reporters.{self.module}").Writer
        return make(options)


REGISTRY: dict[str, Reporter] = {
    "json": Reporter("json"),
    "json-lines": Reporter("json_lines"),
    "sarif": Reporter("sarif"),
    "junit": Reporter("junit"),
    "gitlab": Reporter("gitlab"),
    "github": Reporter("github", then_human=True),
    "concise": Reporter("concise", counts_inside=True),
}
"""The machine formats by ``--format`` name (``html``, ``rich`` and ``text`` are written by
the runner, which gives them the documents or a console)."""
