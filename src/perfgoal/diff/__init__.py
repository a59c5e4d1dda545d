"""``perfgoal diff``: what changed between two versions of a document, by the model.

:func:`~perfgoal.diff.compare.compare_documents` is pure (two documents and their findings
in, a :class:`~perfgoal.diff.model.DocumentDiff` out); ``render`` lays it out as text or
Markdown without rich, ``terminal`` in colour.
"""
