"""Tests of file permissions need a process that permissions apply to.

Root (with its capabilities) reads and writes anything, so these tests skip
themselves there; ``.ci/run`` runs them again (``pytest -m permissions``) as a
normal user, or as root with every capability dropped, so CI really runs them.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

F = TypeVar("F", bound=Callable[..., object])


def _permissions_bypassed() -> bool:
    """Whether this process can write into a folder it has no write permission for."""
    with tempfile.TemporaryDirectory(prefix="cjm-probe-") as folder:
        os.chmod(folder, stat.S_IRUSR | stat.S_IXUSR)
        try:
            (Path(folder) / "probe").touch()
        except PermissionError:
            return False
        finally:
            os.chmod(folder, stat.S_IRWXU)
        return True


BYPASSED = _permissions_bypassed()


def permission_test(test: F) -> F:
    """Mark ``test`` as a permission case: skipped where permissions do not apply."""
    skip = pytest.mark.skipif(BYPASSED, reason="root may read and write anything: "
                              "CI runs this as a normal user (pytest -m permissions)")  # fmt: skip
    marked: F = pytest.mark.permissions(skip(test))
    return marked
