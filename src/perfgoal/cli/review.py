"""``report``, ``summary`` and ``diff``: what a reviewer reads of a round."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from perfgoal.cli.common import (
    AmountUnit,
    DiffFormat,
    FailOn,
    SummaryFormat,
    _AllowEmptyOpt,
    _config,
    _ConfigOpt,
    _ExcludeOpt,
    _existing,
    _ExitZeroOpt,
    _ExtendExcludeOpt,
    _FailOnOpt,
    _GitignoreOpt,
    _IgnoreOpt,
    _JobsOpt,
    _lang,
    _LangOpt,
    _round_options,
    _run_and_exit,
    _selection,
    _SelectOpt,
    _StdinFilenameOpt,
    _tree,
    _usage_error,
    app,
)


@app.command()
def report(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of the round.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The HTML file to write (- for stdout).")
    ] = Path("report.html"),
    select: _SelectOpt = [],  # noqa: B006
    ignore: _IgnoreOpt = [],  # noqa: B006
    fail_on: _FailOnOpt = FailOn.error,
    config: _ConfigOpt = None,
    lang: _LangOpt = None,
    jobs: _JobsOpt = None,
    exit_zero: _ExitZeroOpt = False,
    exclude: _ExcludeOpt = [],  # noqa: B006
    extend_exclude: _ExtendExcludeOpt = [],  # noqa: B006
    respect_gitignore: _GitignoreOpt = None,
    allow_empty: _AllowEmptyOpt = False,
    stdin_filename: _StdinFilenameOpt = None,
) -> None:
    """Write one self-contained HTML report of a round (validate --format html)."""
    from perfgoal.output import to_stdout
    from perfgoal.runner import run

    _existing(paths, _lang(lang), stdin_filename)
    tree = _tree(config, select, ignore)
    options = _round_options(
        tree,
        _lang(lang),
        _selection(
            tree, _lang(lang), exclude, extend_exclude, respect_gitignore, False, allow_empty
        ),
        format="html",
        fail_on=fail_on.value,
        output=None if to_stdout(output) else output,
        jobs=jobs,
        exit_zero=exit_zero,
        stdin_filename=stdin_filename,
    )
    _run_and_exit(run, paths, options)


@app.command()
def summary(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders of the round.")],
    format: Annotated[SummaryFormat, typer.Option("--format", "-f")] = SummaryFormat.rich,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the table to FILE.")
    ] = None,
    amount_unit: Annotated[
        AmountUnit, typer.Option("--amount-unit", help="The unit “预算数” is totalled in.")
    ] = AmountUnit.wan,
    select: _SelectOpt = [],  # noqa: B006
    ignore: _IgnoreOpt = [],  # noqa: B006
    fail_on: _FailOnOpt = FailOn.error,
    config: _ConfigOpt = None,
    lang: _LangOpt = None,
    jobs: _JobsOpt = None,
    exit_zero: _ExitZeroOpt = False,
    exclude: _ExcludeOpt = [],  # noqa: B006
    extend_exclude: _ExtendExcludeOpt = [],  # noqa: B006
    respect_gitignore: _GitignoreOpt = None,
    allow_empty: _AllowEmptyOpt = False,
    stdin_filename: _StdinFilenameOpt = None,
) -> None:
    """Per “预算单位”: projects, total “预算数”, findings per severity, most frequent rules."""
    from perfgoal.review import run_summary

    _existing(paths, _lang(lang), stdin_filename)
    tree = _tree(config, select, ignore)
    options = _round_options(
        tree,
        _lang(lang),
        _selection(
            tree, _lang(lang), exclude, extend_exclude, respect_gitignore, False, allow_empty
        ),
        fail_on=fail_on.value,
        output=output,
        jobs=jobs,
        exit_zero=exit_zero,
        stdin_filename=stdin_filename,
    )
    _run_and_exit(
        lambda paths, options: run_summary(paths, options, format.value, amount_unit.value),
        paths,
        options,
    )


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier version (any input format).")],
    new: Annotated[Path, typer.Argument(help="The later version.")],
    format: Annotated[DiffFormat, typer.Option("--format", "-f")] = DiffFormat.rich,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the diff to FILE.")
    ] = None,
    min_score: Annotated[
        float,
        typer.Option(
            "--min-score",
            min=0,
            max=100,
            help="How alike (0-100) two names must be to match a renamed project or indicator.",
        ),
    ] = 75.0,
    select: _SelectOpt = [],  # noqa: B006
    ignore: _IgnoreOpt = [],  # noqa: B006
    config: _ConfigOpt = None,
    lang: _LangOpt = None,
    stdin_filename: _StdinFilenameOpt = None,
) -> None:
    """What changed between two versions of a document (- reads one from standard input);
    exit 0 same, 1 different, 2 trouble."""
    from perfgoal.diff.run import run_diff
    from perfgoal.errors import UsageError

    _existing([old, new], _lang(lang), stdin_filename)
    try:
        code = run_diff(
            old,
            new,
            config=_config(config, select, ignore),
            lang=_lang(lang),
            fmt=format.value,
            output=output,
            min_score=min_score,
            stdin_name=stdin_filename,
        )
    except UsageError as exc:
        _usage_error(exc)
    raise typer.Exit(code)
