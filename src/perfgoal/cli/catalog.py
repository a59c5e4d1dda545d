"""``rules`` and ``explain``: the rule catalog."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from perfgoal.cli.common import (
    LangOption,
    _console,
    _lang,
    _remember_lang,
    _usage_error,
    app,
)


class RulesFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("rules")
def rules_command(
    lang: Annotated[LangOption | None, typer.Option("--lang", callback=_remember_lang)] = None,
    format: Annotated[RulesFormat, typer.Option("--format", "-f")] = RulesFormat.table,
) -> None:
    """List the rule catalog (a table, or JSON for scripts)."""
    if format is RulesFormat.json:
        from perfgoal.rules.catalog import rules_json

        sys.stdout.write(rules_json(_lang(lang)))
        return
    from perfgoal.rules.catalog import render_rules

    render_rules(_lang(lang), _console())


@app.command()
def explain(
    code: Annotated[str, typer.Argument(help="A rule code (PG203) or name (plan-final-total).")],
    lang: Annotated[LangOption | None, typer.Option("--lang", callback=_remember_lang)] = None,
) -> None:
    """Explain one rule: what it checks, why, a bad and a good example."""
    from perfgoal.messages import render
    from perfgoal.rules import rule_by_code
    from perfgoal.rules.catalog import explain_text

    try:
        rule = rule_by_code(code)
    except KeyError:
        _usage_error(render("cli.no-such-rule", _lang(lang), code=code))
    sys.stdout.write(explain_text(rule, _lang(lang)))
