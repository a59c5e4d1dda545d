"""Regenerate the screenshots in docs/report.md: the HTML report of ``samples/`` in
headless Chromium (needs Debian's ``chromium`` and ``fonts-noto-cjk`` for the Chinese text).

    .venv/bin/python docs/screenshots.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import Browser, find_chromium  # noqa: E402

WIDTH = 1200


def main() -> int:
    chromium = find_chromium()
    if chromium is None:
        sys.exit("Chromium is not installed (apt-get install chromium fonts-noto-cjk)")
    with tempfile.TemporaryDirectory() as work:
        page = Path(work) / "report.html"
        perfgoal = Path(sys.executable).parent / "perfgoal"
        subprocess.run(
            [str(perfgoal), "report", "samples", "-o", str(page), "--jobs", "1"], cwd=ROOT
        )
        with Browser(chromium, width=WIDTH, height=900) as browser:
            browser.open(page)
            browser.screenshot(ROOT / "docs" / "report-overview.png", width=WIDTH, height=1000)
            # a draft with budget errors, filtered to errors: its card, chart and findings
            browser.evaluate(
                "(() => { for (const s of ['warning', 'info'])"
                " document.querySelector(`input[name=sev][value=${s}]`).click();"
                " const f = [...document.querySelectorAll('section.pg-file')].find(s =>"
                " s.querySelector('h2').firstChild.textContent.endsWith('budget-arithmetic.txt'));"
                " window.scrollTo(0, f.offsetTop - 120); })()"
            )
            browser.screenshot(ROOT / "docs" / "report-card.png", width=WIDTH, height=760)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
