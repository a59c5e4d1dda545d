"""The rule catalog as text: ``perfgoal rules``, ``perfgoal explain`` and ``docs/rules.md``
all come from the registry and the rules' own documentation."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from perfgoal.rules import REGISTRY
from perfgoal.rules.base import Lang, Rule

_HEAD = {
    "zh": ("代码", "名称", "默认级别", "说明", "选项"),
    "en": ("code", "name", "default severity", "summary", "options"),
}


def render_rules(lang: Lang, console: Console) -> None:
    table = Table(header_style="bold")
    for column in _HEAD[lang][:4]:
        table.add_column(column)
    for rule in REGISTRY:
        table.add_row(rule.code, rule.name, rule.severity, rule.summary[lang])
    console.print(table)


def rules_json(lang: Lang) -> str:
    """``perfgoal rules --format json``: the catalog for scripts and editors, one object per
    rule: code, name, default severity, summary (in ``lang``, and both languages), options."""
    import json

    items = [
        {
            "code": rule.code,
            "name": rule.name,
            "severity": rule.severity,
            "summary": rule.summary[lang],
            "summaries": {"zh": rule.summary["zh"], "en": rule.summary["en"]},
            "options": list(rule.options.model_fields),
        }
        for rule in REGISTRY
    ]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _options_text(rule: type[Rule], lang: Lang) -> str:
    fields = rule.options.model_fields
    if not fields:
        return ""
    lines = [f"{_HEAD[lang][4]}:"]
    for name, info in fields.items():
        default = info.get_default(call_default_factory=True)
        lines.append(f"  {name} = {default!s}  # {info.description or ''}")
    return "\n".join(lines) + "\n"


def explain_text(rule: type[Rule], lang: Lang) -> str:
    header = f"{rule.code} {rule.name} ({rule.severity})\n{rule.summary[lang]}\n\n"
    options = _options_text(rule, lang)
    return header + rule.doc(lang) + "\n" + (f"\n{options}" if options else "")


def rules_markdown() -> str:
    """``docs/rules.md``: every rule with its documentation in Chinese and English."""
    out = [
        "# perfgoal rules",
        "",
        "Generated from the rule registry by `python -m perfgoal.rules.catalog`; "
        "a test fails when this file is stale.",
        "",
        "| code | name | severity | summary |",
        "|---|---|---|---|",
    ]
    out += [
        f"| {r.code} | {r.name} | {r.severity} | {r.summary['zh']} / {r.summary['en']} |"
        for r in REGISTRY
    ]
    for rule in REGISTRY:
        out += ["", f"## {rule.code} {rule.name}", "", f"Default severity: **{rule.severity}**", ""]
        out += ["```text", rule.doc("zh"), "```", "", "```text", rule.doc("en"), "```"]
        options = _options_text(rule, "en")
        if options:
            out += ["", "```text", options.rstrip(), "```"]
    return "\n".join(out) + "\n"


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.stdout.write(rules_markdown())
