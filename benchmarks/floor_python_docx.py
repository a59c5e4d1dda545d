"""The python-docx way of reading every table cell of a .docx (the obvious approach perfgoal
is compared with). Prints the number of cells (grid cells: merged cells count once per
grid position, as python-docx reports them).

Usage: ``python benchmarks/floor_python_docx.py FILE.docx``
"""

from __future__ import annotations

import sys

from docx import Document


def main(path: str) -> int:
    cells = chars = 0
    for table in Document(path).tables:
        for row in table.rows:
            for cell in row.cells:
                cells += 1
                chars += len(cell.text)
    print(cells, chars)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
