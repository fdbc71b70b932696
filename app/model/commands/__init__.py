"""Every change to a journey map, as an undoable command."""

from app.model.commands.base import (
    Command,
    CompositeCommand,
    History,
    Macro,
    undone_on_failure,
)
from app.model.commands.cards import AddCard, EditCard, MoveCard, RemoveCard
from app.model.commands.emotions import RemoveEmotion, SetEmotion
from app.model.commands.personas import (
    AddPersona,
    EditMap,
    EditPersona,
    MovePersona,
    RemovePersona,
    StampModified,
)
from app.model.commands.structure import (
    AddLane,
    AddStage,
    AddStep,
    EditLane,
    EditStage,
    EditStep,
    MoveLane,
    MoveStage,
    MoveStep,
    RemoveLane,
    RemoveStage,
    RemoveStep,
)

__all__ = [
    "AddCard",
    "AddLane",
    "AddPersona",
    "AddStage",
    "AddStep",
    "Command",
    "CompositeCommand",
    "EditCard",
    "EditLane",
    "EditMap",
    "EditPersona",
    "EditStage",
    "EditStep",
    "History",
    "Macro",
    "MoveCard",
    "MoveLane",
    "MovePersona",
    "MoveStage",
    "MoveStep",
    "RemoveCard",
    "RemoveEmotion",
    "RemoveLane",
    "RemovePersona",
    "RemoveStage",
    "RemoveStep",
    "SetEmotion",
    "StampModified",
    "undone_on_failure",
]
