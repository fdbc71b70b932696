"""Random byte-level damage to a valid .cjm never crashes, hangs or changes anything:
each open succeeds or gives a one-line reason. CI runs a bounded number of mutations
(CJM_FUZZ_EXAMPLES raises it for long runs; see docs/reliability.md)."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.model.store import StoreError, open_map, save_map
from tests.model.full_map import full_map

EXAMPLES = int(os.environ.get("CJM_FUZZ_EXAMPLES", "150"))
_VALID: dict[str, bytes] = {}


def valid_bytes(folder: Path) -> bytes:
    if "map" not in _VALID:
        save_map(full_map(), folder / "valid.cjm")
        _VALID["map"] = (folder / "valid.cjm").read_bytes()
    return _VALID["map"]


mutation = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 10**7), st.integers(1, 255)),
    st.tuples(st.just("splat"), st.integers(0, 10**7), st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("truncate"), st.integers(0, 10**7), st.just(b"")),
)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutations=st.lists(mutation, min_size=1, max_size=8))
def test_mutated_files_open_or_fail_with_one_line(tmp_path: Path, mutations: list) -> None:  # type: ignore[type-arg]
    data = bytearray(valid_bytes(tmp_path))
    for action, position, value in mutations:
        position %= max(1, len(data))
        if action == "flip":
            data[position] ^= value
        elif action == "splat":
            data[position : position + len(value)] = value
        else:
            del data[max(1, position) :]
    path = tmp_path / "mutated.cjm"
    path.write_bytes(bytes(data))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    started = time.monotonic()
    try:
        open_map(path)
    except StoreError as error:
        assert "\n" not in str(error) and str(error).startswith("mutated.cjm: ")
    assert time.monotonic() - started < 5.0
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mutated.cjm", "valid.cjm"] or sorted(
        p.name for p in tmp_path.iterdir()
    ) == ["mutated.cjm"]
