"""Configuration: for each checked file, the nearest ``perfgoal.yaml`` or ``pyproject.toml``
with ``[tool.perfgoal]`` in its folder or above (:class:`ConfigTree`), or ``--config FILE``
for every file (README.md "Configuration").

An unknown key, rule or option is an error naming it (exit 2): a silently ignored
exclude is a known pain in other linters.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from perfgoal.errors import InputError, UsageError
from perfgoal.fileio import display_path, lexists, read_limited
from perfgoal.findings import Severity
from perfgoal.messages import message
from perfgoal.options import Options
from perfgoal.rules.base import Rule
from perfgoal.trees import MAX_DEPTH, TreeError, check_tree, flow_depth_exceeds

CONFIG_NAMES = ("perfgoal.yaml", "perfgoal.yml", ".perfgoal.yaml")


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")

    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Severity] = Field(default_factory=dict)
    options: Options = Field(default_factory=Options)
    exclude: list[str] | None = None
    extend_exclude: list[str] = Field(default_factory=list)
    respect_gitignore: bool = True
    origin: str | None = None

    @property
    def folder(self) -> Path | None:
        """The folder of the file this configuration came from (where its globs start)."""
        return Path(self.origin).parent if self.origin else None

    def severity_of(self, rule: type[Rule]) -> Severity:
        """The configured severity of ``rule``: its code or name if listed, else the first
        glob that names it (``PG3*: info``), else the rule's default."""
        from perfgoal.rules import selects

        for key in (rule.code, rule.name):
            if key in self.severity:
                return self.severity[key]
        for pattern, severity in self.severity.items():
            if selects(pattern, rule):
                return severity
        return rule.severity


def _known(pattern: str) -> bool:
    from perfgoal.rules import known

    return known(pattern)


_TOP_KEYS = ("select", "ignore", "severity", "exclude", "extend_exclude", "respect_gitignore")


def build_config(data: dict[str, Any], origin: str | None = None) -> Config:
    """Validate raw configuration data; raise :class:`UsageError` naming the bad key."""
    where = f"{origin}: " if origin else ""
    if not isinstance(data, dict):
        raise UsageError(message("config.not-mapping", where=where))
    data = dict(data)
    top = {
        k.replace("-", "_"): data.pop(k)
        for k in (*_TOP_KEYS, *(k.replace("_", "-") for k in _TOP_KEYS if "_" in k))
        if k in data
    }
    try:
        options = Options.model_validate(data)
        config = Config.model_validate({**top, "options": options, "origin": origin})
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(p) for p in error["loc"]) or "?"
        reason = "unknown key" if error["type"] == "extra_forbidden" else error["msg"]
        raise UsageError(message("config.bad-key", where=where, key=key, reason=reason)) from exc
    for name in [*(config.select or []), *config.ignore, *config.severity]:
        if not _known(name):
            raise UsageError(message("config.unknown-rule", where=where, name=name))
    return config


def settings_of(config: Config) -> dict[str, Any]:
    """The effective values of ``config``, keyed as a perfgoal.yaml spells them, and the
    rules they select (``rules``): what ``validate --show-settings`` prints."""
    from perfgoal.engine import selected_rules

    dumped = config.model_dump(mode="json", exclude={"options", "origin"})
    shown: dict[str, Any] = {key.replace("_", "-"): value for key, value in dumped.items()}
    shown.update(config.options.model_dump(mode="json"))
    shown["rules"] = [rule.code for rule in selected_rules(config)]
    return shown


def merge_cli(config: Config, select: list[str] | None, ignore: list[str] | None) -> Config:
    for name in [*(select or []), *(ignore or [])]:
        if not _known(name):
            raise UsageError(message("config.unknown-rule", where="", name=name))
    update: dict[str, Any] = {}
    if select:
        update["select"] = select
    if ignore:
        update["ignore"] = [*config.ignore, *ignore]
    return config.model_copy(update=update)


MAX_CONFIG_BYTES = 1024 * 1024


def load_config_file(path: Path) -> Config:
    """Read ``perfgoal.yaml``/``.yml``, a ``.toml`` file or ``pyproject.toml``
    (``[tool.perfgoal]``). Anything wrong with the file (missing, a folder, a FIFO, not
    UTF-8, bad syntax, nesting or integers out of bounds, wrong types) is a
    :class:`UsageError` naming it: exit 2."""
    shown = display_path(path)
    text = _config_text(path)
    data = _parse_toml(text, path) if path.suffix.lower() == ".toml" else _parse_yaml(text, shown)
    return build_config({} if data is None else data, shown)


def _config_text(path: Path) -> str:
    """The text of the configuration file ``path``; a :class:`UsageError` naming it when it
    is missing, cannot be read or is not UTF-8."""
    shown = display_path(path)
    try:
        raw = read_limited(path, MAX_CONFIG_BYTES)
    except InputError as exc:
        missing = not lexists(path)
        raise UsageError(
            message("config.missing", path=shown)
            if missing
            else message("config.unreadable", path=shown, reason=exc.reason)
        ) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(message("config.not-utf8", path=shown, offset=exc.start)) from exc


def _parse_toml(text: str, path: Path) -> Any:
    shown = display_path(path)
    try:
        data: Any = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(
            message("config.syntax", path=shown, format="TOML", detail=str(exc))
        ) from exc
    except (ValueError, RecursionError) as exc:  # a 5,000-digit integer, 100,000 [[[
        raise UsageError(
            message("config.bad-value", path=shown, format="TOML", detail=_short(exc))
        ) from exc
    _check_bounds(data, shown)
    if path.name == "pyproject.toml":
        return _tool_table(data, shown)  # None when it has no [tool.perfgoal]
    return data


def _parse_yaml(text: str, shown: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    if flow_depth_exceeds(text, MAX_DEPTH):  # (ruamel scans deep [[[ in quadratic time)
        raise UsageError(message("config.flow-too-deep", path=shown, limit=MAX_DEPTH))
    try:
        data = YAML(typ="safe", pure=True).load(text)
    except YAMLError as exc:
        raise UsageError(
            message("config.syntax", path=shown, format="YAML", detail=_short(exc))
        ) from exc
    except RecursionError as exc:
        raise UsageError(message("config.too-deep", path=shown)) from exc
    except Exception as exc:  # ruamel's constructors: a 5,000-digit integer, a bad date …
        raise UsageError(
            message("config.bad-value", path=shown, format="YAML", detail=_short(exc))
        ) from exc
    _check_bounds(data, shown)
    return {} if data is None else data


def _check_bounds(data: Any, shown: str) -> None:
    try:
        check_tree(data)
    except TreeError as exc:
        raise UsageError(message("config.bad-tree", path=shown, detail=str(exc))) from exc


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 300 else text[:300] + "…"


def _tool_table(data: Any, shown: str) -> Any:
    """``[tool.perfgoal]`` of a parsed pyproject.toml, or None when it has none; a ``tool``
    or ``tool.perfgoal`` that is not a table is an error naming it."""
    tool = data.get("tool") if isinstance(data, dict) else None
    if tool is None:
        return None
    if not isinstance(tool, dict):
        raise UsageError(message("config.tool-not-table", path=shown, kind=type(tool).__name__))
    return tool.get("perfgoal")


def _pyproject_table(path: Path) -> Any:
    """``[tool.perfgoal]`` of ``path`` (None when it has none); an unreadable or broken
    pyproject.toml is an error naming it, whether it has the table or not."""
    return _parse_toml(_config_text(path), path)


def discover(start: Path | None) -> Config:
    """The first perfgoal.yaml or pyproject.toml with [tool.perfgoal] from ``start`` up
    (none when ``start`` is None: the working folder has been deleted). A file of one of
    those names that is not a regular file (a folder named perfgoal.yaml), cannot be read
    or does not parse (another tool's broken pyproject.toml too) is an error."""
    if start is None:
        return Config()
    for folder in [start, *start.parents]:
        found = config_in(folder)
        if found is not None:
            return found
    return Config()


def config_in(folder: Path) -> Config | None:
    """The configuration ``folder`` itself holds: its perfgoal.yaml (.yml, .perfgoal.yaml),
    else its pyproject.toml's [tool.perfgoal]; None when it has neither. A file of one of
    those names that cannot be read or does not parse is an error naming it (a broken
    pyproject.toml too, as in ruff: silently using a parent's configuration instead would
    mislead)."""
    for name in CONFIG_NAMES:
        candidate = folder / name
        if lexists(candidate):
            return load_config_file(candidate)
    pyproject = folder / "pyproject.toml"
    if lexists(pyproject):
        table = _pyproject_table(pyproject)
        if table is not None:
            return build_config(table, display_path(pyproject))
    return None


class ConfigTree:
    """The configuration of each checked file, as ruff's hierarchical configuration: the
    nearest configuration file in the file's folder or above it (up to the file system's
    root) wins, whole -- it is not merged with the ones further up, which are not read.
    A file with none above it gets the working folder's (``start``); ``--config FILE``
    (``override``) is every file's, and then nothing is looked for. The command line's
    ``--select``/``--ignore`` apply to each. Every folder is looked at once per run (a walk
    asks for thousands of files)."""

    def __init__(
        self,
        start: Path | None,
        override: Config | None = None,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
    ) -> None:
        """``start``: the working folder (None when it has been deleted: then a file with
        no configuration above it gets the defaults)."""
        self.override = override
        self._select = select
        self._ignore = ignore
        self._found: dict[Path, Config | None] = {}
        self._merged: dict[int, tuple[Config, Config]] = {}
        fallback = override
        if fallback is None and start is not None:
            fallback = self._nearest(Path(os.path.abspath(start)))
        self.root = self._with_cli(fallback or Config())
        """The configuration of the run as a whole (the working folder's, or ``--config``):
        where the results cache lives, what a report of the whole round uses."""

    def for_file(self, path: Path) -> Config:
        """The configuration ``path`` is checked with."""
        return self.for_folder(Path(os.path.abspath(path)).parent)

    def for_folder(self, folder: Path) -> Config:
        """The configuration of the files in ``folder`` (an absolute path)."""
        if self.override is not None:
            return self.root
        found = self._nearest(folder)
        return self.root if found is None else self._with_cli(found)

    def _nearest(self, folder: Path) -> Config | None:
        if folder in self._found:  # (the walk asks again for every file of a folder)
            return self._found[folder]
        unknown: list[Path] = []
        found: Config | None = None
        for place in [folder, *folder.parents]:
            if place in self._found:
                found = self._found[place]
                break
            unknown.append(place)
            found = config_in(place)
            if found is not None:
                break
        for place in unknown:
            self._found[place] = found
        return found

    def _with_cli(self, config: Config) -> Config:
        # (keyed by identity: each file found is one object, kept alive here with its merge)
        known = self._merged.get(id(config))
        if known is None:
            known = (config, merge_cli(config, self._select, self._ignore))
            self._merged[id(config)] = known
        return known[1]
