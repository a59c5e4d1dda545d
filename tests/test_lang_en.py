"""``--lang en`` prints no Chinese: every command and every output format, over the samples
and hostile inputs, in a subprocess as a user runs it.

A case fails when stdout or stderr holds a CJK character (an ideograph, CJK or full-width
punctuation, a kana or hangul) outside *quoted document text*. The test recognises quoted
document text so: every maximal run of CJK characters in the output (with the characters
between them that are not letters of a Latin word, so "资金（万元）" is one run) is looked up
in the **text of the input documents** of the case; a run found there is a quotation and
is allowed, any other is a leak. A run made of such quotations with digits and signs
between them (``3月底 1.00 | 6月底``, a merged cell repeated) is allowed too. The text of an
input is everything it could be quoted from: its bytes decoded as text (UTF-8 or GB18030),
the text of every XML part of a zip container (.docx/.xlsx, tags stripped), and every
string of the model perfgoal parses from it (which covers PDF and the converted formats).
Both sides are compared after NFKC and with whitespace removed, because a report
normalises full-width forms and spacing when it quotes a cell.

The configuration is an input too: the values the rules take as options (the accepted
指标值确定依据, 项目性质, ... by default) are words a message may list, as a user's
perfgoal.yaml would write them; so are the command line's choices (``--amount-unit 万元``).

A label of the form that perfgoal names itself (预算数, 12月底, 成本指标) is *not* allowed
because it is the form's: in a finding it must be in the input document, or the English
message words it in English. Documentation (``explain``, ``rules`` in either format, the
rule descriptions of a SARIF log, every ``--help``) is the one place that names the form's
labels without a document: there, and only there, CJK inside a quotation is allowed:
typographic quotes “…”, straight quotes "…" on one line, or a ``literal``; so are the rules'
example tables, which are the documents the documentation shows. A JSON value under the key
``zh`` (the Chinese half of ``rules -f json``'s bilingual ``summaries``) is Chinese by
contract and not looked at.

Commands without ``--lang`` (``parse``, ``to-yaml``, ``schema``) run with
``PERFGOAL_LANG=en``, which every command honours. A file a command writes (a baseline, a
workbook, a report) is checked too; binary ones (``summary -f xlsx``) are read back as
their XML text. The JSON Schemas ``schema`` writes are the same in every language and only
its messages are checked. Each case is one subprocess on a small input; the sample cases
share a results cache and the others run two at a time, to keep the whole test short.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import unicodedata
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
REFERENCE = SAMPLES / "cangzhou-2025.docx"
REFERENCE_TXT = SAMPLES / "cangzhou-2025.txt"
BAD = SAMPLES / "bad" / "budget-arithmetic.txt"
CODES = SAMPLES / "bad" / "codes.docx"
MALFORMED = [SAMPLES / "bad" / "malformed-values.txt", SAMPLES / "bad" / "missing-tiers.txt"]

_CJK = (
    r"\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u9fff"
    r"\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
)
CJK = re.compile(f"[{_CJK}]")
# A run: CJK characters, with digits, signs and spaces between them (not a Latin word).
RUN = re.compile(f"[{_CJK}](?:[{_CJK}0-9.,:;%/()\\[\\]<>≤≥=+\\-·、 ]*[{_CJK}])?")


def _squash(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _xml_text(data: bytes) -> str:
    return re.sub(r"<[^>]*>", "", data.decode("utf-8", "replace"))


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@functools.cache
def document_text(path: Path) -> str:
    """Everything a report may quote from ``path`` (see the module docstring)."""
    if not path.is_file() or not os.access(path, os.R_OK):
        return ""
    data = path.read_bytes()
    parts = [data.decode("utf-8", "ignore"), data.decode("gb18030", "ignore")]
    try:
        with zipfile.ZipFile(path) as archive:
            parts += [_xml_text(archive.read(n)) for n in archive.namelist() if n.endswith("xml")]
    except (zipfile.BadZipFile, OSError, ValueError):
        pass
    from perfgoal.load import load_document

    try:
        model = load_document(path).model_dump(mode="json")
    except Exception:  # an unreadable input quotes nothing of a model
        model = {}
    parts += _strings(model)
    return _squash("\n".join(parts))


def _terms(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _terms(key)
            yield from _terms(item)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _terms(item)


@functools.cache
def configured_words() -> frozenset[str]:
    """The configuration's own words: the values the rules take as options by default
    (accepted bases, natures, ...) and the command line's choices (``--amount-unit 万元``),
    which a message or a help may list (see the module docstring)."""
    from perfgoal import cli
    from perfgoal.rules import REGISTRY

    found = [term for rule in REGISTRY for term in _terms(rule.options().model_dump(mode="json"))]
    choices = [c for c in vars(cli).values() if isinstance(c, type) and issubclass(c, StrEnum)]
    found += [member.value for choice in choices for member in choice]
    return frozenset(_squash(term) for term in found if CJK.search(term))


@functools.cache
def example_text() -> str:
    """The rules' example tables, files and their findings: the documents the documentation
    shows."""
    from perfgoal.rules import REGISTRY

    parts = []
    for rule in REGISTRY:
        examples = rule.examples()
        for example in (examples.bad + examples.good) if examples else ():
            if example.table is not None:
                parts.append(example.table)
            if example.file is not None:
                parts += [example.file.name, example.file.data.decode("utf-8", "replace")]
            parts += [finding["zh"] for finding in example.findings]
    return _squash("\n".join(parts))


# A quotation in rule documentation: typographic quotes, straight ones on one line, or a
# ``literal``.
QUOTED = re.compile(r'“[^”]*”|"[^"\n]*"|``[^`]*``')


def leaks(output: str, inputs: list[Path], *, documentation: bool = False) -> list[str]:
    """The CJK runs of ``output`` that are not quoted from ``inputs`` nor the configuration,
    each once with the first line it is on; in ``documentation``, a quotation and the rules'
    examples are allowed too."""
    corpus = "\n".join([*(document_text(path) for path in inputs), *configured_words()])
    if documentation:
        corpus += "\n" + example_text()
        output = QUOTED.sub("", output)
    found: dict[str, str] = {}
    for line in output.splitlines():
        for run in RUN.findall(line):
            if _squash(run) not in corpus and not _quoted_in_parts(run, corpus):
                found.setdefault(run, line.strip()[:160])
    return [f"{run!r} in {line!r}" for run, line in found.items()]


SEPARATORS = re.compile(r"[0-9.,:;%/()\[\]<>≤≥=+\-· ]+")


def _quoted_in_parts(run: str, corpus: str) -> bool:
    """A run of quotations with digits and signs between them (``3月底 1.00 | 6月底``,
    ``资金支出计划（%25）`` as GitHub escapes it, a merged cell repeated ``控制在预算内
    控制在预算内``)."""
    pieces = [_squash(p) for p in SEPARATORS.split(unicodedata.normalize("NFKC", run))]
    return any(pieces) and all(p in corpus for p in pieces if p)


def _json_strings(value: object, key: str = "") -> Iterator[str]:
    """The strings of a JSON value but those under a ``zh`` key (see the module docstring)."""
    if isinstance(value, str) and key != "zh":
        yield value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _json_strings(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _json_strings(item, key)


def documentation_leaks(case: Case, stdout: str) -> list[str]:
    """:func:`leaks` of rule documentation: the whole output of ``explain`` and ``rules``,
    each string of ``rules -f json``, the rule descriptions of a SARIF log (its results are
    checked as any report)."""
    if case.documentation == "text":
        return leaks(stdout, [], documentation=True)
    data = json.loads(stdout)
    if case.documentation == "sarif":
        documentation = [run.pop("tool") for run in data["runs"]]
        found = leaks(json.dumps(data, ensure_ascii=False, indent=1), case.inputs)
        data = documentation
    else:
        found = []
    for text in _json_strings(data):
        found += leaks(text, [], documentation=True)
    return found


@dataclass(frozen=True)
class Case:
    id: str
    args: list[str]
    inputs: list[Path] = field(default_factory=list)
    codes: tuple[int, ...] = (0, 1)
    env: dict[str, str] = field(default_factory=dict)
    cwd: Path | None = None
    read_back: Path | None = None  # an output file to check too
    documentation: str | None = None  # "text", "json" or "sarif": rule documentation


def run_case(case: Case, cache: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``case`` run; with ``cache``, the cases share a cache there (the samples are parsed
    once, not once per format), else none."""
    cached = {"PERFGOAL_CACHE_DIR": str(cache)} if cache else {"PERFGOAL_NO_CACHE": "1"}
    env = {**os.environ, **cached, "COLUMNS": "100", **case.env}
    env.pop("PERFGOAL_NO_CACHE") if cache and "PERFGOAL_NO_CACHE" in env else None
    env.pop("PERFGOAL_LANG", None) if "PERFGOAL_LANG" not in case.env else None
    return subprocess.run(
        [sys.executable, "-m", "perfgoal", *case.args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
        cwd=case.cwd or ROOT,
        timeout=120,
    )


def _read_back(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] == b"PK":
        with zipfile.ZipFile(path) as archive:
            return "\n".join(
                _xml_text(archive.read(n)) for n in archive.namelist() if n.endswith("xml")
            )
    return data.decode("utf-8", "replace")


def check(case: Case, cache: Path | None = None) -> None:
    result = run_case(case, cache)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in case.codes, (result.returncode, result.stderr[-2000:])
    output = result.stderr if case.documentation else result.stdout + "\n" + result.stderr
    if case.read_back is not None:
        output += "\n" + _read_back(case.read_back)
    found = leaks(output, case.inputs)
    if case.documentation:
        found += documentation_leaks(case, result.stdout)
    assert found == [], "\n".join(found[:40])


VALIDATE_FORMATS = [
    "rich",
    "text",
    "concise",
    "json",
    "json-lines",
    "sarif",
    "github",
    "junit",
    "gitlab",
    "html",
]
SAMPLE_INPUTS = [REFERENCE, REFERENCE_TXT, BAD, CODES]


def _sample_cases() -> list[Case]:
    cases = [
        Case(
            f"validate-{fmt}",
            ["validate", "--lang", "en", "-f", fmt, *map(str, SAMPLE_INPUTS)],
            SAMPLE_INPUTS,
            documentation="sarif" if fmt == "sarif" else None,
        )
        for fmt in VALIDATE_FORMATS
    ]
    cases += [
        Case(
            "validate-statistics",
            ["validate", "--lang", "en", "-f", "text", "--statistics", str(BAD)],
            [BAD],
        ),
        Case("validate-quiet", ["validate", "--lang", "en", "-q", str(BAD)], [BAD]),
        Case(
            "validate-min-severity",
            ["validate", "--lang", "en", "-f", "text", "--min-severity", "error", str(REFERENCE)],
            [REFERENCE],
        ),
        Case("validate-show-files", ["validate", "--lang", "en", "--show-files", "samples/bad"]),
        Case("report", ["report", "--lang", "en", "-o", "-", str(BAD)], [BAD]),
        Case(
            "report-malformed",
            ["report", "--lang", "en", "-o", "-", *map(str, MALFORMED)],
            MALFORMED,
        ),
        Case("summary-rich", ["summary", "--lang", "en", *map(str, SAMPLE_INPUTS)], SAMPLE_INPUTS),
        Case(
            "summary-csv",
            ["summary", "--lang", "en", "-f", "csv", *map(str, SAMPLE_INPUTS)],
            SAMPLE_INPUTS,
        ),
        Case("rules-table", ["rules", "--lang", "en"], documentation="text"),
        Case("rules-json", ["rules", "--lang", "en", "-f", "json"], documentation="json"),
        Case(
            "explain-name",
            ["explain", "--lang", "en", "plan-final-total"],
            documentation="text",
        ),
        Case("clean", ["clean", "--lang", "en"]),
    ]
    for fmt in ("rich", "json", "markdown"):
        pair = [SAMPLES / "bad" / "codes.txt", BAD]
        cases.append(
            Case(f"diff-{fmt}", ["diff", "--lang", "en", "-f", fmt, *map(str, pair)], pair)
        )
    en = {"PERFGOAL_LANG": "en"}
    for fmt in ("table", "json", "yaml"):
        cases.append(
            Case(
                f"parse-{fmt}",
                ["parse", "-f", fmt, str(BAD), str(REFERENCE)],
                [BAD, REFERENCE],
                env=en,
            )
        )
    cases.append(Case("to-yaml", ["to-yaml", str(REFERENCE)], [REFERENCE], env=en))
    return cases


def _explain_cases() -> list[Case]:
    """``explain`` of one rule per options model: every rule's documentation and examples
    are checked in the SARIF log's rule descriptions already; the options are explain's own."""
    from perfgoal.rules import REGISTRY

    first = {rule.options: rule for rule in reversed(REGISTRY) if rule.options.model_fields}
    return [
        Case(f"explain-{rule.code}", ["explain", "--lang", "en", rule.code], documentation="text")
        for rule in first.values()
    ]


def _help_cases() -> list[Case]:
    """``--help`` of perfgoal and of every command, in English by ``PERFGOAL_LANG``: a help
    is documentation (see the module docstring)."""
    import typer.main

    from perfgoal.cli import app

    commands = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    en = {"PERFGOAL_LANG": "en"}
    return [
        Case(
            f"help-{command or 'perfgoal'}",
            [*command.split(), "--help"],
            env=en,
            documentation="text",
        )
        for command in ["", *commands]
    ]


@pytest.fixture(scope="module")
def sample_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder perfgoal makes (and ``clean`` removes) for the sample cases."""
    return tmp_path_factory.mktemp("samples") / "cache"


@pytest.mark.parametrize("case", _sample_cases() + _explain_cases(), ids=lambda c: c.id)
def test_samples_print_no_chinese_in_english(case: Case, sample_cache: Path) -> None:
    check(case, sample_cache)


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _hostile(tmp: Path) -> dict[str, Path]:
    """The hostile inputs, written once into ``tmp``."""
    paths = {
        "empty": tmp / "empty.docx",
        "png": tmp / "picture.docx",
        "truncated": tmp / "truncated.docx",
        "garbage": tmp / "garbage.txt",
        "huge-line": tmp / "huge-line.txt",
        "empty-txt": tmp / "blank.txt",
        "no-drafts": tmp / "no-drafts",
        "missing": tmp / "missing.docx",
        "broken-config": tmp / "broken" / "perfgoal.yaml",
        "bad-config-key": tmp / "badkey" / "perfgoal.yaml",
        "unreadable": tmp / "locked.txt",
        "bad-yaml": tmp / "draft.yaml",
        "bad-json": tmp / "draft.json",
        "unwritable": tmp / "no-such-folder" / "out.yaml",
    }
    paths["empty"].write_bytes(b"")
    paths["png"].write_bytes(PNG)
    paths["truncated"].write_bytes(REFERENCE.read_bytes()[:3000])
    paths["garbage"].write_bytes(bytes(range(256)) * 8)
    paths["huge-line"].write_text("项目名称" + "x" * 200_000 + "\n", encoding="utf-8")
    paths["empty-txt"].write_text("\n\n", encoding="utf-8")
    paths["no-drafts"].mkdir()
    (paths["no-drafts"] / "notes.md").write_text("nothing here\n", encoding="utf-8")
    paths["broken-config"].parent.mkdir()
    paths["broken-config"].write_text("select: [PG1\n  : :\n", encoding="utf-8")
    paths["bad-config-key"].parent.mkdir()
    paths["bad-config-key"].write_text("department: x\nseverity: {PG999: loud}\n", "utf-8")
    paths["configured"] = paths["bad-config-key"].parent / "draft.txt"
    paths["configured"].write_text(BAD.read_text("utf-8"), encoding="utf-8")
    paths["unreadable"].write_text(REFERENCE_TXT.read_text("utf-8"), encoding="utf-8")
    paths["unreadable"].chmod(0)
    paths["bad-yaml"].write_text("projects: [\n", encoding="utf-8")
    paths["bad-json"].write_text('{"projects": [{"name": 5, "department": 1}]}', "utf-8")
    return paths


def _hostile_cases(h: dict[str, Path]) -> list[Case]:
    def validate(name: str, *extra: str, codes: tuple[int, ...] = (1, 2)) -> Case:
        return Case(
            f"validate-{name}",
            ["validate", "--lang", "en", *extra, str(h[name])],
            [h[name]],
            codes=codes,
        )

    en = {"PERFGOAL_LANG": "en"}
    cases = [
        validate(name)
        for name in (
            "empty",
            "png",
            "truncated",
            "garbage",
            "huge-line",
            "empty-txt",
            "no-drafts",
            "missing",
            "bad-yaml",
            "bad-json",
        )
    ]
    cases += [
        Case(
            "validate-garbage-json",
            ["validate", "--lang", "en", "-f", "json", str(h["garbage"]), str(h["png"])],
            [],
            codes=(1,),
        ),
        Case(
            "validate-broken-config",
            ["validate", "--lang", "en", str(BAD)],
            [BAD],
            codes=(2,),
            cwd=h["broken-config"].parent,
        ),
        Case(
            "validate-config-flag",
            ["validate", "--lang", "en", "--config", str(h["bad-config-key"]), str(BAD)],
            [BAD],
            codes=(2,),
        ),
        Case(
            "validate-show-settings-bad-config",
            ["validate", "--lang", "en", "--show-settings", str(h["configured"])],
            [h["configured"]],
            codes=(2,),
        ),
        Case(
            "validate-missing-config",
            ["validate", "--lang", "en", "--config", str(h["missing"]), str(BAD)],
            [BAD],
            codes=(2,),
        ),
        Case(
            "validate-unknown-option",
            ["validate", "--lang", "en", "--no-such", str(BAD)],
            codes=(2,),
        ),
        Case(
            "validate-bad-select",
            ["validate", "--lang", "en", "--select", "PG9X9", str(BAD)],
            codes=(2,),
        ),
        Case(
            "validate-bad-format", ["validate", "--lang", "en", "-f", "pdf", str(BAD)], codes=(2,)
        ),
        Case(
            "validate-unwritable-output",
            ["validate", "--lang", "en", "-o", str(h["unwritable"]), str(BAD)],
            [BAD],
            codes=(2,),
        ),
        Case(
            "validate-bad-baseline",
            ["validate", "--lang", "en", "--baseline", str(h["garbage"]), str(BAD)],
            [BAD],
            codes=(2,),
        ),
        Case(
            "validate-missing-baseline",
            ["validate", "--lang", "en", "--baseline", str(h["missing"]), str(BAD)],
            [BAD],
            codes=(2,),
        ),
        Case(
            "report-no-drafts",
            ["report", "--lang", "en", "-o", "-", str(h["no-drafts"])],
            codes=(2,),
        ),
        Case("summary-png", ["summary", "--lang", "en", str(h["png"]), str(BAD)], [BAD]),
        Case(
            "diff-truncated",
            ["diff", "--lang", "en", str(h["truncated"]), str(BAD)],
            [BAD],
            codes=(2,),
        ),
        Case("diff-missing", ["diff", "--lang", "en", str(h["missing"]), str(BAD)], codes=(2,)),
        Case("explain-unknown", ["explain", "--lang", "en", "PG000"], codes=(2,)),
        Case("parse-png", ["parse", str(h["png"]), str(h["garbage"])], env=en, codes=(1,)),
        Case("parse-missing", ["parse", str(h["missing"])], env=en, codes=(2,)),
        Case(
            "to-yaml-unwritable",
            ["to-yaml", "-o", str(h["unwritable"]), str(BAD)],
            [BAD],
            env=en,
            codes=(2,),
        ),
        Case("schema-unwritable", ["schema", "-o", str(h["garbage"])], env=en, codes=(2,)),
        Case(
            "clean-broken-config",
            ["clean", "--lang", "en"],
            codes=(2,),
            cwd=h["broken-config"].parent,
        ),
    ]
    if os.geteuid() != 0:
        cases.append(validate("unreadable"))
    return cases


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _hostile(tmp_path_factory.mktemp("hostile"))


def _failure(case: Case) -> str | None:
    try:
        check(case)
    except AssertionError as exc:
        return f"{case.id}: {exc}"
    return None


def _check_all(cases: list[Case]) -> None:
    # The cases are independent subprocesses: run two at a time.
    with ThreadPoolExecutor(max_workers=2) as pool:
        failures = [f for f in pool.map(_failure, cases) if f is not None]
    assert failures == [], "\n\n".join(failures)


def test_hostile_inputs_print_no_chinese_in_english(hostile: dict[str, Path]) -> None:
    _check_all(_hostile_cases(hostile))


def test_helps_are_in_english() -> None:
    _check_all(_help_cases())


def _written_cases(tmp: Path) -> list[Case]:
    """Commands writing files: what they print, and the file (but the JSON Schemas, which
    are the same in every language)."""
    en = {"PERFGOAL_LANG": "en"}
    baseline, xlsx, report = tmp / "baseline.json", tmp / "summary.xlsx", tmp / "report.html"
    findings, draft = tmp / "findings.json", tmp / "draft.yaml"
    english = ["--lang", "en"]
    return [
        Case(
            "write-baseline",
            ["validate", *english, "--write-baseline", str(baseline), str(BAD)],
            [BAD],
            read_back=baseline,
        ),
        Case("baseline", ["validate", *english, "--baseline", str(baseline), str(BAD)], [BAD]),
        Case(
            "summary-xlsx",
            ["summary", *english, "-f", "xlsx", "-o", str(xlsx), str(BAD), str(CODES)],
            [BAD, CODES],
            read_back=xlsx,
        ),
        Case(
            "validate-json-file",
            ["validate", *english, "-f", f"json:{findings}", "-f", "concise", str(CODES)],
            [CODES],
            read_back=findings,
        ),
        Case(
            "report-file",
            ["report", *english, "-o", str(report), str(BAD)],
            [BAD],
            read_back=report,
        ),
        Case(
            "to-yaml-file",
            ["to-yaml", "-o", str(draft), str(REFERENCE)],
            [REFERENCE],
            env=en,
            read_back=draft,
        ),
        Case("schema-folder", ["schema", "-o", str(tmp / "schemas")], env=en),
    ]


def test_written_files_are_in_english(tmp_path: Path) -> None:
    for case in _written_cases(tmp_path):  # in order: the baseline is written, then read
        check(case)
