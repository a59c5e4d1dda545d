"""The one-line count of findings per severity, shared by every human-facing output.

Kept free of rich so that machine formats (json, sarif, …) can print it to stderr
without paying for rich's import.
"""

from __future__ import annotations

from collections.abc import Callable

from perfgoal.findings import Report, Summary
from perfgoal.rules.base import Lang

Style = Callable[[str, str], str]
"""``(text, severity) -> text``: how a count is dressed (rich markup, or not at all)."""


def _plain(text: str, severity: str) -> str:
    return text


def counts_line(report: Report, lang: Lang, style: Style = _plain) -> str:
    """Every finding counted, also those ``--min-severity`` hides (said how many)."""
    shown = sum(len(f.findings) for f in report.files)
    return counts_text(report.summary, shown, lang, style)


def counts_text(s: Summary, shown: int, lang: Lang, style: Style = _plain) -> str:
    """:func:`counts_line` of a run whose files are gone: ``shown`` findings were written."""
    if lang == "zh":
        line = (
            f"共 {s.files} 个文件：{style(f'{s.error} 错误', 'error')} · "
            f"{style(f'{s.warning} 警告', 'warning')} · {style(f'{s.info} 提示', 'info')}"
        )
    else:
        line = (
            f"{s.files} file(s): {style(f'{s.error} error(s)', 'error')} · "
            f"{style(f'{s.warning} warning(s)', 'warning')} · {style(f'{s.info} info', 'info')}"
        )
    hidden = s.error + s.warning + s.info - shown
    if hidden > 0:
        from perfgoal.cli_text import say

        line += say("hidden", lang, count=hidden)
    return line
