"""perfgoal's benchmark: wall time and peak memory of the CLI against its floors.

Usage::

    .venv/bin/python benchmarks/run.py [--quick] [--repeat N] [--work DIR] [--max-wait S]
                                       [--markdown FILE] [--json FILE]

It generates the inputs (``benchmarks/generate.py``, cached in ``--work``), checks once that
perfgoal reads them correctly (untimed; this also warms the caches), then runs every
command ``N`` times in rounds, alternating them (A B C … A B C …) so that machine noise
falls on all of them alike, and measures each command's peak RSS in a fresh process. It
prints a Markdown table (median and min wall time, ratio to the baseline, target, met?).

Exit status: 0 when every command ran (targets met or not), 1 when a command failed
(perfgoal exit code other than 0/1, a traceback, or a wrong result), 2 on usage errors.
See ``benchmarks/README.md`` and ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generate import Inputs, ensure_inputs

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
VENV_PYTHON = REPO / ".venv" / "bin" / "python"

DEFAULT_REPEAT = 5
QUICK_REPEAT = 3
TIMEOUT = 900  # seconds, per command run
IMPORT_LINE = "import typer, pydantic, rich.console"

# Targets (docs/performance.md).
TARGET_BIG_VS_LXML = 1.5  # validate big.docx / lxml floor, at most
TARGET_SEED_VS_IMPORTS = 1.3  # validate seed .txt / `python -c IMPORT_LINE`, at most
TARGET_MS_PER_FILE = 6.0  # validate drafts/ --jobs 1, per file after start-up, below
TARGET_JOBS2_SPEEDUP = 1.8  # time(--jobs 1) / time(--jobs 2), at least
TARGET_RSS_VS_LXML = 2.0  # peak RSS of validate big.docx / the lxml floor's, at most
TARGET_WARM_VS_COLD = 0.10  # a re-run over unchanged drafts / the cold run, at most
TARGET_SCALE_RSS_MIB = 150.0  # peak RSS of validate over 10,000 drafts, at most
TARGET_SCALE_RSS_VS_1K = 1.2  # peak RSS over 10,000 drafts / over 1,000, at most
SCALE_COPIES = 10  # drafts10k/ is drafts/ linked this many times
SCALE_FORMATS = (("json", "json"), ("sarif", "sarif"), ("json-lines", "jsonl"))


Log = Callable[[str], None]


class BenchmarkError(Exception):
    """A command failed or gave a wrong result: the numbers would mean nothing."""


@dataclass
class Bench:
    key: str
    label: str
    argv: list[str]
    findings_ok: bool = False  # exit 1 (findings) is fine: perfgoal validate and parse
    files: int = 1  # input files the command checks
    times: list[float] = field(default_factory=list)
    others: list[float] = field(default_factory=list)  # cores used by other processes
    rss_kib: int | None = None
    env: dict[str, str] | None = None  # the environment, when not ENV
    timed: bool = True  # False: only its peak memory is measured (the 10,000-file runs)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def rss_mib(self) -> float | None:
        return None if self.rss_kib is None else self.rss_kib / 1024


@dataclass(frozen=True)
class Row:
    """One line of the results table: a bench, optionally compared with a baseline."""

    bench: str
    baseline: str | None = None
    kind: str = "time"  # time | faster | per_file | rss | rss_mib
    target: float | None = None
    name: str | None = None


# --------------------------------------------------------------------------------------
# Running commands
# --------------------------------------------------------------------------------------


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    # Same conditions for every run: no CI auto-format, no colour, no user language.
    for name in ("GITHUB_ACTIONS", "PERFGOAL_LANG", "FORCE_COLOR", "PERFGOAL_CACHE_DIR"):
        env.pop(name, None)
    env["NO_COLOR"] = "1"
    env["PERFGOAL_NO_CACHE"] = "1"  # every run cold, but the warm-cache one
    return env


ENV = _environment()


def _allowed(bench: Bench) -> set[int]:
    return {0, 1} if bench.findings_ok else {0}


def _fail(bench: Bench, what: str, stderr: str = "") -> BenchmarkError:
    tail = "\n".join(stderr.strip().splitlines()[-40:])
    message = f"{bench.label}: {what}\n  command: {shlex.join(bench.argv)}"
    if tail:
        message += "\n  stderr (last lines):\n" + "\n".join("    " + x for x in tail.splitlines())
    return BenchmarkError(message)


def run_captured(bench: Bench, argv: Sequence[str] | None = None) -> str:
    """Run once (untimed) and return stdout; a bad exit code or a traceback is an error."""
    argv = list(argv or bench.argv)
    proc = subprocess.run(
        argv, capture_output=True, text=True, env=bench.env or ENV, timeout=TIMEOUT, check=False
    )
    probe = Bench(bench.key, bench.label, argv, bench.findings_ok)
    if proc.returncode not in _allowed(bench):
        raise _fail(probe, f"exit code {proc.returncode}", proc.stderr)
    if "Traceback (most recent call last)" in proc.stderr:
        raise _fail(probe, "printed a Python traceback", proc.stderr)
    return proc.stdout


def _busy_seconds() -> float | None:
    """CPU seconds the whole machine has spent busy since boot (Linux), or None."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(x) for x in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    busy = sum(fields[:8]) - idle  # user nice system idle iowait irq softirq steal
    return busy / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


QUIET = 0.2  # cores busy (other processes) below which the machine counts as quiet
QUIET_SAMPLE = 0.3  # seconds per sample


def wait_for_quiet(max_wait: float) -> bool:
    """Wait (at most ``max_wait`` seconds) until other processes use less than QUIET cores,
    so that a timed run does not start in the middle of someone else's burst. False when
    the machine stayed busy."""
    deadline = time.monotonic() + max_wait
    while True:
        before = _busy_seconds()
        time.sleep(QUIET_SAMPLE)
        after = _busy_seconds()
        if before is None or after is None:
            return True
        if (after - before) / QUIET_SAMPLE < QUIET:
            return True
        if time.monotonic() >= deadline:
            return False


def run_timed(bench: Bench) -> float:
    """Wall time of one run. Also records how many cores *other* processes kept busy
    meanwhile (machine busy time minus this command's CPU time, over the wall time)."""
    busy0, cpu0 = _busy_seconds(), _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(
        bench.argv,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=bench.env or ENV,
        timeout=TIMEOUT,
        check=False,
    )
    elapsed = time.perf_counter() - start
    busy1, cpu1 = _busy_seconds(), _children_cpu()
    if busy0 is not None and busy1 is not None:
        bench.others.append(max(0.0, (busy1 - busy0) - (cpu1 - cpu0)) / elapsed)
    stderr = proc.stderr.decode("utf-8", "replace")
    if proc.returncode not in _allowed(bench):
        raise _fail(bench, f"exit code {proc.returncode}", stderr)
    if "Traceback (most recent call last)" in stderr:
        raise _fail(bench, "printed a Python traceback", stderr)
    return elapsed


# ru_maxrss of RUSAGE_CHILDREN is the maximum over every child waited for so far, so each
# measurement runs in a fresh wrapper process that has only this one child (and its own
# children, e.g. --jobs workers: their peak counts too, as the largest single process).
_RSS_WRAPPER = (
    "import resource, subprocess, sys\n"
    "proc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL,"
    " stderr=subprocess.DEVNULL)\n"
    "print(proc.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def measure_rss(bench: Bench) -> int:
    """Peak resident set size of the command, in KiB."""
    out = subprocess.run(
        [sys.executable, "-c", _RSS_WRAPPER, *bench.argv],
        capture_output=True,
        text=True,
        env=bench.env or ENV,
        timeout=TIMEOUT * SCALE_COPIES,
        check=True,
    ).stdout.split()
    code, peak = int(out[0]), int(out[1])
    if code not in _allowed(bench):
        raise _fail(bench, f"exit code {code} (memory run)")
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS reports bytes


# --------------------------------------------------------------------------------------
# Machine, commit
# --------------------------------------------------------------------------------------


def _git(*args: str) -> str:
    try:
        proc = subprocess.run(
            ["git", "--no-optional-locks", *args],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return ""
    return proc.stdout.strip() if proc.returncode == 0 else ""


def source_fingerprint() -> str:
    """A hash of perfgoal's source files, to notice code that changes during a run."""
    digest = hashlib.sha256()
    package = REPO / "src" / "perfgoal"
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def commit_description() -> str:
    commit = _git("rev-parse", "--short", "HEAD") or "unknown"
    # Only perfgoal's own code counts (edits to benchmarks/ or docs/ do not).
    dirty = _git("status", "--porcelain", "--", "src", "pyproject.toml")
    return f"{commit} + uncommitted changes in src/" if dirty else commit


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def load_average() -> str:
    try:
        return "/".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def machine() -> dict[str, str]:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    cores = f"{os.cpu_count()} logical cores"
    if usable is not None and usable != os.cpu_count():
        cores += f" ({usable} usable)"
    return {
        "platform": platform.platform(),
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "cpu": cpu_model(),
        "cores": cores,
    }


# --------------------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------------------


def perfgoal_command() -> Path:
    """The console script of this interpreter's environment."""
    return Path(sys.executable).parent / "perfgoal"


def report_page(inp: Inputs) -> Path:
    """Where the 1,000-file HTML report is written (and then opened in the browser)."""
    return inp.drafts.parent / "report.html"


def seed_report_page(inp: Inputs) -> Path:
    return inp.drafts.parent / "report-seed.html"


def make_benches(inp: Inputs) -> dict[str, Bench]:
    py = sys.executable
    pg = str(perfgoal_command())
    big, big_txt, seed, drafts = (
        str(inp.big_docx),
        str(inp.big_txt),
        str(inp.seed_txt),
        str(inp.drafts),
    )
    json_ = ["--format", "json"]
    n_drafts = inp.drafts_txt + inp.drafts_docx
    benches = [
        Bench("floor_lxml", "floor: lxml walk of big.docx", [py, str(HERE / "floor_lxml.py"), big]),
        Bench(
            "validate_big",
            "`perfgoal validate big.docx --format json`",
            [pg, "validate", big, *json_],
            findings_ok=True,
        ),
        Bench(
            "floor_pydocx",
            "floor: python-docx cell walk of big.docx",
            [py, str(HERE / "floor_python_docx.py"), big],
        ),
        Bench(
            "validate_big_txt",
            "`perfgoal validate big.txt --format json`",
            [pg, "validate", big_txt, *json_],
            findings_ok=True,
        ),
        Bench("imports", f'`python -c "{IMPORT_LINE}"`', [py, "-c", IMPORT_LINE]),
        Bench(
            "validate_seed",
            "`perfgoal validate cangzhou-2025.txt --format json`",
            [pg, "validate", seed, *json_],
            findings_ok=True,
        ),
        Bench("help", "`perfgoal --help`", [pg, "--help"]),
        Bench(
            "jobs1",
            "`perfgoal validate drafts/ --format json --jobs 1`",
            [pg, "validate", drafts, *json_, "--jobs", "1"],
            findings_ok=True,
            files=n_drafts,
        ),
        Bench(
            "jobs2",
            "`perfgoal validate drafts/ --format json --jobs 2`",
            [pg, "validate", drafts, *json_, "--jobs", "2"],
            findings_ok=True,
            files=n_drafts,
        ),
        Bench(
            "cold",
            "`perfgoal validate drafts/ --format json -o out.json`, no cache",
            [pg, "validate", drafts, *json_, "-o", str(inp.drafts.parent / "cold.json")],
            findings_ok=True,
            files=n_drafts,
        ),
        Bench(
            "warm",
            "the same, re-run with a warm cache",
            [pg, "validate", drafts, *json_, "-o", str(inp.drafts.parent / "warm.json")],
            findings_ok=True,
            files=n_drafts,
            env=_cache_environment(inp),
        ),
        *scale_benches(inp),
        Bench(
            "report",
            "`perfgoal report drafts/ -o report.html --jobs 2`",
            [pg, "report", drafts, "-o", str(report_page(inp)), "--jobs", "2"],
            findings_ok=True,
            files=n_drafts,
        ),
    ]
    benches.extend(format_benches(inp))
    return {b.key: b for b in benches}


def _cache_environment(inp: Inputs) -> dict[str, str]:
    env = {name: value for name, value in ENV.items() if name != "PERFGOAL_NO_CACHE"}
    env["PERFGOAL_CACHE_DIR"] = str(inp.drafts.parent / "cache")
    return env


def drafts_10k(inp: Inputs) -> Path:
    """drafts/ ten times over (hard links, or copies where links are refused), in
    sub-folders ``c0/`` … ``c9/``: 10,000 files a cold run reads and checks one by one."""
    root = inp.drafts.parent / "drafts10k"
    sources = sorted(inp.drafts.iterdir())
    stamp = root / ".complete"
    if stamp.exists():
        return root
    if root.exists():
        shutil.rmtree(root)
    for copy in range(SCALE_COPIES):
        folder = root / f"c{copy}"
        folder.mkdir(parents=True)
        for source in sources:
            try:
                os.link(source, folder / source.name)
            except OSError:
                shutil.copyfile(source, folder / source.name)
    stamp.write_text("", encoding="utf-8")
    return root


def scale_benches(inp: Inputs) -> list[Bench]:
    """Peak memory of validate over 1,000 and 10,000 drafts, per streaming format, each to
    an output file (memory only: the 10,000-file runs are not timed)."""
    pg = str(perfgoal_command())
    benches = []
    drafts = inp.drafts_txt + inp.drafts_docx
    for fmt, suffix in SCALE_FORMATS:
        for key, folder in (("1k", inp.drafts), ("10k", drafts_10k(inp))):
            out = inp.drafts.parent / f"scale-{key}.{suffix}"
            benches.append(
                Bench(
                    f"rss_{suffix}_{key}",
                    f"`validate {folder.name}/ --format {fmt} -o out.{suffix}`",
                    [pg, "validate", str(folder), "--format", fmt, "-o", str(out)],
                    findings_ok=True,
                    files=(SCALE_COPIES if key == "10k" else 1) * drafts,
                    timed=False,
                )
            )
    return benches


def scale_rows() -> list[Row]:
    rows = []
    for fmt, suffix in SCALE_FORMATS:
        rows.append(
            Row(
                f"rss_{suffix}_10k",
                kind="rss_mib",
                target=TARGET_SCALE_RSS_MIB,
                name=f"peak RSS, 10,000 drafts, `--format {fmt} -o`",
            )
        )
        rows.append(
            Row(
                f"rss_{suffix}_10k",
                f"rss_{suffix}_1k",
                "rss",
                TARGET_SCALE_RSS_VS_1K,
                name=f"peak RSS, 10,000 vs 1,000 drafts, `--format {fmt} -o`",
            )
        )
    return rows


FORMATS = REPO / "samples" / "formats"
# (key, reader, file, what the floor measures); the big workbook is made in the work folder
FORMAT_CASES = (
    ("pdf", "pdf", FORMATS / "budget-book.pdf", "pages"),
    ("xlsx", "xlsx", None, "cells"),
    ("xls", "xls", FORMATS / "cangzhou-2025.xls", "cells"),
    ("html", "html", FORMATS / "cangzhou-2025.html", "cells"),
    ("doc", "soffice", FORMATS / "cangzhou-2025.doc", "files"),
)


def big_workbook(work: Path) -> Path:
    """The reference document's projects stacked 40 times on one sheet (480 projects)."""
    path = work / "big.xlsx"
    if not path.exists():
        sys.path.insert(0, str(REPO / "samples"))
        import make_formats

        preface, projects = make_formats.split_parts(make_formats.seed_blocks())
        blocks = preface + [b for _ in range(40) for project in projects for b in project]
        path.write_bytes(make_formats.build_workbook(blocks, stacked=True))
    return path


def format_file(key: str, inp: Inputs) -> Path:
    if key == "xlsx":
        return big_workbook(inp.drafts.parent)
    return next(path for k, _, path, _ in FORMAT_CASES if k == key and path is not None)


def format_benches(inp: Inputs) -> list[Bench]:
    """Each new reader against its library's bare extraction of the same file."""
    benches = []
    for key, reader, _, _ in FORMAT_CASES:
        if key == "doc" and not shutil.which("soffice"):
            continue  # LibreOffice is not installed: nothing to compare
        path = str(format_file(key, inp))
        floor = [sys.executable, str(HERE / "floor_formats.py"), reader, path]
        benches.append(
            Bench(f"floor_{key}", f"floor: {reader} bare extraction of {Path(path).name}", floor)
        )
        benches.append(
            Bench(
                f"validate_{key}",
                f"`perfgoal validate {Path(path).name} --format json`",
                [str(perfgoal_command()), "validate", path, "--format", "json"],
                findings_ok=True,
            )
        )
    return benches


ROWS = (
    Row("floor_lxml"),
    Row("floor_pydocx"),
    Row("validate_big", "floor_lxml", "time", TARGET_BIG_VS_LXML),
    Row("validate_big", "floor_pydocx", "faster"),
    Row("validate_big_txt"),
    Row("imports"),
    Row("validate_seed", "imports", "time", TARGET_SEED_VS_IMPORTS),
    Row("help", "imports", "time"),
    Row("jobs1", "validate_seed", "per_file", TARGET_MS_PER_FILE),
    Row("jobs2", "jobs1", "faster", TARGET_JOBS2_SPEEDUP),
    Row("warm", "cold", "time", TARGET_WARM_VS_COLD),
    *scale_rows(),
    Row("report", "jobs2", "time"),
    Row(
        "validate_big",
        "floor_lxml",
        "rss",
        TARGET_RSS_VS_LXML,
        name="peak RSS of `perfgoal validate big.docx`",
    ),
    *(Row(f"floor_{key}") for key, *_ in FORMAT_CASES),
    *(Row(f"validate_{key}", f"floor_{key}", "time") for key, *_ in FORMAT_CASES),
)

BASELINE_NAMES = {
    **{f"floor_{key}": f"{reader} floor" for key, reader, *_ in FORMAT_CASES},
    "floor_lxml": "lxml floor",
    "floor_pydocx": "python-docx floor",
    "imports": "import line",
    "validate_seed": "start-up (seed .txt)",
    "jobs1": "--jobs 1",
    "jobs2": "validate --jobs 2",
    "cold": "the cold run",
    **{f"rss_{suffix}_1k": "1,000 drafts" for _, suffix in SCALE_FORMATS},
}


def sanity_checks(benches: dict[str, Bench], inp: Inputs, log: Log) -> list[str]:
    """Run every command once, untimed (this also warms the OS and bytecode caches), and
    check that perfgoal reads the inputs correctly. Returns notes for the report; raises
    BenchmarkError when a result is wrong."""
    notes: list[str] = []
    problems: list[str] = []
    pg = str(perfgoal_command())

    log("checking the inputs and warming up (untimed) …")
    cells, chars = run_captured(benches["floor_lxml"]).split()
    grid_cells, _ = run_captured(benches["floor_pydocx"]).split()
    notes.append(
        f"big.docx: {inp.big_projects} projects, {2 * inp.big_projects} tables, "
        f"{int(cells):,} `w:tc` cells ({int(grid_cells):,} grid cells as python-docx counts "
        f"them), {int(chars):,} characters of cell text, "
        f"{inp.big_docx.stat().st_size / 1024:,.0f} KiB"
    )
    notes.append(
        f"drafts/: {inp.drafts_txt + inp.drafts_docx:,} seed-size documents "
        f"({inp.drafts_txt} .txt, {inp.drafts_docx} .docx), 12 projects each"
    )

    for name, path in (("big.docx", inp.big_docx), ("big.txt", inp.big_txt)):
        argv = [pg, "parse", str(path), "--format", "json"]
        doc = json.loads(run_captured(Bench("parse", f"perfgoal parse {name}", argv, True)))
        projects, parse_notes = len(doc.get("projects", [])), doc.get("notes", [])
        if projects != inp.big_projects or parse_notes:
            problems.append(
                f"`perfgoal parse {name} --format json` gives {projects} projects "
                f"(expected {inp.big_projects}) and {len(parse_notes)} notes "
                f"(expected 0); first notes: {parse_notes[:3]}"
            )
        else:
            notes.append(f"`perfgoal parse {name}`: {projects} projects, no notes (as expected)")

    outputs = {
        key: run_captured(benches[key])
        for key in ("validate_big", "validate_big_txt", "validate_seed", "jobs1", "jobs2")
    }
    if outputs["jobs1"] != outputs["jobs2"]:
        problems.append("`--jobs 2` prints another report than `--jobs 1` on drafts/")
    else:
        notes.append("`--jobs 2` prints the same report as `--jobs 1` on drafts/")
    del outputs["jobs2"]
    reports: dict[str, dict[str, Any]] = {}
    for key in list(outputs):
        try:
            reports[key] = json.loads(outputs.pop(key))
        except json.JSONDecodeError as err:
            raise _fail(benches[key], f"stdout is not JSON ({err})") from err
    for key in ("imports", "help"):
        run_captured(benches[key])
    shutil.rmtree(inp.drafts.parent / "cache", ignore_errors=True)
    for key in ("cold", "warm"):  # the first warm run fills the cache
        run_captured(benches[key])
    run_captured(benches["warm"])
    cold, warm = (inp.drafts.parent / f"{key}.json" for key in ("cold", "warm"))
    if cold.read_bytes() != warm.read_bytes():
        problems.append("a warm-cache run writes another report than the cold run")
    else:
        notes.append("a warm-cache run writes the same report as the cold run")
    run_captured(benches["report"])
    page = report_page(inp).read_text(encoding="utf-8")
    sections = page.count('<section class="pg-file')
    if sections != inp.drafts_txt + inp.drafts_docx:
        problems.append(f"the HTML report of drafts/ has {sections} file sections")
    notes.append(
        f"`perfgoal report drafts/`: {sections:,} file sections, "
        f"{len(page.encode()) / 1e6:.1f} MB (bodies gzip-packed per file)"
    )
    seed_page = Bench(
        "report_seed",
        "perfgoal report seed",
        [pg, "report", str(inp.seed_txt), "-o", str(seed_report_page(inp))],
    )
    run_captured(seed_page)

    for key, files in (
        ("validate_big", 1),
        ("validate_big_txt", 1),
        ("validate_seed", 1),
        ("jobs1", inp.drafts_txt + inp.drafts_docx),
    ):
        report = reports[key]
        summary = report.get("summary", {})
        rules = Counter(
            f["rule"] for entry in report.get("files", []) for f in entry.get("findings", [])
        )
        unread = {code: n for code, n in rules.items() if code in ("PG001", "PG002", "PG003")}
        if summary.get("files") != files or unread:
            problems.append(
                f"{benches[key].label}: summary {summary}, expected {files} file(s) and no "
                f"PG001/PG002/PG003, got {unread or 'none of those'}"
            )
        top = ", ".join(f"{code}×{n}" for code, n in sorted(rules.items()))
        notes.append(
            f"{benches[key].label}: {summary.get('files')} file(s), "
            f"{summary.get('error', 0)} errors / {summary.get('warning', 0)} warnings / "
            f"{summary.get('info', 0)} infos ({top or 'no findings'})"
        )
    if reports["validate_big"].get("summary", {}).get("error") != reports["validate_big_txt"].get(
        "summary", {}
    ).get("error"):
        notes.append("note: big.docx and big.txt do not give the same number of errors")
    problems += check_formats(benches, inp, notes)
    if problems:
        raise BenchmarkError("perfgoal misreads the benchmark inputs:\n- " + "\n- ".join(problems))
    return notes


FORMAT_COUNTS: dict[str, int] = {}  # key -> pages, cells or files the floor read


def check_formats(benches: dict[str, Bench], inp: Inputs, notes: list[str]) -> list[str]:
    """Each new reader parses its file to the expected projects, without notes."""
    problems = []
    pg = str(perfgoal_command())
    for key, _, _, unit in FORMAT_CASES:
        if f"floor_{key}" not in benches:
            notes.append(f"{key}: LibreOffice (soffice) is not installed, not measured")
            continue
        path = format_file(key, inp)
        counts = run_captured(benches[f"floor_{key}"]).split()
        FORMAT_COUNTS[key] = {"pages": int(counts[0]), "files": 1}.get(unit, int(counts[0]))
        argv = [pg, "parse", str(path), "--format", "json"]
        doc = json.loads(run_captured(Bench("parse", f"perfgoal parse {path.name}", argv, True)))
        expected = 480 if key == "xlsx" else 12
        projects, parse_notes = len(doc.get("projects", [])), doc.get("notes", [])
        if projects != expected or parse_notes:
            problems.append(
                f"`perfgoal parse {path.name}`: {projects} projects (expected {expected}), "
                f"{len(parse_notes)} notes (expected 0)"
            )
        else:
            notes.append(
                f"{path.name}: {FORMAT_COUNTS[key]:,} {unit} ({path.stat().st_size / 1024:,.0f} "
                f"KiB), `perfgoal parse`: {projects} projects, no notes"
            )
        run_captured(benches[f"validate_{key}"])
    return problems


def throughput_notes(benches: dict[str, Bench]) -> list[str]:
    """Pages or cells per second of each new reader and of its floor (median times)."""
    notes = []
    for key, reader, _, unit in FORMAT_CASES:
        if key not in FORMAT_COUNTS or unit == "files":
            continue
        count = FORMAT_COUNTS[key]
        ours, floor = benches[f"validate_{key}"].median, benches[f"floor_{key}"].median
        notes.append(
            f"{key}: perfgoal validate {count / ours:,.0f} {unit}/s, {reader} floor "
            f"{count / floor:,.0f} {unit}/s (start-up included in both)"
        )
    return notes


def measure(benches: dict[str, Bench], repeat: int, log: Log, max_wait: float) -> None:
    order = [bench for bench in benches.values() if bench.timed]
    budget = 5 * max_wait  # in all: a machine that stays busy is not worth waiting for
    for round_ in range(1, repeat + 1):
        for bench in order:
            if budget > 0:
                start = time.monotonic()
                quiet = wait_for_quiet(min(max_wait, budget))
                budget -= time.monotonic() - start
                if not quiet:
                    log(f"  (CPU still busy: starting anyway; {max(0, budget):.0f} s of wait left)")
            elapsed = run_timed(bench)
            bench.times.append(elapsed)
            other = f"  (other processes: {bench.others[-1]:.2f} cores)" if bench.others else ""
            log(f"  round {round_}/{repeat}  {elapsed:8.3f} s  {bench.label}{other}")
    log("peak memory (one fresh process per command) …")
    for bench in benches.values():
        bench.rss_kib = measure_rss(bench)
        log(f"  {bench.rss_kib / 1024:8.1f} MiB  {bench.label}")


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------


def _cell_row(row: Row, benches: dict[str, Bench]) -> list[str]:
    bench = benches[row.bench]
    base = benches[row.baseline] if row.baseline else None
    name = row.name or bench.label
    median = f"{bench.median:.3f}" if bench.times else "—"
    best = f"{bench.best:.3f}" if bench.times else "—"
    rss = f"{bench.rss_mib:.1f}" if bench.rss_mib is not None else "—"
    base_name = BASELINE_NAMES.get(row.baseline or "", row.baseline or "—")
    ratio, target, met = "—", "—", "—"
    if row.kind == "rss_mib" and bench.rss_mib is not None and row.target is not None:
        ratio = f"{bench.rss_mib:.1f} MiB"
        target, met = f"≤ {row.target:g} MiB", _yes(bench.rss_mib <= row.target)
    elif base is None:
        pass
    elif row.kind == "time":
        value = bench.median / base.median
        ratio = f"{value:.2f}× (min {bench.best / base.best:.2f}×)"
        if row.target is not None:
            target, met = f"≤ {row.target:g}×", _yes(value <= row.target)
        else:
            target = "report"
    elif row.kind == "faster":
        value = base.median / bench.median
        ratio = f"{_speed(value)} (min {_speed(base.best / bench.best)})"
        if row.target is not None:
            target, met = f"≥ {row.target:g}× faster", _yes(value >= row.target)
        else:
            target = "report"
    elif row.kind == "per_file":
        value = (bench.median - base.median) / max(1, bench.files - 1) * 1000
        fastest = (bench.best - base.best) / max(1, bench.files - 1) * 1000
        ratio = f"{value:.1f} ms/file (min {fastest:.1f})"
        if row.target is not None:
            target, met = f"< {row.target:g} ms/file", _yes(value < row.target)
    elif row.kind == "rss":
        assert bench.rss_kib is not None and base.rss_kib is not None
        value = bench.rss_kib / base.rss_kib
        median = best = "—"
        base_name = f"{base_name} ({base.rss_kib / 1024:.1f} MiB)"
        ratio = f"{value:.2f}×"
        if row.target is not None:
            target, met = f"≤ {row.target:g}×", _yes(value <= row.target)
    return [name, median, best, base_name, ratio, target, met, rss]


def _speed(value: float) -> str:
    return f"{value:.2f}× faster" if value >= 1 else f"{1 / value:.2f}× slower"


NOISY = 0.25  # cores used by other processes during a run that make it suspect …
NOISY_SECONDS = 0.05  # … if that is also this much CPU time (/proc/stat counts 10 ms ticks)


def noise_notes(benches: dict[str, Bench]) -> list[str]:
    notes = []
    for bench in benches.values():
        noisy = [
            f"{i} ({share:.2f})"
            for i, (share, wall) in enumerate(zip(bench.others, bench.times, strict=True), 1)
            if share > NOISY and share * wall >= NOISY_SECONDS
        ]
        if noisy:
            notes.append(f"{bench.label}: round {', '.join(noisy)}")
    return notes


def _yes(ok: bool) -> str:
    return "yes" if ok else "**no**"


def markdown(
    benches: dict[str, Bench],
    notes: list[str],
    repeat: int,
    started: dt.datetime,
    elapsed: float,
    loads: tuple[str, str],
    code: tuple[str, str, str, str],
    browser: list[str] | None = None,
) -> str:
    info = machine()
    header = ["name", "median s", "min s", "baseline", "ratio", "target", "met?", "peak RSS MiB"]
    commit_before, commit_after, source_before, source_after = code
    lines = [
        f"Measured {started:%Y-%m-%d %H:%M} UTC on commit `{commit_after}` "
        f"(perfgoal sources {source_after}); "
        f"{repeat} alternating rounds (median and min of {repeat} runs), "
        f"benchmark took {elapsed / 60:.1f} min.",
        "",
        f"Machine: {info['platform']}; {info['cpu']}, {info['cores']}; {info['python']}. "
        f"Load average (1/5/15 min) {loads[0]} before, {loads[1]} after.",
        "",
    ]
    if (commit_before, source_before) != (commit_after, source_after):
        lines += [
            f"**Warning: perfgoal's code changed during the run** (commit {commit_before} → "
            f"{commit_after}, sources {source_before} → {source_after}): the rounds mix "
            "versions; run it again.",
            "",
        ]
    lines += [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" if i in (0, 3, 5) else "---:" for i in range(len(header))) + "|",
    ]
    lines += [
        "| " + " | ".join(_cell_row(row, benches)) + " |"
        for row in ROWS
        if row.bench in benches and (row.baseline is None or row.baseline in benches)
    ]
    lines += [
        "",
        'Ratios are of medians, "min" the same ratio of the fastest runs; met? is judged on '
        "the medians.",
    ]
    noisy = noise_notes(benches)
    if noisy:
        lines += [
            "",
            "Noise: other processes used the CPU (cores, on average) during these runs; their "
            "rows' medians may be inflated, the min is the better estimate:",
            "",
        ]
        lines += [f"- {note}" for note in noisy]
    elif any(b.others for b in benches.values()):
        lines += ["", f"No run was disturbed by other processes (> {NOISY} core)."]
    if browser:
        lines += ["", *browser]
    lines += ["", "Inputs and sanity checks (untimed):", ""]
    lines += [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


def browser_section(inp: Inputs, repeat: int, log: Log) -> list[str]:
    """The HTML report of drafts/ opened in headless Chromium (after the timed rounds)."""
    import browser_load

    binary = browser_load.chromium()
    title = "HTML report in headless Chromium (`benchmarks/browser_load.py`):"
    if binary is None:
        return [title, "", "- skipped: Chromium is not installed (apt-get install chromium)"]
    big, base = "report of drafts/ (1,000 files)", "report of the seed (1 file)"
    pages = {base: seed_report_page(inp), big: report_page(inp)}
    log(f"browser: {repeat} rounds of opening the HTML reports …")
    try:
        times = browser_load.measure(binary, pages, repeat, log)
    except Exception as err:  # a browser that will not start must not lose the other rows
        return [title, "", f"- failed: {type(err).__name__}: {err}"]
    sizes = {name: path.stat().st_size for name, path in pages.items()}
    rows = browser_load.markdown(times, big, base, sizes)
    return [
        title,
        "",
        *rows,
        "",
        f"The 1,000-file report's counter after loading: “{times[big].count}”.",
    ]


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def _reexec_in_venv(argv: Sequence[str]) -> None:
    """Run under the repository's virtualenv when this interpreter has no perfgoal."""
    if perfgoal_command().exists():
        return
    # Compare unresolved paths: a venv's python is a symlink to the base interpreter.
    if VENV_PYTHON.exists() and not os.environ.get("PERFGOAL_BENCH_REEXEC"):
        os.environ["PERFGOAL_BENCH_REEXEC"] = "1"
        os.execv(VENV_PYTHON, [str(VENV_PYTHON), str(Path(__file__).resolve()), *argv])
    sys.exit(
        f"error: no perfgoal console script beside {sys.executable}; run this script with "
        "the interpreter of the environment perfgoal is installed in (.venv/bin/python)"
    )


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help=f"{QUICK_REPEAT} repeats instead of {DEFAULT_REPEAT}"
    )
    parser.add_argument("--repeat", type=int, help="repeats per command (overrides --quick)")
    parser.add_argument(
        "--work",
        type=Path,
        default=HERE / "_work",
        help="where the generated inputs are kept (default: benchmarks/_work)",
    )
    parser.add_argument(
        "--max-wait",
        type=float,
        default=20.0,
        metavar="S",
        help="before each timed run, wait up to S seconds for other processes to leave the "
        "CPU idle (default 20; 0 = do not wait)",
    )
    parser.add_argument("--markdown", type=Path, help="also write the report to this file")
    parser.add_argument("--json", type=Path, help="also write the raw timings to this file")
    args = parser.parse_args(argv)
    if args.repeat is not None and args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    _reexec_in_venv(argv)
    repeat = args.repeat or (QUICK_REPEAT if args.quick else DEFAULT_REPEAT)

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    load_before = load_average()
    commit_before, source_before = commit_description(), source_fingerprint()
    inp = ensure_inputs(args.work.resolve(), log=log)
    benches = make_benches(inp)
    try:
        notes = sanity_checks(benches, inp, log)
        log(f"timing: {repeat} rounds of {len(benches)} commands …")
        measure(benches, repeat, log, args.max_wait)
        notes += throughput_notes(benches)
    except BenchmarkError as err:
        print(f"benchmark failed: {err}", file=sys.stderr)
        return 1
    except subprocess.TimeoutExpired as err:
        print(f"benchmark failed: timed out after {err.timeout} s: {err.cmd}", file=sys.stderr)
        return 1
    browser = browser_section(inp, repeat, log)
    loads = (load_before, load_average())
    code = (commit_before, commit_description(), source_before, source_fingerprint())
    if args.json:
        raw = {
            "started": started.isoformat(),
            "commit": code[1],
            "sources": code[3],
            "code_changed_during_run": code[0] != code[1] or code[2] != code[3],
            "machine": machine(),
            "load_average": loads,
            "repeat": repeat,
            "benches": {
                b.key: {
                    "argv": b.argv,
                    "times": b.times,
                    "other_cores": b.others,
                    "rss_kib": b.rss_kib,
                }
                for b in benches.values()
            },
        }
        args.json.write_text(json.dumps(raw, indent=2), encoding="utf-8")
    report = markdown(
        benches, notes, repeat, started, time.perf_counter() - clock, loads, code, browser
    )
    print(report)
    if args.markdown:
        args.markdown.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
