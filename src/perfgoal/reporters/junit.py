"""JUnit XML (``validate --format junit``), as GitLab's ``artifacts:reports:junit`` and
Jenkins' ``junit`` step read it.

One ``<testsuite>`` per file, one ``<testcase>`` per finding. A finding at or above
``--fail-on`` (errors, by default) is a ``<failure>``; one below it is a passing testcase
whose text is in ``<system-out>``, so a job with only warnings shows green tests, as its
exit code is 0; a file without findings gets one passing testcase, ``perfgoal: no
findings``. Only the attributes the Jenkins xUnit (junit-10) and GitLab readers know are
written: ``name``/``classname`` on a testcase (no ``file``: the suite's name is the path).
Testcase names are unique within a suite:
``PG301 malformed-value #2 项目 1 · 编码 · 名称 / 表 2 第 5 行 第 3 列``, where ``#2``
counts that rule's findings in the file (stabler than a position in the file).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator

from perfgoal.checked import Checked
from perfgoal.findings import RANK, FileReport, Finding, Report, Summary
from perfgoal.reporters import ReportOptions, stream
from perfgoal.reporters.common import location_text, project_heading
from perfgoal.rules.base import Lang

CLEAN_NAME = "perfgoal: no findings"
_ILLEGAL_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SEVERITY_WORD = {
    "zh": {"error": "错误", "warning": "警告", "info": "提示"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 does not allow (control characters, lone
    surrogates, U+FFFE/U+FFFF)."""
    return _ILLEGAL_XML.sub("", text)


class Writer:
    """The suites are written file by file into a spool (memory up to a few MiB, then a
    temporary file), because the root element opens with the run's totals."""

    def __init__(self, options: ReportOptions) -> None:
        import tempfile

        self._lang = options.lang
        self._floor = RANK[options.fail_on]
        self._tests = self._failures = 0
        self._spool = tempfile.SpooledTemporaryFile(  # noqa: SIM115 (closed by tail)
            max_size=_SPOOL_BYTES, mode="w+", encoding="utf-8"
        )

    def head(self) -> str:
        return ""

    def file(self, checked: Checked) -> str:
        suite = _suite(checked.report(), self._lang, self._floor)
        self._tests += int(suite.get("tests", "0"))
        self._failures += int(suite.get("failures", "0"))
        ET.indent(suite, level=1)
        self._spool.write("\n  " + ET.tostring(suite, encoding="unicode"))
        return ""

    def tail(self, summary: Summary, shown: int) -> Iterator[str]:
        root = ET.Element("testsuites", name="perfgoal")
        root.set("tests", str(self._tests))
        root.set("failures", str(self._failures))
        root.set("errors", "0")
        yield '<?xml version="1.0" encoding="UTF-8"?>\n'
        if not self._tests:
            yield ET.tostring(root, encoding="unicode") + "\n"
            return
        yield ET.tostring(root, encoding="unicode").removesuffix(" />") + ">"
        with self._spool:
            self._spool.seek(0)
            while piece := self._spool.read(_SPOOL_BYTES):
                yield piece
        yield "\n</testsuites>\n"


_SPOOL_BYTES = 4 << 20


def render(report: Report, options: ReportOptions) -> str:
    return "".join(stream(Writer(options), report))


def classname(path: str) -> str:
    return "perfgoal." + path.replace("\\", "/").replace("/", ".")


def _suite(file: FileReport, lang: Lang, floor: int) -> ET.Element:
    path = xml_text(file.path)
    suite = ET.Element("testsuite", name=path)
    cls = xml_text(classname(file.path))
    failures = 0
    if not file.findings:
        ET.SubElement(suite, "testcase", classname=cls, name=CLEAN_NAME)
    counts: Counter[str] = Counter()
    for finding in file.findings:
        counts[finding.rule] += 1
        case = ET.SubElement(
            suite,
            "testcase",
            classname=cls,
            name=xml_text(testcase_name(finding, counts[finding.rule], lang)),
        )
        body = xml_text(details(finding, lang))
        if RANK[finding.severity] < floor:
            ET.SubElement(case, "system-out").text = body
        else:
            failure = ET.SubElement(
                case, "failure", type=finding.rule, message=xml_text(finding.message)
            )
            failure.text = body
            failures += 1
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    return suite


def testcase_name(finding: Finding, n: int, lang: Lang) -> str:
    where = [project_heading(finding.project, lang)]
    place = location_text(finding.location, lang)
    if place:
        where.append(place)
    return f"{finding.rule} {finding.name} #{n} {' / '.join(where)}"


def details(finding: Finding, lang: Lang) -> str:
    """The finding in full, as the human report shows it: message, where, the row as it
    reads, ``- actual`` / ``+ expected``."""
    word = _SEVERITY_WORD[lang][finding.severity]
    lines = [f"{finding.rule} {finding.name} {word}: {finding.message}"]
    where = project_heading(finding.project, lang)
    place = location_text(finding.location, lang)
    lines.append(f"{where}  {place}" if place else where)
    if finding.context:
        lines.append(f"│ {finding.context}")
    if finding.actual is not None:
        lines.append(f"- {finding.actual}")
    if finding.expected is not None:
        lines.append(f"+ {finding.expected}")
    return "\n".join(lines)
