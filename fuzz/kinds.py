"""The kinds of input the fuzzer feeds perfgoal, one registry entry each.

A :class:`Kind` has samples to start from, a mutator and a check that feeds one input to
perfgoal's public API (raising whatever perfgoal raises that is not its own error). A new
document format is one line in ``KINDS``: ``document_kind("pdf", (".pdf",), 1)`` fuzzes
every ``samples/**/*.pdf`` with the byte mutators through the same ``load_bytes`` path
(give it a format-aware mutator as well when there is one). A kind without samples on this
branch is left out of the run, so entries for readers still being written are harmless.
"""

from __future__ import annotations

import functools
import io
import json
import random
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import documents
import formats
import trees

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


@dataclass(frozen=True)
class Sample:
    name: str
    suffix: str
    data: bytes


Mutator = Callable[[random.Random, Sample], tuple[bytes, str, list[str]]]
Check = Callable[[bytes, str, str], None]


@dataclass(frozen=True)
class Kind:
    """One kind of input: where its samples come from, how one is mutated (returning the
    bytes, the file suffix and what was done), and how perfgoal is made to read it."""

    name: str
    weight: float
    samples: Callable[[], list[Sample]]
    mutate: Mutator
    check: Check


def _bytes_too(rng: random.Random, data: bytes, done: list[str], chance: float) -> bytes:
    """Byte-level mutations on top (always when ``chance`` is 1)."""
    if rng.random() < chance:
        for _ in range(rng.choice([1, 1, 2, 3])):
            mutator = rng.choice(documents.BYTE_MUTATORS)
            data = mutator(rng, data)
            done.append(mutator.__name__)
    return data


def _other_suffix(rng: random.Random, suffix: str) -> str:
    return suffix if rng.random() < 0.9 else rng.choice(documents.SUFFIXES)


# -- documents (and drafts): through load_bytes and check_document ---------------------------


@functools.cache
def sample_files(suffixes: tuple[str, ...]) -> list[Sample]:
    found = sorted(SAMPLES.rglob("*"), key=lambda p: p.as_posix())
    return [
        Sample(p.relative_to(SAMPLES).as_posix(), p.suffix.lower(), p.read_bytes())
        for p in found
        if p.suffix.lower() in suffixes and p.is_file()
    ]


def document_kind(
    name: str,
    suffixes: tuple[str, ...],
    weight: float,
    structured: Callable[[random.Random, bytes], bytes] | None = None,
) -> Kind:
    """A document format read from ``samples/``: ``structured`` (format-aware, optional)
    three times in four, byte mutations otherwise and on top a quarter of the time."""

    def mutate(rng: random.Random, sample: Sample) -> tuple[bytes, str, list[str]]:
        data, done = sample.data, []
        use_structure = structured is not None and rng.random() < 0.75
        if use_structure:
            assert structured is not None
            try:
                data = structured(rng, data)
                done.append(name)
            except Exception:  # the mutator could not apply: bytes only
                done.append("struct-skip")
        data = _bytes_too(rng, data, done, 0.25 if use_structure else 1.0)
        return data, _other_suffix(rng, sample.suffix), done

    return Kind(name, weight, lambda: sample_files(suffixes), mutate, check_document_bytes)


def check_document_bytes(data: bytes, display: str, suffix: str) -> None:
    """``load_bytes``, the rules with ``debug=True`` (a crashing rule counts), the text and
    JSON reporters and the model's JSON and YAML."""
    from rich.console import Console

    from perfgoal.config import Config
    from perfgoal.engine import check_document
    from perfgoal.errors import PerfgoalError
    from perfgoal.findings import FileReport, Report
    from perfgoal.load import load_bytes
    from perfgoal.reporters.json import render as render_json
    from perfgoal.reporters.text import render as render_text
    from perfgoal.serialize import to_json, to_yaml

    try:
        document = load_bytes(data, display, suffix)
    except PerfgoalError:
        return
    findings = check_document(document, Config(), "zh", debug=True)
    report = Report.build([FileReport(path=display, findings=findings)])
    render_text(report, "zh", Console(file=io.StringIO(), width=120, no_color=True))
    render_json(report).encode("utf-8")
    to_json([document]).encode("utf-8")
    if len(data) % 8 == 0:  # one input in eight: the YAML writer is slow (pure Python)
        to_yaml(document).encode("utf-8")


# -- drafts: the model as YAML/JSON, mutated in its structure -------------------------------


_DRAFT_TREES: dict[str, str] = {}  # a YAML draft's tree as JSON: parsed fast to mutate


@functools.cache
def draft_samples() -> list[Sample]:
    """The YAML and JSON drafts of every text and Word sample."""
    from perfgoal.load import load_bytes
    from perfgoal.serialize import to_json, to_yaml

    out = []
    for sample in sample_files((".txt", ".docx")):
        document = load_bytes(sample.data, sample.name, sample.suffix)
        stem = sample.name.rsplit(".", 1)[0] + sample.suffix.replace(".", "-")
        as_json = to_json([document])
        _DRAFT_TREES[stem + ".yaml"] = _DRAFT_TREES[stem + ".json"] = as_json
        out.append(Sample(stem + ".yaml", ".yaml", to_yaml(document).encode()))
        out.append(Sample(stem + ".json", ".json", as_json.encode()))
    return out


def mutate_draft(rng: random.Random, sample: Sample) -> tuple[bytes, str, list[str]]:
    """Two in three: the model's tree mutated (``trees.mutate_tree``) and written back in
    the sample's format; otherwise the text edited line by line."""
    if rng.random() < 0.67:
        tree = trees.mutate_tree(
            rng, json.loads(_DRAFT_TREES[sample.name]), rng.choice([1, 1, 2, 4])
        )
        data = trees.dump_json(rng, tree) if sample.suffix == ".json" else trees.dump_yaml(tree)
        done = ["draft-tree"]
    else:
        data, done = trees.edit_text(rng, sample.data), ["draft-text"]
    data = _bytes_too(rng, data, done, 0.15)
    return data, _other_suffix(rng, sample.suffix), done


# -- configuration: perfgoal.yaml, pyproject.toml, --config FILE ------------------------------

FULL_CONFIG: dict[str, Any] = {
    "select": ["PG*"],
    "ignore": ["PG306", "plan-final-total"],
    "severity": {"PG303": "info"},
    "framework": "auto",
    "satisfaction_min": 85,
    "bases": ["计划标准", "行业标准"],
    "project_code_pattern": "^\\d{6}\\d{2}P\\d{11}[0-9A-Z]$",
    "year": 2025,
    "weight_sums": [100, 90],
}
CONFIGS: list[dict[str, Any]] = [
    {},
    {"ignore": ["PG306"]},
    FULL_CONFIG,
    {"framework": "2021", "severity": {"PG1*": "warning"}},
]
CONFIG_FILES = {"yaml": "perfgoal.yaml", "pyproject": "pyproject.toml", "toml": "perfgoal.toml",
                "json": "config.json"}  # fmt: skip


def config_samples() -> list[Sample]:
    return [Sample(f"config-{i}", ".json", json.dumps(c).encode()) for i, c in enumerate(CONFIGS)]


def mutate_config(rng: random.Random, sample: Sample) -> tuple[bytes, str, list[str]]:
    """A configuration tree mutated, written as YAML, JSON, TOML or pyproject.toml."""
    tree = trees.mutate_tree(rng, json.loads(sample.data), rng.choice([0, 1, 1, 2, 4]))
    form = rng.choice(list(CONFIG_FILES))
    if form == "pyproject":
        data = trees.dump_toml(tree, rng.choice(["tool.perfgoal", "tool.perfgoal", "tool"]))
    elif form == "toml":
        data = trees.dump_toml(tree)
    elif form == "json":
        data = trees.dump_json(rng, tree)
    else:
        data = trees.dump_yaml(tree)
    done = [f"config-{form}"]
    if rng.random() < 0.3:
        data = trees.edit_text(rng, data)
        done.append("text")
    data = _bytes_too(rng, data, done, 0.15)
    return data, CONFIG_FILES[form], done


def check_config(data: bytes, display: str, suffix: str) -> None:
    """``--config FILE`` and discovery read it; a valid one then drives the rules."""
    from perfgoal.config import discover, load_config_file
    from perfgoal.engine import check_document
    from perfgoal.errors import UsageError

    with tempfile.TemporaryDirectory(prefix="fuzz-config-") as folder:
        path = Path(folder) / suffix  # (the "suffix" of a config input is its file name)
        path.write_bytes(data)
        try:
            config = load_config_file(path)
            discover(Path(folder))
        except UsageError:
            return
    check_document(_seed_document(), config, "zh", debug=True)


@functools.cache
def _seed_document() -> Any:
    from perfgoal.load import load_bytes

    seed = SAMPLES / "cangzhou-2025.txt"
    return load_bytes(seed.read_bytes(), "cangzhou-2025.txt", ".txt")


# -- baselines: --baseline FILE ---------------------------------------------------------------


@functools.cache
def _seed_report() -> Any:
    from perfgoal.config import Config
    from perfgoal.engine import check_document
    from perfgoal.findings import FileReport, Report

    findings = check_document(_seed_document(), Config(), "zh")
    return Report.build([FileReport(path="cangzhou-2025.txt", findings=findings)])


def baseline_samples() -> list[Sample]:
    from perfgoal.baseline import SCHEMA_VERSION, TOOL, baseline_entries

    entries = baseline_entries(_seed_report())
    full = {"schema_version": SCHEMA_VERSION, "tool": TOOL, "findings": entries}
    small = {**full, "findings": entries[:3]}
    return [Sample(f"baseline-{n}", ".json", json.dumps(b).encode()) for n, b in
            (("full", full), ("small", small))]  # fmt: skip


def mutate_baseline(rng: random.Random, sample: Sample) -> tuple[bytes, str, list[str]]:
    data, how = trees.mutate_serialized(rng, sample.data, ".json")
    done = [f"baseline-{how}"]
    return _bytes_too(rng, data, done, 0.15), ".json", done


def check_baseline(data: bytes, display: str, suffix: str) -> None:
    from perfgoal.baseline import apply_baseline
    from perfgoal.errors import UsageError

    with tempfile.TemporaryDirectory(prefix="fuzz-baseline-") as folder:
        path = Path(folder) / "baseline.json"
        path.write_bytes(data)
        try:
            apply_baseline(_seed_report(), path)
        except UsageError:
            return


# -- the registry -----------------------------------------------------------------------------

KINDS: list[Kind] = [
    document_kind("text", (".txt",), 4, documents.mutate_text),
    document_kind("docx", (".docx",), 4, documents.mutate_docx),
    # PDF and .xls: byte mutations only (truncated or flipped); the LibreOffice forms are left
    # out (a conversion takes seconds).
    document_kind("pdf", (".pdf",), 1),
    document_kind("excel", (".xlsx", ".xls"), 2, formats.mutate_xlsx),
    document_kind("html", (".html", ".htm"), 1, formats.mutate_html),
    Kind("draft", 2, draft_samples, mutate_draft, check_document_bytes),
    Kind("config", 1, config_samples, mutate_config, check_config),
    Kind("baseline", 1, baseline_samples, mutate_baseline, check_baseline),
]


def active_kinds() -> list[tuple[Kind, list[Sample]]]:
    """The kinds that have samples on this branch, with their samples."""
    return [(kind, found) for kind in KINDS if (found := kind.samples())]
