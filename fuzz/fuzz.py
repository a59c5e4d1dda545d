"""Mutation fuzzer: perfgoal must turn any input into findings or its own errors, never
into a crash or a hang.

Every input is a mutation of a sample of one *kind* (``kinds.py``: text exports, Word
documents, YAML/JSON drafts, configuration files, baselines, and any document format
added there with one entry). Documents get byte-level and format-aware mutations (rows and
cells of the text export, the XML inside the .docx); drafts, configurations and baselines
get structure-aware ones (``trees.py``: values replaced by extreme values of their own type
or of another, keys dropped or added, lists emptied, multiplied or nested, written back as
YAML/JSON/TOML, sometimes with the text edited). Each input goes through the public API
the CLI uses for it (``load_bytes`` + ``check_document(debug=True)`` + reporters;
``load_config_file`` + discovery + the rules; ``apply_baseline``).

A crash is any exception that is not a :class:`perfgoal.errors.PerfgoalError`, a worker
that dies, or an input that takes more than ``--timeout`` seconds (the worker is killed and
replaced). Crashing inputs are written to ``fuzz/crashes/`` with their traceback. Input
``i`` of a run depends only on ``--seed`` and ``i``, so ``--only i`` replays it.

    .venv/bin/python fuzz/fuzz.py --count 100000 --jobs 1 [--seed 0]

Prints the inputs run per kind, the crashes and hangs, the slowest input and the peak
memory of a worker; exits 1 when there is any crash or hang.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import multiprocessing as mp
import os
import random
import resource
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kinds import Kind, Sample, active_kinds

ROOT = Path(__file__).resolve().parent.parent
CRASHES = Path(__file__).resolve().parent / "crashes"


# -- one input --------------------------------------------------------------------------------


def make_input(
    kinds: list[tuple[Kind, list[Sample]]], seed: int, index: int
) -> tuple[Kind, str, str, bytes]:
    """Input ``index`` of run ``seed``: (kind, what was done, suffix, bytes). Deterministic."""
    rng = random.Random(f"{seed}:{index}")
    kind, samples = rng.choices(kinds, [k.weight for k, _ in kinds])[0]
    sample = rng.choice(samples)
    data, suffix, done = kind.mutate(rng, sample)
    return kind, f"{kind.name}: {sample.name} [{'+'.join(done) or 'as is'}]", suffix, data


def signature(exc: BaseException) -> str:
    """Crash class: exception type and the innermost perfgoal frame."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "perfgoal" in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno}" if ours else "?"
    return f"{type(exc).__name__} at {where}"


# -- the run ----------------------------------------------------------------------------------


def worker(conn: Connection, seed: int) -> None:
    # .doc/.wps/.rtf/.odt conversions take seconds: an input sniffed as one of them gets the
    # "LibreOffice is missing" PG001 instead
    os.environ["PERFGOAL_SOFFICE"] = str(ROOT / "fuzz" / "no-libreoffice")
    kinds = active_kinds()
    while True:
        batch = conn.recv()
        if batch is None:
            return
        for index in batch:
            conn.send(("start", index))
            kind, _, suffix, data = make_input(kinds, seed, index)
            started = time.perf_counter()
            try:
                kind.check(data, f"fuzz-{index}{suffix}", suffix)
            except Exception as exc:
                crash = (signature(exc), traceback.format_exc())
            else:
                crash = None
            conn.send(("done", index, kind.name, time.perf_counter() - started, crash))


@dataclass
class Crash:
    index: int
    signature: str
    detail: str


@dataclass
class Tally:
    done: int = 0
    crashes: list[Crash] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    seconds: Counter[str] = field(default_factory=Counter)
    slowest: tuple[float, int] = (0.0, -1)

    def record(self, index: int, kind: str, seconds: float, crash: Any) -> None:
        self.done += 1
        self.kinds[kind] += 1
        self.seconds[kind] += seconds
        self.slowest = max(self.slowest, (seconds, index))
        if crash is not None:
            self.crashes.append(Crash(index, crash[0], crash[1]))


def save(kinds: list[tuple[Kind, list[Sample]]], seed: int, crash: Crash) -> Path:
    _, what, suffix, data = make_input(kinds, seed, crash.index)
    CRASHES.mkdir(exist_ok=True)
    tag = hashlib.sha1(crash.signature.encode()).hexdigest()[:8]
    name = suffix if suffix.startswith(".") else f"-{suffix}"
    path = CRASHES / f"{tag}-{seed}-{crash.index}{name or '.bin'}"
    path.write_bytes(data)
    path.with_name(path.name + ".log").write_text(
        f"input {crash.index} of seed {seed}: {what}, suffix {suffix!r}\n{crash.signature}\n\n"
        f"{crash.detail}\n",
        encoding="utf-8",
    )
    return path


class Pool:
    """Workers fed in batches; a worker silent for ``timeout`` seconds on one input is killed
    (the input is a hang) and replaced; the rest of its batch is handed out again."""

    def __init__(self, jobs: int, seed: int, timeout: float) -> None:
        self.seed, self.timeout, self.jobs = seed, timeout, jobs
        self.ctx = mp.get_context("fork" if sys.platform != "win32" else "spawn")
        self.slots: list[dict[str, Any]] = [self._spawn() for _ in range(jobs)]

    def _spawn(self) -> dict[str, Any]:
        parent, child = self.ctx.Pipe()
        process = self.ctx.Process(target=worker, args=(child, self.seed), daemon=True)
        process.start()
        child.close()
        return {"proc": process, "conn": parent, "batch": [], "current": None, "since": 0.0}

    def run(self, indices: list[int], batch_size: int, progress: bool) -> Tally:
        queue = [indices[i : i + batch_size] for i in range(0, len(indices), batch_size)]
        queue.reverse()
        tally, started, last_report = Tally(), time.monotonic(), 0.0
        while queue or any(slot["batch"] for slot in self.slots):
            for slot in self.slots:
                if not slot["batch"] and queue:
                    slot["batch"] = list(queue.pop())
                    slot["conn"].send(slot["batch"])
                    slot["since"] = time.monotonic()
            busy = [slot for slot in self.slots if slot["batch"]]
            ready = wait([slot["conn"] for slot in busy], timeout=1.0)
            now = time.monotonic()
            for slot in busy:
                if slot["conn"] in ready:
                    try:
                        message = slot["conn"].recv()
                    except EOFError:  # the worker died (a segfault, an OOM kill)
                        index = slot["current"] if slot["current"] is not None else slot["batch"][0]
                        tally.record(index, "?", 0.0, ("worker died", "the worker exited"))
                        self._replace(slot, queue, index)
                        continue
                    slot["since"] = now
                    if message[0] == "start":
                        slot["current"] = message[1]
                        continue
                    slot["batch"].remove(message[1])
                    slot["current"] = None
                    tally.record(*message[1:])
                elif now - slot["since"] > self.timeout:
                    index = slot["current"] if slot["current"] is not None else slot["batch"][0]
                    hang = (f"hang > {self.timeout:.0f} s", "killed")
                    tally.record(index, "?", now - slot["since"], hang)
                    self._replace(slot, queue, index)
            if progress and now - last_report > 30:
                last_report = now
                rate = tally.done / max(now - started, 1e-9)
                print(f"  {tally.done}/{len(indices)} inputs, {len(tally.crashes)} crashes, "
                      f"{rate:.0f}/s", file=sys.stderr, flush=True)  # fmt: skip
        return tally

    def _replace(self, slot: dict[str, Any], queue: list[list[int]], index: int) -> None:
        rest = [i for i in slot["batch"] if i != index]
        if rest:
            queue.append(rest)
        slot["proc"].kill()
        slot["proc"].join()
        slot.update(self._spawn())

    def close(self) -> None:
        for slot in self.slots:
            with contextlib.suppress(OSError):
                slot["conn"].send(None)
            slot["proc"].join(timeout=5)
            if slot["proc"].is_alive():
                slot["proc"].kill()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="inputs to run (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per input")
    parser.add_argument("--start", type=int, default=0, help="first input index")
    parser.add_argument("--only", type=int, nargs="*", help="replay these input indices")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = parser.parse_args(argv)
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 3000))

    kinds = active_kinds()
    indices = args.only if args.only else list(range(args.start, args.start + args.count))
    started = time.monotonic()
    pool = Pool(max(1, args.jobs), args.seed, args.timeout)
    try:
        tally = pool.run(indices, batch_size=25, progress=not args.quiet)
    finally:
        pool.close()
    elapsed = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024

    classes = Counter(crash.signature for crash in tally.crashes)
    first: dict[str, Path] = {}
    for crash in sorted(tally.crashes, key=lambda c: c.index):
        first.setdefault(crash.signature, save(kinds, args.seed, crash))
    hangs = sum(1 for crash in tally.crashes if crash.signature.startswith("hang"))
    names = ", ".join(f"{k.name} {len(s)}" for k, s in kinds)
    print(f"kinds (samples): {names}  seed: {args.seed}  jobs: {args.jobs}")
    print(f"inputs run: {tally.done}  (" + ", ".join(
        f"{name} {count}, {tally.seconds[name] / count * 1000:.0f} ms each"
        for name, count in tally.kinds.most_common()) + ")")  # fmt: skip
    print(f"crashes: {len(tally.crashes) - hangs}  hangs over {args.timeout:.0f} s: {hangs}")
    for sig, count in classes.most_common():
        print(f"  {count:6d}  {sig}  e.g. {first[sig].relative_to(ROOT)}")
    print(f"slowest input: {tally.slowest[0]:.2f} s (#{tally.slowest[1]})")
    print(f"peak memory of a worker: {peak_mb:.0f} MiB")
    print(f"time: {elapsed:.0f} s ({tally.done / max(elapsed, 1e-9):.0f} inputs/s)")
    return 1 if tally.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
