"""Options of the test run: ``--metamorphic-runs N`` (or ``PERFGOAL_METAMORPHIC_RUNS=N``) runs
the metamorphic suite's long run over N transformed documents (tests/metamorphic/)."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--metamorphic-runs",
        type=int,
        default=None,
        help="transformed documents of the metamorphic long run (default: not run)",
    )
