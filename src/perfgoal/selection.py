"""Which files a run checks, as ruff chooses them.

* A folder is walked (hidden entries, links to folders, the ``X_files/`` folder of a saved
  web page and the usual tool folders such as ``node_modules`` skipped). Every binary
  document format perfgoal reads is taken (.docx, .pdf, .xlsx …); a ``.txt``, ``.yaml``,
  ``.json`` or ``.html`` file only when its first bytes look like a 绩效目标表 (two of its
  labels) or a perfgoal model (a ``schema_version`` key,
  and no ``findings`` or ``summary``: not a findings report or a baseline), and is not a
  report perfgoal wrote (validate's JSON, JSON lines, GitLab or SARIF report, a baseline,
  ``diff -f json``, the HTML report: they quote the documents' labels): a
  ``requirements.txt``, ``package.json`` or ``.pre-commit-config.yaml`` is not a draft.
* A file named on the command line is taken whatever it holds (``force_exclude``, for
  pre-commit, applies the folder rules to it too).
* ``exclude`` (replacing the defaults) and ``extend_exclude`` globs, from the configuration
  of the folder a path is in (relative to that configuration's folder: a nested one's apply
  below it) and the command line (relative to the working folder); a pattern without ``/``
  matches any file or folder name below its folder, one with ``/`` the path (``**`` for any
  folders).
* ``.gitignore`` (and ``.git/info/exclude``, the global excludes file) is respected inside
  a git work tree, asked of git itself (``git ls-files --others --ignored --directory``: one
  call per folder given, which also prunes ignored folders from the walk); outside a work
  tree, or without git, nothing is ignored.
* perfgoal's own configuration files are never checked.
"""

from __future__ import annotations

import codecs
import functools
import os
import re
import stat
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from perfgoal.config import CONFIG_NAMES, ConfigTree
from perfgoal.errors import UsageError
from perfgoal.fileio import display_path
from perfgoal.files import Target, expand, walk_folder
from perfgoal.rules.base import Lang

DOCUMENT_SUFFIXES = frozenset(
    {".docx", ".pdf", ".xlsx", ".xls", ".doc", ".wps", ".et", ".rtf", ".odt"}
)
SNIFFED_SUFFIXES = frozenset({".txt", ".yaml", ".yml", ".json", ".html", ".htm"})
OWN_CONFIG = frozenset({*CONFIG_NAMES, "pyproject.toml"})
DEFAULT_EXCLUDE = (
    "node_modules",
    "venv",
    "__pycache__",
    "__pypackages__",
    "_build",
    "buck-out",
    "site-packages",
)
# Labels of a 绩效目标表; two of them in the first bytes make a text file a document.
_LABELS = tuple(
    s.encode("utf-8")
    for s in (
        "绩效目标",
        "绩效指标",
        "项目名称",
        "预算数",
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "资金总额",
        "预算金额",
        "项目支出",
        "年度目标",
        "项目编码",
    )
)
_MODEL_KEY = re.compile(rb"""(?m)^[\s\[{,]*["']?schema_version["']?\s*:""")
# (a findings report and a baseline have a schema_version too)
_REPORT_PART = re.compile(rb"""["']?\b(?:findings|summary)["']?\s*:""")
# perfgoal's own outputs quote the documents' labels, and reviewers write them into the
# drafts' folder: validate's json, json-lines, gitlab and sarif (a finding's rule), the
# baseline and SARIF's driver (the tool's name), diff -f json, the HTML report
_FINDING_RULE = re.compile(rb"""["']?\b(?:rule|ruleId|check_name)["']?\s*:\s*["']?PG\d{3}\b""")
_OWN_NAME = re.compile(
    rb"""<meta name="generator" content="perfgoal"|["'](?:tool|name)["']\s*:\s*["']perfgoal["']"""
)
_DIFF_KEY = re.compile(rb"""["']identical["']\s*:\s*(?:true|false)""")
_HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class Pattern:
    glob: str
    base: Path

    @functools.cached_property
    def _base_parts(self) -> tuple[str, ...]:
        return self.base.parts

    def matches(self, path: Path) -> bool:
        """Whether ``path`` (absolute) or one of its folders matches."""
        if "/" not in self.glob.rstrip("/"):
            # (the folders below the glob's own: a nested configuration's ``exclude: [tmp]``
            # does not exclude its whole tree because a folder above it is called tmp)
            name = self.glob.rstrip("/")
            names, base = path.parts, self._base_parts
            if names[: len(base)] == base:
                names = names[len(base) :]
            return any(_glob_regex(name).fullmatch(part) for part in names)
        try:
            relative = path.relative_to(self.base).as_posix()
        except ValueError:
            return False
        regex = _glob_regex(self.glob.strip("/").removeprefix("./"))
        parts = relative.split("/")
        return any(regex.fullmatch("/".join(parts[:n])) for n in range(1, len(parts) + 1))


@functools.cache
def _glob_regex(glob: str) -> re.Pattern[str]:
    out: list[str] = []
    i = 0
    while i < len(glob):
        c = glob[i]
        if glob.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if glob.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[" and "]" in glob[i + 1 :]:
            end = glob.index("]", i + 1)
            body = glob[i + 1 : end]
            out.append("[" + ("^" + body[1:] if body.startswith("!") else body) + "]")
            i = end
        else:
            out.append(re.escape(c))
        i += 1
    return re.compile("".join(out))


@dataclass(frozen=True)
class Selection:
    """How PATH arguments become files; built from the configurations and the options.

    With a :class:`~perfgoal.config.ConfigTree` (the command line), a path is judged by the
    configuration of its folder: a nested configuration's ``exclude``, ``extend_exclude`` and
    ``respect_gitignore`` apply below it, as in ruff. Without one (the API), ``exclude`` and
    ``respect_gitignore`` apply everywhere."""

    exclude: tuple[Pattern, ...] = field(
        default_factory=lambda: tuple(Pattern(p, _cwd()) for p in DEFAULT_EXCLUDE)
    )
    respect_gitignore: bool = True
    force_exclude: bool = False
    allow_empty: bool = False
    lang: Lang = "zh"
    tree: ConfigTree | None = None
    cli_exclude: tuple[Pattern, ...] | None = None
    """``--exclude`` (replacing every configuration's ``exclude``); None when not given."""
    cli_extend: tuple[Pattern, ...] = ()
    cli_gitignore: bool | None = None
    """``--respect-gitignore``/``--no-respect-gitignore``; None: each configuration's."""
    _rules: dict[int, tuple[tuple[Pattern, ...], bool]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def build(
        cls,
        *,
        tree: ConfigTree,
        cli_exclude: Iterable[str] = (),
        cli_extend: Iterable[str] = (),
        respect_gitignore: bool | None = None,
        force_exclude: bool = False,
        allow_empty: bool = False,
        lang: Lang = "zh",
    ) -> Selection:
        cwd = _cwd()
        given = [Pattern(p, cwd) for p in cli_exclude]
        return cls(
            tree=tree,
            cli_exclude=tuple(given) if given else None,
            cli_extend=tuple(Pattern(p, cwd) for p in cli_extend),
            cli_gitignore=respect_gitignore,
            force_exclude=force_exclude,
            allow_empty=allow_empty,
            lang=lang,
        )

    def rules_for(self, folder: Path) -> tuple[tuple[Pattern, ...], bool]:
        """The exclude globs and whether .gitignore is respected, for what is in ``folder``
        (absolute): the command line's over the configuration of that folder."""
        if self.tree is None:
            return self.exclude, self.respect_gitignore
        config = self.tree.for_folder(folder)
        known = self._rules.get(id(config))  # (the tree keeps each configuration alive)
        if known is None:
            here = (config.folder or _cwd()).absolute()
            if self.cli_exclude is not None:
                base = list(self.cli_exclude)
            elif config.exclude is not None:
                base = [Pattern(p, here) for p in config.exclude]
            else:
                base = [Pattern(p, _cwd()) for p in DEFAULT_EXCLUDE]
            extended = [Pattern(p, here) for p in config.extend_exclude]
            respect = config.respect_gitignore if self.cli_gitignore is None else self.cli_gitignore
            known = (tuple(base + extended + list(self.cli_extend)), respect)
            self._rules[id(config)] = known
        return known

    def excluded(self, path: Path) -> bool:
        absolute = Path(os.path.abspath(path))
        patterns, _ = self.rules_for(absolute.parent)
        return any(p.matches(absolute) for p in patterns)

    def respects_gitignore(self, path: Path) -> bool:
        """Whether .gitignore decides about ``path``."""
        return self.rules_for(Path(os.path.abspath(path)).parent)[1]


def _cwd() -> Path:
    try:
        return Path.cwd()
    except OSError:
        return Path("/")


def select(paths: list[Path], selection: Selection) -> list[Target]:
    """The files (and unlistable folders) the PATH arguments stand for, sorted per argument.
    A path that does not exist is a usage error; so is one that yields no file to check
    (unless ``allow_empty``)."""
    expand([p for p in paths if str(p) != "-"], walk=False)  # a missing path: UsageError
    targets: list[Target] = []
    for path in paths:
        found = _select_one(path, selection)
        if not found and not selection.allow_empty and (_is_folder(path) or len(paths) == 1):
            # (a file a hook passes with --force-exclude may be dropped: the run as a whole
            # must still check something)
            key = "own-config" if path.name in OWN_CONFIG else "nothing-to-check"
            raise UsageError(_say(key, selection.lang, path=display_path(path)))
        targets.extend(found)
    if not targets and paths and not selection.allow_empty:
        raise UsageError(_say("nothing-to-check", selection.lang, path=display_path(paths[0])))
    return targets


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _say(key: str, lang: Lang, **params: str) -> str:
    from perfgoal.cli_text import say

    return say(key, lang, **params)


def _select_one(path: Path, selection: Selection) -> list[Target]:
    if str(path) == "-":
        return [path]
    if not _is_folder(path):  # (a dangling link too: reported as unreadable)
        if path.name in OWN_CONFIG:
            return []
        if selection.force_exclude:
            if selection.excluded(path) or _ignored_file(path, selection):
                return []
            if not _wanted(path):
                return []
        return [path]
    if selection.force_exclude and selection.excluded(path):
        return []
    return _walk(path, selection)


def _walk(root: Path, selection: Selection) -> list[Target]:
    # git is asked once, when the first entry whose configuration respects .gitignore is met
    listed = functools.cache(lambda: _git_ignored(root))

    def ignored(path: Path, relative: str) -> bool:
        if not selection.respects_gitignore(path):
            return False
        found = listed()
        return found is not None and relative in found

    def enter(path: Path, relative: str) -> bool:
        return not ignored(path, relative) and not selection.excluded(path)

    def take(path: Path, relative: str, entry: os.DirEntry[str]) -> bool:
        if entry.name in OWN_CONFIG or ignored(path, relative):
            return False
        return not selection.excluded(path) and _wanted(path, entry)

    return walk_folder(root, enter, take)


def _wanted(path: Path, entry: os.DirEntry[str] | None = None) -> bool:
    """A document format perfgoal reads; a text-like one only when it sniffs as one. A
    FIFO, a device or an unreadable file of such a name is taken (and reported), unopened."""
    suffix = path.suffix.lower()
    if suffix in DOCUMENT_SUFFIXES:
        return True
    if suffix not in SNIFFED_SUFFIXES:
        return False
    try:
        mode = entry.stat().st_mode if entry is not None else os.stat(path).st_mode
    except OSError:
        return True
    if not stat.S_ISREG(mode):
        return True
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return True
    return looks_like_document(head)


def looks_like_document(head: bytes) -> bool:
    """The first bytes of a text-like file: a perfgoal model (YAML or JSON, one document or
    a list) or a 绩效目标表 (two of its labels, in UTF-8, GB18030 or UTF-16)."""
    heads = [head]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        heads = [head.decode("utf-16", errors="ignore").encode("utf-8")]
    elif not _valid_utf8(head):  # GB18030; or UTF-8 with a line in GBK: its labels as they are
        heads.append(head.decode("gb18030", errors="ignore").encode("utf-8"))
    return any(_document_head(h) for h in heads) and not any(_own_output(h) for h in heads)


def _own_output(head: bytes) -> bool:
    """A report perfgoal wrote (see ``_FINDING_RULE``): never a document. (Each substring
    test first: a regex search costs ~0.3 ms over a 64 KiB head.)"""
    return (
        (b"PG" in head and _FINDING_RULE.search(head) is not None)
        or (b"perfgoal" in head and _OWN_NAME.search(head) is not None)
        or (b"identical" in head and _DIFF_KEY.search(head) is not None)
    )


def _document_head(head: bytes) -> bool:
    if b"schema_version" in head and _MODEL_KEY.search(head) and not _REPORT_PART.search(head):
        return True
    found = 0
    for label in _LABELS:
        if label in head:
            found += 1
            if found == 2:
                return True
    return False


def _valid_utf8(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # a character cut by the read
    return True


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes] | None:
    """``git ARGS`` run in ``folder``; None when git cannot be run."""
    try:
        return subprocess.run(
            ["git", *args], cwd=folder, capture_output=True, timeout=60, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None


def _git_ignored(folder: Path) -> set[str] | None:
    """What git ignores below ``folder`` (paths relative to it, folders ending in ``/``);
    None outside a git work tree or without git."""
    done = _git(folder, "ls-files", "-z", "--others", "--ignored", "--exclude-standard",
                "--directory")  # fmt: skip
    if done is None or done.returncode != 0:
        return None
    return {os.fsdecode(p) for p in done.stdout.split(b"\0") if p}


def _ignored_file(path: Path, selection: Selection) -> bool:
    """Whether git ignores the file ``path`` (not when it is tracked, or outside a work tree)."""
    if not selection.respects_gitignore(path):
        return False
    folder = path.parent if str(path.parent) else Path(".")
    done = _git(folder, "check-ignore", "-q", "--", path.name)
    return done is not None and done.returncode == 0
