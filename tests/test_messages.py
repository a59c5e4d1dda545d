"""The message catalog: every sentence exists in Chinese and English, with the same
placeholders, and every key the code names is in the catalog (and every key in the catalog
is named by the code)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from perfgoal.errors import InputError
from perfgoal.messages import CATALOG, Message, message, placeholders, render
from perfgoal.model import ParseNote
from perfgoal.rules import REGISTRY

SRC = Path(__file__).resolve().parents[1] / "src" / "perfgoal"
KEY = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+")
NAMESPACES = {key.split(".")[0] for key in CATALOG["zh"]}
NOT_KEYS = {"input.docx"}  # a file name that looks like a key (readers/convert.py)


def test_every_key_has_both_languages() -> None:
    assert set(CATALOG["zh"]) == set(CATALOG["en"])


@pytest.mark.parametrize("key", sorted(CATALOG["zh"]))
def test_both_languages_fill_the_same_placeholders(key: str) -> None:
    zh, en = CATALOG["zh"][key], CATALOG["en"][key]
    assert placeholders(zh) == placeholders(en), key
    assert en.strip() and zh.strip()


@pytest.mark.parametrize("rule", REGISTRY, ids=lambda rule: rule.code)
def test_every_rule_message_has_both_languages_and_the_same_placeholders(rule: type) -> None:
    for variant, templates in rule.messages.items():
        assert set(templates) == {"zh", "en"}, (rule.code, variant)
        assert placeholders(templates["zh"]) == placeholders(templates["en"]), (rule.code, variant)


def _keys_in_source() -> dict[str, str]:
    """Every string constant in src/ shaped like a catalog key of a catalog namespace
    (``input.empty``, ``kind.fifo``), with the file it stands in."""
    found: dict[str, str] = {}
    for path in SRC.rglob("*.py"):
        if path.parent.name == "messages":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and KEY.fullmatch(node.value)
                and node.value.split(".")[0] in NAMESPACES
                and node.value not in NOT_KEYS
            ):
                found.setdefault(node.value, path.name)
    return found


def test_every_key_in_the_code_is_in_the_catalog() -> None:
    missing = {key: where for key, where in _keys_in_source().items() if key not in CATALOG["zh"]}
    assert missing == {}


def test_every_key_in_the_catalog_is_used() -> None:
    assert set(CATALOG["zh"]) - set(_keys_in_source()) == set()


def test_a_message_renders_nested_messages_and_lists_in_its_language() -> None:
    reason = message("os.reason", reason=message("os.no-permission"), detail="Permission denied")
    error = InputError("input.cannot-open", reason=reason, where=message("where.page", number=3))
    assert str(error) == "无法打开文件：没有读取权限（Permission denied） (第 3 页)"
    assert error.render("en") == (
        "cannot open the file: no permission to read it (Permission denied) (page 3)"
    )
    assert render("note.mixed-encoding", "zh", lines=[3, 5]).startswith(
        "文本混用了编码：第 3、5 行"
    )
    assert "line(s) 3, 5 are not UTF-8" in render("note.mixed-encoding", "en", lines=[3, 5])


def test_a_parse_note_is_a_key_whose_message_is_derived() -> None:
    note = ParseNote(key="note.cell", text="备注")
    assert note.message == "无法识别的单元格"
    assert note.reason() == Message("note.cell", {})
    again = ParseNote.model_validate(note.model_dump())
    assert again == note
    given = ParseNote.model_validate({"message": "手写的说明"})
    assert (given.key, given.message) == ("note.given", "手写的说明")


def test_docs_model_md_holds_the_tables_of_the_current_models() -> None:
    from perfgoal.modeldoc import model_markdown

    text = (SRC.parents[1] / "docs" / "model.md").read_text("utf-8")
    assert text.endswith(model_markdown()), (
        "docs/model.md is stale: rewrite its tables with python -m perfgoal.modeldoc"
    )
