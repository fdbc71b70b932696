"""A SQLite connection that a received file cannot use against the user.

SQLite runs code stored in a database (triggers, views) and can reach other
files (ATTACH). Python 3.11's sqlite3 has no setconfig(), so DEFENSIVE mode is
out of reach; instead every connection to a received file gets:
an authorizer that denies anything started from inside a trigger or view and
any ATTACH/DETACH, ``trusted_schema=OFF``, no memory mapping, a cap on the
length of any value, and a progress handler that aborts a slow statement.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

#: Longest text or blob a .cjm may hold (a persona photo is the biggest thing).
MAX_VALUE_BYTES = 16 * 1024 * 1024
#: How long one open may keep SQLite busy before it is aborted.
TIME_BUDGET_SECONDS = 4.0

_DENIED_ACTIONS = {sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH}


def _authorizer(
    action: int, arg1: str | None, arg2: str | None, db: str | None, source: str | None
) -> int:
    # ``source`` names the innermost trigger or view that caused this access.
    if source is not None or action in _DENIED_ACTIONS:
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


class OutOfTime(Exception):
    """The open's time budget is spent (a limit reached, not a damaged file)."""


class Deadline:
    """The time budget of one whole open.

    SQLite work is aborted through the progress handler; the Python work between
    statements (copying, building the map) calls ``check`` at each stage.
    """

    def __init__(self, seconds: float = TIME_BUDGET_SECONDS) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.expired = False

    def __call__(self) -> int:
        if time.monotonic() > self.ends:
            self.expired = True
            return 1
        return 0

    def check(self) -> None:
        """Raise OutOfTime once the budget is spent."""
        if self.expired or self():
            raise OutOfTime(f"reading it took longer than {self.seconds:g} s")


def guarded_connection(
    path: Path, deadline: Deadline, read_only: bool = False
) -> sqlite3.Connection:
    """Open ``path`` with every guard in place.

    Read-write is for a private copy of a received file. ``read_only`` opens the
    received file itself as immutable: nothing is written, locked or recovered.
    """
    mode = "?mode=ro&immutable=1" if read_only else "?mode=rw"
    connection = sqlite3.connect(
        path.absolute().as_uri() + mode, uri=True, isolation_level=None, check_same_thread=False
    )
    connection.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    connection.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    connection.set_authorizer(_authorizer)
    connection.set_progress_handler(deadline, 10_000)
    connection.execute("PRAGMA trusted_schema = OFF")
    connection.execute("PRAGMA mmap_size = 0")
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("PRAGMA cell_size_check = ON")
    return connection
