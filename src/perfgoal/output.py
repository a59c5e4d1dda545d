"""Where a command's output goes: stdout, or a file given with ``-o`` (``-`` is stdout).

The one place perfgoal's own commands (``report``, ``summary``, ``diff``) write an output
file, so that writing can be made atomic in one place."""

from __future__ import annotations

import sys
from pathlib import Path

from perfgoal.errors import UsageError


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
    try:
        if isinstance(data, bytes):
            output.write_bytes(data)
        else:
            output.write_text(data, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"无法写入 {output}：{exc.strerror or exc}") from exc
