"""The command line: argument handling only; the work is in the modules it wires together.

Heavy modules (python-docx, lxml, ruamel.yaml, the rules) are imported inside the commands
so that ``perfgoal --help`` stays instant in pre-commit.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from perfgoal import __version__

if TYPE_CHECKING:
    from rich.console import Console

    from perfgoal.config import Config, ConfigTree
    from perfgoal.errors import UsageError
    from perfgoal.model import Document
    from perfgoal.rules.base import Lang
    from perfgoal.selection import Selection


def _env_lang() -> Lang:
    return "en" if os.environ.get("PERFGOAL_LANG", "").lower().startswith("en") else "zh"


_HELP = "Parse and check Chinese budget performance-goal documents (.docx/.txt/.yaml/.json)."
app = typer.Typer(
    name="perfgoal",
    help=_HELP if _env_lang() == "en" else f"解析并检查预算绩效目标表（绩效目标表）。{_HELP}",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)


class ParseFormat(StrEnum):
    table = "table"
    json = "json"
    yaml = "yaml"


class ValidateFormat(StrEnum):
    auto = "auto"
    rich = "rich"
    text = "text"
    concise = "concise"
    json = "json"
    json_lines = "json-lines"
    sarif = "sarif"
    github = "github"
    junit = "junit"
    gitlab = "gitlab"
    html = "html"


class SummaryFormat(StrEnum):
    rich = "rich"
    csv = "csv"
    xlsx = "xlsx"


class AmountUnit(StrEnum):
    wan = "万元"
    yuan = "元"


class DiffFormat(StrEnum):
    rich = "rich"
    json = "json"
    markdown = "markdown"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


class ColorChoice(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


class LangOption(StrEnum):
    zh = "zh"
    en = "en"


def _lang(option: LangOption | None) -> Lang:
    chosen: Lang = _env_lang() if option is None else "en" if option is LangOption.en else "zh"
    _LANG["lang"] = chosen
    return chosen


# The --lang of the running command (recorded as its options are read), for the errors
# raised before the command has its options, and for the lines main() writes after it.
_LANG: dict[str, Lang] = {}


def _remember_lang(value: LangOption | None) -> LangOption | None:
    _lang(value)
    return value


def _current_lang() -> Lang:
    return _LANG.get("lang") or _env_lang()


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _say(text: str, *, err: bool = False) -> None:
    """One line on stdout or stderr (through the guarded streams, see main)."""
    stream = sys.stderr if err else sys.stdout
    stream.write(text + "\n")
    stream.flush()


def _usage_error(message: str | UsageError) -> NoReturn:
    text = message if isinstance(message, str) else message.render(_current_lang())
    _say(f"perfgoal: error: {text}", err=True)
    raise typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        _say(f"perfgoal {__version__}")
        raise typer.Exit(0)


# --debug of the running command, for the last-resort guard in main().
_DEBUG = {"on": False}


def _set_debug(value: bool) -> None:
    _DEBUG["on"] = _DEBUG["on"] or value


@app.callback()
def _main(
    version: Annotated[
        bool | None,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = None,
) -> None:
    """perfgoal."""


def _existing(paths: list[Path], lang: Lang | None = None, stdin_name: str | None = None) -> None:
    """Every path exists (``-``, standard input, may be given once; ``--stdin-filename``
    only with it), or exit 2."""
    from perfgoal.cli_text import say
    from perfgoal.errors import UsageError
    from perfgoal.files import expand
    from perfgoal.load import is_stdin

    given = sum(is_stdin(path) for path in paths)
    if given > 1:
        _usage_error(say("stdin-twice", lang or _lang(None)))
    if stdin_name is not None and not given:
        _usage_error(say("stdin-filename-alone", lang or _lang(None)))
    for path in paths:
        try:
            if not is_stdin(path):
                expand([path], walk=False)
        except UsageError as exc:
            _usage_error(exc)


def _load_all(
    files: list[Path], debug: bool = False, stdin_name: str | None = None
) -> tuple[list[Document], int]:
    """The documents that could be read (several from a file holding several drafts), and
    the exit code so far: 1 when a file could not be read, 3 when perfgoal failed on one
    (each named on stderr in one line). ``-`` is read from standard input."""
    from decimal import localcontext

    from perfgoal.engine import ARITHMETIC
    from perfgoal.errors import InputError
    from perfgoal.fileio import display_path
    from perfgoal.load import is_stdin, parse_documents, read_bytes, read_stdin, stdin_shown

    documents: list[Document] = []
    code = 0
    for path in files:
        stdin = is_stdin(path)
        display, suffix = stdin_shown(stdin_name) if stdin else (display_path(path), path.suffix)
        try:
            with localcontext(ARITHMETIC):
                data = read_stdin() if stdin else read_bytes(path)
                loaded = parse_documents(data, display, suffix.lower())
        except InputError as exc:
            _say(f"perfgoal: {display}: {exc.render(_current_lang())}", err=True)
            code = max(code, 1)
            continue
        except Exception as exc:  # a parser bug: one line, never a traceback
            if debug:
                raise
            _say(f"perfgoal: {display}: {_internal_line(exc)}", err=True)
            code = 3
            continue
        for shown, document in loaded:
            if isinstance(document, InputError):
                _say(f"perfgoal: {shown}: {document}", err=True)
                code = max(code, 1)
            else:
                documents.append(document)
    return documents, code


def _internal_line(exc: BaseException) -> str:
    detail = " ".join(f"{type(exc).__name__}: {exc}".split())
    if len(detail) > 300:
        detail = detail[:300] + "…"
    from perfgoal.messages import render

    return render("cli.internal-error", _current_lang(), detail=detail)


_StdinFilenameOpt = Annotated[
    str | None,
    typer.Option(
        "--stdin-filename",
        help="The name of the document read from - (standard input): shown in reports and "
        "source.path, its suffix picks the format when the bytes do not tell.",
    ),
]


@app.command()
def parse(
    files: Annotated[list[Path], typer.Argument(help="Files to parse.")],
    format: Annotated[ParseFormat, typer.Option("--format", "-f")] = ParseFormat.table,
    stdin_filename: _StdinFilenameOpt = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
) -> None:
    """Parse files (- reads standard input) and print the model (table, json or yaml); with
    several documents, a JSON array or a YAML stream of documents."""
    _set_debug(debug)
    _existing(files, stdin_name=stdin_filename)
    documents, code = _load_all(files, debug, stdin_filename)
    if format is ParseFormat.json:
        from perfgoal.serialize import to_json

        if documents:
            sys.stdout.write(to_json(documents) + "\n")
    elif format is ParseFormat.yaml:
        from perfgoal.serialize import to_yaml

        sys.stdout.write("---\n".join(to_yaml(d) for d in documents))
    else:
        from perfgoal.parse_table import render_documents

        render_documents(documents, _console(), _env_lang())
    raise typer.Exit(code)


@app.command("to-yaml")
def to_yaml_command(
    file: Annotated[Path, typer.Argument(help="File to convert.")],
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
    stdin_filename: _StdinFilenameOpt = None,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
) -> None:
    """Write the model of FILE (- reads standard input) as YAML (accepted back by parse and
    validate); a file holding several drafts as a stream of YAML documents."""
    _set_debug(debug)
    _existing([file], stdin_name=stdin_filename)
    documents, code = _load_all([file], debug, stdin_filename)
    if code:
        raise typer.Exit(code)
    from perfgoal.fileio import write_atomic
    from perfgoal.serialize import to_yaml

    text = "---\n".join(to_yaml(document) for document in documents)
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)


@app.command()
def schema(
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write to.")] = Path(
        "schemas"
    ),
) -> None:
    """Write the JSON Schemas of the model and of the findings report."""
    from perfgoal.fileio import display_path
    from perfgoal.schemas import write_schemas

    for path in write_schemas(output):
        _say(display_path(path))


@app.command()
def clean(
    config: Annotated[Path | None, typer.Option("--config", help="Configuration file.")] = None,
    lang: Annotated[
        LangOption | None, typer.Option("--lang", help="Message language.", callback=_remember_lang)
    ] = None,
) -> None:
    """Remove the results cache (.perfgoal_cache/ beside the configuration in use, or
    PERFGOAL_CACHE_DIR)."""
    from perfgoal.cache import NotACache, cache_folder
    from perfgoal.cache import clean as remove
    from perfgoal.cli_text import say
    from perfgoal.fileio import display_path, os_reason

    chosen = _lang(lang)
    root = cache_folder(_config(config, [], []))
    shown = display_path(root)
    try:
        removed = remove(root)
    except NotACache:
        _usage_error(say("cache-not-ours", chosen, path=shown))
    except OSError as exc:
        _usage_error(
            say("cache-unremovable", chosen, path=shown, reason=os_reason(exc).render(chosen))
        )
    _say(say("cache-removed" if removed else "cache-none", chosen, path=shown))


def _config(config_file: Path | None, select: list[str], ignore: list[str]) -> Config:
    """The configuration of the run as a whole (the working folder's, or ``--config``)."""
    return _tree(config_file, select, ignore).root


def _tree(config_file: Path | None, select: list[str], ignore: list[str]) -> ConfigTree:
    """Each file's configuration: the nearest above it, or ``--config`` for all."""
    from perfgoal.config import ConfigTree, load_config_file
    from perfgoal.errors import UsageError

    try:
        if config_file is not None:
            override = load_config_file(config_file)
            return ConfigTree(None, override, _split(select), _split(ignore))
        return ConfigTree(_working_folder(), None, _split(select), _split(ignore))
    except UsageError as exc:
        _usage_error(exc)


def _working_folder() -> Path | None:
    """The working folder, or None (with a warning) when it has been deleted."""
    try:
        return Path.cwd()
    except OSError:
        from perfgoal.messages import render

        _say(f"perfgoal: {render('cli.no-cwd', _current_lang())}", err=True)
        return None


def _split(values: list[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


_ExcludeOpt = Annotated[
    list[str],
    typer.Option(
        "--exclude", help="Globs of files/folders not to check (replaces the default list)."
    ),
]
_ExtendExcludeOpt = Annotated[
    list[str], typer.Option("--extend-exclude", help="Globs not to check, beside exclude.")
]
_GitignoreOpt = Annotated[
    bool | None,
    typer.Option(
        "--respect-gitignore/--no-respect-gitignore",
        help="Skip what .gitignore ignores (default: on, or the config's respect_gitignore).",
    ),
]
_ForceExcludeOpt = Annotated[
    bool,
    typer.Option(
        "--force-exclude", help="Apply exclude/.gitignore/sniffing to files named too (hooks)."
    ),
]
_AllowEmptyOpt = Annotated[
    bool, typer.Option("--allow-empty", help="Exit 0 when a PATH yields no file to check.")
]


def _selection(
    tree: ConfigTree,
    lang: Lang,
    exclude: list[str],
    extend_exclude: list[str],
    respect_gitignore: bool | None,
    force_exclude: bool,
    allow_empty: bool,
) -> Selection:
    from perfgoal.selection import Selection

    return Selection.build(
        tree=tree,
        cli_exclude=_split(exclude),
        cli_extend=_split(extend_exclude),
        respect_gitignore=respect_gitignore,
        force_exclude=force_exclude,
        allow_empty=allow_empty,
        lang=lang,
    )


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
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even with findings (2 on usage errors).")
    ] = False,
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
    from perfgoal.errors import UsageError
    from perfgoal.runner import RunOptions, run

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
    options = RunOptions(
        config=tree.root,
        tree=tree,
        selection=chosen,
        lang=_lang(lang),
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
    try:
        code = run(paths, options)
    except UsageError as exc:
        _usage_error(exc)
    raise typer.Exit(code)


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


_LangOpt = Annotated[
    LangOption | None,
    typer.Option(
        "--lang",
        help="Message language (default: PERFGOAL_LANG, else zh).",
        callback=_remember_lang,
    ),
]
_ConfigOpt = Annotated[
    Path | None,
    typer.Option("--config", help="perfgoal.yaml or pyproject.toml to use instead of discovery."),
]
_SelectOpt = Annotated[list[str], typer.Option(help="Rules to run (codes, names, globs).")]
_IgnoreOpt = Annotated[list[str], typer.Option(help="Rules to skip (codes, names, globs).")]
_FailOnOpt = Annotated[
    FailOn, typer.Option("--fail-on", help="Exit 1 on findings at or above this severity.")
]
_JobsOpt = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Files checked in parallel (default: usable cores)."),
]


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
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even with findings (2 on usage errors).")
    ] = False,
    exclude: _ExcludeOpt = [],  # noqa: B006
    extend_exclude: _ExtendExcludeOpt = [],  # noqa: B006
    respect_gitignore: _GitignoreOpt = None,
    allow_empty: _AllowEmptyOpt = False,
    stdin_filename: _StdinFilenameOpt = None,
) -> None:
    """Write one self-contained HTML report of a round (validate --format html)."""
    from perfgoal.errors import UsageError
    from perfgoal.output import to_stdout
    from perfgoal.runner import RunOptions, run

    _existing(paths, _lang(lang), stdin_filename)
    tree = _tree(config, select, ignore)
    options = RunOptions(
        config=tree.root,
        tree=tree,
        selection=_selection(
            tree, _lang(lang), exclude, extend_exclude, respect_gitignore, False, allow_empty
        ),
        lang=_lang(lang),
        format="html",
        fail_on=fail_on.value,
        output=None if to_stdout(output) else output,
        jobs=jobs,
        exit_zero=exit_zero,
        stdin_filename=stdin_filename,
    )
    try:
        code = run(paths, options)
    except UsageError as exc:
        _usage_error(exc)
    raise typer.Exit(code)


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
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even with findings (2 on usage errors).")
    ] = False,
    exclude: _ExcludeOpt = [],  # noqa: B006
    extend_exclude: _ExtendExcludeOpt = [],  # noqa: B006
    respect_gitignore: _GitignoreOpt = None,
    allow_empty: _AllowEmptyOpt = False,
    stdin_filename: _StdinFilenameOpt = None,
) -> None:
    """Per “预算单位”: projects, total “预算数”, findings per severity, most frequent rules."""
    from perfgoal.errors import UsageError
    from perfgoal.review import run_summary
    from perfgoal.runner import RunOptions

    _existing(paths, _lang(lang), stdin_filename)
    tree = _tree(config, select, ignore)
    options = RunOptions(
        config=tree.root,
        tree=tree,
        selection=_selection(
            tree, _lang(lang), exclude, extend_exclude, respect_gitignore, False, allow_empty
        ),
        lang=_lang(lang),
        fail_on=fail_on.value,
        output=output,
        jobs=jobs,
        exit_zero=exit_zero,
        stdin_filename=stdin_filename,
    )
    try:
        code = run_summary(paths, options, format.value, amount_unit.value)
    except UsageError as exc:
        _usage_error(exc)
    raise typer.Exit(code)


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


def main() -> None:
    """The entry point: the command, inside one guard that turns whatever still escapes
    into one line and a documented exit code (README "Exit codes"):

    * 2: an output that cannot be written (a closed stdout, a full disk; a closed pipe
      quietly), or a usage error raised late;
    * 3: an internal error of perfgoal itself, naming the file it was working on, with a
      hint to rerun with ``--debug`` (which shows the traceback);
    * 130: interrupted (Ctrl-C), with one line and no traceback.
    """
    from perfgoal.streams import install, restore

    originals = install()
    code, pipe_closed = _guarded()
    restore(originals, pipe_closed=pipe_closed)
    sys.exit(code)


def _guarded() -> tuple[int, bool]:
    """Run the command; (exit code, whether stdout was a pipe that closed)."""
    from perfgoal.errors import OutputClosed, UsageError, subject_of

    _LANG.clear()
    try:
        try:
            app()
            code = 0
        except SystemExit as exc:  # typer always ends so, and turns Ctrl-C into 130
            code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
            if isinstance(exc.code, str):
                _say(exc.code, err=True)
        sys.stdout.flush()
        if code == 130:
            _say(f"perfgoal: {_interrupted()}", err=True)
        return code, False
    except KeyboardInterrupt:
        _say(f"perfgoal: {_interrupted()}", err=True)
        return 130, False
    except (OutputClosed, BrokenPipeError):
        return 2, True
    except UsageError as exc:  # an output that cannot be written, a late usage error
        _say(f"perfgoal: error: {exc.render(_current_lang())}", err=True)
        return 2, False
    except Exception as exc:
        if _DEBUG["on"] or "--debug" in sys.argv[1:]:
            import traceback

            traceback.print_exception(exc, file=sys.stderr)
        subject = subject_of(exc)
        where = f"{subject}: " if subject else ""
        _say(f"perfgoal: {where}{_internal_line(exc)}", err=True)
        return 3, False


def _interrupted() -> str:
    from perfgoal.messages import render

    return render("cli.interrupted", _current_lang())
