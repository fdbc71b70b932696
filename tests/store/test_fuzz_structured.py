"""The structure-aware fuzzer at a small size: valid maps from the hypothesis strategies,
damaged as .cjm bytes, SQL rows, JSON trees and workbook cells, read by their reader.
Each case must end in a map or a one-line refusal, within its time limit, with the
input unchanged (tests/store/structured_fuzz.py; tools/fuzz_readers.py runs it long)."""

from __future__ import annotations

import os
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.model.journey import JourneyMap
from tests.model.strategies import maps
from tests.store.structured_fuzz import FORMS, Crash, run_case

EXAMPLES = int(os.environ.get("CJM_STRUCTURED_FUZZ_EXAMPLES", "40"))
#: Seconds one case may take: far above a normal read (well under a second).
CASE_LIMIT = 30


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise Crash in the case if it runs longer than ``seconds`` (a hang)."""

    def expire(_signal: int, _frame: FrameType | None) -> None:
        raise Crash(f"a case ran longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(journey=maps(), form=st.sampled_from(FORMS), seed=st.integers(0, 2**32))
def test_damaged_maps_are_read_or_refused_cleanly(
    journey: JourneyMap, form: str, seed: int
) -> None:
    with tempfile.TemporaryDirectory() as folder, time_limit(CASE_LIMIT):
        run_case(journey, form, seed, Path(folder))
