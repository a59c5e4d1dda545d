"""The reporter registry: every machine format of ``validate --format`` is listed once, its
module is imported only when used, and none of them pulls in rich."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from perfgoal.cli import ValidateFormat
from perfgoal.reporters import REGISTRY

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "samples/cangzhou-2025.txt"
WRITTEN_BY_THE_RUNNER = {"auto", "rich", "text", "html"}


def test_every_machine_format_is_registered() -> None:
    formats = {fmt.value for fmt in ValidateFormat} - WRITTEN_BY_THE_RUNNER
    assert set(REGISTRY) == formats


@pytest.mark.parametrize("fmt", sorted(REGISTRY))
def test_a_machine_format_imports_neither_rich_nor_other_reporters(
    fmt: str, tmp_path: Path
) -> None:
    """The run in a subprocess, as the user starts it; what it imported is printed at exit.
    (To a file: on stdout, ``github`` is followed by the human report, which is rich's.)"""
    out = tmp_path / "report"
    probe = (
        "import atexit, json, sys\n"
        "atexit.register(lambda: sys.__stderr__.write('MODULES=' + json.dumps("
        "sorted(m for m in sys.modules if m.startswith(('rich', 'perfgoal.reporters.'))))))\n"
        "from perfgoal.cli import main\n"
        f"sys.argv = ['perfgoal', 'validate', {SAMPLE!r}, '--format', {fmt!r}, '-j', '1',"
        f" '--no-cache', '-o', {str(out)!r}]\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode in (0, 1), done.stderr
    assert out.read_text(encoding="utf-8").strip(), "the report is written"
    modules = json.loads(done.stderr.rsplit("MODULES=", 1)[1])
    assert not [m for m in modules if m == "rich" or m.startswith("rich.")]
    own = f"perfgoal.reporters.{REGISTRY[fmt].module}"
    assert own in modules
    # concise words its lines as the GitHub annotations do; no other reporter is imported
    allowed = {own, "perfgoal.reporters.common", "perfgoal.reporters.summary"}
    if fmt == "concise":
        allowed.add("perfgoal.reporters.github")
    assert set(modules) <= allowed
