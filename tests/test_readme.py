"""README's command table lists every option each command has, and no option it lacks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.core
import typer.main

from perfgoal.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"
COMMANDS = typer.main.get_command(app)
assert isinstance(COMMANDS, typer.core.TyperGroup)


def _row(command: str) -> str:
    """The first cell of the command's row in the table."""
    for line in README.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| `perfgoal ([\w-]+)(.*?)` \|", line)
        if match and match.group(1) == command:
            return match.group(2)
    raise AssertionError(f"README's command table has no row for `perfgoal {command}`")


@pytest.mark.parametrize("command", sorted(COMMANDS.commands))
def test_every_option_is_in_the_readme_row(command: str) -> None:
    row = _row(command)
    listed = set(re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", row))
    options = [
        param
        for param in COMMANDS.commands[command].params
        if isinstance(param, typer.core.TyperOption) and not param.hidden
    ]
    missing = [o.opts[0] for o in options if not listed & {*o.opts, *o.secondary_opts}]
    assert not missing, f"README's row of `perfgoal {command}` lacks {missing}"
    known = {name for o in options for name in (*o.opts, *o.secondary_opts)}
    assert listed <= known, f"README lists options `perfgoal {command}` lacks: {listed - known}"
