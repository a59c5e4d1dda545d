"""What a rule is: code, kebab name, default severity, message templates and a docstring.

A rule yields :class:`Fact` objects; it never opens a file or prints. The engine renders
messages in the chosen language, stamps the severity from configuration and sorts.
The class docstring (Chinese) and ``doc_en`` (English) are the rule's documentation:
what it checks and why (citing docs/domain.md's sources); its bad and good examples are a fixture;
``perfgoal explain``, ``docs/rules.md`` and SARIF ``help`` all come from them.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import (
    Any,
    ClassVar,
    Generic,
    Literal,
    TypedDict,
    Unpack,
    get_args,
    get_type_hints,
    overload,
)

from typing_extensions import TypeVar

from perfgoal.findings import Severity
from perfgoal.messages import Lang as Lang
from perfgoal.messages import Message, fill
from perfgoal.model import Document, Location, Project
from perfgoal.options import NoOptions, RuleOptions
from perfgoal.rules.examples import Examples, examples_of

PARAM_LIMIT = 200


Variant = TypeVar("Variant", bound=str, default=Literal["default"], covariant=True)
"""The message variants a rule's facts may name: ``Fact`` alone is ``Fact[Literal["default"]]``;
a rule with several templates declares them, ``Iterator[Fact[Literal["name", "description"]]]``
as the return type of its ``check``, and mypy refuses a fact of any other variant (a typo,
or a ``Fact()`` without a variant where ``"default"`` is not declared)."""


class FactFields(TypedDict, total=False):
    """What a fact says besides its variant, each optional: the message's ``params``, the
    project and place, the expected and actual values, the row as context."""

    params: dict[str, object]
    project: Project | None
    location: Location | None
    expected: str | Message | None
    actual: str | Message | None
    context: str | Message | None


_FACT_FIELDS = FactFields.__optional_keys__


@dataclass(frozen=True, slots=True, init=False)
class Fact(Generic[Variant]):
    """One thing a rule found. ``params`` fill the message template of ``variant``."""

    params: dict[str, object]
    project: Project | None
    location: Location | None
    expected: str | Message | None
    actual: str | Message | None
    context: str | Message | None
    variant: Variant

    @overload
    def __init__(self: Fact[Literal["default"]], **fields: Unpack[FactFields]) -> None: ...

    @overload
    def __init__(self, *, variant: Variant, **fields: Unpack[FactFields]) -> None: ...

    def __init__(self, *, variant: Any = "default", **fields: Unpack[FactFields]) -> None:
        if unknown := fields.keys() - _FACT_FIELDS:  # what mypy refuses, at run time too
            raise TypeError(f"Fact() got unexpected keyword arguments {sorted(unknown)}")
        set_field = object.__setattr__  # frozen
        set_field(self, "params", fields.get("params") or {})
        set_field(self, "project", fields.get("project"))
        set_field(self, "location", fields.get("location"))
        set_field(self, "expected", fields.get("expected"))
        set_field(self, "actual", fields.get("actual"))
        set_field(self, "context", fields.get("context"))
        set_field(self, "variant", variant)


def declared_variants(rule: type[Rule]) -> frozenset[str]:
    """The variants ``rule`` declares: the ``Literal`` of the ``Fact`` its ``check``
    returns (``Iterator[Fact]``: only ``"default"``)."""
    returned = get_type_hints(rule.check)["return"]
    (fact,) = get_args(returned)
    (declared,) = get_args(fact) or (Literal["default"],)
    return frozenset(get_args(declared))


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    summary: ClassVar[dict[Lang, str]]
    """One line per language, for ``perfgoal rules``."""
    messages: ClassVar[dict[str, dict[Lang, str]]]
    """Message templates: variant -> language -> ``str.format`` template, one for each
    variant the rule declares (:func:`declared_variants`; tests/rules/test_catalog.py)."""
    doc_en: ClassVar[str] = ""
    options: ClassVar[type[RuleOptions]] = NoOptions
    """The model of the options this rule reads; ``check`` receives an instance of it."""

    def check(self, document: Document, options: Any) -> Iterator[Fact[str]]:
        """The facts found in ``document``; ``options`` is an instance of :attr:`options`
        (a rule narrows the annotation to its own model, and the facts to its variants)."""
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
    def render(cls, fact: Fact[str], lang: Lang) -> str:
        """The message in ``lang``; a text parameter is cut at :data:`PARAM_LIMIT` characters
        (a 1 MB cell is pointed at, not copied into every report)."""
        templates = cls.messages[fact.variant]
        template = templates.get(lang) or templates["zh"]
        params = {
            k: f"{v[:PARAM_LIMIT]}…" if isinstance(v, str) and len(v) > PARAM_LIMIT else v
            for k, v in fact.params.items()
        }
        return fill(template, lang, params)
