"""The one error the store raises: a one-line reason naming the file."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Opening or saving a .cjm failed; ``str()`` is one line: ``file: reason``."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{Path(path).name}: {reason}")
        self.path = Path(path)
        self.reason = reason


class NewerVersionError(StoreError):
    """The file was saved by a newer CJM Studio."""


class ReadOnlyError(StoreError):
    """The file to be replaced is read-only; the caller may ask and save again."""
