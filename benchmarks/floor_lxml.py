"""The floor for reading a .docx: unzip, parse ``word/document.xml`` with lxml and collect the
text of every table cell (``w:tc``). Prints the number of cells.

Usage: ``python benchmarks/floor_lxml.py FILE.docx``
"""

from __future__ import annotations

import sys
import zipfile

from lxml import etree

W_TC = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc"


def main(path: str) -> int:
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    texts = ["".join(tc.itertext()) for tc in root.iter(W_TC)]
    print(len(texts), sum(map(len, texts)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
