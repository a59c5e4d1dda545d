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
# Files people upload by mistake, by their magic bytes.
_MAGIC = (
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
    (b"BM", "BMP 图片"),
    (b"%PDF", "PDF 文件（请提交 Word 原件或其文本导出）"),
    (b"{\\rtf", "RTF 文档（请在 Word 中另存为 .docx）"),
    (b"\x1f\x8b", "gzip 压缩包"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"\x7fELF", "可执行文件"),
    (b"MZ", "Windows 可执行文件"),
    (b"SQLite format 3", "SQLite 数据库"),
)


def sniff(data: bytes, suffix: str) -> SourceFormat:
    """What the bytes are, whatever the file is called. Raises :class:`InputError` for a
    file that is plainly something else (a picture, a PDF, an archive)."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise InputError(f"这是{what}，不是 Word 文档或文本导出")
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
