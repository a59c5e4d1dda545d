"""``perfgoal diff OLD NEW``: load both versions, check them with the same rules, compare,
print. Exit codes as ``diff``: 0 the same, 1 different, 2 trouble (a usage error, or a
version that cannot be read: there is nothing to compare it with); 3 an internal error of
perfgoal while reading a version (one line naming the file, as for every command)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from perfgoal.config import Config
from perfgoal.diff.compare import Side, compare_documents
from perfgoal.diff.model import DocumentDiff
from perfgoal.engine import check_document
from perfgoal.errors import InputError, UsageError
from perfgoal.messages import message, render
from perfgoal.output import to_stdout, write_output
from perfgoal.rules.base import Lang


class ReadFailure(Exception):
    """perfgoal itself failed on a version (a parser bug): exit 3, one line."""


def load_side(path: Path, config: Config, lang: Lang, stdin_name: str | None = None) -> Side:
    """A version, read from standard input when ``path`` is ``-`` (reported under
    ``stdin_name``)."""
    from perfgoal.load import is_stdin, load_document, load_stdin, stdin_shown

    stdin = is_stdin(path)
    display = stdin_shown(stdin_name)[0] if stdin else path.as_posix()
    try:
        document = load_stdin(stdin_name) if stdin else load_document(path, display)
    except InputError as exc:
        raise UsageError(message("diff.unreadable", path=display, reason=exc.render(lang))) from exc
    except Exception as exc:
        detail = f"{type(exc).__name__}: {exc}"
        line = render("cli.internal-error-file", lang, detail=detail)
        raise ReadFailure(f"perfgoal: {display}: {line}") from exc
    return Side(document, check_document(document, config, lang))


def run_diff(
    old: Path,
    new: Path,
    *,
    config: Config,
    lang: Lang,
    fmt: str,
    output: Path | None,
    min_score: float,
    stdin_name: str | None = None,
) -> int:
    try:
        sides = load_side(old, config, lang, stdin_name), load_side(new, config, lang, stdin_name)
    except ReadFailure as exc:
        print(exc, file=sys.stderr)
        return 3
    diff = compare_documents(*sides, lang=lang, min_score=min_score)
    write_diff(diff, fmt, lang, output)
    return 0 if diff.identical else 1


def write_diff(diff: DocumentDiff, fmt: str, lang: Lang, output: Path | None) -> None:
    if fmt == "json":
        write_output(diff.model_dump_json(indent=2) + "\n", output)
    elif fmt == "markdown":
        from perfgoal.diff.render import render_markdown

        write_output(render_markdown(diff, lang), output)
    else:
        from rich.console import Console

        from perfgoal.diff.terminal import render

        if to_stdout(output):
            render(diff, lang, Console(highlight=False, soft_wrap=True))
            return
        buffer = io.StringIO()
        render(diff, lang, Console(file=buffer, no_color=True, soft_wrap=True, width=200))
        write_output(buffer.getvalue(), output)
