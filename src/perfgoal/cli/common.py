"""What every command shares: the typer app, the option types, the language and the console,
usage errors, the checks of the paths given and the configuration and file selection they
are run with."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from perfgoal import __version__

if TYPE_CHECKING:
    from rich.console import Console

    from perfgoal.config import Config, ConfigTree
    from perfgoal.errors import UsageError
    from perfgoal.model import Document
    from perfgoal.rules.base import Lang
    from perfgoal.runner import RunOptions
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
_ExitZeroOpt = Annotated[
    bool, typer.Option("--exit-zero", help="Exit 0 even with findings (2 on usage errors).")
]
_JobsOpt = Annotated[
    int | None,
    typer.Option("--jobs", "-j", min=1, help="Files checked in parallel (default: usable cores)."),
]


def _round_options(tree: ConfigTree, lang: Lang, selection: Selection, **run: Any) -> RunOptions:
    """The run's options: each file's configuration from ``tree``, the files ``selection``
    chooses, the messages in ``lang``, and the rest as given."""
    from perfgoal.runner import RunOptions

    return RunOptions(config=tree.root, tree=tree, selection=selection, lang=lang, **run)


def _run_and_exit(
    run: Callable[[list[Path], RunOptions], int], paths: list[Path], options: RunOptions
) -> NoReturn:
    """``run`` the paths and exit with its code; a usage error it raises is exit 2."""
    from perfgoal.errors import UsageError

    try:
        code = run(paths, options)
    except UsageError as exc:
        _usage_error(exc)
    raise typer.Exit(code)
