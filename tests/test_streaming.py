"""Streaming ``validate``: every machine format is written file by file, and the text is the
same as when the report is built whole (which the run still does when a human report or
the HTML report is asked for next to it, so the two paths can be compared on real runs)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from perfgoal.checking import checked_files
from perfgoal.config import Config
from perfgoal.files import expand
from perfgoal.runner import RunOptions

ROOT = Path(__file__).resolve().parent.parent
STREAMED = ("json", "json-lines", "sarif", "junit", "gitlab", "github", "concise")
SAMPLES = ["samples/cangzhou-2025.txt", "samples/bad", "samples/layouts"]


def _validate(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "perfgoal", "validate", *args, "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A baseline of the bad samples only: applied to all samples, it hides some findings."""
    path = tmp_path_factory.mktemp("baseline") / "baseline.json"
    done = _validate("samples/bad", "--format", "json", "-o", "/dev/null", "--write-baseline",
                     str(path))  # fmt: skip
    assert done.returncode == 1, done.stderr
    return path


@pytest.mark.parametrize(
    "extra",
    [(), ("--min-severity", "warning"), ("baseline",), ("baseline", "--min-severity", "warning")],
)
def test_a_streamed_report_equals_the_report_built_whole(
    extra: tuple[str, ...], tmp_path: Path, baseline: Path
) -> None:
    options = [
        o for e in extra for o in (["--baseline", str(baseline)] if e == "baseline" else [e])
    ]
    streamed, whole = tmp_path / "streamed", tmp_path / "whole"
    streamed.mkdir()
    whole.mkdir()
    outputs = [f"{fmt}:{{}}/{fmt}" for fmt in STREAMED[1:]]
    alone = _validate(
        *SAMPLES, "--format", STREAMED[0], "-o", str(streamed / STREAMED[0]),
        *(f"--format={o.format(streamed)}" for o in outputs), "-j", "2", *options,
    )  # fmt: skip
    # next to the human report (written at the end), the formats come from the whole report
    beside = _validate(
        *SAMPLES, "--format", "text", f"--format={STREAMED[0]}:{whole / STREAMED[0]}",
        *(f"--format={o.format(whole)}" for o in outputs), "-j", "2", *options,
    )  # fmt: skip
    assert alone.returncode == beside.returncode == 1, alone.stderr + beside.stderr
    assert "Traceback" not in alone.stderr + beside.stderr
    for fmt in STREAMED:
        assert (streamed / fmt).read_bytes() == (whole / fmt).read_bytes(), fmt
        assert (streamed / fmt).stat().st_size > 0
    # the closing counts line is the same too (it counts what --min-severity hides)
    assert alone.stderr.strip().splitlines()[-1] == beside.stdout.strip().splitlines()[-1]


def test_json_streamed_to_stdout_is_the_report(tmp_path: Path) -> None:
    done = _validate(*SAMPLES, "--format", "json", "-j", "2")
    report = json.loads(done.stdout)
    assert report["schema_version"] == 1
    assert report["summary"]["files"] == len(report["files"]) > 10
    counts = {"error": 0, "warning": 0, "info": 0}
    for file in report["files"]:
        for finding in file["findings"]:
            counts[finding["severity"]] += 1
    assert {key: report["summary"][key] for key in counts} == counts


def test_an_empty_run_streams_valid_documents(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("not a draft", encoding="utf-8")
    for fmt, empty in (("json", None), ("gitlab", []), ("sarif", None)):
        done = _validate(str(tmp_path), "--format", fmt, "--allow-empty")
        assert done.returncode == 0, done.stderr
        parsed = json.loads(done.stdout)
        if empty is not None:
            assert parsed == empty
        elif fmt == "json":
            assert parsed["files"] == [] and parsed["summary"]["files"] == 0
        else:
            assert parsed["runs"][0]["results"] == [] == parsed["runs"][0]["artifacts"]


def test_files_are_checked_one_after_the_other_as_the_report_is_written(
    tmp_path: Path,
) -> None:
    """Serially, the second file is read only once the first one's report has been taken:
    a report written file by file holds one file at a time."""
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    for path in (first, second):
        shutil.copyfile(ROOT / "samples" / "cangzhou-2025.txt", path)
    stream = checked_files(expand([tmp_path]), RunOptions(config=Config(), jobs=1))
    taken = next(stream)
    assert taken.path.endswith("a.txt") and taken.findings > 0
    second.write_bytes(b"\x89PNG\r\n\x1a\n not a draft")  # changed after the first was taken
    later = next(stream)
    assert later.path.endswith("b.txt")
    assert [f.rule for f in later.report().findings] == ["PG001"]


def test_a_failed_run_leaves_no_half_written_output(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("the previous report", encoding="utf-8")
    done = _validate("samples/bad", "--format", "json", "-o", str(out), "--baseline",
                     str(tmp_path / "missing-baseline.json"))  # fmt: skip
    assert done.returncode == 2
    assert out.read_text(encoding="utf-8") == "the previous report"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_baseline_and_min_severity_read_each_report_back_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both filters on one file: its JSON is parsed once and serialized once (it was parsed
    twice and serialized twice), and what is shown is what each filter in turn leaves."""
    from perfgoal import checked as checked_module
    from perfgoal.baseline import Baseline, file_entries, read_baseline, write_entries
    from perfgoal.checked import Checked
    from perfgoal.files import check_one
    from perfgoal.findings import RANK
    from perfgoal.streaming import Tally

    (seed,) = check_one(ROOT / "samples/cangzhou-2025.txt", Config(), "zh", False)
    path = tmp_path / "baseline.json"
    write_entries(file_entries(seed.report())[::2], path)  # every other finding is known
    hidden = Baseline(read_baseline(path)).hide(seed.report())
    assert 0 < len(hidden.findings) < seed.findings
    reads, dumps = [], []
    report, dumped = Checked.report, checked_module._dumped
    monkeypatch.setattr(Checked, "report", lambda self: reads.append(1) or report(self))
    monkeypatch.setattr(checked_module, "_dumped", lambda r: dumps.append(1) or dumped(r))
    tally = Tally(baseline=Baseline(read_baseline(path)), floor=RANK["warning"])
    shown = tally.add(seed)
    assert (len(reads), len(dumps)) == (1, 1)
    kept = [f.fingerprint for f in hidden.findings if f.severity != "info"]
    assert 0 < len(kept) < len(hidden.findings)
    assert [f.fingerprint for f in shown.report().findings] == kept
    assert tally.shown == len(kept)
    summary = tally.summary
    assert (summary.files, summary.error + summary.warning + summary.info) == (
        1,
        len(hidden.findings),
    )
