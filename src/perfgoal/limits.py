"""How much one document may hold, whatever format it came in (Word, text, YAML or JSON
draft). Word and text are already bounded by their cell count (200,000 cells, about 2,000
project tables of the usual size); these limits bound a draft the same way, and bound what
the rules report, so that no input makes a run take minutes or gigabytes.

The limits are far above any real document (the largest real ones hold a few hundred
projects) and are the same for every format, so a draft written by ``to-yaml`` from any
readable document is readable again.
"""

from __future__ import annotations

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
