"""Progress and cancelling for long exports (PowerPoint, images).

An exporter is given ``progress(fraction) -> bool`` (0..1); a False answer asks it
to stop. It then raises ``ExportCancelled`` before anything is put in place of the
target, so a cancelled export leaves no file behind.
"""

from __future__ import annotations

from collections.abc import Callable

#: Told how far the export is (0..1); returns False to cancel it.
Progress = Callable[[float], bool]


class ExportCancelled(Exception):
    """The export was cancelled by its caller; no file was written."""

    def __init__(self) -> None:
        super().__init__("the export was cancelled; no file was written")


def report(progress: Progress | None, fraction: float) -> None:
    """Tell ``progress`` how far we are; raise ExportCancelled if it answers False."""
    if progress is not None and progress(min(max(fraction, 0.0), 1.0)) is False:
        raise ExportCancelled()


def scaled(progress: Progress | None, start: float, end: float) -> Progress | None:
    """A progress for one part of the work, reported as ``start``..``end`` of the whole."""
    if progress is None:
        return None
    whole = progress
    return lambda fraction: whole(start + (end - start) * fraction)
