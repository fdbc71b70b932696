"""Text still being typed, for the autosave.

A properties field commits when it is left and the on-canvas editor when Enter is
pressed; until then the typed text is only in the widget. The autosave must not lose
it, and must not disturb the editor either (no command pushed, no undo step, the caret
left where it is). So the pending edits are done on a copy of the map, and the working
copy is written from that copy; the window's map and undo history stay as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.model.commands import Command
from app.model.document import MapDocument
from app.model.errors import ModelError
from app.model.journey import JourneyMap

if TYPE_CHECKING:
    from app.ui.window import MainWindow


def pending_commands(window: MainWindow, journey: JourneyMap) -> list[Command]:
    """The commands that would apply the text being typed in ``window``, made on ``journey``."""
    found = window.properties.pending_commands(journey)
    command = window.view.editor.pending_command(journey)
    if command is not None:
        found.append(command)
    return found


def has_pending_text(window: MainWindow) -> bool:
    """True if some typed text in ``window`` has not reached the map yet."""
    return bool(pending_commands(window, window.journey))


def with_pending_text(window: MainWindow, document: MapDocument) -> MapDocument:
    """``document`` with the text being typed applied, as a copy; ``document`` itself if
    nothing is pending. Text the map's rules refuse is left out (the field says why when
    it is committed)."""
    if not has_pending_text(window):
        return document
    copy = copy_document(document)
    for command in pending_commands(window, copy.current):
        try:
            command.do()
        except (ModelError, KeyError, ValueError):
            continue
    return copy


def copy_document(document: MapDocument) -> MapDocument:
    """A copy whose current map can be changed without touching ``document``'s (elements are
    immutable, so only the map's collections are new)."""
    journey = document.current
    current = JourneyMap.build(
        journey.info,
        journey.personas,
        journey.stages,
        journey.steps,
        journey.lanes,
        journey.cards(),
        journey.emotions(),
    )
    return MapDocument(
        current,
        uid=document.uid,
        future=document.future,
        counterparts=document.counterparts,
        answers=document.answers,
        snapshots=document.snapshots,
        threads=document.threads,
        pictures=document.pictures.values(),
    )
