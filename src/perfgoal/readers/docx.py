"""Read a Word .docx into the neutral :class:`~perfgoal.readers.grid.Grid`.

The package is opened with :mod:`zipfile`; each part is inflated in chunks (stopping as soon
as it grows past ``max_xml_bytes``, whatever the zip header claims) and parsed once by a
hardened lxml parser (no entities, no DTD, no network, no huge trees; a DOCTYPE is refused
outright). ``word/document.xml`` is then walked once (:mod:`perfgoal.readers._docx_text`).
python-docx objects are not used for reading: reading every cell of a 200-table document
through them took about 20x the bare lxml parse.

Limits, measured on python-docx output (the most compressible real producer seen):

- ``DEFAULT_MAX_XML_BYTES`` = 64 MiB per part (and 64 MiB for all page headers together).
  500 tables of 20x6 cells hold an 8 MB ``document.xml`` with bare runs and 28.5 MB with
  Word-like run properties (fonts, sizes); 64 MiB leaves more than twice that.
- ``DEFAULT_MAX_RATIO`` = 300 (uncompressed / compressed), checked only for parts above
  ``RATIO_FLOOR_BYTES`` (4 MiB), so small files are never refused. Real tables compress
  11:1 (formatted runs) to 62:1 (bare runs), 130-155:1 when every cell is empty or holds
  the same text; deflated blank space, what a zip bomb is made of, reaches about 1000:1.
- ``MAX_ITEMS`` (``readers/text.py``) = 200,000 cells and paragraphs per part (400,000
  ``w:tc``/``w:p`` start tags), counted on the raw XML before lxml builds a tree: 64 MiB of
  empty cells would otherwise take a gigabyte of tree (the 250-project benchmark document
  has 24,000 cells).
"""

from __future__ import annotations

import gc
import io
import lzma
import re
import struct
import zipfile
import zlib
from typing import Any

from perfgoal.errors import InputError
from perfgoal.messages import Message, message
from perfgoal.readers._docx_text import W_NS, W_STRICT_NS, StoryWalker
from perfgoal.readers.grid import Block, Grid, Paragraph
from perfgoal.readers.text import MAX_ITEMS, too_many_items

DEFAULT_MAX_XML_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_RATIO = 300
RATIO_FLOOR_BYTES = 4 * 1024 * 1024

MAIN_PART = "word/document.xml"
_CHUNK = 1024 * 1024
_PROLOG = 4096
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")
_HEADER_PART = re.compile(r"word/header(\d*)\.xml", re.IGNORECASE)
_OFFICE_DOCUMENT_REL = "/officeDocument"
_DOCTYPE_MARKS = tuple(
    mark.encode(encoding)
    for mark in ("<!DOCTYPE", "<!doctype")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    OSError,
    ValueError,
    struct.error,
)
_INFLATE_ERRORS = (
    zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError, RuntimeError,
    struct.error,
)  # fmt: skip
_ROOT_NAMESPACES = {"{%s}document" % W_NS: W_NS, "{%s}document" % W_STRICT_NS: W_STRICT_NS}  # noqa: UP031

# Zip members that tell what a non-Word package is.
_OTHER_PACKAGES = (
    ("xl/workbook.xml", "docx.is-xlsx"),
    ("ppt/presentation.xml", "docx.is-pptx"),
    ("content.xml", "docx.is-odf"),
)


def read_docx(
    data: bytes,
    *,
    max_xml_bytes: int = DEFAULT_MAX_XML_BYTES,
    max_ratio: int = DEFAULT_MAX_RATIO,
) -> Grid:
    """Read a .docx: the body's paragraphs and tables in reading order, and the non-empty
    lines of every page header (``word/header*.xml``, in part-name order).

    Raises :class:`InputError` (and nothing else) when the bytes are not a readable .docx:
    another format (its name is given: .doc, encrypted .docx, .xlsx, PDF...), a damaged or
    encrypted zip, broken XML (``where`` gives part and line), a DOCTYPE, or a part larger
    than ``max_xml_bytes`` or compressed more than ``max_ratio``:1 (a zip bomb).
    """
    zf = _open_zip(data)
    # The walk allocates one object per cell and none of them forms a cycle; the cyclic GC
    # would only rescan them again and again (a quarter of the time on 500 tables).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _read(zf, max_xml_bytes, max_ratio)
    finally:
        zf.close()
        if gc_was_enabled:
            gc.enable()


def _read(zf: zipfile.ZipFile, max_xml_bytes: int, max_ratio: int) -> Grid:
    main = _main_part(zf)
    root = _parse_part(zf, main, max_xml_bytes, max_ratio)
    namespace = _ROOT_NAMESPACES.get(root.tag)
    if namespace is None:
        raise InputError("docx.bad-root", where=main, part=main)
    grid = Grid(format="docx")
    body = next(root.iterchildren("{%s}body" % namespace), None)  # noqa: UP031
    if body is not None:
        grid.blocks = _walk(StoryWalker(namespace), body, main)
    budget = max_xml_bytes  # all page headers together
    for name in _header_parts(zf):
        header = _parse_part(zf, name, budget, max_ratio)
        budget = max(0, budget - zf.getinfo(name).file_size)
        grid.headers.extend(header_lines(_walk(StoryWalker(namespace), header, name)))
    return grid


def header_lines(blocks: list[Block]) -> list[str]:
    """Flatten a page header's blocks: each paragraph, then each non-empty cell, in order."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            lines.extend(cell.text for row in block.rows for cell in row.cells if cell.text)
    return lines


def _walk(walker: StoryWalker, story: Any, part: str) -> list[Block]:
    try:
        return walker.blocks(story)
    except RecursionError:  # lxml caps depth at 256, so this only guards our own frames
        raise InputError("docx.too-deep", where=part) from None


# -- the container ---------------------------------------------------------------------------


def _open_zip(data: bytes) -> zipfile.ZipFile:
    if not data:
        raise InputError("docx.empty")
    if data.startswith(_OLE2_MAGIC):
        raise InputError(_ole2_key(data))
    if data.startswith(b"%PDF"):
        raise InputError("docx.is-pdf")
    if data.lstrip().startswith(b"{\\rtf"):
        raise InputError("docx.is-rtf")
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except NotImplementedError as exc:  # e.g. "zip file version 6.4"
        raise InputError("docx.zip-unsupported", detail=str(exc)) from exc
    except _ZIP_ERRORS as exc:
        if data.startswith(b"PK"):
            raise InputError("docx.zip-broken") from exc
        raise InputError("docx.not-zip") from exc


def _ole2_key(data: bytes) -> str:
    """An OLE2 compound file is a legacy .doc or an encrypted (password-protected) .docx."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return "docx.encrypted"
    if "WordDocument".encode("utf-16-le") in data:
        return "docx.is-doc"
    return "docx.is-ole2"


def _main_part(zf: zipfile.ZipFile) -> str:
    names = set(zf.namelist())
    if MAIN_PART in names:
        return MAIN_PART
    for name in names:  # OPC part names are case-insensitive
        if name.lower() == MAIN_PART:
            return name
    for member, key in _OTHER_PACKAGES:
        if member in names:
            raise InputError(key)
    target = _office_document_target(zf, names)
    if target is not None:
        return target
    if "[Content_Types].xml" in names:
        raise InputError("docx.no-document-in-package")
    raise InputError("docx.no-document-in-zip")


def _office_document_target(zf: zipfile.ZipFile, names: set[str]) -> str | None:
    """The main part named by ``_rels/.rels`` when it is not ``word/document.xml``."""
    if "_rels/.rels" not in names:
        return None
    try:
        rels = _parse_part(zf, "_rels/.rels", 1024 * 1024, DEFAULT_MAX_RATIO)
    except InputError:
        return None
    for rel in rels:
        target = (rel.get("Target") or "").lstrip("/")
        if (rel.get("Type") or "").endswith(_OFFICE_DOCUMENT_REL) and target in names:
            return str(target)
    return None


def _header_parts(zf: zipfile.ZipFile) -> list[str]:
    found = [(m, n) for n in zf.namelist() if (m := _HEADER_PART.fullmatch(n))]
    found.sort(key=lambda item: (int(item[0].group(1) or 0), item[1]))
    return [name for _, name in found]


# -- one part --------------------------------------------------------------------------------


def _parse_part(zf: zipfile.ZipFile, name: str, max_bytes: int, max_ratio: int) -> Any:
    """Inflate and parse one part, refusing bombs, entity tricks and broken XML."""
    info = zf.getinfo(name)
    _check_entry(info, max_bytes, max_ratio)
    raw = _inflate(zf, info, max_bytes)
    if _has_doctype(raw):
        raise _doctype_error(name)
    if _too_many_items(raw):  # before lxml builds a tree of them
        raise too_many_items()
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError as exc:
        raise broken_xml(name, exc) from None
    if root.getroottree().docinfo.doctype:  # a DOCTYPE after a long prolog
        raise _doctype_error(name)
    return root


def _check_entry(info: zipfile.ZipInfo, max_bytes: int, max_ratio: int) -> None:
    name = info.filename
    if info.flag_bits & 0x1:
        raise InputError("zip.encrypted", where=name, part=name)
    if info.compress_type not in _COMPRESSIONS:
        raise InputError("zip.method", where=name, part=name, method=info.compress_type)
    if info.file_size > max_bytes:
        raise InputError(
            "zip.too-large",
            where=name,
            part=name,
            size=_size(info.file_size),
            limit=_size(max_bytes),
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_FLOOR_BYTES and ratio > max_ratio:
        raise InputError("zip.ratio", where=name, part=name, ratio=f"{ratio:.0f}", limit=max_ratio)


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int) -> bytes:
    """The part's bytes; stop as soon as more than ``max_bytes`` come out."""
    name, total, chunks = info.filename, 0, []
    try:
        with zf.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                total += len(chunk)
                if total > max_bytes:
                    raise InputError(
                        "zip.lying-header", where=name, part=name, limit=_size(max_bytes)
                    )
                chunks.append(chunk)
    except NotImplementedError as exc:
        raise InputError("zip.method-unknown", where=name, part=name) from exc
    except _INFLATE_ERRORS as exc:
        raise InputError("zip.corrupt", where=name, part=name, detail=str(exc)) from exc
    return b"".join(chunks)


# Start tags of cells and paragraphs, whatever the prefix (w:, ns0: or a default namespace).
_ITEM_START = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:tc|p)[\s/>]")


def _too_many_items(raw: bytes) -> bool:
    """Whether the part holds more than ``MAX_ITEMS`` cells and paragraphs, as the text
    reader counts them: a cell holds a paragraph of its own, so up to twice as many
    ``w:tc`` and ``w:p`` start tags are allowed. A tag takes 4 bytes at least, and opens
    with ``<``: smaller parts, or parts with fewer ``<`` in all, are not scanned (counting
    bytes in C; the tag scan walks every match in Python: ~25 ms on a 2.4 MB part)."""
    limit = 2 * MAX_ITEMS
    if len(raw) <= 4 * limit or raw.count(b"<") <= limit:  # (every tag opens with '<')
        return False
    return any(count > limit for count, _ in enumerate(_ITEM_START.finditer(raw), 1))


def _has_doctype(raw: bytes) -> bool:
    """A DOCTYPE comes before the root element: search the prolog (at least 4 KB of it)."""
    root = _FIRST_ELEMENT.search(raw)
    prolog = raw[: max(root.start() if root else 0, _PROLOG)]
    return any(mark in prolog for mark in _DOCTYPE_MARKS)


def broken_xml(name: str, exc: Any) -> InputError:
    """The error for a part that is not well-formed XML (``exc``: lxml's syntax error)."""
    where = message("where.part-line", part=name, line=exc.lineno) if exc.lineno else name
    return InputError("xml.broken", where=where, part=name, detail=exc.msg)


def _doctype_error(name: str) -> InputError:
    return InputError("xml.doctype", where=name)


def _size(size: int) -> str | Message:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MiB"
    return f"{size / 1024:.0f} KiB" if size >= 1024 else message("size.bytes", count=size)
