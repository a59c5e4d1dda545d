"""The same document rendered in many ways parses to the same model (issue 9).

Every transformation of :mod:`metamorphic.word_constructs` and :mod:`metamorphic.layout`
is applied alone to every sample (as .docx, and as its text export where the export shows
it), at positions a seeded RNG picks, then in random combinations of three. A failure
lists each case as ``sample (format) seed=N [transformations]``: ``run_case`` of that case
replays it exactly.

The long run is off by default: ``pytest tests/metamorphic --metamorphic-runs 20000`` (or
``PERFGOAL_METAMORPHIC_RUNS=20000``) checks that many random combinations, with seeds other
than the normal run's.
"""

from __future__ import annotations

import os
import random

import pytest

from metamorphic.harness import TRANSFORMATIONS, Case, formats, run_case, samples

NAMES = [t.name for t in TRANSFORMATIONS]
SEED = 20250106  # the normal run's seeds; change it to explore other positions
COMBINATIONS_PER_SAMPLE = 12


def _failures(cases: list[Case]) -> list[str]:
    return [failure for case in cases if (failure := run_case(case)) is not None]


def test_there_are_enough_named_transformations() -> None:
    assert len(NAMES) >= 25 and len(set(NAMES)) == len(NAMES)
    assert sum(t.text_export for t in TRANSFORMATIONS) >= 10


def test_untransformed_samples_parse_cleanly() -> None:
    for sample in samples():
        for fmt, model in sample.expected.items():
            assert model["notes"] == [], f"{sample.name} ({fmt})"
            assert model["projects"], f"{sample.name} ({fmt})"


@pytest.mark.parametrize("name", NAMES)
def test_each_transformation_alone(name: str) -> None:
    cases = [
        Case(sample.name, fmt, SEED + k, (name,))
        for sample in samples()
        for fmt in formats((name,))
        for k in range(2)
    ]
    applied = [c for c in cases if _applies(c)]
    assert applied, f"{name} found no place to apply in any sample"
    failures = _failures(cases)
    assert not failures, "\n".join(failures)


def _applies(case: Case) -> bool:
    from docx.oxml.parser import parse_xml

    from metamorphic.harness import BY_NAME
    from metamorphic.wordml import WordDoc

    sample = next(s for s in samples() if s.name == case.sample)
    rng = random.Random(f"{case.seed}:{case.sample}:{case.fmt}:{'+'.join(case.names)}")
    doc = WordDoc(parse_xml(sample.xml), model=sample.expected[case.fmt])
    return BY_NAME[case.names[0]].apply(doc, rng)


def _random_cases(count: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    names = [s.name for s in samples()]
    cases = []
    for i in range(count):
        combination = tuple(rng.sample(NAMES, 3))
        cases.append(
            Case(names[i % len(names)], rng.choice(formats(combination)), seed + i, combination)
        )
    return cases


def test_random_combinations_of_three() -> None:
    cases = _random_cases(COMBINATIONS_PER_SAMPLE * len(samples()), SEED)
    failures = _failures(cases)
    assert not failures, f"{len(failures)} of {len(cases)} cases differ:\n" + "\n".join(failures)


def _long_runs(config: pytest.Config) -> int:
    option = config.getoption("--metamorphic-runs")
    if option is not None:
        return int(option)
    return int(os.environ.get("PERFGOAL_METAMORPHIC_RUNS", "0") or 0)


def test_long_run(pytestconfig: pytest.Config) -> None:
    runs = _long_runs(pytestconfig)
    if runs <= 0:
        pytest.skip("long run off: --metamorphic-runs N or PERFGOAL_METAMORPHIC_RUNS=N")
    cases = _random_cases(runs, SEED * 7 + 1)
    failures = _failures(cases)
    print(f"metamorphic long run: {len(cases)} transformed documents, {len(failures)} differ")
    assert not failures, f"{len(failures)} of {len(cases)} cases differ:\n" + "\n".join(
        failures[:50]
    )
