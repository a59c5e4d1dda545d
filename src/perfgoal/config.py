"""Configuration: ``perfgoal.yaml`` in the working folder or a parent, ``[tool.perfgoal]`` in
``pyproject.toml``, or ``--config FILE`` (SPEC.md "Configuration").

An unknown key, rule or option is an error naming it (exit 2): a silently ignored
exclude is a known pain in other linters.
"""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from perfgoal.errors import UsageError
from perfgoal.findings import Severity
from perfgoal.options import Options
from perfgoal.rules.base import Rule

CONFIG_NAMES = ("perfgoal.yaml", "perfgoal.yml", ".perfgoal.yaml")


class Config(BaseModel):
    model_config = ConfigDict(extra="forbid")

    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Severity] = Field(default_factory=dict)
    options: Options = Field(default_factory=Options)
    origin: str | None = None

    def severity_of(self, rule: type[Rule]) -> Severity:
        for key in (rule.code, rule.name):
            if key in self.severity:
                return self.severity[key]
        return rule.severity


def _known(pattern: str) -> bool:
    from perfgoal.rules import REGISTRY

    p = pattern.strip()
    return any(
        fnmatch.fnmatchcase(r.code, p.upper()) or fnmatch.fnmatchcase(r.name, p.lower())
        for r in REGISTRY
    )


def build_config(data: dict[str, Any], origin: str | None = None) -> Config:
    """Validate raw configuration data; raise :class:`UsageError` naming the bad key."""
    where = f"{origin}: " if origin else ""
    if not isinstance(data, dict):
        raise UsageError(f"{where}配置必须是一个映射 (mapping)")
    data = dict(data)
    top = {k: data.pop(k) for k in ("select", "ignore", "severity") if k in data}
    try:
        options = Options.model_validate(data)
        config = Config.model_validate({**top, "options": options, "origin": origin})
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(p) for p in error["loc"]) or "?"
        reason = "unknown key" if error["type"] == "extra_forbidden" else error["msg"]
        raise UsageError(f"{where}配置项 '{key}' 无效：{reason}") from exc
    for name in [*(config.select or []), *config.ignore, *config.severity]:
        if not _known(name):
            raise UsageError(f"{where}配置中的规则 '{name}' 不存在（见 perfgoal rules）")
    return config


def merge_cli(config: Config, select: list[str] | None, ignore: list[str] | None) -> Config:
    for name in [*(select or []), *(ignore or [])]:
        if not _known(name):
            raise UsageError(f"规则 '{name}' 不存在（见 perfgoal rules）")
    update: dict[str, Any] = {}
    if select:
        update["select"] = select
    if ignore:
        update["ignore"] = [*config.ignore, *ignore]
    return config.model_copy(update=update)


def load_config_file(path: Path) -> Config:
    if not path.is_file():
        raise UsageError(f"配置文件不存在：{path}")
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise UsageError(f"{path}: TOML 语法错误：{exc}") from exc
        if path.name == "pyproject.toml":
            data = data.get("tool", {}).get("perfgoal", {})
        return build_config(data, str(path))
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = YAML(typ="safe", pure=True).load(text) or {}
    except YAMLError as exc:
        raise UsageError(f"{path}: YAML 语法错误：{exc}") from exc
    return build_config(data, str(path))


def discover(start: Path) -> Config:
    """The first perfgoal.yaml or pyproject.toml with [tool.perfgoal] from ``start`` up."""
    for folder in [start, *start.parents]:
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return load_config_file(candidate)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
                continue
            if "perfgoal" in data.get("tool", {}):
                return build_config(data["tool"]["perfgoal"], str(pyproject))
    return Config()
