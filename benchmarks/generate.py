"""Generate the benchmark inputs from the real document (``samples/cangzhou-2025.txt``).

* ``big.txt`` / ``big.docx``: one document with the seed's first part (第一部分) once and
  ``BIG_PROJECTS`` project blocks in the seed's layout (two Word tables each), made by
  repeating the seed's 12 project blocks with a different 序号, 项目编码, 项目名称, title,
  bookmark and amounts in every copy, so no two project tables are identical. ``big.docx``
  is ``txt_export_to_docx(big.txt)`` (real ``vMerge``/``gridSpan`` merges); its text export
  is checked to be exactly ``big.txt``.
* ``drafts/``: ``DRAFTS`` seed-size documents. Nine in ten are ``.txt`` copies of the seed
  with other 项目编码 and amounts (scaled by a whole factor, so sums and spend plans stay
  consistent); one in ten is a ``.docx`` copy of ``samples/cangzhou-2025.docx`` with other
  项目编码 (edited in ``word/document.xml``).

Everything is deterministic, and cached in the work folder under a key made of
``INPUTS_VERSION`` and the hashes of the seed files and of ``samples/make_samples.py``.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

INPUTS_VERSION = 1
BIG_PROJECTS = 250
DRAFTS = 1000
DOCX_EVERY = 10  # one draft in DOCX_EVERY is a .docx copy

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SEED_TXT = SAMPLES / "cangzhou-2025.txt"
SEED_DOCX = SAMPLES / "cangzhou-2025.docx"
MAKE_SAMPLES = SAMPLES / "make_samples.py"

_TITLE = re.compile(r"^\[bookmark: _Toc_4_4_(\d+)\](\d+)\.(.*)$")
_CODE = re.compile(r"^(\d{6}\d{2}P)(\d{11})([0-9A-Z])$")
_AMOUNT = re.compile(r"^\t(\d+\.\d{2})$")
_ZIP_TIME = (2025, 1, 6, 9, 0, 0)


@dataclass(frozen=True)
class Inputs:
    big_docx: Path
    big_txt: Path
    drafts: Path
    seed_txt: Path
    big_projects: int
    drafts_txt: int
    drafts_docx: int


def split_seed(text: str) -> tuple[list[str], list[list[str]]]:
    """The seed's lines before the first project title, and one list of lines per project
    block (from its bookmarked ``N.title`` line to the line before the next one)."""
    lines = text.removeprefix("\ufeff").removesuffix("\n").split("\n")
    starts = [i for i, line in enumerate(lines) if _TITLE.match(line)]
    if not starts:
        raise ValueError("no project title line ([bookmark: _Toc_4_4_…]N.…) in the seed")
    head = lines[: starts[0]]
    blocks = [lines[a:b] for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]
    return head, blocks


def vary_block(
    block: list[str],
    *,
    seq: int,
    bookmark: int,
    code_offset: int,
    factor: int,
    suffix: str,
) -> list[str]:
    """A copy of one project block with its 序号, bookmark, 项目编码 (serial + offset),
    项目名称 and title (+ ``suffix``) and the amounts of its first table (× ``factor``)."""
    out = list(block)
    match = _TITLE.match(out[0])
    assert match, out[0]
    title = match.group(3)
    if suffix:
        title = (
            title.removesuffix("绩效目标表") + suffix + "绩效目标表"
            if title.endswith("绩效目标表")
            else title + suffix
        )
    out[0] = f"[bookmark: _Toc_4_4_{bookmark:010d}]{seq}.{title}"
    in_first_table = True
    for i in range(1, len(out)):
        line = out[i]
        previous = out[i - 1]
        if line == "\t绩效目标":
            in_first_table = False
        if previous == "\t项目编码":
            code = _CODE.match(line[1:])
            assert code, line
            serial = int(code.group(2)) + code_offset
            assert serial < 10**11, serial
            out[i] = f"\t{code.group(1)}{serial:011d}{code.group(3)}"
        elif previous == "\t项目名称" and suffix:
            out[i] = line + suffix
        elif in_first_table and factor != 1 and (amount := _AMOUNT.match(line)):
            out[i] = f"\t{Decimal(amount.group(1)) * factor:.2f}"
    return out


def big_text(seed: str, projects: int) -> str:
    head, blocks = split_seed(seed)
    lines = list(head)
    for n in range(projects):
        batch, j = divmod(n, len(blocks))
        if n and lines[-1] != " ":
            lines.append(" ")  # the paragraph the seed has between two project blocks
        lines.extend(
            vary_block(
                blocks[j],
                seq=n + 1,
                bookmark=4 + n,
                code_offset=batch * 10**8,
                factor=1 + batch % 5,
                suffix=f"（第{batch + 1}批）" if batch else "",
            )
        )
    return "\n".join(lines) + "\n"


def draft_text(seed: str, number: int) -> str:
    head, blocks = split_seed(seed)
    lines = list(head)
    for j, block in enumerate(blocks):
        match = _TITLE.match(block[0])
        assert match
        lines.extend(
            vary_block(
                block,
                seq=j + 1,
                bookmark=int(match.group(1)),
                code_offset=(number + 1) * 10**7,
                factor=1 + number % 9,
                suffix="",
            )
        )
    return "\n".join(lines) + "\n"


def draft_docx(seed_docx: bytes, codes: list[str], number: int) -> bytes:
    """``samples/cangzhou-2025.docx`` with every 项目编码 given another serial."""
    out_codes = []
    for code in codes:
        match = _CODE.match(code)
        assert match, code
        serial = int(match.group(2)) + (number + 1) * 10**7
        out_codes.append(f"{match.group(1)}{serial:011d}{match.group(3)}")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(seed_docx)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                for old, new in zip(codes, out_codes, strict=True):
                    if f">{old}<" not in xml:
                        raise ValueError(f"project code {old} not found in {SEED_DOCX.name}")
                    xml = xml.replace(f">{old}<", f">{new}<")
                data = xml.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, data)
    return out.getvalue()


def seed_codes(seed: str) -> list[str]:
    lines = seed.split("\n")
    return [lines[i + 1][1:] for i, line in enumerate(lines[:-1]) if line == "\t项目编码"]


def _cache_key(big_projects: int) -> str:
    digest = hashlib.sha256()
    digest.update(f"inputs-v{INPUTS_VERSION}/{big_projects}/{DRAFTS}/{DOCX_EVERY}".encode())
    for path in (SEED_TXT, SEED_DOCX, MAKE_SAMPLES, Path(__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _import_make_samples() -> ModuleType:
    sys.path.insert(0, str(SAMPLES))
    try:
        import make_samples
    finally:
        sys.path.remove(str(SAMPLES))
    return make_samples


def ensure_inputs(
    work: Path, big_projects: int = BIG_PROJECTS, log: Callable[[str], object] = print
) -> Inputs:
    """Generate the inputs into ``work`` unless an up-to-date copy is already there."""
    work.mkdir(parents=True, exist_ok=True)
    stamp = work / "inputs.json"
    key = _cache_key(big_projects)
    drafts = work / "drafts"
    if stamp.exists() and (work / "big.docx").exists() and drafts.is_dir():
        meta = json.loads(stamp.read_text(encoding="utf-8"))
        if meta.get("key") == key:
            return _inputs(work, meta)
    log(f"generating benchmark inputs in {work} (not timed) …")
    seed = SEED_TXT.read_text(encoding="utf-8")
    make_samples = _import_make_samples()

    text = big_text(seed, big_projects)
    document = make_samples.txt_export_to_docx(text)
    exported = make_samples.docx_to_txt_export(document)
    if exported != text:
        raise RuntimeError("big.docx does not export back to big.txt")
    (work / "big.txt").write_text(text, encoding="utf-8", newline="\n")
    (work / "big.docx").write_bytes(make_samples.docx_bytes(document))

    if drafts.exists():
        shutil.rmtree(drafts)
    drafts.mkdir()
    seed_docx = SEED_DOCX.read_bytes()
    codes = seed_codes(seed)
    n_txt = n_docx = 0
    for number in range(DRAFTS):
        stem = drafts / f"draft-{number + 1:04d}"
        if number % DOCX_EVERY == DOCX_EVERY - 1:
            stem.with_suffix(".docx").write_bytes(draft_docx(seed_docx, codes, number))
            n_docx += 1
        else:
            stem.with_suffix(".txt").write_text(
                draft_text(seed, number), encoding="utf-8", newline="\n"
            )
            n_txt += 1
    meta = {
        "key": key,
        "big_projects": big_projects,
        "drafts_txt": n_txt,
        "drafts_docx": n_docx,
    }
    stamp.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    return _inputs(work, meta)


def _inputs(work: Path, meta: dict[str, Any]) -> Inputs:
    return Inputs(
        big_docx=work / "big.docx",
        big_txt=work / "big.txt",
        drafts=work / "drafts",
        seed_txt=SEED_TXT,
        big_projects=meta["big_projects"],
        drafts_txt=meta["drafts_txt"],
        drafts_docx=meta["drafts_docx"],
    )
