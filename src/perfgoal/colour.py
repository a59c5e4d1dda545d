"""Whether a human report is coloured (``--color auto|always|never``), and the rich
console that writes it.

``auto`` follows the conventions, in this order: ``NO_COLOR`` set and not empty
(no-color.org) means no colour; ``FORCE_COLOR`` set and not empty (force-color.org) means
colour even when standard output is not a terminal (never into an ``-o`` file); otherwise
colour only on a terminal.
``always`` and ``never`` win over both variables. A console that is not coloured writes no
escape code at all (no bold either), so a report written with ``-o`` is plain text unless
``--color always``.
"""

from __future__ import annotations

import os
import sys
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def wanted(choice: str, stream: IO[str] | None) -> bool:
    if choice in ("always", "never"):
        return choice == "always"
    if stream is None or os.environ.get("NO_COLOR", ""):  # a file being written: plain
        return False
    if os.environ.get("FORCE_COLOR", ""):
        return True
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def console(
    choice: str, *, file: IO[str] | None = None, stderr: bool = False, width: int | None = None
) -> Console:
    """A console on ``file`` (None: stdout, or stderr), coloured as :func:`wanted` says."""
    from rich.console import Console

    target = file if file is not None else sys.stderr if stderr else sys.stdout
    colour = wanted(choice, None if file is not None else target)
    system = None
    if colour:
        system = "auto" if file is None and target.isatty() else "standard"
    return Console(
        file=file,
        stderr=stderr,
        force_terminal=colour,
        color_system=system,  # type: ignore[arg-type]
        no_color=False,
        highlight=False,
        soft_wrap=True,
        width=width,
    )
