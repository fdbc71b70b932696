"""Long runs of the structure-aware fuzzer of the three readers (.cjm, cjm-json, workbook).

Each case takes a valid map drawn by the hypothesis strategies, damages it as .cjm
bytes, SQL rows, a JSON tree or workbook cells (tests/store/structured_fuzz.py), and
reads it in a worker process. A case fails on a crash (anything but the readers'
one-line refusals), a hang (no answer within --case-timeout seconds: the worker is
killed and replaced) or a changed input. Prints the counts; exit status 1 on any failure.

    .venv/bin/python tools/fuzz_readers.py --cases 100000 --workers 2
    .venv/bin/python tools/fuzz_readers.py --minutes 10 --workers 1
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
import warnings
from collections import Counter
from multiprocessing.pool import Pool
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

_MAPS: list[Any] = []


def _start_worker(pool_size: int) -> None:
    """Draw this worker's valid maps once: drawing costs more than a case."""
    from hypothesis.errors import NonInteractiveExampleWarning

    from tests.model.strategies import maps

    warnings.simplefilter("ignore", NonInteractiveExampleWarning)
    _MAPS.extend(maps().example() for _ in range(pool_size))


def _case(seed: int) -> tuple[str, str]:
    """(kind, detail): kind is ok, refused, crash or changed."""
    from tests.store.structured_fuzz import FORMS, Crash, run_case

    form = FORMS[seed % len(FORMS)]
    journey = _MAPS[(seed // len(FORMS)) % len(_MAPS)]
    with tempfile.TemporaryDirectory(prefix="cjm-fuzz-") as folder:
        try:
            outcome = run_case(journey, form, seed, Path(folder))
        except Crash as crash:
            return ("changed" if "changed" in str(crash) else "crash"), str(crash)
        except Exception as error:  # the fuzzer's own failure is reported, not hidden
            return "crash", f"{form} seed {seed}: {type(error).__name__}: {error}"[:500]
    return ("ok", form) if outcome == "ok" else ("refused", form)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--minutes", type=float, default=0.0, help="stop after this long")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--case-timeout", type=float, default=30.0)
    parser.add_argument("--maps", type=int, default=40, help="valid maps drawn per worker")
    args = parser.parse_args()

    stop = time.monotonic() + args.minutes * 60 if args.minutes else float("inf")
    counts: Counter[str] = Counter()
    forms: Counter[str] = Counter()
    failures: list[str] = []
    started = time.monotonic()
    seeds = iter(range(args.first_seed, args.first_seed + args.cases))
    pool = _new_pool(args)
    pending: list[tuple[int, Any, float]] = []
    try:
        while True:
            while len(pending) < args.workers * 2 and time.monotonic() < stop:
                seed = next(seeds, None)
                if seed is None:
                    break
                pending.append((seed, pool.apply_async(_case, (seed,)), 0.0))
            if not pending:
                break
            seed, result, _ = pending.pop(0)
            try:
                kind, detail = result.get(timeout=args.case_timeout + 60)
            except multiprocessing.TimeoutError:
                kind, detail = "hang", f"seed {seed}: no answer in {args.case_timeout} s"
                pool.terminate()  # the hung worker dies with it; the other cases run again
                pool = _new_pool(args)
                for again, _, _ in pending:
                    seeds = _prepend(again, seeds)
                pending = []
            counts[kind] += 1
            if kind in ("ok", "refused"):
                forms[detail] += 1
            else:
                failures.append(f"{kind}: {detail}")
                print(failures[-1], flush=True)
            done = sum(counts.values())
            if done % 1000 == 0:
                print(
                    f"{done} cases, {time.monotonic() - started:.0f} s: {dict(counts)}", flush=True
                )
    finally:
        pool.terminate()
    elapsed = time.monotonic() - started
    print(f"cases: {sum(counts.values())} in {elapsed:.0f} s with {args.workers} worker(s)")
    print(f"outcomes: {dict(counts)}; by form: {dict(forms)}")
    print(
        f"crashes: {counts['crash']}, hangs: {counts['hang']}, changed inputs: {counts['changed']}"
    )
    return 1 if failures else 0


def _new_pool(args: argparse.Namespace) -> Pool:
    return multiprocessing.get_context("fork").Pool(
        args.workers, initializer=_start_worker, initargs=(args.maps,)
    )


def _prepend(seed: int, rest: Any) -> Any:
    yield seed
    yield from rest


if __name__ == "__main__":
    sys.exit(main())
