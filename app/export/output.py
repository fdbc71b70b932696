"""Writing an export file so that a failed export leaves nothing half-written.

Where the bytes go is decided by ``app.model.paths``: through links to the file they
name, with the replaced file's permissions kept; into a FIFO, a character device or
standard output (``-``) as a stream; never over a folder, a disk device or a
read-only file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path

from app.model.paths import (
    Destination,
    PathProblem,
    create_private,
    destination,
    keep_attributes,
    write_into_stream,
)


class ExportError(ValueError):
    """An export cannot be made as asked (beyond a format's limits); one line, no file name."""


def write_atomically(path: str | Path, write: Callable[[Path], None]) -> None:
    """Call ``write(temp)`` for a temporary file, then put it in place of ``path``.

    If ``write`` raises, the temporary file is removed and ``path`` is unchanged.
    Raises PathProblem when ``path`` cannot be written as asked (a folder, a
    read-only file...), OSError when writing fails.
    """
    target = destination(path)
    if target.stream:
        _write_stream(target, write)
        return
    if target.read_only:
        raise PathProblem("is read-only; it was not replaced")
    temp = target.folder / f".{target.target.name}.{uuid.uuid4().hex[:8]}.part"
    try:
        create_private(temp, target.existing)
        write(temp)
        keep_attributes(temp, target.existing)
        os.replace(temp, target.target)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()


def _write_stream(target: Destination, write: Callable[[Path], None]) -> None:
    """Write the whole file privately first, then copy it into the stream: the
    exporters need a file they can seek in, and a failed export sends nothing."""
    with tempfile.TemporaryDirectory(prefix="cjm-export-") as folder:
        temp = Path(folder) / "export"
        write(temp)
        write_into_stream(target, temp)
