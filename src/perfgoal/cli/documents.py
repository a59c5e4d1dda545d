"""``parse``, ``to-yaml``, ``schema`` and ``clean``: reading documents into the model, writing
it, the JSON Schemas and the results cache."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from perfgoal.cli.common import (
    LangOption,
    ParseFormat,
    _config,
    _console,
    _env_lang,
    _existing,
    _lang,
    _load_all,
    _remember_lang,
    _say,
    _set_debug,
    _StdinFilenameOpt,
    _usage_error,
    app,
)


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
