"""GitHub Actions workflow commands (``validate --format github``): one annotation per
finding, grouped per file.

``::error file=drafts/a.txt,line=12,title=PG301 malformed-value::指标值无法识别（期望：…）``

Escaping is that of the Actions toolkit (``@actions/core``, ``command.ts``): in the message
``%``, CR and LF are percent-encoded; in property values ``:`` and ``,`` as well.
``line`` is written only when the finding has one (text exports); ``col`` never: a
``Location.column`` is a table column, not a character position, so the table/row/column
goes into the message instead, with the project, whenever the file has no line numbers.
The runner prints the whole human report after these lines (GitHub shows only the first
few annotations of a step).
"""

from __future__ import annotations

from perfgoal.checked import Checked
from perfgoal.findings import Finding, Report
from perfgoal.reporters import LineWriter, ReportOptions, stream
from perfgoal.reporters.common import location_text, project_heading
from perfgoal.rules.base import Lang

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class Writer(LineWriter):
    def file(self, checked: Checked) -> str:
        if not checked.findings:
            return ""
        file = checked.report()
        lines = [f"::group::{escape_data(file.path)}"]
        lines.extend(annotation(finding, file.path, self.lang) for finding in file.findings)
        lines.append("::endgroup::")
        return "".join(line + "\n" for line in lines)


def render(report: Report, options: ReportOptions) -> str:
    return "".join(stream(Writer(options), report))


def annotation(finding: Finding, path: str, lang: Lang) -> str:
    properties = [("file", path)]
    line = finding.location.line if finding.location is not None else None
    if line is not None:
        properties.append(("line", str(line)))
    properties.append(("title", f"{finding.rule} {finding.name}"))
    head = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{COMMAND[finding.severity]} {head}::{escape_data(message(finding, lang))}"


def message(finding: Finding, lang: Lang) -> str:
    """The finding's message, then what was expected and found, then (when the file has no
    line numbers) where: the project and the table position."""
    text = finding.message
    diff: list[str] = []
    if lang == "zh":
        if finding.expected is not None:
            diff.append(f"期望：{finding.expected}")
        if finding.actual is not None:
            diff.append(f"实际：{finding.actual}")
        if diff:
            text += f"（{'；'.join(diff)}）"
    else:
        if finding.expected is not None:
            diff.append(f"expected: {finding.expected}")
        if finding.actual is not None:
            diff.append(f"actual: {finding.actual}")
        if diff:
            text += f" ({'; '.join(diff)})"
    if finding.location is None or finding.location.line is None:
        where = [project_heading(finding.project, lang)] if finding.project is not None else []
        place = location_text(finding.location, lang)
        if place:
            where.append(place)
        if where:
            text += f"［{'，'.join(where)}］" if lang == "zh" else f" [{', '.join(where)}]"
    return text
