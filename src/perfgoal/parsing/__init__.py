"""Grid -> :class:`~perfgoal.model.Document`, driven by labels (docs/model.md)."""

from perfgoal.parsing.document import parse_grid

__all__ = ["parse_grid"]
