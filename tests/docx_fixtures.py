"""Build .docx fixtures in code: with python-docx, or as raw WordprocessingML in a zip for
what python-docx cannot write (tracked changes, content controls, fields, text boxes...)."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from docx import Document

NAMESPACES = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"'
)
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def python_docx(build: Callable[[Any], None]) -> bytes:
    """A document made by python-docx: ``build`` gets a fresh ``Document()``."""
    document = Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def document_xml(body: str, *, root: str = "w:document") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f"<{root} {NAMESPACES}><w:body>{body}</w:body></{root}>"
    )


def header_xml(content: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><w:hdr {NAMESPACES}>{content}</w:hdr>'


def package(parts: dict[str, str | bytes], *, method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip holding ``parts`` (plus [Content_Types].xml unless given)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as zf:
        if "[Content_Types].xml" not in parts:
            zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        for name, data in parts.items():
            zf.writestr(name, data)
    return out.getvalue()


def raw_docx(body: str, **headers: str) -> bytes:
    """A minimal .docx whose body is ``body``; ``header1="<w:p>…"`` adds word/header1.xml."""
    parts: dict[str, str | bytes] = {"word/document.xml": document_xml(body)}
    for name, content in headers.items():
        parts[f"word/{name}.xml"] = header_xml(content)
    return package(parts)


# -- WordprocessingML snippets -----------------------------------------------------------------


def t(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


def r(*content: str) -> str:
    """A run; plain strings become w:t, markup (starting with '<') is kept."""
    return "<w:r>" + "".join(c if c.startswith("<") else t(c) for c in content) + "</w:r>"


def p(*content: str) -> str:
    """A paragraph; plain strings become runs, markup is kept."""
    return "<w:p>" + "".join(c if c.startswith("<") else r(c) for c in content) + "</w:p>"


def tc(*content: str, props: str = "") -> str:
    """A cell; plain strings become paragraphs. A cell always ends with a paragraph."""
    inner = "".join(c if c.startswith("<") else p(c) for c in content) or "<w:p/>"
    pr = f"<w:tcPr>{props}</w:tcPr>" if props else ""
    return f"<w:tc>{pr}{inner}</w:tc>"


def tr(*cells: str, props: str = "") -> str:
    pr = f"<w:trPr>{props}</w:trPr>" if props else ""
    return f"<w:tr>{pr}{''.join(cells)}</w:tr>"


def tbl(*rows: str) -> str:
    return f"<w:tbl><w:tblPr/><w:tblGrid/>{''.join(rows)}</w:tbl>"


def grid(*rows: list[str]) -> str:
    """A table from rows of plain cell texts."""
    return tbl(*(tr(*(tc(text) for text in row)) for row in rows))


# -- byte surgery on a built zip ---------------------------------------------------------------


def patch_entry(
    data: bytes, name: str, *, flags: int | None = None, method: int | None = None
) -> bytes:
    """Set the flag bits and/or compression method of ``name`` in both of its zip headers."""
    buf = bytearray(data)
    encoded = name.encode()
    for signature, name_at, flags_at in ((b"PK\x03\x04", 30, 6), (b"PK\x01\x02", 46, 8)):
        at = buf.find(signature)
        while at != -1:
            if buf[at + name_at : at + name_at + len(encoded)] == encoded:
                if flags is not None:
                    struct.pack_into("<H", buf, at + flags_at, flags)
                if method is not None:
                    struct.pack_into("<H", buf, at + flags_at + 2, method)
            at = buf.find(signature, at + 4)
    return bytes(buf)


def patch_declared_size(data: bytes, name: str, size: int) -> bytes:
    """Make the central directory lie about ``name``'s uncompressed size."""
    buf = bytearray(data)
    encoded = name.encode()
    at = buf.find(b"PK\x01\x02")
    while at != -1:
        if buf[at + 46 : at + 46 + len(encoded)] == encoded:
            struct.pack_into("<I", buf, at + 24, size)
        at = buf.find(b"PK\x01\x02", at + 4)
    return bytes(buf)


def zip_bomb(megabytes: int = 300) -> bytes:
    """A .docx whose word/document.xml inflates to ``megabytes`` MB of spaces (about 1 KB
    zipped per MB), written in chunks so the test never holds the inflated part."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = b" " * (1 << 20)
            for _ in range(megabytes):
                part.write(chunk)
    return out.getvalue()
