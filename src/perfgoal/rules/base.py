"""What a rule is: code, kebab name, default severity, message templates and a docstring.

A rule yields :class:`Fact` objects; it never opens a file or prints. The engine renders
messages in the chosen language, stamps the severity from configuration and sorts.
The class docstring (Chinese) and ``doc_en`` (English) are the rule's documentation:
what it checks, why (citing docs/domain.md's sources), a 反例/bad and a 正例/good example;
``perfgoal explain``, ``docs/rules.md`` and SARIF ``help`` all come from them.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from perfgoal.findings import Severity
from perfgoal.messages import Lang as Lang
from perfgoal.messages import Message, fill
from perfgoal.model import Document, Location, Project
from perfgoal.options import NoOptions, RuleOptions
from perfgoal.rules.examples import Examples, examples_of

PARAM_LIMIT = 200


@dataclass(frozen=True, slots=True)
class Fact:
    """One thing a rule found. ``params`` fill the message template of ``variant``."""

    params: dict[str, object] = field(default_factory=dict)
    project: Project | None = None
    location: Location | None = None
    expected: str | Message | None = None
    actual: str | Message | None = None
    """``expected``/``actual`` as text, or a catalog message when the rule words them."""
    context: str | Message | None = None
    variant: str = "default"


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[dict[Lang, str]]
    """One line per language, for ``perfgoal rules``."""
    messages: ClassVar[dict[str, dict[Lang, str]]]
    """Message templates: variant -> language -> ``str.format`` template."""
    doc_en: ClassVar[str] = ""
    options: ClassVar[type[RuleOptions]] = NoOptions
    """The model of the options this rule reads; ``check`` receives an instance of it."""

    def check(self, document: Document, options: Any) -> Iterator[Fact]:
        """The facts found in ``document``; ``options`` is an instance of :attr:`options`
        (a rule narrows the annotation to its own model)."""
        raise NotImplementedError

    examples_folder: ClassVar[Path | None] = None
    """Where the rule's example fixture ``CODE.yaml`` is; None: :mod:`perfgoal.rules.examples`."""

    @classmethod
    def examples(cls) -> Examples | None:
        return examples_of(cls.code, cls.examples_folder)

    @classmethod
    def doc(cls, lang: Lang) -> str:
        """What the rule checks and why (its docstring or ``doc_en``), then its examples
        (the fixture's, when it has one)."""
        text = cls.doc_en if lang == "en" and cls.doc_en else cls.__doc__ or ""
        examples = cls.examples()
        if examples is None:
            return inspect.cleandoc(text)
        return f"{inspect.cleandoc(text)}\n\n{examples.text(lang)}"

    @classmethod
    def render(cls, fact: Fact, lang: Lang) -> str:
        """The message in ``lang``; a text parameter is cut at :data:`PARAM_LIMIT` characters
        (a 1 MB cell is pointed at, not copied into every report)."""
        templates = cls.messages[fact.variant]
        template = templates.get(lang) or templates["zh"]
        params = {
            k: f"{v[:PARAM_LIMIT]}…" if isinstance(v, str) and len(v) > PARAM_LIMIT else v
            for k, v in fact.params.items()
        }
        return fill(template, lang, params)
