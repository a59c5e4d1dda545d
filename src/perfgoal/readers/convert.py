"""Convert a legacy Word/WPS document (.doc, .wps, .rtf, .odt) to .docx with LibreOffice.

``soffice --headless --convert-to docx`` runs in a temporary folder with a profile of its own
(``-env:UserInstallation``, so it neither touches the user's LibreOffice settings nor waits
for a running LibreOffice), macros disabled in that profile (security level "very high",
macro execution off), no standard input, and a time limit (``PERFGOAL_CONVERT_TIMEOUT``
seconds, default 120; the whole process group is killed when it is reached). Everything is
removed afterwards. ``PERFGOAL_SOFFICE`` names the program when it is not ``soffice`` or
``libreoffice`` on PATH.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from perfgoal.errors import InputError
from perfgoal.messages import Message, message

DEFAULT_TIMEOUT = 120
TIMEOUT_ENV = "PERFGOAL_CONVERT_TIMEOUT"
SOFFICE_ENV = "PERFGOAL_SOFFICE"
_SUFFIX = {"doc": "doc", "wps": "doc", "rtf": "rtf", "odt": "odt"}
_NAMES = {"doc": "kind.doc", "wps": "kind.wps", "rtf": "kind.rtf", "odt": "kind.odt"}
# The profile's settings: no macro runs, whatever the document asks.
_NO_MACROS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
<prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting">
<prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"""


def soffice_path() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    named = os.environ.get(SOFFICE_ENV, "").strip()
    if named:
        return shutil.which(named) or (named if Path(named).is_file() else None)
    return shutil.which("soffice") or shutil.which("libreoffice")


def _kind(fmt: str) -> Message | str:
    """What a document of format ``fmt`` is, in words (``旧版 Word 97-2003 文档（.doc）``)."""
    key = _NAMES.get(fmt)
    return message(key) if key else fmt


def timeout_seconds() -> float:
    value = os.environ.get(TIMEOUT_ENV, "").strip()
    if not value:
        return DEFAULT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1
    if not 0 < seconds <= 24 * 3600:
        raise InputError("env.bad-seconds", variable=TIMEOUT_ENV, value=repr(value))
    return seconds


def convert_to_docx(data: bytes, fmt: str) -> bytes:
    """The .docx LibreOffice makes of ``data``; ``InputError`` when it cannot."""
    soffice = soffice_path()
    if soffice is None:
        raise InputError("convert.missing", kind=_kind(fmt))
    limit = timeout_seconds()
    with tempfile.TemporaryDirectory(prefix="perfgoal-convert-") as tmp:
        work = Path(tmp)
        source = work / f"input.{_SUFFIX.get(fmt, fmt)}"
        source.write_bytes(data)
        profile = work / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_NO_MACROS, encoding="utf-8")
        out = work / "out"
        out.mkdir()
        command = [
            soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
            "--norestore", "--nologo", "--nodefault", "--nolockcheck",
            "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(source),
        ]  # fmt: skip
        env = {**os.environ, "HOME": str(work)}
        _run(command, env, limit, fmt)
        produced = out / "input.docx"
        if not produced.is_file() or produced.stat().st_size == 0:
            raise InputError("convert.failed", kind=_kind(fmt))
        return produced.read_bytes()


def _run(command: list[str], env: dict[str, str], limit: float, fmt: str) -> None:
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, env=env, start_new_session=True,
        )  # fmt: skip
    except OSError as exc:
        raise InputError(
            "convert.cannot-start", program=command[0], detail=str(exc.strerror or exc)
        ) from exc
    try:
        process.wait(timeout=limit)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise InputError(
            "convert.timeout", kind=_kind(fmt), seconds=f"{limit:g}", variable=TIMEOUT_ENV
        ) from None
