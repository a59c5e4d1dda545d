"""The HTML report in a real browser: headless Chromium loads the report of ``samples/``;
through the DOM, every finding is there, the filters hide and show rows, each spend-plan
chart has one point per checkpoint, and document text stays text.

Chromium is Debian's ``chromium`` package, which ``.ci/run`` installs; without it these
tests skip (the rest of the suite still runs). The browser is driven over the DevTools
protocol on a pipe (``tests/browser.py``): no driver binary, no Python package.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from browser import Browser, find_chromium
from perfgoal.cli import app
from perfgoal.config import Config
from perfgoal.findings import Report
from perfgoal.reporters.html import HtmlOptions, render
from perfgoal.review import review_round
from perfgoal.runner import RunOptions

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CHROMIUM = find_chromium()
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed (apt-get install chromium; .ci/run installs it)",
)
runner = CliRunner()

READY = """new Promise((resolve, reject) => {
  const start = performance.now();
  (function poll() {
    if (document.body && document.body.dataset.ready === "yes") resolve(true);
    else if (performance.now() - start > 20000) reject(new Error("report not ready"));
    else setTimeout(poll, 20);
  })();
})"""
VISIBLE = "[...document.querySelectorAll('li.fd')].filter(e => e.checkVisibility()).length"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM is not None
    with Browser(CHROMIUM) as instance:
        yield instance


@pytest.fixture(scope="module")
def samples_round() -> tuple[Report, dict[str, Any]]:
    report, documents = review_round([SAMPLES], RunOptions(config=Config(), jobs=1))
    return report, documents


@pytest.fixture(scope="module")
def samples_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    result = runner.invoke(app, ["report", str(SAMPLES), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 1, result.output
    return out


def _open(browser: Browser, page: Path) -> None:
    browser.open(page)
    browser.evaluate(READY)


def _set(browser: Browser, script: str) -> Any:
    """Run a change in the page as a user would (a click, a choice), then read the DOM."""
    return browser.evaluate(script)


def _click_severity(browser: Browser, severity: str) -> None:
    _set(browser, f"document.querySelector('input[name=sev][value={severity}]').click()")


def _choose(browser: Browser, select: str, value: str) -> None:
    _set(
        browser,
        f"(() => {{ const s = document.getElementById('{select}'); s.value = {json.dumps(value)};"
        " s.dispatchEvent(new Event('change')); })()",
    )


def test_every_finding_is_there(
    browser: Browser, samples_page: Path, samples_round: tuple[Report, dict[str, Any]]
) -> None:
    report, _ = samples_round
    _open(browser, samples_page)
    messages = browser.evaluate(
        "[...document.querySelectorAll('li.fd .msg')].map(e => e.textContent)"
    )
    expected = [f.message for file in report.files for f in file.findings]
    assert Counter(messages) == Counter(expected)
    assert browser.evaluate(VISIBLE) == len(expected) > 300
    assert browser.evaluate("document.getElementById('f-count').textContent") == (
        f"显示 {len(expected)} / {len(expected)} 条问题"
    )
    paths = browser.evaluate(
        "[...document.querySelectorAll('section.pg-file > h2')].map(h => h.firstChild.textContent)"
    )
    assert paths == [file.path for file in report.files]


def test_filters_hide_and_show_rows(
    browser: Browser, samples_page: Path, samples_round: tuple[Report, dict[str, Any]]
) -> None:
    report, _ = samples_round
    findings = [f for file in report.files for f in file.findings]
    by_severity = Counter(f.severity for f in findings)
    _open(browser, samples_page)

    _click_severity(browser, "info")  # untick 提示
    assert browser.evaluate(VISIBLE) == by_severity["error"] + by_severity["warning"]
    hidden_info = browser.evaluate(
        "[...document.querySelectorAll('li.fd.s-info')].every(e => !e.checkVisibility())"
    )
    assert hidden_info is True
    _click_severity(browser, "warning")
    assert browser.evaluate(VISIBLE) == by_severity["error"]
    _click_severity(browser, "info")
    _click_severity(browser, "warning")
    assert browser.evaluate(VISIBLE) == len(findings)

    _choose(browser, "f-rule", "PG203")
    assert browser.evaluate(VISIBLE) == sum(f.rule == "PG203" for f in findings) == 2
    # only the cards holding a PG203 finding stay: the two budget-arithmetic drafts' project
    cards = browser.evaluate(
        "[...document.querySelectorAll('article.card')].filter(e => e.checkVisibility()).length"
    )
    assert cards == 2
    files = browser.evaluate(
        "[...document.querySelectorAll('section.pg-file')].filter(e => e.checkVisibility())"
        ".map(s => s.querySelector('h2').firstChild.textContent)"
    )
    assert files == [f.path for f in report.files if any(x.rule == "PG203" for x in f.findings)]
    assert [Path(f).name for f in files] == ["budget-arithmetic.docx", "budget-arithmetic.txt"]
    assert browser.evaluate("document.getElementById('f-count').textContent") == (
        f"显示 2 / {len(findings)} 条问题"
    )

    _set(browser, "document.getElementById('f-reset').click()")
    assert browser.evaluate(VISIBLE) == len(findings)

    # the department filter: 青县农业农村局 (2021-framework, .docx and .txt, no findings)
    option = browser.evaluate(
        "[...document.querySelectorAll('#f-unit option')]"
        ".find(o => o.textContent.includes('青县农业农村局')).value"
    )
    _choose(browser, "f-unit", option)
    shown = browser.evaluate(
        "[...document.querySelectorAll('section.pg-file')].filter(e => e.checkVisibility())"
        ".map(s => s.querySelector('h2').firstChild.textContent)"
    )
    assert [Path(p).relative_to(SAMPLES).as_posix() for p in shown] == [
        "layouts/2021-framework.docx",
        "layouts/2021-framework.txt",
    ]
    assert browser.evaluate(VISIBLE) == 0
    # a click on a rule in the overview table sets the rule filter
    _set(browser, "document.getElementById('f-reset').click()")
    _set(browser, "document.querySelector('button[data-set-rule=PG502]').click()")
    assert browser.evaluate("document.getElementById('f-rule').value") == "PG502"
    assert browser.evaluate(VISIBLE) == sum(f.rule == "PG502" for f in findings)


def test_plan_chart_has_one_point_per_checkpoint(
    browser: Browser, samples_page: Path, samples_round: tuple[Report, dict[str, Any]]
) -> None:
    report, documents = samples_round
    _open(browser, samples_page)
    expected = [
        len(project.spend_plan.checkpoints)
        for file in report.files
        if file.path in documents
        for project in documents[file.path].projects
        if project.spend_plan is not None and project.spend_plan.checkpoints
    ]
    points = browser.evaluate(
        "[...document.querySelectorAll('figure.plan svg')]"
        ".map(s => s.querySelectorAll('circle.pt').length)"
    )
    assert points == expected and sum(points) > 100
    # the seed's first table plans 1.00, 2.00, 3.00, 4.00 against 预算数 4.00: the points
    # climb (smaller y is higher) and the last sits on the budget line
    first = browser.evaluate(
        "(() => { const s = [...document.querySelectorAll('section.pg-file')]"
        ".find(f => f.querySelector('h2').firstChild.textContent.endsWith('/cangzhou-2025.txt'))"
        ".querySelector('figure.plan svg');"
        " return {cy: [...s.querySelectorAll('circle.pt')].map(c => +c.getAttribute('cy')),"
        " ref: +s.querySelector('line.ref').getAttribute('y1')}; })()"
    )
    assert first["cy"] == sorted(first["cy"], reverse=True)
    assert first["cy"][-1] == first["ref"]


def test_document_text_stays_text(browser: Browser, tmp_path: Path) -> None:
    hostile = "<script>window.pgInjected = 1</script><img src=x onerror=window.pgInjected=2>"
    text = (SAMPLES / "cangzhou-2025.txt").read_text(encoding="utf-8")
    text = text.replace("\t2025科技创新环境建设\n", f"\t{hostile}\n", 1)
    draft = tmp_path / "hostile.txt"
    draft.write_text(text, encoding="utf-8")
    out = tmp_path / "report.html"
    assert runner.invoke(app, ["report", str(draft), "-o", str(out)]).exit_code == 0
    _open(browser, out)
    assert browser.evaluate("typeof window.pgInjected") == "undefined"
    assert browser.evaluate("document.scripts.length") == 1
    assert browser.evaluate("document.images.length") == 0
    headings = browser.evaluate(
        "[...document.querySelectorAll('article.card h3')].map(h => h.textContent)"
    )
    assert f"项目 1 13091625P00024010001J {hostile}" in headings


def test_large_round_is_drawn_as_it_scrolls_and_filters_the_same(
    browser: Browser, tmp_path: Path
) -> None:
    paths = [SAMPLES / "cangzhou-2025.txt", SAMPLES / "bad" / "budget-arithmetic.txt"]
    report, documents = review_round(paths, RunOptions(config=Config(), jobs=1))
    out = tmp_path / "packed.html"
    out.write_text(
        "".join(render(report, HtmlOptions(documents=documents, inline_limit=0))), "utf-8"
    )
    assert 'data-z="' in out.read_text("utf-8")
    _open(browser, out)
    total = sum(len(f.findings) for f in report.files)
    # the first file is in view: drawn; then printing draws all
    first = browser.evaluate(
        "new Promise(r => { (function p() { const s = document.querySelector('#f0 .body');"
        " if (!s.hasAttribute('data-z')) r(s.querySelectorAll('li.fd').length);"
        " else setTimeout(p, 10); })(); })"
    )
    assert first == len(report.files[0].findings)
    browser.evaluate("window.perfgoalFillAll()")
    assert browser.evaluate("document.body.dataset.complete") == "yes"
    assert browser.evaluate("document.querySelectorAll('li.fd').length") == total
    _click_severity(browser, "info")
    infos = sum(f.severity == "info" for file in report.files for f in file.findings)
    assert browser.evaluate(VISIBLE) == total - infos
