"""The command line's own strings (file selection, empty runs, configuration discovery),
in Chinese and English: one key, one pair, rendered with ``str.format`` parameters."""

from __future__ import annotations

from typing import Any

from perfgoal.rules.base import Lang

_TEXTS: dict[str, tuple[str, str]] = {
    "nothing-to-check": (
        "{path}：没有要检查的文件（文件夹中没有 perfgoal 能读取的文档，或都被 exclude/.gitignore "
        "排除；用 --show-files 查看，--allow-empty 允许为空）",
        "{path}: no file to check (no document perfgoal reads, or all excluded by "
        "exclude/.gitignore; see --show-files, or pass --allow-empty)",
    ),
    "own-config": (
        "{path}：这是 perfgoal 的配置文件，不作为文档检查",
        "{path}: this is a perfgoal configuration file, not a document to check",
    ),
    "config-unreadable": (
        "{path}：无法读取配置文件：{reason}",
        "{path}: cannot read the configuration file: {reason}",
    ),
    "config-toml": (
        "{path}：TOML 语法错误：{reason}",
        "{path}: TOML syntax error: {reason}",
    ),
    "stdin-twice": (
        "标准输入（-）只能给一次",
        "standard input (-) can be given only once",
    ),
    "stdin-filename-alone": (
        "--stdin-filename 只在路径中有 -（标准输入）时使用",
        "--stdin-filename names the document read from -: give - among the paths",
    ),
    "format-path": (
        "--format {spec}：{fmt} 不能写到文件（只有一个输出能去标准输出）",
        "--format {spec}: {fmt} cannot be written to a file",
    ),
    "format-unknown": (
        "--format {spec}：未知格式 {fmt}（可用：{known}）",
        "--format {spec}: unknown format {fmt} (choose from {known})",
    ),
    "format-stdout-twice": (
        "--format：只能有一个输出写到标准输出（其余用 格式:文件，如 sarif:report.sarif）",
        "--format: only one output can go to standard output (write the others as "
        "format:path, e.g. sarif:report.sarif)",
    ),
    "cache-removed": ("已删除缓存 {path}", "removed the cache {path}"),
    "cache-none": ("没有缓存：{path}", "no cache at {path}"),
    "cache-not-ours": (
        "{path} 不是 perfgoal 的缓存文件夹（其中没有 perfgoal 写的 .gitignore），未删除",
        "{path} is not a perfgoal cache (no .gitignore written by perfgoal in it); not removed",
    ),
    "cache-unremovable": (
        "无法删除缓存 {path}：{reason}",
        "cannot remove the cache {path}: {reason}",
    ),
    "hidden": (
        "（其中 {count} 条未显示：--min-severity）",
        " ({count} not shown: --min-severity)",
    ),
    # cfgtree: validate --show-settings
    "settings-from": (
        "# {path} 的配置：{origin}",
        "# settings of {path}: {origin}",
    ),
    "settings-default": (
        "默认配置（其所在文件夹及以上没有配置文件）",
        "the defaults (no configuration file in its folder or above)",
    ),
}


def say(key: str, lang: Lang, **params: Any) -> str:
    zh, en = _TEXTS[key]
    return (en if lang == "en" else zh).format(**params)
