"""PG0xx: the input itself: unreadable files, no target table, content the parser could not
place. PG001 is produced by the engine from the reader's error; it is registered here so
that it is documented like every other rule."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from perfgoal.messages import Message, message
from perfgoal.model import Document
from perfgoal.options import NoOptions
from perfgoal.rules.base import Fact, Rule


class UnreadableInput(Rule):
    """文件无法读取：打不开、解压失败、无法解码、已加密、是没有文字层的扫描件 PDF，
    或根本不是 perfgoal 能读取的格式（Word、PDF、Excel、网页、文本、YAML/JSON）。

    为什么：评审前必须能读到文件内容；读不了的文件在 CI 中不能被悄悄跳过，
    其余文件照常检查。旧版 .doc/.wps 需要安装 LibreOffice，或另存为 .docx；
    加密的文件请先去除密码；扫描件请提供原件。
    """

    code = "PG001"
    name = "unreadable-input"
    severity = "error"
    summary = {"zh": "文件无法读取或不是支持的格式", "en": "the file cannot be read"}
    messages = {"default": {"zh": "无法读取文件：{reason}", "en": "cannot read the file: {reason}"}}
    doc_en = """
    The file cannot be opened, unzipped or decoded, is encrypted, is a scanned PDF without a
    text layer, or is not in a form perfgoal reads (Word, PDF, Excel, HTML, text, YAML/JSON).

    Why: a draft that cannot be read cannot be reviewed; in CI it must not be skipped
    silently, and the other files are still checked. A legacy .doc/.wps needs LibreOffice
    (or save it as .docx); remove the password of an encrypted file; give the original of a
    scanned one.
    """

    def check(self, document: Document, options: NoOptions) -> Iterator[Fact]:
        return iter(())


class NoTargetTable(Rule):
    """文件可以读取，但其中找不到任何绩效目标表（没有项目编码、项目名称或指标表）。

    为什么：perfgoal 检查的是绩效目标表；提交的文件若只有说明文字，评审无从核对。
    """

    code = "PG002"
    name = "no-target-table"
    severity = "error"
    summary = {"zh": "文件中没有绩效目标表", "en": "no performance-goal table in the file"}
    messages = {
        "default": {
            "zh": "文件中没有找到绩效目标表（没有项目表或指标表）",
            "en": "no performance-goal table found (no project or indicator table)",
        }
    }
    doc_en = """
    The file is readable but holds no “绩效目标表” (no “项目编码”, “项目名称” or indicator table).

    Why: perfgoal checks performance-goal tables; a file with only prose cannot be reviewed.
    """

    def check(self, document: Document, options: NoOptions) -> Iterator[Fact]:
        if not document.projects:
            yield Fact()


class SkippedTables(Rule):
    """文件中除绩效目标表外还有其他表格（如部门预算中的收支总表、支出预算表）和正文，
    perfgoal 只解析绩效目标表，其余表格跳过不查，并在此说明跳过了多少。

    为什么：部门预算（常为几十页的 PDF）把绩效目标表放在最后，前面是收支总表、三公经费表和
    情况说明；这些不是绩效目标表，逐行报告“无法识别”只会淹没真正的问题。跳过的数量写明，
    评审人员可以核对 perfgoal 没有漏掉应当检查的表。
    """

    code = "PG004"
    name = "skipped-tables"
    severity = "info"
    summary = {
        "zh": "跳过了不是绩效目标表的表格",
        "en": "tables that are not performance-goal tables were skipped",
    }
    messages = {
        "default": {
            "zh": "跳过了 {count} 个不是绩效目标表的表格{where}{prose}，只检查了绩效目标表",
            "en": "skipped {count} tables that are not performance-goal tables{where}"
            "{prose}; only the performance-goal tables were checked",
        }
    }
    doc_en = """
    The file holds other tables besides the “绩效目标表” (a budget book's “收支总表”, “支出预算表”,
    …) and prose; perfgoal parses the target tables only, skips the rest and says how much
    it skipped.

    Why: a department's budget book (often a PDF of some 35 pages) puts the target tables at
    the end, after the budget tables and the explanations; reporting each of their rows as
    unplaced content would bury the real findings. The count lets a reviewer check that
    nothing that should have been checked was left out.
    """

    def check(self, document: Document, options: NoOptions) -> Iterator[Fact]:
        skipped = document.skipped_tables
        if not skipped:
            return
        stated = [t.location.stated for t in skipped]  # (a draft's: where they stood)
        pages = sorted({at.page for at in stated if at.page is not None})
        sheets = list(dict.fromkeys(at.sheet for at in stated if at.sheet))
        where: Message | str = ""
        if len(pages) > 1:
            where = message("skipped.pages", first=pages[0], last=pages[-1])
        elif pages:
            where = message("skipped.page", number=pages[0])
        elif sheets:
            key = "skipped.sheets-more" if len(sheets) > 5 else "skipped.sheets"
            where = message(key, names=sheets[:5])
        paragraphs = document.skipped_paragraphs
        yield Fact(
            params={
                "count": str(len(skipped)),
                "where": where,
                "prose": message("skipped.prose", count=paragraphs) if paragraphs else "",
            },
            location=skipped[0].location,
            context="\n".join(
                t.title or f"表 {at.table}" for t, at in zip(skipped[:20], stated, strict=False)
            ),
        )


class UnparsedContent(Rule):
    """表格中的行或单元格无法归入模型的任何字段：perfgoal 从不悄悄丢弃内容，而是报告出来。

    为什么：评审依据的是文档的全部内容；未被识别的单元格可能是写错了位置的预算数或指标，
    也可能是 perfgoal 尚不认识的模板，两种情况都需要人看一眼。
    """

    code = "PG003"
    name = "unparsed-content"
    severity = "warning"
    summary = {"zh": "无法识别的表格内容", "en": "content the parser could not place"}
    messages = {
        "default": {
            "zh": "{reason}：“{text}”",
            "en": "{reason}: “{text}”",
        }
    }
    doc_en = """
    A table row or cell the parser could not place in the model; perfgoal never drops
    content silently, it reports it.

    Why: reviewers judge the whole document; an unplaced cell may be a misplaced amount or
    indicator, or a template perfgoal does not know yet: either way a person should look.
    """

    def check(self, document: Document, options: NoOptions) -> Iterator[Fact]:
        if not document.projects:
            return  # PG002 speaks for a file without any target table: no note per paragraph
        for note in document.notes:
            text = (note.text or "").strip()
            short = text if len(text) <= 60 else text[:57] + "…"
            context: str | Message | None = text or None
            if text and note.length is not None:  # the parser kept the beginning of it
                context = message("text.cut", text=text, length=note.length)
            yield Fact(
                params={"reason": note.reason(), "text": short},
                location=note.location,
                context=context,
            )


Internal = Literal["default", "file"]
"""PG999's facts (built by the engine): a rule failed, or reading the file did."""


class InternalError(Rule):
    """perfgoal 在读取、解析该文件或运行某条规则时出现程序错误；出错的规则被跳过，
    其余规则与其余文件照常检查。

    为什么：这不是文档的问题，而是 perfgoal 的缺陷；一处程序错误不应让其余检查中断，
    也不应被悄悄吞掉（退出码 3）。请用 --debug 重新运行以得到完整的错误信息，
    并连同（脱敏后的）文件一起报告。
    """

    code = "PG999"
    name = "internal-error"
    severity = "error"
    summary = {
        "zh": "perfgoal 内部出错（读取、解析或某条规则的程序错误）",
        "en": "perfgoal failed internally (a bug in reading, parsing or a rule)",
    }
    messages = {
        "default": {
            "zh": "规则 {code} {name} 内部出错，已跳过该规则：{detail}（请用 --debug 重现并报告）",
            "en": "rule {code} {name} crashed and was skipped: {detail} "
            "(re-run with --debug and report it)",
        },
        "file": {
            "zh": "perfgoal 读取该文件时内部出错：{detail}（请用 --debug 重现并报告）",
            "en": "perfgoal failed on this file: {detail} (re-run with --debug and report it)",
        },
    }
    doc_en = """
    perfgoal hit a bug while reading or parsing this file, or while running one rule; that
    rule was skipped, the other rules and files were still checked.

    Why: this is not a problem of the document but a defect of perfgoal; one bug must neither
    stop the other checks nor be swallowed (exit code 3). Re-run with --debug to get the
    full error and report it together with a (redacted) copy of the file.
    """

    def check(self, document: Document, options: NoOptions) -> Iterator[Fact[Internal]]:
        return iter(())  # produced by the engine when reading or a rule fails
