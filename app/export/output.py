"""Writing an export file so that a failed export leaves nothing half-written."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable
from pathlib import Path


def write_atomically(path: str | Path, write: Callable[[Path], None]) -> None:
    """Call ``write(temp)`` for a temporary file beside ``path``, then swap it in.

    If ``write`` raises, the temporary file is removed and ``path`` is unchanged.
    """
    target = Path(path)
    temp = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.part")
    try:
        write(temp)
        os.replace(temp, target)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
