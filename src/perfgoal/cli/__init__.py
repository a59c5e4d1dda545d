"""The command line: argument handling only; the work is in the modules it wires together.

Heavy modules (python-docx, lxml, ruamel.yaml, the rules) are imported inside the commands
so that ``perfgoal --help`` stays instant in pre-commit.
"""

from __future__ import annotations

import sys

# isort: off
# the commands register themselves on the app, in the order ``perfgoal --help`` lists them
from perfgoal.cli import documents, validate, review, catalog  # noqa: F401

# isort: on
from perfgoal.cli.common import (
    _DEBUG,
    _LANG,
    ValidateFormat,
    _current_lang,
    _internal_line,
    _say,
    app,
)

__all__ = ["ValidateFormat", "app", "main"]


def main() -> None:
    """The entry point: the command, inside one guard that turns whatever still escapes
    into one line and a documented exit code (README "Exit codes"):

    * 2: an output that cannot be written (a closed stdout, a full disk; a closed pipe
      quietly), or a usage error raised late;
    * 3: an internal error of perfgoal itself, naming the file it was working on, with a
      hint to rerun with ``--debug`` (which shows the traceback);
    * 130: interrupted (Ctrl-C), with one line and no traceback.
    """
    from perfgoal.streams import install, restore

    originals = install()
    code, pipe_closed = _guarded()
    restore(originals, pipe_closed=pipe_closed)
    sys.exit(code)


def _guarded() -> tuple[int, bool]:
    """Run the command; (exit code, whether stdout was a pipe that closed)."""
    from perfgoal.errors import OutputClosed, UsageError, subject_of

    _LANG.clear()
    try:
        try:
            app()
            code = 0
        except SystemExit as exc:  # typer always ends so, and turns Ctrl-C into 130
            code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
            if isinstance(exc.code, str):
                _say(exc.code, err=True)
        sys.stdout.flush()
        if code == 130:
            _say(f"perfgoal: {_interrupted()}", err=True)
        return code, False
    except KeyboardInterrupt:
        _say(f"perfgoal: {_interrupted()}", err=True)
        return 130, False
    except (OutputClosed, BrokenPipeError):
        return 2, True
    except UsageError as exc:  # an output that cannot be written, a late usage error
        _say(f"perfgoal: error: {exc.render(_current_lang())}", err=True)
        return 2, False
    except Exception as exc:
        if _DEBUG["on"] or "--debug" in sys.argv[1:]:
            import traceback

            traceback.print_exception(exc, file=sys.stderr)
        subject = subject_of(exc)
        where = f"{subject}: " if subject else ""
        _say(f"perfgoal: {where}{_internal_line(exc)}", err=True)
        return 3, False


def _interrupted() -> str:
    from perfgoal.messages import render

    return render("cli.interrupted", _current_lang())
