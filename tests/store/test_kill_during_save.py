"""Killing the program at any moment of a save leaves the old file or the new one, whole.

CI runs a short series; the long run (CJM_KILL_TRIALS=200) is reported in
docs/reliability.md.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from app.cli import main as cjm
from app.model.store import open_map, save_map
from app.model.synthetic import synthetic_map

TRIALS = int(os.environ.get("CJM_KILL_TRIALS", "12"))

CHILD = textwrap.dedent(
    """
    import sys
    from app.model.store import save_map
    from app.model.synthetic import synthetic_map
    journey = synthetic_map(5000, seed=2)
    print("ready", flush=True)
    save_map(journey, sys.argv[1])
    print("saved", flush=True)
    """
)


def test_sigkill_at_random_moments_of_a_save_never_leaves_a_broken_file(tmp_path: Path) -> None:
    old = synthetic_map(300, seed=1)
    old_title, new_title = old.info.title, synthetic_map(0).info.title.replace("0", "5000")
    rng = random.Random(20261123)
    outcomes = {"old": 0, "new": 0}
    for trial in range(TRIALS):
        path = tmp_path / f"trial-{trial}.cjm"
        save_map(old, path)
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.35))  # a full save of 5,000 cards takes about 0.2 s
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        title = open_map(path).info.title
        assert title in (old_title, new_title)
        outcomes["old" if title == old_title else "new"] += 1
        assert cjm(["check", str(path)]) == 0
        path.unlink()
    assert sum(outcomes.values()) == TRIALS
    print(f"kill trials: {TRIALS}, old file: {outcomes['old']}, new file: {outcomes['new']}")
