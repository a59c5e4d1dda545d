"""A scratch git repository as a user's would be: drafts (good and bad, Word and text and
YAML), configuration files, a ``.gitignore``, and files that are no documents at all."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"

UNRELATED = {
    "requirements.txt": "requests==2.31\n",
    "package.json": '{"name": "budget-site", "version": "1.0.0"}\n',
    ".pre-commit-config.yaml": "repos: []\n",
    "notes.txt": "会议纪要：下周提交材料。\n",
    "docs/readme.html": "<html><body><p>说明</p></body></html>\n",
    "config/settings.yaml": "debug: true\nname: site\n",
}


def cli_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a perfgoal subprocess: this checkout's sources, ``env`` on top, and
    no colour, CI or language setting of the caller's own unless ``env`` sets it."""
    full = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})}
    for name in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS", "PERFGOAL_LANG"):
        if env is None or name not in env:
            full.pop(name, None)
    return full


def run(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``perfgoal ARGS`` in a subprocess, in ``cwd``; never a traceback."""
    done = subprocess.run(
        [sys.executable, "-m", "perfgoal", *args],
        cwd=cwd,
        env=cli_env(env),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def make_repo(root: Path) -> Path:
    """The repository at ``root``: ``drafts/`` (the reference document as .txt and .docx, a
    bad draft, a YAML draft), ``build/`` and ``*.bak.txt`` git-ignored, unrelated files."""
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    drafts = root / "drafts"
    drafts.mkdir()
    shutil.copy(SAMPLES / "cangzhou-2025.txt", drafts / "cangzhou.txt")
    shutil.copy(SAMPLES / "cangzhou-2025.docx", drafts / "cangzhou.docx")
    shutil.copy(SAMPLES / "bad" / "budget-arithmetic.txt", drafts / "arithmetic.txt")
    shutil.copy(SAMPLES / "bad" / "budget-arithmetic.txt", drafts / "old.bak.txt")
    (root / "build").mkdir()
    shutil.copy(SAMPLES / "bad" / "codes.docx", root / "build" / "codes.docx")
    for name, text in UNRELATED.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / ".gitignore").write_text("build/\n*.bak.txt\n", encoding="utf-8")
    (root / "perfgoal.yaml").write_text("ignore: [PG306]\n", encoding="utf-8")
    return root
