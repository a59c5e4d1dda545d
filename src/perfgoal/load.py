"""Open any input (Word, text export, YAML, JSON) and return its :class:`Document`.

The format is sniffed from the content, not the extension: a .docx renamed .txt is still
read as Word, and a text file named .docx is still read as text.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from perfgoal.errors import InputError
from perfgoal.model import Document, Source, SourceFormat

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes, suffix: str) -> SourceFormat:
    """What the bytes are, whatever the file is called."""
    if data.startswith(_ZIP) or data.startswith(b"PK\x05\x06"):
        return "docx"
    if data.startswith(_OLE):
        return "docx"  # the Word reader explains legacy .doc and encrypted files
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".json":
        return "json"
    return "txt"


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except IsADirectoryError as exc:
        raise InputError("这是一个文件夹，不是文件") from exc
    except OSError as exc:
        raise InputError(f"无法打开文件：{exc.strerror or exc}") from exc


def load_document(path: Path, display: str | None = None) -> Document:
    """Read and parse one file. Raises :class:`InputError` for what cannot be read."""
    data = read_bytes(path)
    return load_bytes(data, display or str(path), path.suffix.lower())


def load_bytes(data: bytes, display: str, suffix: str = "") -> Document:
    if not data.strip():
        raise InputError("文件为空")
    fmt = sniff(data, suffix)
    source = Source(path=display, format=fmt, sha256=hashlib.sha256(data).hexdigest())
    if fmt in ("yaml", "json"):
        from perfgoal.serialize import document_from_data

        return document_from_data(data, fmt, source)
    from perfgoal.parsing import parse_grid

    if fmt == "docx":
        from perfgoal.readers.docx import read_docx

        grid = read_docx(data)
    else:
        from perfgoal.readers.text import read_text

        grid = read_text(data)
    return parse_grid(grid, source)
