"""Where a one-file ``perfgoal validate samples/cangzhou-2025.txt --format json`` spends its
CPU time, phase by phase, in one process: each import step after the floor (the bare
``import typer, pydantic, rich.console``), then the command itself. Run it with the
benchmark's interpreter after ``python -m compileall -q src/perfgoal``, with
``PERFGOAL_NO_CACHE=1``, a few times (the machine is shared): docs/performance.md quotes
three runs. A step's time is what it imports that the steps before it did not.
"""

from __future__ import annotations

import importlib
import itertools
import os
import sys
import time
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "samples" / "cangzhou-2025.txt"

STEPS: list[tuple[str, tuple[str, ...]]] = [
    ("the floor: typer, pydantic, rich.console", ("typer", "pydantic", "rich.console")),
    (
        "pydantic's model machinery (BaseModel, fields, schema generation)",
        (
            "pydantic.main",
            "pydantic.fields",
            "pydantic.types",
            "pydantic.json_schema",
            "pydantic._internal._generate_schema",
            "pydantic._internal._model_construction",
        ),
    ),
    ("pydantic's plugin loader (importlib.metadata, email)", ("pydantic.plugin._loader",)),
    ("typer's core and adapters modules", ("typer.main", "typer.core", "typer._adapters")),
    ("perfgoal.cli", ("perfgoal.cli",)),
    ("perfgoal.model, perfgoal.findings (the models)", ("perfgoal.model", "perfgoal.findings")),
    (
        "perfgoal.config (options, the rules, the parser, values)",
        ("perfgoal.config", "perfgoal.options", "perfgoal.rules"),
    ),
    (
        "runner, readers, engine, cache, reporters",
        (
            "perfgoal.runner",
            "perfgoal.files",
            "perfgoal.api",
            "perfgoal.load",
            "perfgoal.readers.text",
            "perfgoal.engine",
            "perfgoal.checked",
            "perfgoal.streaming",
            "perfgoal.cache",
            "perfgoal.reporters.json",
        ),
    ),
]


def main() -> None:
    marks = [("interpreter start", time.process_time())]
    for name, modules in STEPS:
        for module in modules:
            importlib.import_module(module)
        marks.append((name, time.process_time()))
    runner = importlib.import_module("perfgoal.runner")
    cli = importlib.import_module("perfgoal.cli")
    run = runner.run

    def timed_run(*args: object, **kwargs: object) -> object:
        marks.append(("typer: the command line (a TypeAdapter per option)", time.process_time()))
        try:
            return run(*args, **kwargs)
        finally:
            marks.append(("the run: read, parse, check, write the seed", time.process_time()))

    runner.run = timed_run
    sys.argv = ["perfgoal", "validate", str(SEED), "--format", "json"]
    stdout, sys.stdout = sys.stdout, open(os.devnull, "w")  # noqa: SIM115
    try:
        cli.app()
    except SystemExit:
        pass
    finally:
        sys.stdout.close()
        sys.stdout = stdout
    for (_, before), (name, after) in itertools.pairwise(marks):
        print(f"{(after - before) * 1000:6.1f} ms  {name}")
    print(f"{marks[-1][1] * 1000:6.1f} ms  in all (process CPU time)")


if __name__ == "__main__":
    main()
