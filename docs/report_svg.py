"""Regenerate the terminal report in docs/report.md: the rich report of the reference document
(samples/cangzhou-2025.txt) at 80 columns, as text in a fenced block and as an SVG screenshot
(docs/report-terminal.svg), both recorded from one rich ``Console(record=True)``.

    .venv/bin/python docs/report_svg.py           # rewrite both
    .venv/bin/python docs/report_svg.py --check   # exit 1 when either differs from today's

The console is fixed (80 columns, no environment read, one colour system) so that the
output depends on perfgoal only: tests/test_report_width.py regenerates both and compares.
The excerpt is the report's first project (of 20) and its closing counts line.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from rich.console import Console
from rich.text import Text

from perfgoal.api import validate
from perfgoal.findings import Report
from perfgoal.reporters.text import file_lines, summary_line

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = "samples/cangzhou-2025.txt"
WIDTH = 80
DOC = ROOT / "docs" / "report.md"
SVG = ROOT / "docs" / "report-terminal.svg"
START = "<!-- terminal-report: start (python docs/report_svg.py) -->"
END = "<!-- terminal-report: end -->"
OMITTED = "  …"
"""The line standing for the projects left out (not a line of the report)."""
TITLE = "perfgoal validate samples/cangzhou-2025.txt"


def record() -> Console:
    """The first project's findings and the closing line, printed as ``validate`` prints
    them, into a recording console of 80 columns."""
    console = Console(
        record=True,
        width=WIDTH,
        file=io.StringIO(),
        force_terminal=True,
        color_system="standard",
        legacy_windows=False,
        highlight=False,
        soft_wrap=True,
        _environ={},  # neither COLUMNS nor NO_COLOR nor FORCE_COLOR of the caller
    )
    (file,) = validate([ROOT / REFERENCE])
    file = file.model_copy(update={"path": REFERENCE})
    headings = 0
    for line in file_lines(file, "zh", WIDTH):
        headings += line.plain.startswith("  项目 ")  # a project's heading (findings: 4 spaces)
        if headings == 2:
            break
        console.print(line, highlight=False, soft_wrap=True)
    console.print(Text(OMITTED, style="dim"))
    console.print()
    console.print(summary_line(Report.build([file]), "zh"), highlight=False)
    return console


def render() -> tuple[str, str]:
    """(the text, the SVG) of :func:`record`."""
    console = record()
    text = console.export_text(clear=False)
    svg = console.export_svg(title=TITLE, clear=True)
    return text, svg


def block(text: str) -> str:
    return f"{START}\n\n```text\n{text.rstrip()}\n```\n\n{END}"


def documented() -> str:
    """The fenced block's text as docs/report.md holds it."""
    page = DOC.read_text("utf-8")
    inner = page[page.index(START) + len(START) : page.index(END)]
    return inner.strip().removeprefix("```text\n").removesuffix("```").rstrip() + "\n"


def main(argv: list[str]) -> int:
    text, svg = render()
    page = DOC.read_text("utf-8")
    before, after = page[: page.index(START)], page[page.index(END) + len(END) :]
    fresh = before + block(text) + after
    if "--check" in argv:
        stale = [p.name for p, want in ((DOC, fresh), (SVG, svg)) if p.read_text("utf-8") != want]
        for name in stale:
            print(f"{name} is stale: run python docs/report_svg.py", file=sys.stderr)
        return 1 if stale else 0
    DOC.write_text(fresh, "utf-8")
    SVG.write_text(svg, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
