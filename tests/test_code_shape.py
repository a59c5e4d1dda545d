"""No long functions or modules creep back into src/perfgoal (STYLE: a function over ~50
lines or a module over ~400 is a sign to look again). The test allows some slack for
functions, up to 60 lines, none for modules, up to 400, and an explicit allow-list; ``python
tests/test_code_shape.py`` prints what is over.

Lines are counted as written: a function from its ``def`` (decorators excluded) to its last
line, docstring and comments included; a module is every line of its file."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "perfgoal"
FUNCTION_LINES = 60
MODULE_LINES = 400
ALLOWED = {
    # the validate command: one typer function whose ~30 options make its signature alone
    # longer than the limit (its work is in the helpers beside it and in runner.py)
    "cli/validate.py",
}


def too_long(root: Path = SRC) -> list[str]:
    """``path: N lines`` for each module over :data:`MODULE_LINES` and ``path:line name:
    N lines`` for each function over :data:`FUNCTION_LINES`, outside :data:`ALLOWED`."""
    found: list[str] = []
    for path in sorted(root.rglob("*.py")):
        name = path.relative_to(root).as_posix()
        if name in ALLOWED:
            continue
        source = path.read_text("utf-8")
        lines = len(source.splitlines())
        if lines > MODULE_LINES:
            found.append(f"{name}: {lines} lines")
        for node in ast.walk(ast.parse(source, filename=name)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > FUNCTION_LINES:
                    found.append(f"{name}:{node.lineno} {node.name}: {length} lines")
    return found


def test_no_function_or_module_is_too_long() -> None:
    assert too_long() == [], "split these (or, for a reason, list them in ALLOWED)"


def test_every_allowed_module_is_still_over() -> None:
    """An allow-list entry that is no longer needed is removed, so it cannot hide a new one."""
    for name in ALLOWED:
        source = (SRC / name).read_text("utf-8")
        tree = ast.parse(source)
        functions = [
            n.end_lineno - n.lineno + 1
            for n in ast.walk(tree)
            if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef) and n.end_lineno
        ]
        over = len(source.splitlines()) > MODULE_LINES or max(functions) > FUNCTION_LINES
        assert over, f"{name} is within the limits now: remove it from ALLOWED"


def test_the_scan_sees_a_long_function_and_module(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(FUNCTION_LINES))
    (tmp_path / "long.py").write_text(f"def long():\n{body}\n", "utf-8")
    (tmp_path / "short.py").write_text("def short():\n    return 1\n", "utf-8")
    (tmp_path / "big.py").write_text("x = 1\n" * (MODULE_LINES + 1), "utf-8")
    assert too_long(tmp_path) == [
        f"big.py: {MODULE_LINES + 1} lines",
        f"long.py:1 long: {FUNCTION_LINES + 1} lines",
    ]


if __name__ == "__main__":
    sys.stdout.write("".join(f"{line}\n" for line in too_long()))
