"""perfgoal: parse and check Chinese budget performance-goal documents (绩效目标表).

The Python API (docs/api.md)::

    import perfgoal

    document = perfgoal.parse("drafts/2025.docx")   # a path, or the file's bytes
    findings = perfgoal.check(document)             # list[Finding]
    for report in perfgoal.validate(["drafts/"]):   # one FileReport per file
        ...

The functions are imported on first use, so ``import perfgoal`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "check", "parse", "validate"]

if TYPE_CHECKING:
    from perfgoal.api import check, parse, validate


def __getattr__(name: str) -> Any:
    if name in ("check", "parse", "validate"):
        from perfgoal import api

        return getattr(api, name)
    raise AttributeError(f"module 'perfgoal' has no attribute {name!r}")
