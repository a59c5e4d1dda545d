"""``validate``: the rules over files and folders, and what it can show instead of running
(``--show-files``, ``--show-settings``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from perfgoal.cli.common import (
    ColorChoice,
    FailOn,
    LangOption,
    ValidateFormat,
    _AllowEmptyOpt,
    _ExcludeOpt,
    _existing,
    _ExitZeroOpt,
    _ExtendExcludeOpt,
    _ForceExcludeOpt,
    _GitignoreOpt,
    _lang,
    _remember_lang,
    _round_options,
    _run_and_exit,
    _say,
    _selection,
    _set_debug,
    _StdinFilenameOpt,
    _tree,
    _usage_error,
    app,
)

if TYPE_CHECKING:
    from perfgoal.config import ConfigTree
    from perfgoal.rules.base import Lang
    from perfgoal.selection import Selection


def _show_settings(paths: list[Path], tree: ConfigTree, lang: Lang) -> NoReturn:
    """For each PATH, the configuration file it is checked with and the values in effect
    (``key: value``, the value as JSON, which YAML reads too)."""
    import json

    from perfgoal.cli_text import say
    from perfgoal.config import settings_of
    from perfgoal.errors import UsageError
    from perfgoal.fileio import display_path

    for number, path in enumerate(paths):
        try:
            config = tree.for_folder(Path(os.path.abspath(path))) if path.is_dir() else None
            config = config or tree.for_file(path)
        except UsageError as exc:
            _usage_error(exc)
        origin = config.origin or say("settings-default", lang)
        _say(
            ("\n" if number else "")
            + say("settings-from", lang, path=display_path(path), origin=origin)
        )
        for key, value in settings_of(config).items():
            _say(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    raise typer.Exit(0)


def _stdin_named(paths: list[Path], stdin_filename: str | None) -> list[Path]:
    """``paths`` with ``-`` (standard input) as the file it stands for, when named."""
    from perfgoal.load import is_stdin

    if stdin_filename is None:
        return paths
    return [Path(stdin_filename) if is_stdin(path) else path for path in paths]


def _show_files(paths: list[Path], selection: Selection, stdin_filename: str | None) -> NoReturn:
    from perfgoal.errors import UsageError
    from perfgoal.fileio import display_path
    from perfgoal.files import Unreadable
    from perfgoal.load import is_stdin
    from perfgoal.selection import select

    try:
        targets = select(paths, selection)
    except UsageError as exc:
        _usage_error(exc)
    for target in targets:
        if isinstance(target, Path) and is_stdin(target):
            _say(stdin_filename or "-")
        else:
            _say(display_path(target.path if isinstance(target, Unreadable) else target))
    raise typer.Exit(0)


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders.")],
    format: Annotated[
        list[str],
        typer.Option(
            "--format",
            "-f",
            help="auto|rich|text|concise|json|json-lines|sarif|github|junit|gitlab|html, "
            "repeatable; FORMAT:FILE writes that one to FILE (--format rich --format "
            "sarif:report.sarif). auto: github in GitHub Actions, rich on a terminal, "
            "text otherwise.",
        ),
    ] = [],  # noqa: B006
    select: Annotated[list[str], typer.Option(help="Rules to run (codes, names, globs).")] = [],  # noqa: B006
    ignore: Annotated[list[str], typer.Option(help="Rules to skip (codes, names, globs).")] = [],  # noqa: B006
    fail_on: Annotated[
        FailOn, typer.Option("--fail-on", help="Exit 1 on findings at or above this severity.")
    ] = FailOn.error,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config", help="perfgoal.yaml or pyproject.toml to use instead of discovery."
        ),
    ] = None,
    lang: Annotated[
        LangOption | None,
        typer.Option(
            "--lang",
            help="Message language (default: PERFGOAL_LANG, else zh).",
            callback=_remember_lang,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the report to FILE; the summary goes to stderr."
        ),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help="Files checked in parallel (default: usable cores)."
        ),
    ] = None,
    exit_zero: _ExitZeroOpt = False,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Print the count of findings per rule.")
    ] = False,
    baseline: Annotated[
        Path | None,
        typer.Option("--baseline", help="Report only findings not in this baseline file."),
    ] = None,
    write_baseline: Annotated[
        Path | None,
        typer.Option("--write-baseline", help="Record the current findings as a baseline."),
    ] = None,
    exclude: _ExcludeOpt = [],  # noqa: B006
    extend_exclude: _ExtendExcludeOpt = [],  # noqa: B006
    respect_gitignore: _GitignoreOpt = None,
    force_exclude: _ForceExcludeOpt = False,
    allow_empty: _AllowEmptyOpt = False,
    show_files: Annotated[
        bool, typer.Option("--show-files", help="List the files that would be checked.")
    ] = False,
    show_settings: Annotated[
        bool,
        typer.Option(
            "--show-settings",
            help="Print the configuration each PATH is checked with (its file, its values).",
        ),
    ] = False,
    min_severity: Annotated[
        FailOn,
        typer.Option(
            "--min-severity", help="Show findings at or above this severity (all are counted)."
        ),
    ] = FailOn.info,
    no_infos: Annotated[
        bool, typer.Option("--no-infos", help="Hide infos (--min-severity warning).")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print only the summary counts.")
    ] = False,
    color: Annotated[
        ColorChoice,
        typer.Option("--color", help="Colour the report: auto (NO_COLOR/FORCE_COLOR, terminal)."),
    ] = ColorChoice.auto,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache", help="Neither read nor write the results cache (.perfgoal_cache/)."
        ),
    ] = False,
    stdin_filename: _StdinFilenameOpt = None,
    debug: Annotated[bool, typer.Option("--debug", help="Re-raise internal errors.")] = False,
) -> None:
    """Check files against the rule catalog (- reads standard input); exit 1 on findings at
    or above --fail-on."""
    from perfgoal.runner import run

    _set_debug(debug)
    _existing(paths, _lang(lang), stdin_filename)
    tree = _tree(config, select, ignore)
    if show_settings:
        _show_settings(_stdin_named(paths, stdin_filename), tree, _lang(lang))
    chosen = _selection(
        tree,
        _lang(lang),
        exclude,
        extend_exclude,
        respect_gitignore,
        force_exclude,
        allow_empty,
    )
    if show_files:
        _show_files(paths, chosen, stdin_filename)
    main_format, main_output, outputs = _formats(format, output, _lang(lang))
    floor = "warning" if no_infos and min_severity is FailOn.info else min_severity.value
    options = _round_options(
        tree,
        _lang(lang),
        chosen,
        format=main_format,
        outputs=outputs,
        min_severity=floor,
        quiet=quiet,
        color=color.value,
        fail_on=fail_on.value,
        output=main_output,
        jobs=jobs,
        exit_zero=exit_zero,
        statistics=statistics,
        baseline=baseline,
        write_baseline=write_baseline,
        debug=debug,
        cache=not no_cache,
        stdin_filename=stdin_filename,
    )
    _run_and_exit(run, paths, options)


def _formats(
    specs: list[str], output: Path | None, lang: Lang
) -> tuple[str, Path | None, tuple[tuple[str, Path], ...]]:
    """``--format`` values (``FMT`` or ``FMT:FILE``): the one for standard output (or
    ``-o``), and those written to files."""
    from perfgoal.cli_text import say

    known = [f.value for f in ValidateFormat]
    plain: list[str] = []
    files: list[tuple[str, Path]] = []
    for spec in specs or ["auto"]:
        fmt, sep, target = spec.partition(":")
        fmt = fmt.strip().lower()
        if fmt not in known:
            _usage_error(say("format-unknown", lang, spec=spec, fmt=fmt, known=", ".join(known)))
        if sep and target and target != "-":
            if fmt == "auto":
                _usage_error(say("format-path", lang, spec=spec, fmt=fmt))
            files.append((fmt, Path(target)))
        else:
            plain.append(fmt)
    if len(plain) > 1:
        _usage_error(say("format-stdout-twice", lang))
    if not plain and output is not None:
        plain = ["auto"]
    if plain:
        return plain[0], output, tuple(files)
    first_format, first_path = files[0]
    return first_format, first_path, tuple(files[1:])
