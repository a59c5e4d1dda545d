"""How much one document may hold, whatever format it came in (Word, text, YAML or JSON
draft). Word and text are already bounded by their cell count (200,000 cells, about 2,000
project tables of the usual size); these limits bound a draft the same way, and bound what
the rules report, so that no input makes a run take minutes or gigabytes.

The limits are far above any real document (the largest real ones hold a few hundred
projects) and are the same for every format, so a draft written by ``to-yaml`` from any
readable document is readable again.
"""

from __future__ import annotations

import os

from perfgoal.errors import InputError

MAX_DOCUMENTS = 10_000
"""Drafts in one YAML/JSON file (a JSON array of drafts, a YAML stream of documents)."""
MAX_PROJECTS = 10_000
"""Project tables (项目表) in one document."""
MAX_INDICATORS = 100_000
"""Indicator rows (三级指标) in one document, all projects together."""
MAX_NOTES = 10_000
"""Parse notes (PG003) in one document (the parser itself stops listing them at 1,000)."""
NOTES_LISTED = 1000
"""Parse notes the parser lists one by one; the rest are counted on one last note."""
MAX_FINDINGS = 50_000
"""Findings listed for one file; beyond it one more finding says how many were not listed."""

# -- the size of a file, set by the environment (mebibytes) ----------------------------------

DEFAULT_MAX_TEXT_MB = 8
"""A text export, YAML or JSON draft."""
DEFAULT_MAX_FILE_MB = 64
"""A PDF, .xls or legacy Word/WPS file."""
MAX_XML_ENV = "PERFGOAL_MAX_XML_MB"
MAX_TEXT_ENV = "PERFGOAL_MAX_TEXT_MB"
MAX_FILE_ENV = "PERFGOAL_MAX_FILE_MB"


def limit_bytes(variable: str, default_mb: int) -> int:
    """A size limit in bytes from an environment variable holding mebibytes."""
    value = os.environ.get(variable, "").strip()
    if not value:
        return default_mb * 1024 * 1024
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = -1.0
    if not 0 < megabytes < 1024 * 1024:
        raise InputError("env.bad-mib", variable=variable, value=repr(value))
    return int(megabytes * 1024 * 1024)


def max_text_bytes() -> int:
    return limit_bytes(MAX_TEXT_ENV, DEFAULT_MAX_TEXT_MB)


def max_file_bytes() -> int:
    """The size limit of a PDF, .xls or legacy Word/WPS file."""
    return limit_bytes(MAX_FILE_ENV, DEFAULT_MAX_FILE_MB)


def max_xml_bytes() -> int:
    from perfgoal.readers.docx import DEFAULT_MAX_XML_BYTES

    return limit_bytes(MAX_XML_ENV, DEFAULT_MAX_XML_BYTES // (1024 * 1024))
