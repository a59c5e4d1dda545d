"""Open any input (Word, text export, YAML, JSON) and return its :class:`Document`.

The format is sniffed from the content, not the extension: a .docx renamed .txt is still
read as Word, and a text file named .docx is still read as text.

Size limits (bounded memory whatever the input): a Word part may inflate to
``PERFGOAL_MAX_XML_MB`` (default 64) MiB; a text export, YAML or JSON file may hold
``PERFGOAL_MAX_TEXT_MB`` (default 8) MiB. Parsing takes about 50 times the text's size in
memory; 8 MiB of text is some 4,000 project tables.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import sys
from pathlib import Path
from typing import BinaryIO

from perfgoal.errors import InputError
from perfgoal.fileio import display_path, open_regular
from perfgoal.limits import (
    MAX_FILE_ENV,
    MAX_TEXT_ENV,
    max_file_bytes,
    max_text_bytes,
    max_xml_bytes,
)
from perfgoal.messages import message
from perfgoal.model import Document, Location, ParseNote, Source, SourceFormat
from perfgoal.readers.grid import Grid

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Files people upload by mistake, by their magic bytes.
_MAGIC = (
    (b"\x89PNG", "magic.png"),
    (b"\xff\xd8\xff", "magic.jpeg"),
    (b"GIF8", "magic.gif"),
    (b"BM", "magic.bmp"),
    (b"\x1f\x8b", "magic.gzip"),
    (b"Rar!", "magic.rar"),
    (b"7z\xbc\xaf\x27\x1c", "magic.7z"),
    (b"\x7fELF", "magic.elf"),
    (b"MZ", "magic.exe"),
    (b"SQLite format 3", "magic.sqlite"),
)

_DRAFT_START = re.compile(rb"(?:#[^\n]*\n|---[ \t]*\n|\s)*schema_version\s*:")
_DRAFT_ARRAY = re.compile(rb'\[\s*\{\s*"schema_version"\s*:')  # parse -f json A B
_TAB_LINE = re.compile(rb"(?:^|\n)\t")
_HTML_START = re.compile(
    rb"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body|table|title)\b",
    re.IGNORECASE | re.DOTALL,
)
# OLE2 (compound file) directory entries name their streams in UTF-16.
_OLE_STREAMS = tuple(
    (name.encode("utf-16-le"), kind)
    for name, kind in (
        ("EncryptedPackage", "encrypted"),
        ("WordDocument", "doc"),
        ("Workbook", "xls"),
        ("Book", "xls"),
    )
)
_WORKBOOK_PART = re.compile(rb"xl/(?:workbook\.xml|worksheets/|styles\.xml|sharedStrings\.xml)")
_FAMILY = {
    "doc": {".doc": "doc", ".wps": "wps", ".dot": "doc"},
    "xls": {".xls": "xls", ".et": "et"},
}


def sniff(data: bytes, suffix: str) -> SourceFormat:
    """What the bytes are, whatever the file is called. Raises :class:`InputError` for a
    file that is plainly something else (a picture, an archive, an encrypted Office file)."""
    for magic, what in _MAGIC:
        if data.startswith(magic) and (len(magic) > 2 or b"\0" in data[:64]):
            # (two-letter magics, BM and MZ, also begin ordinary text: binaries hold NULs)
            raise InputError("input.not-a-document", kind=message(what))
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(_ZIP) or data.startswith(b"PK\x05\x06"):
        return _sniff_package(data)
    if data.startswith(_OLE):
        return _sniff_compound(data, suffix)
    head = data[:4096].removeprefix(codecs.BOM_UTF8).lstrip()
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if _looks_like_html(data):
        return "html"
    if head.startswith(b"{") or _DRAFT_ARRAY.match(head):
        return "json"  # a JSON draft (or an array of them): a text export never starts so
    if _DRAFT_START.match(head):
        return "yaml"  # written by to-yaml
    if suffix == ".json" and not head.startswith(b"["):
        return "txt"  # a text export named .json
    if suffix in (".yaml", ".yml"):
        # YAML forbids TAB indentation; a text export's table cells start with a TAB.
        return "txt" if _TAB_LINE.search(head) else "yaml"
    if suffix == ".json":
        return "json"
    return "txt"


def _looks_like_html(data: bytes) -> bool:
    """An HTML page (also one a web system saved as .doc or .xls), in any encoding."""
    head = data[:2048]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", errors="ignore").encode("ascii", errors="ignore")
    return bool(_HTML_START.match(head.removeprefix(codecs.BOM_UTF8).lstrip()))


def _sniff_package(data: bytes) -> SourceFormat:
    """A zip package: Word, Excel or OpenDocument, by the names of its parts; anything else
    goes to the Word reader, which says what it is."""
    # (the part names stand in every member's local header too: a truncated workbook is
    # still told from a Word document)
    if _WORKBOOK_PART.search(data) and b"word/document.xml" not in data:
        return "xlsx"
    if b"mimetypeapplication/vnd.oasis.opendocument.text" in data[:128]:
        return "odt"
    return "docx"


def _sniff_compound(data: bytes, suffix: str) -> SourceFormat:
    """An OLE2 compound file: a legacy Word/WPS document, an Excel/WPS workbook or an
    encrypted (password-protected) Office file, by the names of its streams."""
    found = next((kind for name, kind in _OLE_STREAMS if name in data), None)
    if found == "encrypted":
        raise InputError("office.encrypted")
    if found is None:
        # the stream directory may be cut off (a truncated file): the name's reader says so
        by_name = {s: kind for family in _FAMILY.values() for s, kind in family.items()}
        if suffix in by_name:
            return by_name[suffix]  # type: ignore[return-value]
        raise InputError("office.unknown-ole2")
    return _FAMILY[found].get(suffix, found)  # type: ignore[return-value]


def _too_large(size: int, limit: int) -> InputError:
    return InputError(
        "input.text-too-large", size=_mib(size), limit=_mib(limit), variable=MAX_TEXT_ENV
    )


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"


def _is_package(head: bytes) -> bool:
    return head.startswith((_ZIP, b"PK\x05\x06", _OLE, b"%PDF"))


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a file that is not a Word package and is larger than the text limit
    is refused before it is read. Anything but a regular file (a folder, a FIFO, a device
    such as ``/dev/zero``) is refused before it is opened (:func:`perfgoal.fileio.open_regular`)."""
    limit = max_text_bytes()
    with open_regular(path) as stream:
        head = stream.read(8)
        if _is_package(head):
            return head + stream.read()
        size = os.fstat(stream.fileno()).st_size
        if size > limit:
            raise _too_large(size, limit)
        # As much as the file holds and a byte more (``read(limit + 1)`` would allocate the
        # whole limit, 8 MiB, for every file: ~50 µs each); more only if it grew meanwhile.
        rest = stream.read(max(1, size + 1 - len(head)))
        if len(head) + len(rest) > size:
            rest += stream.read(max(0, limit + 1 - len(head) - len(rest)))
        if len(head) + len(rest) > limit:
            raise _too_large(max(size, len(head) + len(rest)), limit)
        return head + rest


STDIN = "-"
"""The path argument that stands for standard input."""


def is_stdin(path: Path | str) -> bool:
    return str(path) == STDIN


def stdin_shown(name: str | None) -> tuple[str, str]:
    """The path the document on standard input is reported under (``--stdin-filename``, or
    ``-``) and the suffix that picks its format when the bytes do not tell."""
    if not name:
        return STDIN, ""
    return display_path(name), Path(name).suffix.lower()


def read_stdin() -> bytes:
    """Standard input's bytes, held to the limits of a file: a Word, Excel or PDF package to
    ``PERFGOAL_MAX_FILE_MB``, anything else to the text limit (so ``< /dev/zero`` is refused
    after a few MiB, not read to the end). Closed or unreadable standard input is an
    :class:`InputError`."""
    stream: BinaryIO | None = getattr(sys.stdin, "buffer", None)
    if stream is None:  # started with standard input closed
        raise InputError("input.stdin-closed")
    try:
        head = stream.read(8)
        package = _is_package(head)
        limit = max_file_bytes() if package else max_text_bytes()
        data = head + stream.read(limit + 1 - len(head))
    except OSError as exc:
        from perfgoal.fileio import os_reason

        raise InputError("input.read-failed", reason=os_reason(exc)) from exc
    except ValueError as exc:  # a closed file object
        raise InputError("input.stdin-closed") from exc
    if len(data) > limit:
        if package:
            raise InputError(
                "input.file-too-large",
                size=_mib(len(data)),
                limit=_mib(limit),
                variable=MAX_FILE_ENV,
            )
        raise _too_large(len(data), limit)
    return data


def load_stdin(name: str | None = None) -> Document:
    """:func:`load_document` for the document on standard input, reported under ``name``
    (``--stdin-filename``) or ``-``."""
    display, suffix = stdin_shown(name)
    return parse_bytes(read_stdin(), display, suffix)


def load_document(path: Path, display: str | None = None) -> Document:
    """Read and parse one file. Raises :class:`InputError` for what cannot be read, or for
    a document holding more than :mod:`perfgoal.limits` allows."""
    return parse_bytes(read_bytes(path), display or display_path(path), path.suffix.lower())


def parse_bytes(data: bytes, display: str, suffix: str = "") -> Document:
    """:func:`load_bytes`, held to the limits on projects and indicators
    (:mod:`perfgoal.limits`), as for a file."""
    from perfgoal.serialize import check_counts

    document = load_bytes(data, display, suffix)
    check_counts(len(document.projects), sum(len(p.indicators) for p in document.projects))
    return document


# Formats read from a binary file (size limit PERFGOAL_MAX_FILE_MB) and those LibreOffice
# converts first (to .docx).
_BINARY: frozenset[str] = frozenset({"pdf", "xls", "et", "doc", "wps", "rtf", "odt"})
_CONVERTED: frozenset[str] = frozenset({"doc", "wps", "rtf", "odt"})


def load_bytes(data: bytes, display: str, suffix: str = "") -> Document:
    fmt, source = _sniffed(data, display, suffix)
    if fmt in ("yaml", "json"):
        from perfgoal.serialize import document_from_data

        return document_from_data(data, fmt, source)
    return _load_format(data, fmt, source)


Loaded = tuple[str, "Document | InputError"]
"""A document of a file, by the path it is reported under, or why it cannot be read."""


def parse_documents(data: bytes, display: str, suffix: str = "") -> list[Loaded]:
    """Every document of a file, each held to :mod:`perfgoal.limits`: several for a YAML/JSON
    file holding several drafts (reported as ``display#N``,
    :func:`perfgoal.serialize.documents_from_data`; one that cannot be read is its
    :class:`InputError`, the others are still read), else the one :func:`parse_bytes`
    reads (raising :class:`InputError` as it does)."""
    from perfgoal.serialize import check_counts

    fmt, source = _sniffed(data, display, suffix)
    if fmt not in ("yaml", "json"):
        documents: list[Document | InputError] = [_load_format(data, fmt, source)]
    else:
        from perfgoal.serialize import documents_from_data

        documents = documents_from_data(data, fmt, source)
    loaded: list[Loaded] = []
    for document in documents:
        if isinstance(document, Document):
            check_counts(len(document.projects), sum(len(p.indicators) for p in document.projects))
            loaded.append((document.source.path, document))
        else:
            loaded.append((f"{display}#{len(loaded) + 1}", document))
    return loaded


def _sniffed(data: bytes, display: str, suffix: str) -> tuple[SourceFormat, Source]:
    """The format of ``data`` and its :class:`Source`, once it is held to the size limits."""
    if not data.strip():
        raise InputError("input.empty")
    fmt = sniff(data, suffix)
    if fmt in _BINARY:
        if len(data) > (limit := max_file_bytes()):
            raise InputError(
                "input.file-too-large",
                size=_mib(len(data)),
                limit=_mib(limit),
                variable=MAX_FILE_ENV,
            )
    elif fmt not in ("docx", "xlsx") and len(data) > (limit := max_text_bytes()):
        raise _too_large(len(data), limit)
    return fmt, Source(path=display, format=fmt, sha256=hashlib.sha256(data).hexdigest())


def _load_format(data: bytes, fmt: SourceFormat, source: Source) -> Document:
    """A document that is not a YAML/JSON draft."""
    if fmt == "txt":
        return _load_text(data, source)
    from perfgoal.parsing import parse_grid
    from perfgoal.parsing.select import select_target_tables

    grid = _read_grid(data, fmt, source)
    selection = select_target_tables(grid)
    document = parse_grid(selection.grid, source)
    document.skipped_tables = selection.skipped
    document.skipped_paragraphs = selection.paragraphs
    return document


def _read_grid(data: bytes, fmt: SourceFormat, source: Source) -> Grid:
    if fmt == "docx":
        from perfgoal.readers.docx import read_docx

        return read_docx(data, max_xml_bytes=max_xml_bytes())
    if fmt == "xlsx":
        from perfgoal.readers.xlsx import read_xlsx

        return read_xlsx(data, max_xml_bytes=max_xml_bytes())
    if fmt in ("xls", "et"):
        from perfgoal.readers.xls import read_xls

        return read_xls(data, fmt)
    if fmt == "html":
        from perfgoal.readers.html import read_html

        return read_html(data)
    if fmt == "pdf":
        from perfgoal.readers.pdf import read_pdf

        return read_pdf(data)
    assert fmt in _CONVERTED, fmt
    from perfgoal.readers.convert import convert_to_docx
    from perfgoal.readers.docx import read_docx

    converted = convert_to_docx(data, fmt)
    source.converted_to = "docx"
    grid = read_docx(converted, max_xml_bytes=max_xml_bytes())
    grid.format = fmt
    return grid


def _load_text(data: bytes, source: Source) -> Document:
    from perfgoal.parsing import parse_grid
    from perfgoal.readers.text import decode_text, text_grid

    decoded = decode_text(data)
    document = parse_grid(text_grid(decoded.text), source)
    if decoded.foreign_lines:
        document.notes.insert(0, _mixed_encoding_note(decoded.text, decoded.foreign_lines))
    return document


def _mixed_encoding_note(text: str, lines: tuple[int, ...]) -> ParseNote:
    """The PG003 note for a UTF-8 text with lines in another encoding."""
    first = re.split(r"\r\n|\r|\n", text, maxsplit=lines[0])[lines[0] - 1]
    many = {"count": len(lines)} if len(lines) > 10 else {}
    return ParseNote(
        key="note.mixed-encoding-many" if many else "note.mixed-encoding",
        params={"lines": list(lines[:10]), **many},
        text=first,
        location=Location(line=lines[0]),
    )
