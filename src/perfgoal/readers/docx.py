"""Read a Word .docx into the neutral :class:`~perfgoal.readers.grid.Grid`.

The package is opened with :mod:`zipfile` and each part is parsed with a hardened lxml
parser, fed in chunks so that nothing larger than ``max_xml_bytes`` is ever inflated;
``word/document.xml`` is then walked once (see :mod:`perfgoal.readers._docx_text`).
python-docx objects are not used for reading: on a 500-table document they cost about 7x
a plain lxml walk.

Limits (defaults measured on python-docx output, the most compressible real producer):

- ``DEFAULT_MAX_XML_BYTES`` = 64 MiB per part. A 500-table document (20x6 cells, short
  Chinese text) has an 8 MB ``document.xml``; Word adds rsids and run properties that make
  a cell 3-4x larger, so about 30 MB, and 64 MiB leaves twice that.
- ``DEFAULT_MAX_RATIO`` = 300 (uncompressed / compressed), checked only for parts above
  ``RATIO_FLOOR_BYTES`` (4 MiB) so small files are never refused. python-docx tables
  compress 60:1 with text and 130-155:1 when every cell is empty or identical; deflated
  zeros (a zip bomb) reach about 1000:1.

The zip header can lie, so the byte limit is also enforced while inflating.
"""

from __future__ import annotations

import gc
import io
import lzma
import re
import zipfile
import zlib
from typing import Any

from perfgoal.errors import InputError
from perfgoal.readers._docx_text import W_NS, W_STRICT_NS, StoryWalker, header_lines
from perfgoal.readers.grid import Block, Grid

DEFAULT_MAX_XML_BYTES = 64 * 1024 * 1024
DEFAULT_MAX_RATIO = 300
RATIO_FLOOR_BYTES = 4 * 1024 * 1024

MAIN_PART = "word/document.xml"
_CHUNK = 1024 * 1024
_PROLOG = 4096
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADER_PART = re.compile(r"word/header(\d*)\.xml")
_OFFICE_DOCUMENT_REL = "/officeDocument"
_DOCTYPE_MARKS = tuple(
    mark.encode(encoding)
    for mark in ("<!DOCTYPE", "<!doctype")
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)
_COMPRESSIONS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)
_BOMB = "已拒绝（可能是 zip 炸弹）"
_INFLATE_ERRORS = (
    zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError, RuntimeError,
)  # fmt: skip
_ROOT_NAMESPACES = {"{%s}document" % W_NS: W_NS, "{%s}document" % W_STRICT_NS: W_STRICT_NS}  # noqa: UP031

# Zip members that tell what a non-Word package is.
_OTHER_PACKAGES = (
    ("xl/workbook.xml", "这是 Excel 工作簿（.xlsx），不是 Word 文档"),
    ("ppt/presentation.xml", "这是 PowerPoint 演示文稿（.pptx），不是 Word 文档"),
    ("content.xml", "这是 OpenDocument 文档（.odt 等），请用 Word 另存为 .docx"),
)


def read_docx(
    data: bytes,
    *,
    max_xml_bytes: int = DEFAULT_MAX_XML_BYTES,
    max_ratio: int = DEFAULT_MAX_RATIO,
) -> Grid:
    """Read a .docx: body blocks in reading order and page-header lines.

    Raises :class:`InputError` (and nothing else) when the bytes are not a readable .docx.
    """
    zf = _open_zip(data)
    # The walk allocates one object per cell and none of them forms a cycle; the cyclic GC
    # would only rescan them again and again (a third of the time on 500 tables).
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
        raise InputError(f"{main} 的根元素不是 w:document，不是 Word 文档正文", where=main)
    grid = Grid(format="docx")
    body = next(root.iterchildren("{%s}body" % namespace), None)  # noqa: UP031
    if body is not None:
        grid.blocks = _walk(StoryWalker(namespace), body, main)
    budget = max_xml_bytes  # all page headers together
    for name in _header_parts(zf):
        header = _parse_part(zf, name, budget, max_ratio)
        budget -= zf.getinfo(name).file_size
        grid.headers.extend(header_lines(_walk(StoryWalker(namespace), header, name)))
    return grid


def _walk(walker: StoryWalker, story: Any, part: str) -> list[Block]:
    try:
        return walker.blocks(story)
    except RecursionError:  # lxml caps depth at 256, so this only guards our own frames
        raise InputError("文档结构嵌套过深，无法读取", where=part) from None


# -- the container ---------------------------------------------------------------------------


def _open_zip(data: bytes) -> zipfile.ZipFile:
    if not data:
        raise InputError("文件为空（0 字节），不是 Word 文档")
    if data.startswith(_OLE2_MAGIC):
        raise InputError(_ole2_message(data))
    if data.startswith(b"%PDF"):
        raise InputError("这是 PDF 文件，不是 Word 文档")
    if data.lstrip().startswith(b"{\\rtf"):
        raise InputError("这是 RTF 文档，请用 Word 另存为 .docx")
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        if data.startswith(b"PK"):
            raise InputError("不是有效的 Word 文档（zip 结构损坏，文件可能不完整）") from exc
        raise InputError("不是有效的 Word 文档（不是 zip 压缩包）") from exc


def _ole2_message(data: bytes) -> str:
    """An OLE2 compound file is a legacy .doc or an encrypted (password-protected) .docx."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        return "这是受密码保护的 Word 文档（加密的 .docx），请先去除密码再保存为 .docx"
    if "WordDocument".encode("utf-16-le") in data:
        return "这是旧版 Word 97-2003 文档（.doc），请用 Word 另存为 .docx"
    return "这是旧版 Office 复合文档（OLE2，如 .doc/.xls），不是 .docx，请另存为 .docx"


def _main_part(zf: zipfile.ZipFile) -> str:
    names = set(zf.namelist())
    if MAIN_PART in names:
        return MAIN_PART
    for member, message in _OTHER_PACKAGES:
        if member in names:
            raise InputError(message)
    target = _office_document_target(zf, names)
    if target is not None:
        return target
    if "[Content_Types].xml" in names:
        raise InputError("Office 文件包中没有 word/document.xml，不是 Word 文档")
    raise InputError("zip 压缩包中没有 word/document.xml，不是 Word 文档")


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
    if any(mark in raw[:_PROLOG] for mark in _DOCTYPE_MARKS):
        raise _doctype_error(name)
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
        where = f"{name} 第 {exc.lineno} 行" if exc.lineno else name
        message = f"{name} 不是格式正确的 XML，文件可能已损坏（{exc.msg}）"
        raise InputError(message, where=where) from None
    if root.getroottree().docinfo.doctype:  # a DOCTYPE after a long prolog
        raise _doctype_error(name)
    return root


def _check_entry(info: zipfile.ZipInfo, max_bytes: int, max_ratio: int) -> None:
    name = info.filename
    if info.flag_bits & 0x1:
        raise InputError(f"压缩包中的 {name} 已加密，无法读取", where=name)
    if info.compress_type not in _COMPRESSIONS:
        raise InputError(f"{name} 使用了不支持的压缩方式（{info.compress_type}）", where=name)
    if info.file_size > max_bytes:
        raise InputError(
            f"{name} 解压后 {_mib(info.file_size)}，超过上限 {_mib(max_bytes)}，{_BOMB}",
            where=name,
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_FLOOR_BYTES and ratio > max_ratio:
        raise InputError(
            f"{name} 压缩比 {ratio:.0f}:1 超过上限 {max_ratio}:1，{_BOMB}",
            where=name,
        )


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int) -> bytes:
    """The part's bytes; stop as soon as more than ``max_bytes`` come out."""
    name, total, chunks = info.filename, 0, []
    try:
        with zf.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                total += len(chunk)
                if total > max_bytes:
                    raise InputError(
                        f"{name} 解压后超过上限 {_mib(max_bytes)}（压缩包头信息不实），{_BOMB}",
                        where=name,
                    )
                chunks.append(chunk)
    except NotImplementedError as exc:
        raise InputError(f"{name} 使用了不支持的压缩方式", where=name) from exc
    except _INFLATE_ERRORS as exc:
        raise InputError(f"{name} 数据损坏，无法解压（{exc}）", where=name) from exc
    return b"".join(chunks)


def _doctype_error(name: str) -> InputError:
    return InputError("文档包含 DOCTYPE 声明，已拒绝（可能是 XML 实体攻击）", where=name)


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MiB"
