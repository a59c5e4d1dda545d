"""The message catalog: every sentence perfgoal says to a user, in Chinese and English.

A diagnostic (an input error, a parse note, a configuration error) is data: a catalog key
and its parameters (:class:`Message`). It becomes a sentence only when it is shown, in the
language asked for (:func:`render`). The templates live in :mod:`perfgoal.messages.zh` and
:mod:`perfgoal.messages.en`, one table each, with the same keys and the same placeholders
(a test holds them to it). A parameter may itself be a :class:`Message` (a reason inside a
sentence); it is rendered in the same language, and a list is joined with the
language's separator.

Rule findings are rendered by their rule (``Rule.messages``); :func:`rule_templates` lists
those next to the catalog's so that one test checks every template in the program.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from string import Formatter
from typing import Literal

from perfgoal.messages import en, zh

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

CATALOG: dict[Lang, Mapping[str, str]] = {"zh": zh.MESSAGES, "en": en.MESSAGES}


@dataclass(frozen=True, slots=True)
class Message:
    """A catalog key and the parameters of its template."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, lang: Lang = "zh") -> str:
        return render(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.render("zh")


def message(key: str, /, **params: object) -> Message:
    """``Message(key, params)``; the short way to write one."""
    return Message(key, params)


def text(value: object, lang: Lang) -> str:
    """A parameter or a message as text in ``lang`` (a :class:`Message` is rendered)."""
    return value.render(lang) if isinstance(value, Message) else str(value)


def render(key: str, lang: Lang = "zh", /, **params: object) -> str:
    """The template of ``key`` in ``lang`` filled with ``params`` (Chinese when ``lang`` has
    no such key: the catalog test keeps that from happening)."""
    return fill(CATALOG[lang].get(key) or zh.MESSAGES[key], lang, params)


def fill(template: str, lang: Lang, params: Mapping[str, object]) -> str:
    """``template`` filled with ``params`` in ``lang`` (messages rendered, lists joined)."""
    return template.format(**{name: _param(value, lang) for name, value in params.items()})


_SEPARATORS: dict[Lang, str] = {"zh": "、", "en": ", "}


def _param(value: object, lang: Lang) -> object:
    """A parameter as its template takes it: a message rendered, a list joined (3、5、7)."""
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, list | tuple):
        return _SEPARATORS[lang].join(str(_param(item, lang)) for item in value)
    return value


def placeholders(template: str) -> set[str]:
    """The names a ``str.format`` template fills (``{count}``, ``{size:.1f}`` -> ``size``)."""
    return {
        name.split(".")[0].split("[")[0] for _, name, _, _ in Formatter().parse(template) if name
    }


__all__ = [
    "CATALOG",
    "LANGS",
    "Lang",
    "Message",
    "fill",
    "message",
    "placeholders",
    "render",
    "text",
]
