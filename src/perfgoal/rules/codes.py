"""PG4xx: what identifies and classifies a project: the 项目编码 (its pattern, its year, its
uniqueness), the 预算单位 and the 项目性质 (docs/domain.md "Money": how a 项目编码 is built)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from perfgoal.messages import message
from perfgoal.model import Document, Project, Unit
from perfgoal.options import CodePatternOptions, CodeYearOptions, NatureOptions, NoOptions
from perfgoal.rules._common import budget_year
from perfgoal.rules.base import Fact, Rule
from perfgoal.values import checked_option, text_key

_CODE_YEAR_RE = re.compile(r"[0-9]{2}")


def _code(project: Project) -> str:
    """The 项目编码 as compared: normalised (full-width to half-width), without spaces."""
    return text_key(project.code)


def _code_row(project: Project) -> str:
    row = f"项目编码 | {(project.code or '').strip()}"
    return f"{row} | 项目名称 | {project.name}" if project.name else row


def _matches(code: str, options: CodePatternOptions) -> bool:
    return re.fullmatch(options.project_code_pattern, code) is not None


class BadProjectCode(Rule):
    """项目编码不符合配置的编码规则（默认：6 位财政区划 + 2 位入库年份 + ``P`` + 11 位数字
    + 1 位校验字符，如 ``13091625P00024010001J``）。比较前去掉空格。

    为什么：项目编码由预算管理一体化系统的项目库生成，格式固定（docs/domain.md“Money”）；
    不符合格式的编码多是抄错、漏位或把别的编号填进了这一格，绩效目标无法挂到项目上。
    """

    code = "PG401"
    name = "bad-project-code"
    severity = "error"
    summary = {"zh": "项目编码格式不对", "en": "the project code does not match the pattern"}
    messages = {
        "default": {
            "zh": "项目编码“{code}”不符合编码规则 {pattern}",
            "en": "project code “{code}” does not match the pattern {pattern}",
        }
    }
    options = CodePatternOptions
    doc_en = """
    The “项目编码” does not match the configured pattern (default: 6-digit fiscal region +
    2-digit year of entry + ``P`` + 11 digits + 1 check character, e.g.
    ``13091625P00024010001J``). Spaces are removed before matching.

    Why: the code is issued by the project library of the budgeting system and has a fixed
    shape (docs/domain.md "Money"); a code that does not fit was mistyped, truncated or is some
    other number, and the target cannot be attached to its project.
    """

    def check(self, document: Document, options: CodePatternOptions) -> Iterator[Fact]:
        for project in document.projects:
            code = _code(project)
            if code and not _matches(code, options):
                yield Fact(
                    params={"code": code, "pattern": options.project_code_pattern},
                    project=project,
                    expected=options.project_code_pattern,
                    actual=code,
                    context=_code_row(project),
                )


class CodeYearMismatch(Rule):
    """项目编码第 7–8 位的入库年份与预算年度不同（如 2025 年的表中 ``13091624P…``）。
    只检查符合编码规则的编码；预算年度未知时不检查。

    为什么：编码中的年份是项目入库的年份（docs/domain.md“Money”）；跨年结转或延续的项目保留
    原来的年份，属正常情况，但也可能是套用了上一年的表格——值得看一眼，故为提示。
    """

    code = "PG402"
    name = "code-year-mismatch"
    severity = "info"
    summary = {
        "zh": "项目编码年份与预算年度不同",
        "en": "the year in the code differs from the budget year",
    }
    messages = {
        "default": {
            "zh": "项目编码“{code}”中的年份 {code_year} 与预算年度 {year} 不同",
            "en": "project code “{code}” carries the year {code_year}, not the budget year {year}",
        }
    }
    options = CodeYearOptions
    doc_en = """
    The year of entry in positions 7–8 of the “项目编码” differs from the budget year (a 2025
    document holding ``13091624P…``). Only codes matching the pattern are checked; nothing is
    checked when the budget year is unknown.

    Why: the year in the code is the year the project entered the library (docs/domain.md
    "Money"); carried-over projects keep their year, which is fine, but a copied table from
    last year looks the same: worth a look, hence info.
    """

    def check(self, document: Document, options: CodeYearOptions) -> Iterator[Fact]:
        year = budget_year(document, options)
        if year is None:
            return
        for project in document.projects:
            code = _code(project)
            if not code or not _matches(code, options):
                continue
            digits = code[6:8]
            if not _CODE_YEAR_RE.fullmatch(digits) or 2000 + int(digits) == year:
                continue
            code_year = 2000 + int(digits)
            yield Fact(
                params={"code": code, "code_year": code_year, "year": year},
                project=project,
                expected=str(year),
                actual=message("fact.code-year", year=code_year),
                context=_code_row(project),
            )


class DuplicateProjectCode(Rule):
    """两张项目表使用了同一个项目编码；在后出现的那张表上报告。

    为什么：一个项目编码对应项目库中的一个项目，只能有一份绩效目标（财预〔2015〕88号：
    绩效目标随预算一同申报）；重复多是复制上一张表后忘了改编码。
    """

    code = "PG403"
    name = "duplicate-project-code"
    severity = "error"
    summary = {"zh": "项目编码重复", "en": "two project tables share a project code"}
    messages = {
        "default": {
            "zh": "项目编码“{code}”已在第 {first} 张表中使用",
            "en": "project code “{code}” is already used by table {first}",
        }
    }
    doc_en = """
    Two project tables share a “项目编码”; the later table is reported.

    Why: a code names one project of the project library, which has one set of targets
    (“财预〔2015〕88号”: targets are filed with the budget); a repeat is usually a copied table
    whose code was not changed.
    """

    def check(self, document: Document, options: NoOptions) -> Iterator[Fact]:
        first: dict[str, Project] = {}
        for project in document.projects:
            code = _code(project)
            if not code:
                continue
            earlier = first.setdefault(code, project)
            if earlier is not project:
                yield Fact(
                    params={"code": code, "first": earlier.seq},
                    project=project,
                    actual=code,
                    context=_code_row(project),
                )


def _unit_text(unit: Unit) -> str:
    return " ".join(part.strip() for part in (unit.code, unit.name) if part and part.strip())


def _same_unit(a: Unit, b: Unit) -> bool | None:
    """True/False when the two can be compared (by code, else by name); None when not."""
    codes = [text_key(u.code) for u in (a, b)]
    if all(codes):
        return codes[0] == codes[1]
    names = [text_key(u.name) for u in (a, b)]
    if all(names):
        return names[0] == names[1]
    return None


class UnitMismatch(Rule):
    """项目表的预算单位与文档的预算单位不同：两者都有单位编码时比较编码，否则比较去掉空格
    后的单位名称；无法比较（一方缺失）时不报告。

    为什么：一份绩效目标文档由一个预算单位报送（财预〔2015〕88号：部门和单位编报绩效目标）；
    混入其他单位的表，多是合并文档时带进来的。
    """

    code = "PG404"
    name = "unit-mismatch"
    severity = "warning"
    summary = {
        "zh": "项目表的预算单位与文档不同",
        "en": "a table's budget unit differs from the document's",
    }
    messages = {
        "default": {
            "zh": "本表的预算单位“{unit}”与文档的预算单位“{document_unit}”不同",
            "en": "this table's budget unit “{unit}” differs from the document's “{document_unit}”",
        }
    }
    doc_en = """
    A project table's “预算单位” differs from the document's: codes are compared when both have
    one, else names without spaces; nothing is reported when they cannot be compared.

    Why: one budget unit files one performance-goal document (“财预〔2015〕88号”: departments
    and units file their targets); a table of another unit usually came in when documents
    were merged.
    """

    def check(self, document: Document, options: NoOptions) -> Iterator[Fact]:
        if document.unit is None:
            return
        expected = _unit_text(document.unit)
        for project in document.projects:
            if project.unit is None or _same_unit(document.unit, project.unit) is not False:
                continue
            actual = _unit_text(project.unit)
            yield Fact(
                params={"unit": actual, "document_unit": expected},
                project=project,
                expected=expected,
                actual=actual,
                context=message("fact.unit-row", unit=actual),
            )


_NATURE_FIELDS = ("项目性质", "项目属性")


def _choice(text: str) -> str:
    """The value of a nature field: the ticked box of a checkbox list, else the text."""
    return checked_option(text) or text.strip()


class ProjectNatureUnknown(Rule):
    """项目性质或项目属性不在认可的取值之内（可配置 ``project_natures``；默认 经常性项目、
    一次性项目、阶段性项目、延续性项目，以及各地表样常见的 新增项目、延续项目、持续性项目）。
    复选框写法（``新增项目□ 延续项目☑``）取打勾的一项；空着的栏目不在此报告。

    为什么：项目性质决定预算安排方式和评价要求（经常性项目按年度安排，一次性项目完成即
    终止）；取值不在表样的选项中，多半是填错了栏目或写了自创的分类，评审无法据此审核。
    """

    code = "PG405"
    name = "project-nature-unknown"
    severity = "warning"
    summary = {"zh": "项目性质不在认可的取值中", "en": "an unknown “项目性质” / “项目属性”"}
    messages = {
        "default": {
            "zh": "{field}“{value}”不是 {accepted} 之一",
            "en": "{field} “{value}” is not one of {accepted}",
        }
    }
    options = NatureOptions
    doc_en = """
    “项目性质” or “项目属性” (the project's nature) is not an accepted value (option
    ``project_natures``; by default “经常性项目”, “一次性项目”, “阶段性项目”, “延续性项目”,
    and “新增项目”, “延续项目”, “持续性项目” which provinces' forms use). A checkbox list
    (``新增项目□ 延续项目☑``) is read by its ticked box; an empty field is not reported here.

    Why: the nature decides how a project is budgeted and assessed (recurring projects year
    by year, one-off projects end when done); a value outside the form's options is usually
    the wrong field or a home-made category reviewers cannot work with.
    """

    def check(self, document: Document, options: NatureOptions) -> Iterator[Fact]:
        accepted = {text_key(n) for n in options.project_natures}
        shown = "/".join(options.project_natures)
        for project in document.projects:
            for field in _NATURE_FIELDS:
                text = project.meta.get(field, "")
                value = _choice(text)
                if not value or text_key(value) in accepted:
                    continue
                if checked_option(text) is None and any(box in text for box in "□☐"):
                    continue  # a checkbox list with nothing ticked: nothing chosen yet
                yield Fact(
                    params={"field": field, "value": value, "accepted": shown},
                    project=project,
                    expected=shown,
                    actual=value,
                    context=f"{field} | {text.strip()}",
                )
