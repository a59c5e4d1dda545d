"""The floors for the other readers: each library's own bare extraction of the same file,
which perfgoal's reader builds on. Prints what it read (a count), so that the run is checked.

Usage: ``python benchmarks/floor_formats.py pdf|xlsx|xls|html|soffice FILE``

- ``pdf``: pdfplumber opens the file, finds every page's ruled tables, extracts their cell
  texts and the page's characters (what perfgoal's PDF reader starts from).
- ``xlsx``: lxml parses every worksheet and the shared strings and collects each cell's value.
- ``xls``: xlrd opens the workbook with its formatting and reads every cell's value.
- ``html``: lxml.html parses the page and collects the text of every table cell.
- ``soffice``: LibreOffice converts the file to .docx (the conversion alone), in a private
  profile as perfgoal runs it.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path


def pdf(path: str) -> int:
    import pdfplumber

    rows = chars = 0
    with pdfplumber.open(path) as document:
        for page in document.pages:
            for table in page.find_tables():
                rows += len(table.extract())
            chars += len(page.chars)
    print(len(document.pages), rows, chars)
    return 0


def xlsx(path: str) -> int:
    from lxml import etree

    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    values = 0
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
                root = etree.fromstring(archive.read(name))
                values += sum(1 for c in root.iter(f"{ns}c", f"{ns}si") if "".join(c.itertext()))
    print(values)
    return 0


def xls(path: str) -> int:
    import xlrd

    book = xlrd.open_workbook(path, formatting_info=True)
    values = sum(
        1
        for sheet in book.sheets()
        for r in range(sheet.nrows)
        for c in range(sheet.ncols)
        if sheet.cell_value(r, c) not in ("", None)
    )
    print(values)
    return 0


def html(path: str) -> int:
    from lxml import html as lxml_html

    root = lxml_html.fromstring(Path(path).read_bytes())
    cells = [cell.text_content() for cell in root.iter("td", "th")]
    print(len(cells), sum(map(len, cells)))
    return 0


def soffice(path: str) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
             "--convert-to", "docx", "--outdir", tmp, path],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        out = Path(tmp) / (Path(path).stem + ".docx")
        print(out.stat().st_size)
    return 0


if __name__ == "__main__":
    kind, file = sys.argv[1], sys.argv[2]
    raise SystemExit(
        {"pdf": pdf, "xlsx": xlsx, "xls": xls, "html": html, "soffice": soffice}[kind](file)
    )
