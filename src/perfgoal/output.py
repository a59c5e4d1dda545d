"""Where a command's output goes: stdout, or a file given with ``-o`` (``-`` is stdout).

The one place perfgoal's own commands (``report``, ``summary``, ``diff``) write an output
file: atomically (:func:`perfgoal.fileio.write_atomic`), so a failed write never leaves half
a report."""

from __future__ import annotations

import sys
from pathlib import Path

from perfgoal.fileio import write_atomic


def to_stdout(output: Path | None) -> bool:
    return output is None or str(output) == "-"


def write_output(data: str | bytes, output: Path | None) -> None:
    """Write ``data`` (text as UTF-8) to ``output`` or stdout; a file that cannot be written
    is a usage error (exit 2) naming it."""
    if to_stdout(output):
        if isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data)
        return
    assert output is not None
    write_atomic(output, data)  # OutputError (a UsageError: exit 2) naming the file
