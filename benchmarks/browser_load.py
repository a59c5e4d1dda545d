"""How fast the HTML report of a 1,000-file round opens and filters in a real browser.

Headless Chromium (Debian's ``chromium``) is driven over the DevTools protocol
(``tests/browser.py``). Each round opens the big report and, as the baseline, the report
of the seed document alone, alternately, in the same browser, and records in the page:

- *ready*: milliseconds from navigation start until the page's script has run, the first
  file's body is drawn and two frames have been painted (what a reviewer sees);
- *filter*: milliseconds from unticking 提示 (info) until two frames later (the filter
  applied and painted), and the same for choosing one rule.

Used by ``benchmarks/run.py``; skipped there (with a note) when Chromium is absent.
"""

from __future__ import annotations

import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from browser import Browser, find_chromium

TARGET_MS = 2000.0  # issue 15: "the page loads and filters in a browser in under 2 s"

READY = """new Promise((resolve, reject) => {
  (function poll() {
    const body = document.querySelector('section.pg-file .body');
    if (document.body && document.body.dataset.ready === 'yes' && body
        && !body.hasAttribute('data-z'))
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
    else if (performance.now() > 60000) reject(new Error('the report did not get ready'));
    else setTimeout(poll, 5);
  })();
})"""
FRAMES = "requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now() - t)))"
SEVERITY = (
    "new Promise(r => { const t = performance.now();"
    " document.querySelector('input[name=sev][value=info]').click(); " + FRAMES + "; })"
)
RULE = (
    "new Promise(r => { const t = performance.now(); const s = document.getElementById('f-rule');"
    " s.value = s.options[1].value; s.dispatchEvent(new Event('change')); " + FRAMES + "; })"
)
COUNT = "document.getElementById('f-count').textContent"


@dataclass
class PageTimes:
    ready: list[float] = field(default_factory=list)
    severity: list[float] = field(default_factory=list)
    rule: list[float] = field(default_factory=list)
    count: str = ""


def chromium() -> str | None:
    return find_chromium()


def measure(
    binary: str, pages: dict[str, Path], repeat: int, log: Callable[[str], None]
) -> dict[str, PageTimes]:
    times = {name: PageTimes() for name in pages}
    with Browser(binary, width=1280, height=900) as browser:
        for round_ in range(1, repeat + 1):
            for name, page in pages.items():
                browser.open(page)
                result = times[name]
                result.ready.append(browser.evaluate(READY, timeout=120))
                result.count = browser.evaluate(COUNT)
                result.severity.append(browser.evaluate(SEVERITY))
                result.rule.append(browser.evaluate(RULE))
                log(
                    f"  round {round_}/{repeat}  ready {result.ready[-1]:7.0f} ms  filters "
                    f"{result.severity[-1]:5.0f} / {result.rule[-1]:5.0f} ms  {name}"
                )
    return times


def markdown(times: dict[str, PageTimes], big: str, base: str, sizes: dict[str, int]) -> list[str]:
    def med(values: list[float]) -> float:
        return statistics.median(values)

    rows = [
        "| page | size | ready ms (median, min) | ratio to the 1-file report | "
        "info filter ms | rule filter ms | target | met? |",
        "|---|---:|---:|---:|---:|---:|---|---:|",
    ]
    for name in (base, big):
        t = times[name]
        ratio = "—" if name == base else f"{med(t.ready) / med(times[base].ready):.2f}×"
        worst = max(med(t.ready), med(t.severity), med(t.rule))
        met = "yes" if worst < TARGET_MS else "**no**"
        target = f"< {TARGET_MS:g} ms each" if name == big else "—"
        rows.append(
            f"| {name} | {sizes[name] / 1e6:.1f} MB | {med(t.ready):.0f} ({min(t.ready):.0f}) | "
            f"{ratio} | {med(t.severity):.0f} | {med(t.rule):.0f} | {target} | "
            f"{met if name == big else '—'} |"
        )
    return rows
