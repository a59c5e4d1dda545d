"""The models of a round, kept as JSON until a reporter asks for one.

The HTML report and the summary need every file's model, but one at a time. Kept as
live pydantic models, 1,000 seed-size documents hold some 20 million objects that every
full collection rescans (two thirds of a ``report`` run) and about a gigabyte; as JSON
they are ~50 KB each, and pydantic-core rebuilds one in half a millisecond.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from perfgoal.model import Document


def pack(document: Document) -> bytes:
    return document.model_dump_json().encode("utf-8")


class StoredDocuments(Mapping[str, Document]):
    """Path → :class:`Document`, rebuilt from its JSON on every access (not cached)."""

    def __init__(self, packed: Mapping[str, bytes] | None = None) -> None:
        self._packed: dict[str, bytes] = dict(packed or {})

    def add(self, path: str, data: bytes) -> None:
        self._packed[path] = data

    def __getitem__(self, path: str) -> Document:
        return Document.model_validate_json(self._packed[path])

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)
