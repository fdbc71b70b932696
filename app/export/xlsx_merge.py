"""Merge an edited workbook back into the map it came from, as undoable commands.

``merge_workbook(journey, path)`` reads the Cards sheet (and the Emotions
sheet, if present) and compares it with ``journey``, matching cards by their
stable id: rows without an id (or with an id the map does not have) are added,
cards whose id is gone are removed, a changed Stage/Step/Lane moves a card to
the end of its new cell, and changed fields are edited. It changes nothing: it
returns a ``MergeResult`` with the commands and a report, and
``MergeResult.apply()`` does them as one undo step (or pushes them onto a History).

A card's workbook row is compared with what the export would write for the
card now, so texts the export had to change (a cut long text, a removed
control character) do not count as edits, and an untouched workbook gives no
commands at all. The order of the cards inside a cell is not taken from the
order of the rows: sorting or filtering the table in Excel changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.export import xlsx_format as fmt
from app.export.xlsx_reader import WorkbookError, open_workbook
from app.export.xlsx_rows import (
    CardRow,
    EmotionSheet,
    Resolver,
    parse_card,
    read_card_rows,
    read_emotions,
)
from app.export.xlsx_safety import clean_text
from app.export.xlsx_sheet import Names
from app.model.commands import (
    AddCard,
    Command,
    EditCard,
    History,
    Macro,
    MoveCard,
    RemoveCard,
    RemoveEmotion,
    SetEmotion,
)
from app.model.entities import Card
from app.model.errors import ModelError
from app.model.journey import JourneyMap

MACRO_TEXT = "Import from Excel"

#: Card fields an edit can change, with the words the report uses for them.
_FIELDS = (
    ("title", "title"), ("body", "body"), ("kind", "kind"), ("channel", "channel"),
    ("owner", "owner"), ("moment_of_truth", "moment of truth"), ("severity", "severity"),
    ("impact", "impact"), ("effort", "effort"), ("status", "status"), ("metrics", "metrics"),
    ("tags", "tags"), ("colour", "colour"),
)
_EVIDENCE_FIELDS = (("quotes", "evidence quotes"), ("source", "evidence source"),
                    ("confidence", "confidence"))


@dataclass(frozen=True)
class MergeResult:
    """What merging a workbook would change: the commands to do it and a report for people.

    The commands are made for the map as it was when the workbook was read; apply
    them (once) before the map changes again.
    """

    journey: JourneyMap
    commands: tuple[Command, ...]
    report: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.commands)

    def macro(self) -> Macro:
        """All the commands as one undoable step, named "Import from Excel"."""
        return Macro(self.journey, MACRO_TEXT, self.commands)

    def apply(self, history: History | None = None) -> None:
        """Do the changes as one step (pushed onto ``history`` if given); all or nothing."""
        if not self.commands:
            return
        if history is None:
            self.macro().do()
        else:
            history.push(self.macro())


def merge_workbook(journey: JourneyMap, path: str | Path) -> MergeResult:
    """The changes that would make ``journey`` match the workbook at ``path``; applies nothing."""
    resolver = Resolver.of_map(journey)
    with open_workbook(path) as opened:
        rows = read_card_rows(opened, resolver, need_ids=True)
        emotions = read_emotions(opened, resolver, journey.info.scale)
    return plan_merge(journey, rows, emotions)


def plan_merge(
    journey: JourneyMap, rows: list[CardRow], emotions: EmotionSheet | None
) -> MergeResult:
    """The commands and report turning ``journey``'s cards (and emotions) into ``rows``."""
    planner = _Planner(journey)
    try:
        planner.cards(rows)
        if emotions is not None:
            planner.emotions(emotions)
    except ModelError as error:
        raise WorkbookError(fmt.CARDS, str(error)) from None
    return planner.result()


class _Planner:
    def __init__(self, journey: JourneyMap) -> None:
        self.journey = journey
        self.names = Names.of(journey)
        self.resolver = Resolver.of_map(journey)
        self.edits: list[Command] = []
        self.moves: list[tuple[int, Card, str, str]] = []  # (origin index, card, lane, step)
        self.removes: list[Command] = []
        self.adds: list[Command] = []
        self.emotion_commands: list[Command] = []
        self.lines: dict[str, list[str]] = {k: [] for k in ("add", "remove", "move", "edit")}
        self.emotion_lines: list[str] = []

    # ------------------------------------------------------------ cards
    def cards(self, rows: list[CardRow]) -> None:
        journey = self.journey
        in_book = set()
        for row in rows:
            card = row.card
            in_book.add(card.id)
            if not journey.has_card(card.id):
                self.adds.append(AddCard(journey, card))
                self.lines["add"].append(f'Added "{card.title}" in {self._place(card)}')
                continue
            self._compare(journey.card(card.id), card)
        for card in journey.cards():
            if card.id not in in_book:
                self.removes.append(RemoveCard(journey, card.id))
                self.lines["remove"].append(f'Removed "{card.title}" from {self._place(card)}')

    def _compare(self, old: Card, new: Card) -> None:
        seen = self._as_exported(old)
        changes: dict[str, Any] = {}
        names = []
        for name, words in _FIELDS:
            if getattr(seen, name) != getattr(new, name):
                changes[name] = getattr(new, name)
                names.append(f'{words} (was "{old.title}")' if name == "title" else words)
        evidence_changes = {
            name: getattr(new.evidence, name)
            for name, _ in _EVIDENCE_FIELDS
            if getattr(seen.evidence, name) != getattr(new.evidence, name)
        }
        if evidence_changes:
            changes["evidence"] = old.evidence._replace(**evidence_changes)
            names += [words for name, words in _EVIDENCE_FIELDS if name in evidence_changes]
        if changes:
            self.edits.append(EditCard(self.journey, old.id, **changes))
            self.lines["edit"].append(f'Edited "{new.title}": {", ".join(names)}')
        if (seen.lane_id, seen.step_id) != (new.lane_id, new.step_id):
            index = self.journey.card_index(old.id)
            self.moves.append((index, old, new.lane_id, new.step_id))
            self.lines["move"].append(
                f'Moved "{new.title}" from {self._place(old)} to {self._place(new)}'
            )

    def _as_exported(self, card: Card) -> Card:
        """``card`` as it reads back from the row the export writes for it."""
        names, data = self.names, dict[str, bytes]()
        cells = fmt.card_cells(card, self.journey, names.stage, names.step, names.lane, data)
        cleaned = {k: clean_text(v) if isinstance(v, str) else v for k, v in cells.items()}
        return parse_card(cleaned.get, lambda key: f"{fmt.CARDS}!{key}", self.resolver, card.id,
                          data)

    def _place(self, card: Card) -> str:
        step = self.journey.step(card.step_id)
        return f"{self.journey.lane(card.lane_id).name} / {step.name}"

    def _move_commands(self) -> list[Command]:
        # Moves are made in an order in which each command's remembered origin
        # is still right when it runs, so undo puts every card back exactly:
        # cards leave a cell from the bottom up and arrive at the end of a cell.
        journey = self.journey
        sizes: dict[tuple[str, str], int] = {}

        def size(cell: tuple[str, str]) -> int:
            return sizes.setdefault(cell, len(journey.cards_in(*cell)))

        commands: list[Command] = []
        for _, card, lane_id, step_id in sorted(self.moves, key=lambda move: -move[0]):
            origin, target = (card.lane_id, card.step_id), (lane_id, step_id)
            commands.append(MoveCard(journey, card.id, lane_id, step_id, size(target)))
            sizes[target] = size(target) + 1
            sizes[origin] = size(origin) - 1
        return commands

    # ------------------------------------------------------------ emotions
    def emotions(self, sheet: EmotionSheet) -> None:
        """Emotion cells of the sheet that differ from the map; an emptied cell clears."""
        journey = self.journey
        wanted = {(p.persona_id, p.step_id): p for p in sheet.points}
        for persona in journey.personas:
            for step in journey.steps:
                key = (persona.id, step.id)
                if key not in sheet.covered:
                    continue
                old, new = journey.emotion(*key), wanted.get(key)
                where = f"{persona.name} at {step.name}"
                if new is None:
                    if old is not None:
                        self.emotion_commands.append(RemoveEmotion(journey, *key))
                        self.emotion_lines.append(f"Cleared the emotion of {where}")
                elif old is None or (old.score, clean_text(old.note)) != (new.score, new.note):
                    self.emotion_commands.append(SetEmotion(journey, *key, new.score, new.note))
                    was = f" (was {old.score:+d})" if old is not None else ""
                    self.emotion_lines.append(
                        f"Set the emotion of {where} to {new.score:+d}{was}"
                    )

    # ------------------------------------------------------------ result
    def result(self) -> MergeResult:
        commands = [*self.edits, *self._move_commands(), *self.removes, *self.adds,
                    *self.emotion_commands]
        lines = [*self.lines["add"], *self.lines["remove"], *self.lines["move"],
                 *self.lines["edit"], *self.emotion_lines]
        counts = [(len(self.lines["add"]), "added"), (len(self.lines["remove"]), "removed"),
                  (len(self.lines["move"]), "moved"), (len(self.lines["edit"]), "edited")]
        counts.append((len(self.emotion_lines), "emotion scores changed"))
        if not lines:
            lines = ["No changes: the map already matches the workbook."]
        else:
            summary = ", ".join(f"{n} {word}" for n, word in counts if n)
            total = len(lines)
            lines.append(f"{total} change{'s' if total != 1 else ''}: {summary}.")
        return MergeResult(self.journey, tuple(commands), tuple(lines))
