"""The results cache of ``perfgoal validate``, as ruff's: a file whose bytes, whose reported
path, whose configuration and whose perfgoal have not changed since the last run is not
parsed again; its findings are read back.

An entry's key is the SHA-256 of all of those (the perfgoal version and a stamp of its own
source files, so that a development checkout never serves results of older code; the
resolved configuration; the language; the ``PERFGOAL_*`` environment, which sets limits;
the path as reported, which the fingerprints include; and the file's bytes). An entry is a
header line (the path, the counts per severity and the SHA-256 of the rest) and the file's
report as ``--format json`` writes it. It is trusted only if the header parses, names that
path and its hash matches: anything else (a truncated write, a foreign file, another
version's layout) is ignored and rewritten. A warm run thus copies the reports out of the
cache without reading them back into models.
Reports holding PG001 (unreadable input) or PG999 (internal error) are not stored: they
depend on the machine (LibreOffice present, a time limit, memory), not only on the file.

The cache lives in ``.perfgoal_cache/`` beside the configuration file in use, or in the
working folder without one (``PERFGOAL_CACHE_DIR`` names another folder); it holds a
``.gitignore`` of ``*`` so that it is never committed. ``--no-cache`` (or
``PERFGOAL_NO_CACHE=1``) neither reads nor writes it; ``perfgoal clean`` removes it. A cache
that cannot be written (a read-only checkout) is silently not written.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from perfgoal import __version__
from perfgoal.checked import Checked
from perfgoal.errors import InputError
from perfgoal.fileio import open_regular

if TYPE_CHECKING:
    from perfgoal.config import Config
    from perfgoal.rules.base import Lang

FOLDER_NAME = ".perfgoal_cache"
CACHE_DIR_ENV = "PERFGOAL_CACHE_DIR"
NO_CACHE_ENV = "PERFGOAL_NO_CACHE"
_LAYOUT = "v3"  # v3: the payload indented for its place in --format json


def cache_folder(config: Config) -> Path:
    """Where the cache of a run with ``config`` lives (see the module's docstring)."""
    named = os.environ.get(CACHE_DIR_ENV, "").strip()
    if named:
        return Path(named)
    return (config.folder or Path()) / FOLDER_NAME


def disabled_by_environment() -> bool:
    return os.environ.get(NO_CACHE_ENV, "").strip().lower() not in ("", "0", "false", "no")


@cache
def code_stamp() -> str:
    """perfgoal's version and the size and time of each of its source files."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        try:
            info = path.stat()
        except OSError:
            continue
        digest.update(f"{path.relative_to(package)}:{info.st_size}:{info.st_mtime_ns}".encode())
    return digest.hexdigest()


def _environment() -> str:
    """The ``PERFGOAL_*`` variables that enter the key (they set limits), as they are now."""
    return repr(
        sorted(
            (name, value)
            for name, value in os.environ.items()
            if name.startswith("PERFGOAL_") and name not in (CACHE_DIR_ENV, NO_CACHE_ENV)
        )
    )


@dataclass(frozen=True)
class Cache:
    """The entries under ``root`` (the ``.perfgoal_cache`` folder), for a run in the
    environment of when the cache was made (a run makes one and hands it to its workers)."""

    root: Path
    environment: str = field(default_factory=_environment)
    _prefixes: dict[tuple[int, str], tuple[Config, bytes]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def key(self, data: bytes, display: str, config: Config, lang: Lang) -> str:
        digest = hashlib.sha256(self._prefix(config, lang))
        digest.update(display.encode("utf-8", "surrogateescape"))
        digest.update(b"\x00")
        digest.update(hashlib.sha256(data).digest())
        return digest.hexdigest()

    def _prefix(self, config: Config, lang: Lang) -> bytes:
        """What the keys of a run share (the code, the configuration as JSON, the language
        and the environment, each ended by a NUL), made once per configuration."""
        known = self._prefixes.get((id(config), lang))
        if known is None or known[0] is not config:
            parts = (code_stamp(), config.model_dump_json(), lang, self.environment)
            prefix = b"".join(p.encode("utf-8", "surrogateescape") + b"\x00" for p in parts)
            if len(self._prefixes) > 256:
                self._prefixes.clear()
            known = self._prefixes[(id(config), lang)] = (config, prefix)
        return known[1]

    def _entry(self, key: str) -> Path:
        return self.root / _LAYOUT / key[:2] / f"{key}.json"

    def has(self, key: str) -> bool:
        return self._entry(key).is_file()

    def get(self, key: str, display: str) -> Checked | None:
        """The stored report, or None when there is none that can be trusted."""
        try:
            with open_regular(self._entry(key)) as stream:  # not a FIFO, /dev/zero …
                header, _, payload = stream.read().partition(b"\n")
            fields = json.loads(header)
            error, warning, info = (int(count) for count in fields["counts"])
            trusted = (
                fields["path"] == display
                and fields["sha256"] == hashlib.sha256(payload).hexdigest()
            )
        except (InputError, OSError, ValueError, KeyError, TypeError):
            return None
        if not trusted:
            return None
        return Checked(display, payload, (error, warning, info))

    def put(self, key: str, checked: Checked) -> None:
        if not checked.cacheable:
            return
        payload = checked.payload
        header = {
            "path": checked.path,
            "counts": list(checked.counts),
            "sha256": hashlib.sha256(payload).hexdigest(),
        }
        entry = self._entry(key)
        try:
            self._prepare()
            entry.parent.mkdir(parents=True, exist_ok=True)
            temporary = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
            line = json.dumps(header, ensure_ascii=False).encode("utf-8", "surrogateescape")
            temporary.write_bytes(line + b"\n" + payload)
            os.replace(temporary, entry)
        except OSError:
            return  # a read-only or full disk: the run goes on without its cache

    def _prepare(self) -> None:
        """Make the cache folder with its ``.gitignore`` of ``*`` -- only a folder perfgoal
        makes: a ``PERFGOAL_CACHE_DIR`` that already exists (a checkout, say) is used as it
        is, never told to ignore everything."""
        if not self.root.exists():
            self.root.mkdir(parents=True)
            (self.root / ".gitignore").write_text(
                "# written by perfgoal: the cache is never committed\n*\n"
            )


def clean(root: Path) -> bool:
    """Remove the cache folder ``root``; whether there was one. Refuses a folder that is not
    a perfgoal cache (no ``.gitignore`` written by perfgoal in it)."""
    ignore = root / ".gitignore"
    if not root.is_dir():
        return False
    try:
        ours = "written by perfgoal" in ignore.read_text(encoding="utf-8", errors="replace")
    except OSError:
        ours = False
    if not ours:
        raise NotACache(root)
    shutil.rmtree(root)
    return True


class NotACache(Exception):
    """``perfgoal clean`` was pointed at a folder perfgoal did not make."""

    def __init__(self, root: Path) -> None:
        super().__init__(str(root))
        self.root = root
