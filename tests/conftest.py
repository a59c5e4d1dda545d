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


@pytest.fixture(autouse=True, scope="session")
def _no_results_cache() -> None:
    """The suite runs without the results cache (tests that monkeypatch perfgoal in-process
    must not be served a report of the unpatched code); tests/test_cache.py turns it on."""
    import os

    os.environ["PERFGOAL_NO_CACHE"] = "1"
